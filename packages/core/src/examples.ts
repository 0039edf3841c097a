import { NotAllowed } from './errors.js';
import type { Actor } from './identity.js';

/**
 * The labelled example people (anyone on the local web page may act as them) act only on
 * example data: example officers, example events, rounds an example person opened. Nothing
 * they do reaches or reveals a real officer, event, round or channel.
 */
export function isExampleActor(actor: Actor): boolean {
  return actor.officer?.example === true;
}

/** Refuses an example person's act on something real, in plain words. */
export function refuseReal(actor: Actor, what: string): void {
  if (isExampleActor(actor))
    throw new NotAllowed(
      `Example people act only on example data, and ${what} is real. Ask the Secretariat for a sign-in link to act as yourself.`,
    );
}
