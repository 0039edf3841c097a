import type { Store } from '@ascn/store';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markDone, snooze } from './actions.js';
import { fakeClock } from './clock.js';
import { planDigests } from './digest.js';
import { runDeliveryLoop } from './loop.js';
import { claimDue } from './outbox.js';
import { planReminders, reminderKey } from './plan.js';
import type { Recipient } from './recipients.js';
import { backends, describeName } from './test-backends.js';
import { type FakePlatform, httpNotifier, startFakePlatform } from './test-platform.js';

async function seed(store: Store, n: number, dueAt = new Date()) {
  await store.db
    .insertInto('deliveries')
    .values(
      Array.from({ length: n }, (_, i) => ({
        dedupeKey: `reminder:e:0:officer:o${i}`,
        kind: 'reminder',
        recipientKind: 'officer' as const,
        recipientId: `o${i}`,
        eventId: 'e',
        leadDays: 0,
        dueAt,
        nextAttemptAt: dueAt,
        expiresAt: new Date(dueAt.getTime() + 86_400_000),
        payload: JSON.stringify({ type: 'reminder', n: i }),
      })),
    )
    .execute();
}

const statusCounts = async (store: Store) =>
  Object.fromEntries(
    (
      await store.db
        .selectFrom('deliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute()
    ).map((r) => [r.status, Number(r.n)]),
  );

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const backend of backends()) {
  describe.skipIf(backend.skip)(describeName(backend, 'reminders'), () => {
    afterAll(() => backend.close());
    describe('the delivery loop', () => {
      let store: Store;
      let platform: FakePlatform | undefined;
      beforeEach(async () => {
        store = await backend.fresh();
      });
      afterEach(async () => {
        await platform?.close();
        platform = undefined;
      });

      it('retries platform errors (500, 429 + Retry-After) with backoff until every message is delivered once', async () => {
        platform = await startFakePlatform({
          fail: (key, attempt) => {
            const n = Number(key.slice(key.lastIndexOf(':o') + 2));
            if (n % 5 === 0 && attempt <= 2) return { status: 500 };
            if (n % 7 === 0 && attempt === 1) return { status: 429, retryAfterSeconds: 0.3 };
            return undefined;
          },
        });
        await seed(store, 40);
        const loop = runDeliveryLoop({
          db: store.db,
          notifier: httpNotifier(platform.url, 'w1'),
          workerId: 'w1',
          pollMs: 20,
          retry: { baseMs: 50, capMs: 200, jitter: 0 },
        });
        await until(async () => (await statusCounts(store)).sent === 40);
        await loop.stop();
        expect(platform.messages.size).toBe(40);
        expect([...platform.messages.values()].every((m) => m.posts === 1)).toBe(true);
        expect(platform.failures).toBe(8 * 2 + 4); // o0, o5 … o35 twice (500); o7, o14, o21, o28 once (429)
        const o5 = await store.db
          .selectFrom('deliveries')
          .selectAll()
          .where('recipientId', '=', 'o5')
          .executeTakeFirstOrThrow();
        expect(o5).toMatchObject({ status: 'sent', attempts: 3 });
        const o7 = await store.db
          .selectFrom('deliveries')
          .selectAll()
          .where('recipientId', '=', 'o7')
          .executeTakeFirstOrThrow();
        expect(o7).toMatchObject({ status: 'sent', attempts: 2 });
        expect(loop.stats).toMatchObject({ sent: 40, failed: 20 });
      });

      it('marks a permanently refused message failed, without retrying it', async () => {
        platform = await startFakePlatform({
          fail: (key) => (key.endsWith(':o1') ? { status: 404 } : undefined),
        });
        await seed(store, 3);
        const loop = runDeliveryLoop({
          db: store.db,
          notifier: httpNotifier(platform.url, 'w1'),
          workerId: 'w1',
          pollMs: 20,
        });
        await until(async () => {
          const c = await statusCounts(store);
          return c.sent === 2 && c.failed === 1;
        });
        await loop.stop();
        expect(platform.failures).toBe(1);
      });

      it('stops gracefully: in-flight sends finish and are recorded, unsent claims are released', async () => {
        platform = await startFakePlatform({ latencyMs: [80, 100] });
        await seed(store, 40);
        const loop = runDeliveryLoop({
          db: store.db,
          notifier: httpNotifier(platform.url, 'w1'),
          workerId: 'w1',
          batchSize: 20,
          concurrency: 2,
          pollMs: 20,
        });
        await until(async () => platform!.messages.size >= 3);
        await loop.stop();
        const counts = await statusCounts(store);
        expect(counts.sending).toBeUndefined();
        expect(counts.sent).toBe(platform.messages.size);
        expect(counts.pending).toBe(40 - platform.messages.size);
        expect(loop.stats.released).toBeGreaterThan(0);
        const attempts = await store.db
          .selectFrom('deliveries')
          .select('attempts')
          .where('status', '=', 'pending')
          .execute();
        expect(attempts.every((a) => a.attempts === 0)).toBe(true);
      });

      it('re-sends a message whose worker died after sending, and the platform recognises it', async () => {
        platform = await startFakePlatform();
        await seed(store, 1);
        const notifier = httpNotifier(platform.url, 'w1');
        // A worker claims and sends, then "crashes" before markSent.
        const [d] = await claimDue(store.db, { workerId: 'dead', now: new Date(), leaseMs: 100 });
        const first = await notifier.send(d!);
        await new Promise((r) => setTimeout(r, 150));
        const loop = runDeliveryLoop({ db: store.db, notifier, workerId: 'w2', pollMs: 20 });
        await until(async () => (await statusCounts(store)).sent === 1);
        await loop.stop();
        expect(platform.messages.size).toBe(1);
        expect(platform.dedupedResends).toBe(1);
        const row = await store.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
        expect(row).toMatchObject({ deliveryRef: first.ref, attempts: 2 });
      });
    });

    describe('snooze, done and digests', () => {
      let store: Store;
      const clock = fakeClock('2026-06-01T00:00:00Z');
      const ana: Recipient = { kind: 'officer', id: 'ana', timeZone: 'Asia/Yangon' };
      const events = [
        {
          id: 'ev-a',
          kind: 'meeting' as const,
          title: 'Meeting A',
          start: '2026-06-08',
          timeZone: 'Asia/Yangon',
          example: true,
        },
        {
          id: 'ev-b',
          kind: 'deadline' as const,
          title: 'Report B',
          start: '2026-06-08',
          timeZone: 'Asia/Yangon',
          example: true,
        },
      ];
      beforeEach(async () => {
        store = await backend.fresh();
        clock.set('2026-06-01T00:00:00Z');
        await planReminders(store.db, { events, recipients: [ana], now: clock.now() });
      });
      const byKey = (k: string) =>
        store.db
          .selectFrom('deliveries')
          .selectAll()
          .where('dedupeKey', '=', k)
          .executeTakeFirstOrThrow();

      it('snoozes a pending reminder to later', async () => {
        const row = await byKey(reminderKey('ev-a', 7, ana));
        const until = new Date('2026-06-01T10:00:00Z');
        expect(await snooze(store.db, row.id, until)).toBe(row.id);
        expect(await byKey(row.dedupeKey)).toMatchObject({
          nextAttemptAt: until,
          snoozedUntil: until,
          status: 'pending',
        });
      });

      it('snoozes a sent reminder as a new delivery, once per snooze time', async () => {
        clock.set('2026-06-07T02:30:00Z'); // 09:00 Yangon, the day before
        const [d] = (await claimDue(store.db, { workerId: 'w', now: clock.now() })).filter(
          (x) => x.eventId === 'ev-a',
        );
        await store.db
          .updateTable('deliveries')
          .set({ status: 'sent' })
          .where('id', '=', d!.id)
          .execute();
        const until = new Date('2026-06-07T08:00:00Z');
        const again = await snooze(store.db, d!.id, until);
        expect(again).not.toBe(d!.id);
        expect(await snooze(store.db, d!.id, until)).toBe(again);
        const copy = await store.db
          .selectFrom('deliveries')
          .selectAll()
          .where('id', '=', again!)
          .executeTakeFirstOrThrow();
        expect(copy).toMatchObject({
          dedupeKey: `${d!.dedupeKey}:snooze:2026-06-07T08:00:00.000Z`,
          status: 'pending',
          dueAt: until,
          eventId: 'ev-a',
          leadDays: 1,
        });
        expect(copy.payload).toMatchObject({ snoozed: true, type: 'reminder' });
        clock.set(until);
        const claimed = await claimDue(store.db, { workerId: 'w', now: clock.now() });
        expect(claimed.map((c) => c.id)).toContain(again);
      });

      it('stops reminders for an event a recipient marked done', async () => {
        expect(await markDone(store.db, 'ev-a', ana)).toBe(5);
        clock.set('2026-06-08T02:30:00Z');
        const claimed = await claimDue(store.db, { workerId: 'w', now: clock.now() });
        expect(claimed.every((c) => c.eventId === 'ev-b')).toBe(true);
      });

      it('gathers one day’s reminders into one digest for a recipient who opted in', async () => {
        clock.set('2026-06-07T00:00:00Z'); // 06:30 in Yangon, 7 June: two 1-day reminders due at 09:00
        expect(await planDigests(store.db, { recipients: [ana], now: clock.now() })).toBe(2);
        expect(await planDigests(store.db, { recipients: [ana], now: clock.now() })).toBe(0);
        clock.set('2026-06-07T02:30:00Z');
        const claimed = await claimDue(store.db, { workerId: 'w', now: clock.now() });
        expect(claimed).toHaveLength(1);
        expect(claimed[0]).toMatchObject({
          kind: 'digest',
          dedupeKey: 'digest:officer:ana:2026-06-07',
          dueAt: clock.now(),
        });
        expect(claimed[0]!.payload).toMatchObject({
          type: 'digest',
          date: '2026-06-07',
          items: [{ event: { id: 'ev-a' } }, { event: { id: 'ev-b' } }],
        });
        const items = await store.db
          .selectFrom('deliveries')
          .selectAll()
          .where('deliveryRef', '=', 'digest:officer:ana:2026-06-07')
          .execute();
        expect(items.map((i) => i.status)).toEqual(['done', 'done']);
        // Marking done by digest is not the recipient's "done": re-planning keeps planning them.
        const replan = await planReminders(store.db, {
          events,
          recipients: [ana],
          now: clock.now(),
          policy: { leadTimes: [1, 0, 2] },
        });
        expect(replan.inserted).toBe(2);
      });

      it('leaves a lone reminder alone (a digest needs two)', async () => {
        await planReminders(store.db, {
          events: [events[0]!],
          recipients: [ana],
          now: clock.now(),
          policy: { leadTimes: [3] },
        });
        clock.set('2026-06-05T00:00:00Z');
        expect(await planDigests(store.db, { recipients: [ana], now: clock.now() })).toBe(0);
      });
    });
  });
}
