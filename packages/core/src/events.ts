import { CalendarEvent, type CalendarEventInput, problemsOf } from '@ascn/domain';
import {
  cancelEvent as cancelStoredEvent,
  insertEventIfAbsent,
  listEvents,
  type Store,
  upsertEvent,
} from '@ascn/store';
import { BadInput } from './errors.js';
import { eventSummary } from './payloads.js';
import { enqueue } from './reminders/outbox.js';
import { REMINDER_KIND } from './reminders/plan.js';

type Db = Store['db'];

/** Loads the calendar file into the store: new events are added, ones edited in chat are kept. */
export async function seedEvents(db: Db, events: readonly CalendarEvent[]): Promise<number> {
  let added = 0;
  for (const e of events) if (await insertEventIfAbsent(db, e)) added++;
  return added;
}

/** Events not cancelled, by date. */
export async function activeEvents(db: Db): Promise<CalendarEvent[]> {
  return listEvents(db);
}

function validEvent(input: CalendarEventInput): CalendarEvent {
  const parsed = CalendarEvent.safeParse(input);
  if (!parsed.success) {
    const [first] = problemsOf(parsed.error);
    // Name the field the way the admin command spells it.
    const names: Record<string, string> = { timeZone: 'tz' };
    const field = first?.field ? (names[first.field] ?? first.field) : 'event';
    throw new BadInput(`${field}: ${first?.reason ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function addEvent(db: Db, input: CalendarEventInput): Promise<CalendarEvent> {
  const event = validEvent(input);
  if (!(await insertEventIfAbsent(db, event)))
    throw new BadInput(`An event with id ${event.id} already exists; use "admin event edit".`);
  return event;
}

export async function editEvent(
  db: Db,
  id: string,
  changes: Partial<CalendarEventInput>,
  now: Date,
): Promise<CalendarEvent> {
  const before = (await listEvents(db, { includeCancelled: true })).find((e) => e.id === id);
  if (!before) throw new BadInput(`There is no event ${id}.`);
  const { cancelled, updatedAt: _updatedAt, ...current } = before;
  const event = validEvent({ ...current, ...changes, id });
  await db.transaction().execute(async (trx) => {
    await upsertEvent(trx, { ...event, cancelled });
    if (before.start !== event.start || before.end !== event.end || before.time !== event.time)
      await noticeMoved(trx, before, event, now);
  });
  return event;
}

export async function cancelEvent(db: Db, id: string): Promise<void> {
  if (!(await cancelStoredEvent(db, id))) throw new BadInput(`There is no event ${id}.`);
}

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
        v: 1,
        type: 'event-moved',
        before: eventSummary(before),
        after: eventSummary(after),
      },
    });
}
