import { daysUntil, formatInZone, leadTimeLabel, overdueDecision } from '@ascn/domain';
import {
  type Database,
  type DeliveryRow,
  type Kysely,
  type RecipientKind,
  sql,
  toJson,
} from '@ascn/store';
import type { Recipient } from './recipients.js';

type Db = Kysely<Database>;

/** A claimed delivery, as handed to a notifier. `dedupeKey` is its idempotency key. */
export type Delivery = DeliveryRow;

/** Queues one outbound message; a second call with the same dedupe key does nothing. */
export async function enqueue(
  db: Db,
  input: {
    dedupeKey: string;
    kind: string;
    recipient: Pick<Recipient, 'kind' | 'id'>;
    dueAt: Date;
    payload: Record<string, unknown>;
    /** Dropped instead of sent when still unsent at this instant. */
    expiresAt?: Date;
    eventId?: string;
  },
): Promise<{ id: number; created: boolean }> {
  const created = await db
    .insertInto('deliveries')
    .values({
      dedupeKey: input.dedupeKey,
      kind: input.kind,
      recipientKind: input.recipient.kind,
      recipientId: input.recipient.id,
      eventId: input.eventId ?? null,
      dueAt: input.dueAt,
      nextAttemptAt: input.dueAt,
      expiresAt: input.expiresAt ?? null,
      payload: toJson(input.payload),
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (created) return { id: created.id, created: true };
  const existing = await db
    .selectFrom('deliveries')
    .select('id')
    .where('dedupeKey', '=', input.dedupeKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export interface ClaimOptions {
  workerId: string;
  now: Date;
  /** At most this many rows. Default 50. */
  limit?: number;
  /** How long the claim holds before another worker may take the row again. Default 60 s. */
  leaseMs?: number;
  /** Lateness still sent without a note (domain `overdueDecision`). Default 15 minutes. */
  graceMinutes?: number;
}

/**
 * Claims due deliveries for one worker: pending rows whose time has come, and rows whose
 * lease expired (their worker died mid-send). Rows are locked `FOR UPDATE SKIP LOCKED` in a
 * transaction, so concurrent workers (processes on one PostgreSQL) never claim the same row.
 * Each claimed row gets the overdue rule: sent as is; sent late with a note in its payload
 * (`late`, `lateNote`); or dropped — its event has started (`expiresAt` passed), or a newer
 * lead time of the same event for the same recipient is already due. Claimed rows become
 * `sending` with a lease and one more attempt; dropped rows are not returned.
 */
export async function claimDue(db: Db, options: ClaimOptions): Promise<Delivery[]> {
  const { workerId, now } = options;
  const limit = options.limit ?? 50;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  return db.transaction().execute(async (tx) => {
    const expired = await tx
      .selectFrom('deliveries')
      .selectAll()
      .where('status', '=', 'sending')
      .where('leaseUntil', '<=', now)
      .orderBy('leaseUntil')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    const due =
      expired.length < limit
        ? await tx
            .selectFrom('deliveries')
            .selectAll()
            .where('status', '=', 'pending')
            .where('nextAttemptAt', '<=', now)
            .orderBy('nextAttemptAt')
            .orderBy('id')
            .limit(limit - expired.length)
            .forUpdate()
            .skipLocked()
            .execute()
        : [];
    const rows = [...expired, ...due];
    if (!rows.length) return [];

    const newest = await newestDueLeads(tx, rows, now);
    const send: number[] = [];
    const late: DeliveryRow[] = [];
    const dropStarted: number[] = [];
    const dropSuperseded: number[] = [];
    for (const row of rows) {
      const newer =
        row.eventId !== null && row.leadDays !== null ? newest.get(groupKey(row)) : undefined;
      const decision = overdueDecision({
        dueAt: row.dueAt,
        now,
        eventStartsAt: row.expiresAt ?? new Date(8.64e15),
        supersededByNewerDue: newer !== undefined && row.leadDays !== null && newer < row.leadDays,
        graceMinutes: options.graceMinutes,
      });
      if (decision === 'drop') {
        (row.expiresAt && now >= row.expiresAt ? dropStarted : dropSuperseded).push(row.id);
        continue;
      }
      send.push(row.id);
      if (decision === 'send-late' && !row.late) late.push(row);
    }

    for (const [ids, reason] of [
      [dropStarted, 'dropped: overdue and its event has started'],
      [dropSuperseded, 'dropped: overdue and superseded by a newer reminder'],
    ] as const) {
      if (!ids.length) continue;
      await tx
        .updateTable('deliveries')
        .set({
          status: 'dropped',
          lastError: reason,
          leaseUntil: null,
          leasedBy: null,
          updatedAt: sql`now()`,
        })
        .where('id', 'in', ids)
        .execute();
    }
    for (const row of late) {
      await tx
        .updateTable('deliveries')
        .set({
          late: true,
          payload: sql`payload || ${toJson(latePatch(row, now))}::jsonb`,
        })
        .where('id', '=', row.id)
        .execute();
    }
    if (!send.length) return [];
    return tx
      .updateTable('deliveries')
      .set({
        status: 'sending',
        leaseUntil,
        leasedBy: workerId,
        attempts: sql`attempts + 1`,
        updatedAt: sql`now()`,
      })
      .where('id', 'in', send)
      .returningAll()
      .execute()
      .then((claimed) =>
        claimed.sort(
          (a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id,
        ),
      );
  });
}

const groupKey = (r: Pick<DeliveryRow, 'eventId' | 'recipientKind' | 'recipientId'>) =>
  `${r.eventId}\u0000${r.recipientKind}\u0000${r.recipientId}`;

/** For each (event, recipient) among `rows`: the smallest lead time already due. */
async function newestDueLeads(
  db: Db,
  rows: DeliveryRow[],
  now: Date,
): Promise<Map<string, number>> {
  const reminders = rows.filter((r) => r.eventId !== null && r.leadDays !== null);
  const result = new Map<string, number>();
  if (!reminders.length) return result;
  // One index lookup per (event, recipient) among the claimed rows, not a scan of the event.
  const groups = [...new Map(reminders.map((r) => [groupKey(r), r])).values()];
  const { rows: found } = await sql<{
    eventId: string;
    recipientKind: RecipientKind;
    recipientId: string;
    lead: number | null;
  }>`
    select d.event_id, d.recipient_kind, d.recipient_id, min(d.lead_days) as lead
    from deliveries d
    join unnest(${groups.map((g) => g.eventId)}::text[], ${groups.map((g) => g.recipientKind)}::text[],
                ${groups.map((g) => g.recipientId)}::text[]) as k(event_id, recipient_kind, recipient_id)
      on d.event_id = k.event_id and d.recipient_kind = k.recipient_kind and d.recipient_id = k.recipient_id
    where d.kind = 'reminder' and d.lead_days is not null and d.due_at <= ${now}
      and d.status not in ('dropped', 'failed')
    group by d.event_id, d.recipient_kind, d.recipient_id`.execute(db);
  for (const f of found) if (f.lead !== null) result.set(groupKey(f), Number(f.lead));
  return result;
}

function latePatch(row: DeliveryRow, now: Date): Record<string, unknown> {
  const payload = row.payload as {
    recipientZone?: string;
    event?: { start?: string };
  };
  const zone = payload.recipientZone ?? 'UTC';
  const patch: Record<string, unknown> = {
    late: true,
    lateNote: `Sent late: the assistant was offline when this was due (${formatInZone(row.dueAt, zone)}).`,
  };
  if (payload.event?.start) {
    const days = daysUntil(payload.event.start, now, zone);
    patch.label = leadTimeLabel(Math.max(0, days));
    patch.daysLeft = days;
  }
  return patch;
}

/** Records a delivery as sent (its platform message id as `ref`). False when not `sending`. */
export async function markSent(
  db: Db,
  id: number,
  ref: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'sent',
      sentAt: now,
      deliveryRef: ref,
      leaseUntil: null,
      leasedBy: null,
      lastError: null,
      updatedAt: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface RetryPolicy {
  /** After this many attempts the delivery is `failed`. Default 8. */
  maxAttempts?: number;
  /** First backoff. Default 30 s; doubles each attempt. */
  baseMs?: number;
  /** Longest backoff. Default 1 hour. */
  capMs?: number;
  /** Random spread, ±fraction/2 of the backoff. Default 0.2; 0 in tests. */
  jitter?: number;
}

/**
 * What a notifier may throw: `retryAfterMs` (a 429's Retry-After) waits at least that long;
 * `permanent` (a 4xx that will not change: unknown channel, no permission) fails at once.
 */
export interface DeliveryError {
  message?: string;
  retryAfterMs?: number;
  permanent?: boolean;
  /**
   * Not an attempt: the message cannot go anywhere yet (no platform of the recipient runs
   * here). It waits this long, without using up an attempt.
   */
  deferMs?: number;
}

/**
 * Records a failed attempt: back to `pending` with exponential backoff (base × 2^(attempts-1),
 * capped, at least the platform's Retry-After), or `failed` when permanent or out of attempts.
 */
export async function markFailed(
  db: Db,
  id: number,
  error: unknown,
  now: Date = new Date(),
  policy: RetryPolicy = {},
): Promise<{ status: 'pending' | 'failed'; nextAttemptAt: Date; attempts: number } | undefined> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as DeliveryError;
  const message = (error instanceof Error ? error.message : e.message) ?? String(error);
  const maxAttempts = policy.maxAttempts ?? 8;
  const base = policy.baseMs ?? 30_000;
  const cap = policy.capMs ?? 3_600_000;
  const jitter = policy.jitter ?? 0.2;
  const retryAfter = Math.max(0, Number(e.retryAfterMs) || 0);
  const permanent = e.permanent === true;
  const row = await db
    .updateTable('deliveries')
    .set({
      status: sql`case when ${permanent} or attempts >= ${maxAttempts} then 'failed' else 'pending' end`,
      nextAttemptAt: sql`${now}::timestamptz + make_interval(secs => greatest(${retryAfter}::float8,
        least(${cap}::float8, ${base}::float8 * power(2, greatest(attempts - 1, 0)))
        * (1 + ${jitter}::float8 * (random() - 0.5))) / 1000.0)`,
      leaseUntil: null,
      leasedBy: null,
      lastError: message.slice(0, 1000),
      updatedAt: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .returning(['status', 'nextAttemptAt', 'attempts'])
    .executeTakeFirst();
  return row
    ? {
        status: row.status as 'pending' | 'failed',
        nextAttemptAt: row.nextAttemptAt,
        attempts: row.attempts,
      }
    : undefined;
}

/**
 * Puts a claimed delivery back to wait `deferMs` without counting the attempt (nothing was
 * sent): its recipient cannot be reached from here yet. The overdue rule still applies when
 * it is claimed again.
 */
export async function markDeferred(
  db: Db,
  id: number,
  reason: string,
  now: Date,
  deferMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + Math.max(1000, deferMs)),
      attempts: sql`greatest(attempts - 1, 0)`,
      leaseUntil: null,
      leasedBy: null,
      lastError: reason.slice(0, 1000),
      updatedAt: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Gives claimed but unsent deliveries back (a worker stopping): `pending` again, the attempt
 * not counted. Only rows this worker still holds.
 */
export async function releaseLeases(db: Db, ids: number[], workerId: string): Promise<number> {
  if (!ids.length) return 0;
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'pending',
      leaseUntil: null,
      leasedBy: null,
      attempts: sql`greatest(attempts - 1, 0)`,
      updatedAt: sql`now()`,
    })
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .where('leasedBy', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
