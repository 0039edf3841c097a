/** Thrown by a command a person may not run; the assistant turns it into a plain reply. */
export class NotAllowed extends Error {
  override name = 'NotAllowed';
}

/** Thrown for input that cannot be understood; the message is shown as is. */
export class BadInput extends Error {
  override name = 'BadInput';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
