import type { CalendarEvent, Officer } from '@ascn/domain';
import type { Kysely } from 'kysely';
import type {
  ChannelRow,
  Database,
  EventRow,
  IdentityRow,
  OfficerRow,
  Platform,
} from './schema.js';

/**
 * Small repositories for the rows every part of the assistant reads: officers, channels and
 * calendar events, mapped to and from the domain's shapes. Anything else: use `store.db`.
 */

type Db = Kysely<Database>;

/** A stored calendar event: the domain's event plus whether it was cancelled. */
export type StoredEvent = CalendarEvent & { cancelled: boolean; updatedAt: Date };

/** A stored officer: the domain's officer plus the digest opt-in and removal. */
export type StoredOfficer = Officer & { reminderDigest: boolean; removedAt?: Date };

const undef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function officerFromRow(row: OfficerRow): StoredOfficer {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Officer['role'],
    cityId: undef(row.cityId),
    country: undef(row.country) as Officer['country'],
    timeZone: undef(row.timeZone),
    email: undef(row.email),
    example: row.example,
    reminderDigest: row.reminderDigest,
    removedAt: undef(row.removedAt),
  };
}

/** Inserts or updates an officer (by id); a removed officer who is upserted is back. */
export async function upsertOfficer(
  db: Db,
  officer: Officer & { reminderDigest?: boolean },
): Promise<StoredOfficer> {
  const values = {
    id: officer.id,
    name: officer.name,
    role: officer.role,
    cityId: officer.cityId ?? null,
    country: officer.country ?? null,
    timeZone: officer.timeZone ?? null,
    email: officer.email ?? null,
    example: officer.example ?? false,
    // A re-registration keeps the person's own digest choice unless one is given.
    ...(officer.reminderDigest !== undefined ? { reminderDigest: officer.reminderDigest } : {}),
  };
  const row = await db
    .insertInto('officers')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, removedAt: null }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return officerFromRow(row);
}

export async function listOfficers(
  db: Db,
  options: { includeRemoved?: boolean } = {},
): Promise<StoredOfficer[]> {
  let query = db.selectFrom('officers').selectAll().orderBy('id');
  if (!options.includeRemoved) query = query.where('removedAt', 'is', null);
  return (await query.execute()).map(officerFromRow);
}

/**
 * Marks an officer removed (kept for history; no longer a recipient). Their chat identities
 * are freed, so the same account can be registered to their successor.
 */
