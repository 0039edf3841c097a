import type { Role } from '@ascn/domain';
import type { OfficerRow, Platform } from '@ascn/store';
import { FALLBACK_ZONE, officerZone } from './reminders/recipients.js';

/** Who is speaking, where: an adapter resolves this before calling the assistant. */
export interface Actor {
  platform: Platform;
  /** The platform's user id (for the web page: the chosen officer id). */
  userId: string;
  channelId?: string;
  /** The registered officer behind this identity, or null for a guest. */
  officer: OfficerRow | null;
}

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

export function requireOfficer(actor: Actor): OfficerRow {
  if (!actor.officer)
    throw new NotAllowed(
      'Only registered officers can do that. Ask the ASEAN Secretariat to register you.',
    );
  return actor.officer;
}

export function requireRole(actor: Actor, ...roles: Role[]): OfficerRow {
  const officer = requireOfficer(actor);
  if (!roles.includes(officer.role as Role))
    throw new NotAllowed(`Only ${roles.map(roleName).join(' or ')} can do that.`);
  return officer;
}

function roleName(role: Role): string {
  return {
    csco: 'a Chief Smart City Officer',
    'national-representative': 'a National Representative',
    'ascn-chair': 'the ASCN Chair',
    shepherd: 'the ASCN Shepherd',
    secretariat: 'the ASEAN Secretariat',
  }[role];
}

/** The zone a person reads times in: their own, else their city's or state's; guests get the fallback. */
export function readerZone(officer: OfficerRow | null): string {
  return officer ? officerZone(officer) : FALLBACK_ZONE;
}
