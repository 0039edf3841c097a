import {
  addDays,
  type CalendarEvent,
  eventStartsAt,
  formatInZone,
  leadTimeLabel,
  localToUtc,
  ReminderPolicy,
  reminderDueAt,
} from '@ascn/domain';
import {
  type Database,
  type Kysely,
  listChannels,
  listEvents,
  listOfficers,
  type NewDelivery,
  sql,
  toJson,
} from '@ascn/store';
import {
  type ChannelLike,
  type OfficerLike,
  type Recipient,
  reminderRecipients,
} from './recipients.js';

type Db = Kysely<Database>;

/** A calendar event to remind of; a cancelled one has its pending reminders dropped. */
export type PlanEvent = CalendarEvent & { cancelled?: boolean };

export interface PlanRemindersInput {
  events: readonly PlanEvent[];
  /** Officers (each at their zone) and channels (those with reminders on, at their zone). */
  recipients:
    | { officers?: readonly OfficerLike[]; channels?: readonly ChannelLike[] }
    | readonly Recipient[];
  /** Lead times and local delivery time; defaults: [30, 14, 7, 1, 0] days at 09:00. */
  policy?: Partial<ReminderPolicy>;
  now: Date;
  /**
   * Also drop the pending reminders of these events that this plan no longer contains (a
   * recipient removed, a lead time taken out of the policy). Only give it with the full
   * recipient list. Default false.
   */
  prune?: boolean;
}

export interface PlanSummary {
  /** Reminder rows this plan wants (event × lead time × recipient) before skips. */
  planned: number;
  inserted: number;
  /** Pending rows whose time or text changed. */
  updated: number;
  /** Rows already as planned, or no longer pending (sent, done…), left alone. */
  unchanged: number;
  /** Pending rows dropped: cancelled events, started events, pruned rows. */
  dropped: number;
  /** Not created: the event has started, or the reminder would come after it started. */
  skipped: number;
}

export const REMINDER_KIND = 'reminder';

/** `reminder:${eventId}:${leadDays}:${recipientKind}:${recipientId}` */
export function reminderKey(
  eventId: string,
  leadDays: number,
  recipient: Pick<Recipient, 'kind' | 'id'>,
): string {
  return `reminder:${eventId}:${leadDays}:${recipient.kind}:${recipient.id}`;
}

/**
 * The instant after which a reminder of `event` is pointless: its start, for an event with a
 * time; the end of its first local day for an all-day event (whose "start" is midnight, so
 * that "the morning of" is still worth sending during that day).
 */
export function reminderExpiresAt(event: Pick<CalendarEvent, 'start' | 'time' | 'timeZone'>): Date {
  return event.time
    ? eventStartsAt(event as CalendarEvent)
    : localToUtc(addDays(event.start, 1), '00:00', event.timeZone);
}

/** What a reminder carries for the reply builder; plain JSON. */
export interface ReminderPayload {
  type: 'reminder';
  event: {
    id: string;
    kind: string;
    title: string;
    start: string;
    end?: string;
    time?: string;
    timeZone: string;
    place?: string;
    source?: string;
    example: boolean;
  };
  eventStartsAt: string;
  leadDays: number;
  /** "in 30 days", "tomorrow", "today" (from the planned time; see `late`). */
  label: string;
  recipientZone: string;
  /** The planned time as the recipient reads it. */
  dueLocal: string;
  /** Set at claim time when sent late after downtime. */
  late?: boolean;
  lateNote?: string;
}

function payloadOf(event: PlanEvent, leadDays: number, zone: string, dueAt: Date): ReminderPayload {
  return {
    type: 'reminder',
    event: {
      id: event.id,
      kind: event.kind,
      title: event.title,
      start: event.start,
      ...(event.end ? { end: event.end } : {}),
      ...(event.time ? { time: event.time } : {}),
      timeZone: event.timeZone,
      ...(event.place ? { place: event.place } : {}),
      ...(event.source ? { source: event.source } : {}),
      example: event.example ?? false,
    },
    eventStartsAt: eventStartsAt(event).toISOString(),
    leadDays,
    label: leadTimeLabel(leadDays),
    recipientZone: zone,
    dueLocal: formatInZone(dueAt, zone),
  };
}

const CHUNK = 1000;

/**
 * Plans calendar reminders: every event × lead time × recipient, due at the policy's local
 * time (09:00) in the recipient's zone. Idempotent on the dedupe key (see
 * {@link reminderKey}): re-planning after an edit updates pending rows (time, text) and
 * never duplicates; rows already sent, done or dropped are left alone. A cancelled event's
 * pending reminders are dropped. A reminder is not created when its event has already started
 * at planning time, nor when its time falls after the event starts; reminders already past
 * but before the start are created, and the overdue rule decides at claim time.
 * Recipients who marked an event done get no new reminders for it.
 */