export async function removeOfficer(db: Db, id: string, at: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('officers')
    .set({ removedAt: at })
    .where('id', '=', id)
    .where('removedAt', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await db.deleteFrom('identities').where('officerId', '=', id).execute();
  return true;
}

/** A chat account: platform, workspace ('' when user ids are global or unknown) and user id. */
export interface IdentityKey {
  platform: Platform;
  workspaceId?: string;
  userId: string;
}

/**
 * The officer (not removed) behind a chat account. An identity registered without a
 * workspace matches in every workspace of its platform; one with a workspace only there.
 */
export async function findOfficerByIdentity(
  db: Db,
  key: IdentityKey,
): Promise<OfficerRow | undefined> {
  return db
    .selectFrom('identities')
    .innerJoin('officers', 'officers.id', 'identities.officerId')
    .selectAll('officers')
    .where('identities.platform', '=', key.platform)
    .where('identities.userId', '=', key.userId)
    .where('identities.workspaceId', 'in', [...new Set(['', key.workspaceId ?? ''])])
    .where('officers.removedAt', 'is', null)
    .orderBy('identities.workspaceId', 'desc')
    .executeTakeFirst();
}

/**
 * Links a chat account to an officer. Returns false when the account already belongs to
 * another officer (it is not taken from them).
 */
export async function linkIdentity(db: Db, key: IdentityKey, officerId: string): Promise<boolean> {
  const row = await db
    .insertInto('identities')
    .values({
      platform: key.platform,
      workspaceId: key.workspaceId ?? '',
      userId: key.userId,
      officerId,
    })
    .onConflict((oc) =>
      oc
        .columns(['platform', 'workspaceId', 'userId'])
        .doUpdateSet({ officerId })
        .where('identities.officerId', '=', officerId),
    )
    .returning('officerId')
    .executeTakeFirst();
  return row !== undefined;
}

/** Every chat account of an officer, oldest first. */
export async function identitiesOf(db: Db, officerId: string): Promise<IdentityRow[]> {
  return db
    .selectFrom('identities')
    .selectAll()
    .where('officerId', '=', officerId)
    .orderBy('createdAt')
    .orderBy('platform')
    .execute();
}

export interface ChannelInput {
  platform: Platform;
  channelId: string;
  name: string;
  focusAreas?: string[];
  reminders?: boolean;
  timeZone: string;
  reminderDigest?: boolean;
  cityId?: string | null;
  answerQuestions?: boolean;
  workspaceId?: string;
}

/** Inserts or updates a channel by (platform, channelId). */
export async function upsertChannel(db: Db, channel: ChannelInput): Promise<ChannelRow> {
  const values = {
    platform: channel.platform,
    channelId: channel.channelId,
    name: channel.name,
    focusAreas: channel.focusAreas ?? [],
    reminders: channel.reminders ?? false,
    timeZone: channel.timeZone,
    ...(channel.reminderDigest !== undefined ? { reminderDigest: channel.reminderDigest } : {}),
    ...(channel.cityId !== undefined ? { cityId: channel.cityId } : {}),
    ...(channel.answerQuestions !== undefined ? { answerQuestions: channel.answerQuestions } : {}),
    ...(channel.workspaceId !== undefined ? { workspaceId: channel.workspaceId } : {}),
  };
  return db
    .insertInto('channels')
    .values(values)
    .onConflict((oc) => oc.columns(['platform', 'channelId']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listChannels(
  db: Db,
  options: { reminders?: boolean } = {},
): Promise<ChannelRow[]> {
  let query = db.selectFrom('channels').selectAll().orderBy('id');
  if (options.reminders !== undefined) query = query.where('reminders', '=', options.reminders);
  return query.execute();
}

export function eventFromRow(row: EventRow): StoredEvent {
  return {
    id: row.id,
    kind: row.kind as CalendarEvent['kind'],
    title: row.title,
    start: row.start,
    end: undef(row.end),
    time: undef(row.time),
    timeZone: row.timeZone,
    place: undef(row.place),
    source: undef(row.source),
    example: row.example,
    description: undef(row.description),
    cancelled: row.cancelled,
    updatedAt: row.updatedAt,
  };
}

/** Inserts a calendar event unless one with its id exists (whose edits are kept); undefined then. */
export async function insertEventIfAbsent(
  db: Db,
  event: CalendarEvent,
): Promise<StoredEvent | undefined> {
  const row = await db
    .insertInto('events')
    .values(eventValues(event))
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && eventFromRow(row);
}

/** Inserts or updates a calendar event (by id). `cancelled` defaults to false. */
export async function upsertEvent(
  db: Db,
  event: CalendarEvent & { cancelled?: boolean },
): Promise<StoredEvent> {
  const values = eventValues(event);
  const row = await db
    .insertInto('events')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updatedAt: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return eventFromRow(row);
}

function eventValues(event: CalendarEvent & { cancelled?: boolean }) {
  return {
    id: event.id,
    kind: event.kind,
    title: event.title,
    start: event.start,
    end: event.end ?? null,
    time: event.time ?? null,
    timeZone: event.timeZone,
    place: event.place ?? null,
    source: event.source ?? null,
    example: event.example ?? false,
    description: event.description ?? null,
    cancelled: event.cancelled ?? false,
  };
}

export async function listEvents(
  db: Db,
  options: { includeCancelled?: boolean } = {},
): Promise<StoredEvent[]> {
  let query = db.selectFrom('events').selectAll().orderBy('start').orderBy('id');
  if (!options.includeCancelled) query = query.where('cancelled', '=', false);
  return (await query.execute()).map(eventFromRow);
}

export async function cancelEvent(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('events')
    .set({ cancelled: true, updatedAt: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
