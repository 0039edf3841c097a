import { CalendarEvent, type CalendarEventInput, problemsOf } from '@ascn/domain';
import type { EventRow, Store } from '@ascn/store';
import { BadInput } from './actor.js';
import { enqueue } from './reminders/outbox.js';
import { REMINDER_KIND } from './reminders/plan.js';
import { heading, note, reply, text } from './reply.js';

type Db = Store['db'];

function toRow(e: CalendarEvent, now: Date) {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    start: e.start,
    end: e.end ?? null,
    time: e.time ?? null,
    timeZone: e.timeZone,
    place: e.place ?? null,
    source: e.source ?? null,
    example: e.example,
    description: e.description ?? null,
    cancelled: false,
    updatedAt: now,
  };
}

export function rowToEvent(r: EventRow): CalendarEvent {
  return CalendarEvent.parse({
    id: r.id,
    kind: r.kind,
    title: r.title,
    start: r.start,
    ...(r.end ? { end: r.end } : {}),
    ...(r.time ? { time: r.time } : {}),
    timeZone: r.timeZone,
    ...(r.place ? { place: r.place } : {}),
    ...(r.source ? { source: r.source } : {}),
    example: r.example,
    ...(r.description ? { description: r.description } : {}),
  });
}

/** Loads the calendar file into the store: new events are added, ones edited in chat are kept. */
export async function seedEvents(
  db: Db,
  events: readonly CalendarEvent[],
  now: Date,
): Promise<number> {
  if (events.length === 0) return 0;
  const r = await db
    .insertInto('events')
    .values(events.map((e) => toRow(e, now)))
    .onConflict((c) => c.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

export async function activeEvents(db: Db): Promise<CalendarEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('cancelled', '=', false)
    .orderBy('start')
    .execute();
  return rows.map(rowToEvent);
}

function validEvent(input: CalendarEventInput): CalendarEvent {
  const parsed = CalendarEvent.safeParse(input);
  if (!parsed.success) {
    const [first] = problemsOf(parsed.error);
    const names: Record<string, string> = { timeZone: 'tz' };
    const field = first?.field ? (names[first.field] ?? first.field) : 'event';
    throw new BadInput(`${field}: ${first?.reason ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function addEvent(
  db: Db,
  input: CalendarEventInput,
  now: Date,
): Promise<CalendarEvent> {
  const event = validEvent(input);
  const r = await db
    .insertInto('events')
    .values(toRow(event, now))
    .onConflict((c) => c.column('id').doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0)
    throw new BadInput(`An event with id ${event.id} already exists; use "admin event edit".`);
  return event;
}

export async function editEvent(
  db: Db,
  id: string,
  changes: Partial<CalendarEventInput>,
  now: Date,
): Promise<CalendarEvent> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new BadInput(`There is no event ${id}.`);
  const before = rowToEvent(row);
  const event = validEvent({ ...before, ...changes, id });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('events').set(toRow(event, now)).where('id', '=', id).execute();
    if (before.start !== event.start || before.end !== event.end || before.time !== event.time)
      await noticeMoved(trx, before, event, now);
  });
  return event;
}

export async function cancelEvent(db: Db, id: string, now: Date): Promise<void> {
  const r = await db
    .updateTable('events')
    .set({ cancelled: true, updatedAt: now })
    .where('id', '=', id)
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) throw new BadInput(`There is no event ${id}.`);
}

const when = (e: CalendarEvent) =>
  `${e.end ? `${e.start} to ${e.end}` : e.start}${e.time ? ` at ${e.time} (${e.timeZone})` : ''}`;

/**
 * Pending reminders follow a moved event by re-planning; people who were already reminded of
 * the old date get one notice of the new one (once per recipient and new date).
 */
async function noticeMoved(
  db: Db,
  before: CalendarEvent,
  after: CalendarEvent,
  now: Date,
): Promise<void> {
  const reminded = await db
    .selectFrom('deliveries')
    .select(['recipientKind', 'recipientId'])
    .distinct()
    .where('kind', '=', REMINDER_KIND)
    .where('eventId', '=', after.id)
    .where('status', '=', 'sent')
    .execute();
  for (const r of reminded)
    await enqueue(db, {
      dedupeKey: `moved:${after.id}:${after.start}:${after.time ?? ''}:${r.recipientKind}:${r.recipientId}`,
      kind: 'notice',
      recipient: { kind: r.recipientKind, id: r.recipientId },
      dueAt: now,
      eventId: after.id,
      payload: {
        reply: reply(
          [
            heading(`Date changed: ${after.title}`),
            text(`Now ${when(after)}; it was ${when(before)}. Reminders will follow the new date.`),
            ...(after.example
              ? [note('Example event (demo data), not an announced ASCN date.')]
              : []),
          ],
          { visibility: 'public' },
        ),
      },
    });
}
