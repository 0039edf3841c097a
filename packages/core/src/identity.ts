import { isTimeZone, type Role } from '@ascn/domain';
import {
  findOfficerByIdentity,
  linkIdentity,
  type OfficerRow,
  type Platform,
  type Store,
} from '@ascn/store';
import { NotAllowed } from './errors.js';
import { FALLBACK_ZONE, officerZone } from './reminders/recipients.js';

/** Where a message was written: a direct message, a channel, or a thread in a channel. */
export interface Where {
  kind: 'dm' | 'channel' | 'thread';
  /** The platform's conversation id (a Slack DM has one too). */
  channelId?: string;
  /** The thread's parent message (Slack `thread_ts`, Discord thread channel id). */
  threadId?: string;
}

/** What a platform knows of a person, fetched only when the core needs it (an unknown user). */
export interface PlatformProfile {
  email?: string;
  /** The IANA zone of the person's profile (Slack `tz`), used for guests. */
  zone?: string;
}

/**
 * One incoming event, as an adapter hands it to the core: who (platform, workspace, user),
 * where, and the platform's id for the event. Commands that write run once per `eventId`, so
 * a platform's retry of the same event changes nothing the second time.
 */
export interface Incoming {
  platform: Platform;
  /** Slack team id, Discord guild id ('' in a DM), `local` for the web page. */
  workspaceId: string;
  /** The platform's user id; on the web page, the example officer's id or `guest`. */
  userId: string;
  where: Where;
  /** Slack `event_id` / `trigger_id`, Discord interaction id, the web page's request id. */
  eventId: string;
  /** Called at most once, and only for a person the core does not know yet. */
  profile?: () => Promise<PlatformProfile>;
}

/** Who is speaking, resolved by the core from an {@link Incoming}. */
export interface Actor {
  platform: Platform;
  workspaceId: string;
  userId: string;
  where: Where;
  eventId: string;
  /** The registered officer behind this identity, or null for a guest. */
  officer: OfficerRow | null;
  /** The zone this person reads times in. */
  zone: string;
}

/** The zone a person reads times in: their own, else their city's or state's; guests get the fallback. */
export function readerZone(officer: OfficerRow | null, profileZone?: string): string {
  if (officer) return officerZone(officer);
  return profileZone && isTimeZone(profileZone) ? profileZone : FALLBACK_ZONE;
}

/**
 * The officer behind an incoming event. On the web page the user id is the officer id (the
 * web layer decides who may be whom). On a chat platform the identities table answers; a
 * person not found there is matched once by e-mail (an officer registered with that address
 * and no account yet on this platform), and the match is stored.
 */
export async function resolveActor(store: Store, incoming: Incoming): Promise<Actor> {
  const { platform, workspaceId, userId } = incoming;
  let officer: OfficerRow | null = null;
  let profileZone: string | undefined;
  if (platform === 'web') {
    officer =
      (await store.db
        .selectFrom('officers')
        .selectAll()
        .where('id', '=', userId)
        .where('removedAt', 'is', null)
        .executeTakeFirst()) ?? null;
  } else {
    officer = (await findOfficerByIdentity(store.db, { platform, workspaceId, userId })) ?? null;
    if (!officer && incoming.profile) {
      const profile = await incoming.profile().catch(() => ({}) as PlatformProfile);
      profileZone = profile.zone;
      if (profile.email) officer = await matchByEmail(store, incoming, profile.email);
    }
  }
  return actorOf(incoming, officer, readerZone(officer, profileZone));
}

/** The actor of an incoming event, once its officer and reading zone are known. */
function actorOf(incoming: Incoming, officer: OfficerRow | null, zone: string): Actor {
  const { platform, workspaceId, userId, where, eventId } = incoming;
  return { platform, workspaceId, userId, where, eventId, officer, zone };
}

async function matchByEmail(
  store: Store,
  incoming: Incoming,
  email: string,
): Promise<OfficerRow | null> {
  const candidates = await store.db
    .selectFrom('officers')
    .selectAll()
    .where('removedAt', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('identities')
            .select('identities.userId')
            .whereRef('identities.officerId', '=', 'officers.id')
            .where('identities.platform', '=', incoming.platform),
        ),
      ),
    )
    .execute();
  // Two officers with one address is a registration mistake: match neither.
  if (candidates.length !== 1) return null;
  const officer = candidates[0]!;
  const linked = await linkIdentity(
    store.db,
    { platform: incoming.platform, workspaceId: incoming.workspaceId, userId: incoming.userId },
    officer.id,
  );
  return linked ? officer : null;
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

/** Who a platform identity was, as resolved a moment ago (see {@link createActorCache}). */
interface KnownActor {
  officer: OfficerRow | null;
  zone: string;
  until: number;
}

/**
 * Who is speaking, remembered for `ttlMs` per platform identity, for reads anyone may do (a
 * question, the deadlines, help): there the officer only decides the zone times are shown in and
 * whom a question is logged against, so a registration or removal made by another process may
 * show up to `ttlMs` late. Everything that writes or needs a role resolves from the store every
 * time (`resolveActor`), and `clear` forgets everything when this process changed who is who.
 * Without it every question would cost a database round trip before the search.
 */
export function createActorCache(
  store: Store,
  options: { ttlMs?: number; max?: number; now?: () => number } = {},
) {
  const ttlMs = options.ttlMs ?? 30_000;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, KnownActor>();
  return {
    async resolve(incoming: Incoming): Promise<Actor> {
      // The web page's user id is an officer id chosen by the web layer: always from the store.
      if (incoming.platform === 'web') return resolveActor(store, incoming);
      const key = `${incoming.platform}\u0000${incoming.workspaceId}\u0000${incoming.userId}`;
      const hit = known.get(key);
      if (hit && hit.until > now()) return actorOf(incoming, hit.officer, hit.zone);
      const actor = await resolveActor(store, incoming);
      known.delete(key);
      if (known.size >= max) known.delete(known.keys().next().value as string);
      known.set(key, { officer: actor.officer, zone: actor.zone, until: now() + ttlMs });
      return actor;
    },
    clear(): void {
      known.clear();
    },
  };
}
