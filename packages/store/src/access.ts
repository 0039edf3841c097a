import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, OfficerRow, SignInLinkRow, WebSessionRow } from './schema.js';

/**
 * Sign-in for the web page, as stored rows. A sign-in link's token and a session's id are
 * random secrets (256 bits) handed to the person once; the database keeps only their SHA-256,
 * so neither a backup nor a log of the tables can sign anybody in.
 */

type Db = Kysely<Database>;

/** SHA-256 of a secret, hex: what the tables keep instead of the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new random secret: 32 bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens and session ids as this module makes them; anything else is not looked up. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type GrantRefusal = 'unknown-officer' | 'removed-officer' | 'example-officer';

export interface GrantedLink {
  linkId: string;
  /** The one-time secret for the link; shown once, never stored. */
  token: string;
  officerId: string;
  expiresAt: Date;
}

/**
 * A one-time sign-in link for a registered officer, valid until `expiresAt`. Example people
 * need none (anyone may act as them), and a removed officer gets none.
 */
export async function grantSignInLink(
  db: Db,
  input: { officerId: string; expiresAt: Date; now: Date },
): Promise<{ ok: true; link: GrantedLink } | { ok: false; reason: GrantRefusal }> {
  const officer = await db
    .selectFrom('officers')
    .select(['id', 'example', 'removedAt'])
    .where('id', '=', input.officerId)
    .executeTakeFirst();
  if (!officer) return { ok: false, reason: 'unknown-officer' };
  if (officer.removedAt) return { ok: false, reason: 'removed-officer' };
  if (officer.example) return { ok: false, reason: 'example-officer' };
  const token = newSecret();
  const linkId = `link-${randomBytes(5).toString('hex')}`;
  await db
    .insertInto('signInLinks')
    .values({
      id: linkId,
      tokenHash: hashSecret(token),
      officerId: officer.id,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    })
    .execute();
  return { ok: true, link: { linkId, token, officerId: officer.id, expiresAt: input.expiresAt } };
}

/** Why a sign-in link does not sign anyone in. */
export type LinkRefusal = 'unknown' | 'expired' | 'used' | 'revoked' | 'removed';

export type LinkCheck =
  | { ok: true; link: SignInLinkRow; officer: OfficerRow }
  | { ok: false; reason: LinkRefusal };

/** Whether a token would sign someone in now, without using it. */
export async function checkSignInLink(db: Db, token: string, now: Date): Promise<LinkCheck> {
  if (!SECRET_SHAPE.test(token)) return { ok: false, reason: 'unknown' };
  const row = await db
    .selectFrom('signInLinks')
    .innerJoin('officers', 'officers.id', 'signInLinks.officerId')
    .selectAll('signInLinks')
    .select('officers.removedAt as officerRemovedAt')
    .where('signInLinks.tokenHash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  const { officerRemovedAt, ...link } = row;
  const refusal = linkRefusal(link, officerRemovedAt, now);
  if (refusal) return { ok: false, reason: refusal };
  const officer = await db
    .selectFrom('officers')
    .selectAll()
    .where('id', '=', link.officerId)
    .executeTakeFirstOrThrow();
  return { ok: true, link, officer };
}

function linkRefusal(
  link: SignInLinkRow,
  officerRemovedAt: Date | null,
  now: Date,
): LinkRefusal | undefined {
  if (link.revokedAt) return 'revoked';
  if (officerRemovedAt) return 'removed';
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return undefined;
}

export interface StartedSession {
  /** The session's secret id, for the cookie; never stored. */
  sessionId: string;
  officer: OfficerRow;
  expiresAt: Date;
}

/**
 * Uses a sign-in link once and starts a session for its officer. Two requests racing with the
 * same token start one session: the link is marked used by a conditional update first.
 */
export async function redeemSignInLink(
  db: Db,
  token: string,
  input: { now: Date; sessionTtlMs: number },
): Promise<{ ok: true; session: StartedSession } | { ok: false; reason: LinkRefusal }> {
  if (!SECRET_SHAPE.test(token)) return { ok: false, reason: 'unknown' };
  const { now } = input;
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('signInLinks')
      .set({ usedAt: now })
      .where('tokenHash', '=', hashSecret(token))
      .where('usedAt', 'is', null)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('officers')
            .select('officers.id')
            .whereRef('officers.id', '=', 'signInLinks.officerId')
            .where('officers.removedAt', 'is', null),
        ),
      )
      .returningAll()
      .executeTakeFirst();
    if (!used) {
      const check = await checkSignInLink(trx, token, now);
      return { ok: false, reason: check.ok ? 'used' : check.reason };
    }
    const officer = await trx
      .selectFrom('officers')
      .selectAll()
      .where('id', '=', used.officerId)
      .executeTakeFirstOrThrow();
    const sessionId = newSecret();
    const expiresAt = new Date(now.getTime() + input.sessionTtlMs);
    await trx
      .insertInto('webSessions')
      .values({
        idHash: hashSecret(sessionId),
        officerId: officer.id,
        linkId: used.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      })
      .execute();
    return { ok: true, session: { sessionId, officer, expiresAt } };
  });
}

