import { CalendarEvent, type CalendarEventInput, problemsOf } from '@ascn/domain';
import type { EventRow, Store } from '@ascn/store';
import { BadInput } from './actor.js';

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
  const event = validEvent({ ...rowToEvent(row), ...changes, id });
  await db.updateTable('events').set(toRow(event, now)).where('id', '=', id).execute();
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