export async function planReminders(db: Db, input: PlanRemindersInput): Promise<PlanSummary> {
  const policy = ReminderPolicy.parse(input.policy ?? {});
  const listed = Array.isArray(input.recipients)
    ? (input.recipients as readonly Recipient[])
    : reminderRecipients(
        input.recipients as {
          officers?: readonly OfficerLike[];
          channels?: readonly ChannelLike[];
        },
      );
  // One row per key: a recipient or an event listed twice counts once (the last one wins).
  const recipients = [...new Map(listed.map((r) => [`${r.kind}\u0000${r.id}`, r])).values()];
  const events = [...new Map(input.events.map((e) => [e.id, e])).values()];
  const now = input.now;
  const summary: PlanSummary = {
    planned: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    dropped: 0,
    skipped: 0,
  };

  const live = events.filter((e) => !e.cancelled);
  const cancelled = events.filter((e) => e.cancelled).map((e) => e.id);
  const done = await doneRecipients(
    db,
    live.map((e) => e.id),
  );

  const rows: NewDelivery[] = [];
  const unwanted: string[] = [];
  const wanted: string[] = [];
  for (const event of live) {
    const expiresAt = reminderExpiresAt(event);
    const started = now.getTime() >= expiresAt.getTime();
    for (const recipient of recipients) {
      if (done.has(`${event.id}\u0000${recipient.kind}\u0000${recipient.id}`)) continue;
      for (const leadDays of policy.leadTimes) {
        summary.planned++;
        const key = reminderKey(event.id, leadDays, recipient);
        const dueAt = reminderDueAt(event, leadDays, recipient.timeZone, policy.deliverAt);
        if (started || dueAt.getTime() >= expiresAt.getTime()) {
          summary.skipped++;
          unwanted.push(key);
          continue;
        }
        wanted.push(key);
        rows.push({
          dedupeKey: key,
          kind: REMINDER_KIND,
          recipientKind: recipient.kind,
          recipientId: recipient.id,
          eventId: event.id,
          leadDays,
          dueAt,
          expiresAt,
          nextAttemptAt: dueAt,
          payload: toJson(payloadOf(event, leadDays, recipient.timeZone, dueAt)),
        });
      }
    }
  }

  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const written = await db
      .insertInto('deliveries')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .column('dedupeKey')
          .doUpdateSet({
            dueAt: (eb) => eb.ref('excluded.dueAt'),
            expiresAt: (eb) => eb.ref('excluded.expiresAt'),
            payload: (eb) => eb.ref('excluded.payload'),
            // Keep a retry's backoff unless the time itself moved.
            nextAttemptAt: sql`case when deliveries.due_at = excluded.due_at then deliveries.next_attempt_at else excluded.due_at end`,
            updatedAt: sql`now()`,
          })
          .where('deliveries.status', '=', 'pending')
          .where(
            sql<boolean>`(deliveries.due_at, deliveries.expires_at, deliveries.payload) is distinct from (excluded.due_at, excluded.expires_at, excluded.payload)`,
          ),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    const inserted = written.filter((r) => r.inserted).length;
    summary.inserted += inserted;
    summary.updated += written.length - inserted;
    summary.unchanged += chunk.length - written.length;
  }

  summary.dropped += await dropPending(db, { keys: unwanted }, 'dropped: the event has started');
  summary.dropped += await dropPending(
    db,
    { eventIds: cancelled },
    'dropped: the event was cancelled',
  );
  if (input.prune && live.length) {
    summary.dropped += await dropPending(
      db,
      { eventIds: live.map((e) => e.id), keep: wanted },
      'dropped: no longer planned',
    );
  }
  return summary;
}

/** Drops pending reminders by key, or of events (except the keys to `keep`). */
async function dropPending(
  db: Db,
  which: { keys: string[] } | { eventIds: string[]; keep?: string[] },
  reason: string,
): Promise<number> {
  let query = db
    .updateTable('deliveries')
    .set({ status: 'dropped', lastError: reason, updatedAt: sql`now()` })
    .where('status', '=', 'pending')
    .where('kind', '=', REMINDER_KIND);
  if ('keys' in which) {
    if (!which.keys.length) return 0;
    query = query.where(sql<boolean>`dedupe_key = any(${which.keys}::text[])`);
  } else {
    if (!which.eventIds.length) return 0;
    query = query.where(sql<boolean>`event_id = any(${which.eventIds}::text[])`);
    if (which.keep) {
      // Snoozed copies are not planned rows: keep them.
      query = query
        .where('snoozedUntil', 'is', null)
        .where(sql<boolean>`not (dedupe_key = any(${which.keep}::text[]))`);
    }
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function doneRecipients(db: Db, eventIds: string[]): Promise<Set<string>> {
  if (!eventIds.length) return new Set();
  const rows = await db
    .selectFrom('deliveries')
    .select(['eventId', 'recipientKind', 'recipientId'])
    .distinct()
    .where('kind', '=', REMINDER_KIND)
    .where('status', '=', 'done')
    .where('deliveryRef', 'is', null)
    .where('eventId', 'in', eventIds)
    .execute();
  return new Set(rows.map((r) => `${r.eventId}\u0000${r.recipientKind}\u0000${r.recipientId}`));
}

/**
 * Plans reminders from what the store holds: every event (cancelled ones drop their pending
 * reminders), every officer not removed, every channel with reminders on; pruning rows that
 * are no longer wanted.
 */
export async function planRemindersFromStore(
  db: Db,
  input: { now: Date; policy?: Partial<ReminderPolicy> },
): Promise<PlanSummary> {
  const [events, officers, channels] = await Promise.all([
    listEvents(db, { includeCancelled: true }),
    listOfficers(db),
    listChannels(db, { reminders: true }),
  ]);
  return planReminders(db, {
    events,
    recipients: { officers, channels },
    now: input.now,
    policy: input.policy,
    prune: true,
  });
}