/** How stale `last_seen_at` may get before a request refreshes it (one write per this long). */
const SEEN_EVERY_MS = 5 * 60_000;

/**
 * The officer of a live session: not ended, not expired, the officer not removed. Refreshes
 * when it was last seen, at most every few minutes.
 */
export async function findWebSession(
  db: Db,
  sessionId: string,
  now: Date,
): Promise<{ officer: OfficerRow; session: WebSessionRow } | undefined> {
  if (!SECRET_SHAPE.test(sessionId)) return undefined;
  const idHash = hashSecret(sessionId);
  const session = await db
    .selectFrom('webSessions')
    .selectAll()
    .where('idHash', '=', idHash)
    .where('endedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  if (!session) return undefined;
  const officer = await db
    .selectFrom('officers')
    .selectAll()
    .where('id', '=', session.officerId)
    .where('removedAt', 'is', null)
    .executeTakeFirst();
  if (!officer) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > SEEN_EVERY_MS)
    await db
      .updateTable('webSessions')
      .set({ lastSeenAt: now })
      .where('idHash', '=', idHash)
      .execute();
  return { officer, session };
}

/** Ends a session (sign-out). False when it was not live. */
export async function endWebSession(db: Db, sessionId: string, now: Date): Promise<boolean> {
  if (!SECRET_SHAPE.test(sessionId)) return false;
  const r = await db
    .updateTable('webSessions')
    .set({ endedAt: now })
    .where('idHash', '=', hashSecret(sessionId))
    .where('endedAt', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export interface Revoked {
  /** What the target named: an officer (all their links) or one link. */
  kind: 'officer' | 'link';
  officerId: string;
  links: number;
  sessions: number;
}

/**
 * Revokes an officer's sign-in links and ends their sessions (`target` an officer id), or one
 * link and the sessions it started (`target` a link id). Undefined when neither is known.
 */
export async function revokeAccess(
  db: Db,
  target: string,
  now: Date,
): Promise<Revoked | undefined> {
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('signInLinks')
      .select(['id', 'officerId'])
      .where('id', '=', target)
      .executeTakeFirst();
    const officer = link
      ? undefined
      : await trx.selectFrom('officers').select('id').where('id', '=', target).executeTakeFirst();
    if (!link && !officer) return undefined;
    const links = await trx
      .updateTable('signInLinks')
      .set({ revokedAt: now })
      .where('revokedAt', 'is', null)
      .where(link ? 'id' : 'officerId', '=', target)
      .executeTakeFirst();
    const sessions = await trx
      .updateTable('webSessions')
      .set({ endedAt: now })
      .where('endedAt', 'is', null)
      .where(link ? 'linkId' : 'officerId', '=', target)
      .executeTakeFirst();
    return {
      kind: link ? 'link' : 'officer',
      officerId: link?.officerId ?? officer!.id,
      links: Number(links.numUpdatedRows),
      sessions: Number(sessions.numUpdatedRows),
    };
  });
}

export type LinkState = 'unused' | 'used' | 'expired' | 'revoked';

export interface AccessEntry {
  linkId: string;
  officerId: string;
  officerName: string;
  createdAt: Date;
  expiresAt: Date;
  state: LinkState;
  usedAt: Date | null;
  /** Sessions started from this link that are still live now. */
  liveSessions: number;
  /** When one of its sessions was last seen. */
  lastSeenAt: Date | null;
}

/** Every sign-in link, newest first, with its state and its live sessions. */
export async function listAccess(db: Db, now: Date): Promise<AccessEntry[]> {
  const links = await db
    .selectFrom('signInLinks')
    .innerJoin('officers', 'officers.id', 'signInLinks.officerId')
    .selectAll('signInLinks')
    .select('officers.name as officerName')
    .orderBy('signInLinks.createdAt', 'desc')
    .orderBy('signInLinks.id')
    .execute();
  const sessions = await db
    .selectFrom('webSessions')
    .select(['linkId', 'lastSeenAt', 'endedAt', 'expiresAt'])
    .where('linkId', 'is not', null)
    .execute();
  return links.map((l) => {
    const own = sessions.filter((s) => s.linkId === l.id);
    const live = own.filter((s) => !s.endedAt && s.expiresAt > now);
    const seen = own.map((s) => s.lastSeenAt.getTime());
    return {
      linkId: l.id,
      officerId: l.officerId,
      officerName: l.officerName,
      createdAt: l.createdAt,
      expiresAt: l.expiresAt,
      state: l.revokedAt
        ? 'revoked'
        : l.usedAt
          ? 'used'
          : l.expiresAt <= now
            ? 'expired'
            : 'unused',
      usedAt: l.usedAt,
      liveSessions: live.length,
      lastSeenAt: seen.length > 0 ? new Date(Math.max(...seen)) : null,
    };
  });
}

/**
 * A value generated once and shared by every process on this database (the first writer wins
 * a race): e.g. the cookie-signing secret when none is configured.
 */
export async function sharedSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: make() })
    .onConflict((c) => c.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.value;
}
