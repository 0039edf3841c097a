import { addDays, DEFAULT_DELIVERY_TIME, localDate, localToUtc } from '@ascn/domain';
import { type Database, type Kysely, sql, toJson } from '@ascn/store';
import { REMINDER_KIND } from './plan.js';
import { channelRecipientId, officerZone, type Recipient } from './recipients.js';

type Db = Kysely<Database>;

export const DIGEST_KIND = 'digest';

export interface DigestPayload {
  type: 'digest';
  /** The recipient's local day, `YYYY-MM-DD`. */
  date: string;
  recipientZone: string;
  /** The reminders it replaces, each a reminder payload plus its dedupe key. */
  items: Array<Record<string, unknown> & { dedupeKey: string }>;
}

/**
 * Daily digests for recipients who opted in: the reminders due to one recipient during their
 * local day (of `now`) go out as one message at `deliverAt` (09:00) instead of separately —
 * when there are at least `minItems` (2) of them. The reminders it replaces become `done`
 * with the digest's key as their `deliveryRef`. Run it before the day's reminders are due
 * (the delivery loop's `beforeClaim`); again later that day, it adds new reminders to a
 * digest not yet sent. Returns how many reminders went into digests.
 */
export async function planDigests(
  db: Db,
  input: { recipients: readonly Recipient[]; now: Date; deliverAt?: string; minItems?: number },
): Promise<number> {
  let merged = 0;
  for (const recipient of input.recipients) {
    merged += await planDigest(
      db,
      recipient,
      input.now,
      input.deliverAt ?? DEFAULT_DELIVERY_TIME,
      input.minItems ?? 2,
    );
  }
  return merged;
}

async function planDigest(
  db: Db,
  recipient: Recipient,
  now: Date,
  deliverAt: string,
  minItems: number,
) {
  const zone = recipient.timeZone;
  const date = localDate(now, zone);
  const from = localToUtc(date, '00:00', zone);
  const to = localToUtc(addDays(date, 1), '00:00', zone);
  const key = `digest:${recipient.kind}:${recipient.id}:${date}`;
  return db.transaction().execute(async (tx) => {
    const items = await tx
      .selectFrom('deliveries')
      .select(['id', 'dedupeKey', 'payload', 'dueAt'])
      .where('kind', '=', REMINDER_KIND)
      .where('recipientKind', '=', recipient.kind)
      .where('recipientId', '=', recipient.id)
      .where('status', '=', 'pending')
      .where('dueAt', '>=', from)
      .where('dueAt', '<', to)
      .orderBy('dueAt')
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    if (!items.length) return 0;
    const digest = await tx
      .selectFrom('deliveries')
      .select(['id', 'status', 'payload'])
      .where('dedupeKey', '=', key)
      .forUpdate()
      .executeTakeFirst();
    if (digest && digest.status !== 'pending') return 0; // already out: the rest go alone
    if (!digest && items.length < minItems) return 0;
    const previous = (digest?.payload as DigestPayload | undefined)?.items ?? [];
    const payload: DigestPayload = {
      type: 'digest',
      date,
      recipientZone: zone,
      items: [...previous, ...items.map((i) => ({ ...i.payload, dedupeKey: i.dedupeKey }))],
    };
    const dueAt = localToUtc(date, deliverAt, zone);
    const first = new Date(Math.min(items[0]!.dueAt.getTime(), dueAt.getTime()));
    if (digest) {
      await tx
        .updateTable('deliveries')
        .set({ payload: toJson(payload), updatedAt: sql`now()` })
        .where('id', '=', digest.id)
        .execute();
    } else {
      await tx
        .insertInto('deliveries')
        .values({
          dedupeKey: key,
          kind: DIGEST_KIND,
          recipientKind: recipient.kind,
          recipientId: recipient.id,
          dueAt: first,
          nextAttemptAt: first,
          expiresAt: to,
          payload: toJson(payload),
        })
        .execute();
    }
    await tx
      .updateTable('deliveries')
      .set({ status: 'done', deliveryRef: key, updatedAt: sql`now()` })
      .where(
        'id',
        'in',
        items.map((i) => i.id),
      )
      .execute();
    return items.length;
  });
}

/** {@link planDigests} for the officers and channels whose `reminderDigest` is on. */
export async function planDigestsFromStore(
  db: Db,
  input: { now: Date; deliverAt?: string; minItems?: number },
) {
  const [officers, channels] = await Promise.all([
    db
      .selectFrom('officers')
      .selectAll()
      .where('reminderDigest', '=', true)
      .where('removedAt', 'is', null)
      .execute(),
    db
      .selectFrom('channels')
      .selectAll()
      .where('reminderDigest', '=', true)
      .where('reminders', '=', true)
      .execute(),
  ]);
  const recipients: Recipient[] = [
    ...officers.map((o): Recipient => ({ kind: 'officer', id: o.id, timeZone: officerZone(o) })),
    ...channels.map(
      (c): Recipient => ({
        kind: 'channel',
        id: channelRecipientId(c.platform, c.channelId),
        timeZone: c.timeZone,
      }),
    ),
  ];
  return planDigests(db, { ...input, recipients });
}
