import { type Database, type Kysely, sql, toJson } from '@ascn/store';
import { REMINDER_KIND } from './plan.js';
import type { Recipient } from './recipients.js';

type Db = Kysely<Database>;

/**
 * "Remind me later". A delivery not yet sent waits until `until`. A delivery already sent is
 * queued again as a new delivery (its own dedupe key, `<key>:snooze:<until>`, so that the
 * platform does not take it for a re-send of the first); snoozing twice to the same instant
 * queues it once. Returns the id of the delivery that will come, or undefined when there is
 * nothing to snooze (unknown, dropped, failed, or being sent right now).
 */
export async function snooze(db: Db, id: number, until: Date): Promise<number | undefined> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.status === 'pending') {
      await tx
        .updateTable('deliveries')
        .set({ nextAttemptAt: until, snoozedUntil: until, updatedAt: sql`now()` })
        .where('id', '=', id)
        .execute();
      return id;
    }
    if (row.status !== 'sent' && row.status !== 'done') return undefined;
    const base = row.dedupeKey.split(':snooze:')[0];
    const key = `${base}:snooze:${until.toISOString()}`;
    await tx
      .updateTable('deliveries')
      .set({ snoozedUntil: until, updatedAt: sql`now()` })
      .where('id', '=', id)
      .execute();
    const { late: _late, lateNote: _note, ...payload } = row.payload;
    const created = await tx
      .insertInto('deliveries')
      .values({
        dedupeKey: key,
        kind: row.kind,
        recipientKind: row.recipientKind,
        recipientId: row.recipientId,
        eventId: row.eventId,
        leadDays: row.leadDays,
        dueAt: until,
        nextAttemptAt: until,
        expiresAt: row.expiresAt,
        snoozedUntil: until,
        payload: toJson({ ...payload, snoozed: true }),
      })
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (created) return created.id;
    const existing = await tx
      .selectFrom('deliveries')
      .select('id')
      .where('dedupeKey', '=', key)
      .executeTakeFirstOrThrow();
    return existing.id;
  });
}

/**
 * "Done": the recipient has dealt with this event; its pending reminders to them stop (status
 * `done`), and re-planning creates no new ones. Returns how many were stopped.
 */
export async function markDone(
  db: Db,
  eventId: string,
  recipient: Pick<Recipient, 'kind' | 'id'>,
): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'done',
      deliveryRef: null,
      leaseUntil: null,
      leasedBy: null,
      updatedAt: sql`now()`,
    })
    .where('kind', '=', REMINDER_KIND)
    .where('eventId', '=', eventId)
    .where('recipientKind', '=', recipient.kind)
    .where('recipientId', '=', recipient.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  // A marker, so that a later re-plan (a new lead time, an edit) stays quiet for them.
  await db
    .insertInto('deliveries')
    .values({
      dedupeKey: `done:${eventId}:${recipient.kind}:${recipient.id}`,
      kind: REMINDER_KIND,
      recipientKind: recipient.kind,
      recipientId: recipient.id,
      eventId,
      dueAt: new Date(),
      nextAttemptAt: new Date(),
      status: 'done',
      payload: toJson({ type: 'done-marker' }),
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .execute();
  return Number(result.numUpdatedRows);
}
