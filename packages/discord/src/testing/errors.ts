/** A REST answer of the fake: status, JSON body (none for 204) and extra headers. */
export interface RestAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One field error, as Discord reports it inside `errors`. */
export interface FieldError {
  code: string;
  message: string;
}

export type Path = readonly (string | number)[];

/**
 * Collects field errors into Discord's nested shape:
 * `{ embeds: { 0: { description: { _errors: [{ code, message }] } } } }`.
 */
export interface FormErrors {
  add(path: Path, code: string, message: string): void;
  readonly count: number;
  tree(): Record<string, unknown>;
}

export function formErrors(): FormErrors {
  const root: Record<string, unknown> = {};
  let count = 0;
  return {
    add(path, code, message) {
      count++;
      let node = root;
      for (const key of path) {
        node[String(key)] ??= {};
        node = node[String(key)] as Record<string, unknown>;
      }
      node._errors ??= [];
      (node._errors as FieldError[]).push({ code, message });
    },
    get count() {
      return count;
    },
    tree: () => root,
  };
}

export function apiError(status: number, code: number, message: string): RestAnswer {
  return { status, body: { message, code } };
}

/** 400 Invalid Form Body (50035) with the collected field errors. */
export function invalidForm(errors: FormErrors): RestAnswer {
  return {
    status: 400,
    body: { message: 'Invalid Form Body', code: 50035, errors: errors.tree() },
  };
}

/** The JSON error answers the fake gives, with Discord's codes and wording. */
export const answers = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  notFound: () => apiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => apiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => apiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => apiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => apiError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
  cannotEditOthers: () => apiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  cannotMessageUser: () => apiError(403, 50007, 'Cannot send messages to this user'),
  invalidWebhookToken: () => apiError(401, 50027, 'Invalid Webhook Token'),
  badBody: (why: string) => apiError(400, 50109, `The request body contains invalid JSON. ${why}`),
};
