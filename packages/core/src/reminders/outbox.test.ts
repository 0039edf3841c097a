import type { CalendarEvent } from '@ascn/domain';
import type { Store } from '@ascn/store';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClock } from './clock.js';
import { claimDue, enqueue, markFailed, markSent, releaseLeases } from './outbox.js';
import { planReminders, reminderKey } from './plan.js';
import type { Recipient } from './recipients.js';
import { backends, describeName } from './test-backends.js';

const event: CalendarEvent = {
  id: 'governance-workshop',
  kind: 'governance-workshop',
  title: 'Governance workshop',
  start: '2026-09-10',
  time: '14:00',
  timeZone: 'Asia/Bangkok', // starts 2026-09-10T07:00Z
  example: true,
};
const ana: Recipient = { kind: 'officer', id: 'ana', timeZone: 'Asia/Manila' };
const key = (lead: number) => reminderKey(event.id, lead, ana);
const HOUR = 3_600_000;

for (const backend of backends()) {
  describe.skipIf(backend.skip)(describeName(backend, 'the outbox'), () => {
    let store: Store;
    const clock = fakeClock('2026-07-01T00:00:00Z');
    beforeEach(async () => {
      store = await backend.fresh();
      clock.set('2026-07-01T00:00:00Z');
      await planReminders(store.db, { events: [event], recipients: [ana], now: clock.now() });
    });
    afterAll(() => backend.close());

    const row = (k: string) =>
      store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('dedupeKey', '=', k)
        .executeTakeFirstOrThrow();
    const claim = (options: { leaseMs?: number; workerId?: string; limit?: number } = {}) =>
      claimDue(store.db, { workerId: 'w1', now: clock.now(), leaseMs: HOUR, ...options });

    describe('after downtime (the overdue rule, at claim time)', () => {
      // The 30-day reminder is due 2026-08-11 09:00 Manila = 01:00Z.
      it('sends a reminder up to 15 minutes late as is', async () => {
        clock.set('2026-08-11T01:15:00Z');
        const [d] = await claim();
        expect(d).toMatchObject({
          dedupeKey: key(30),
          late: false,
          status: 'sending',
          attempts: 1,
          leasedBy: 'w1',
        });
        expect(d!.payload.lateNote).toBeUndefined();
      });

      it('sends it later than that with a "sent late" note', async () => {
        clock.set('2026-08-12T05:00:00Z');
        const [d] = await claim();
        expect(d).toMatchObject({ dedupeKey: key(30), late: true });
        expect(d!.payload).toMatchObject({
          late: true,
          lateNote:
            'Sent late: the assistant was offline when this was due (Tue 11 Aug 2026, 09:00 (UTC+8)).',
          label: 'in 29 days',
          daysLeft: 29,
        });
      });

      it('drops it when a newer lead time for the same event and recipient is already due', async () => {
        clock.set('2026-08-27T02:00:00Z'); // down since before the 30-day; the 14-day is due too
        const claimed = await claim();
        expect(claimed.map((d) => [d.leadDays, d.late])).toEqual([[14, true]]);
        expect(await row(key(30))).toMatchObject({
          status: 'dropped',
          lastError: expect.stringMatching(/superseded/),
        });
      });

      it('drops everything once the event has started', async () => {
        clock.set('2026-09-10T07:00:00Z');
        expect(await claim()).toEqual([]);
        const statuses = await store.db
          .selectFrom('deliveries')
          .select(['status', 'lastError'])
          .execute();
        expect(
          statuses.every((s) => s.status === 'dropped' && /started/.test(s.lastError ?? '')),
        ).toBe(true);
      });

      it('still sends the newest one in time when older ones are dropped', async () => {
        clock.set('2026-09-10T01:05:00Z'); // the morning of, 09:05 Manila, event at 15:00 Manila
        const claimed = await claim();
        expect(claimed.map((d) => [d.leadDays, d.late])).toEqual([[0, false]]);
        const dropped = await store.db
          .selectFrom('deliveries')
          .select('leadDays')
          .where('status', '=', 'dropped')
          .execute();
        expect(dropped.map((d) => d.leadDays).sort((a, b) => a! - b!)).toEqual([1, 7, 14, 30]);
      });
    });

    it('records a send, and a send is recorded once', async () => {
      clock.set('2026-08-11T01:00:00Z');
      const [d] = await claim();
      expect(await markSent(store.db, d!.id, 'msg-1', clock.now())).toBe(true);
      expect(await markSent(store.db, d!.id, 'msg-2', clock.now())).toBe(false);
      expect(await row(key(30))).toMatchObject({
        status: 'sent',
        deliveryRef: 'msg-1',
        leaseUntil: null,
        sentAt: clock.now(),
      });
      expect(await claim()).toEqual([]);
    });

    it('backs off exponentially on errors, honours Retry-After, and fails after the last attempt', async () => {
      clock.set('2026-08-11T01:00:00Z');
      const policy = { baseMs: 1000, capMs: 5000, maxAttempts: 5, jitter: 0 };
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        const [d] = await claim();
        expect(d?.attempts).toBe(attempt);
        const error =
          attempt === 3 ? { message: '429', retryAfterMs: 20_000 } : new Error('HTTP 500');
        const result = await markFailed(store.db, d!.id, error, clock.now(), policy);
        if (attempt < 5) {
          expect(result?.status).toBe('pending');
          waits.push(result!.nextAttemptAt.getTime() - clock.now().getTime());
          expect(
            await claimDue(store.db, {
              workerId: 'w1',
              now: new Date(result!.nextAttemptAt.getTime() - 1),
            }),
          ).toEqual([]);
          clock.set(result!.nextAttemptAt);
        } else {
          expect(result?.status).toBe('failed');
        }
      }
      expect(waits).toEqual([1000, 2000, 20_000, 5000]);
      expect(await row(key(30))).toMatchObject({
        status: 'failed',
        attempts: 5,
        lastError: 'HTTP 500',
      });
    });

    it('fails at once on a permanent error', async () => {
      clock.set('2026-08-11T01:00:00Z');
      const [d] = await claim();
      const result = await markFailed(
        store.db,
        d!.id,
        { message: 'Unknown Channel', permanent: true },
        clock.now(),
      );
      expect(result?.status).toBe('failed');
    });

    it('lets another worker claim a row whose lease expired (its worker died)', async () => {
      clock.set('2026-08-11T01:00:00Z');
      const [d] = await claim({ leaseMs: 60_000, workerId: 'dead' });
      clock.advance(59_999);
      expect(await claim({ workerId: 'w2' })).toEqual([]);
      clock.advance(1);
      const [again] = await claim({ workerId: 'w2' });
      expect(again).toMatchObject({ id: d!.id, leasedBy: 'w2', attempts: 2 });
    });

    it('gives released leases back without counting the attempt', async () => {
      clock.set('2026-08-11T01:00:00Z');
      const [d] = await claim();
      expect(await releaseLeases(store.db, [d!.id], 'someone-else')).toBe(0);
      expect(await releaseLeases(store.db, [d!.id], 'w1')).toBe(1);
      expect(await row(key(30))).toMatchObject({ status: 'pending', attempts: 0, leasedBy: null });
    });

    it('applies the same rule to other kinds of messages (expiry, no supersession)', async () => {
      const { id, created } = await enqueue(store.db, {
        dedupeKey: 'announce:practice:1:slack:C1',
        kind: 'announcement',
        recipient: { kind: 'channel', id: 'slack:C1' },
        dueAt: new Date('2026-07-01T00:00:00Z'),
        expiresAt: new Date('2026-07-02T00:00:00Z'),
        payload: { text: 'New practice' },
      });
      expect(created).toBe(true);
      expect(
        await enqueue(store.db, {
          dedupeKey: 'announce:practice:1:slack:C1',
          kind: 'announcement',
          recipient: { kind: 'channel', id: 'slack:C1' },
          dueAt: new Date(),
          payload: {},
        }),
      ).toEqual({ id, created: false });
      clock.set('2026-07-01T06:00:00Z');
      const [d] = await claim();
      expect(d).toMatchObject({ id, late: true });
      expect(d!.payload).toMatchObject({ text: 'New practice', late: true });
    });

    // PGlite is one connection in one process: concurrent claimers need a server.
    if (backend.name === 'postgres')
      it('never hands one row to two concurrent claimers (SKIP LOCKED)', async () => {
        clock.set('2026-09-01T00:00:00Z');
        await store.db.deleteFrom('deliveries').execute();
        await store.db
          .insertInto('deliveries')
          .values(
            Array.from({ length: 400 }, (_, i) => ({
              dedupeKey: `k${i}`,
              kind: 'notice',
              recipientKind: 'officer' as const,
              recipientId: `o${i}`,
              dueAt: clock.now(),
              nextAttemptAt: clock.now(),
              payload: '{}',
            })),
          )
          .execute();
        const other = await backend.another();
        const seen: number[][] = [[], []];
        await Promise.all(
          [store, other].map(async (s, w) => {
            for (;;) {
              const batch = await claimDue(s.db, {
                workerId: `w${w}`,
                now: clock.now(),
                limit: 7,
                leaseMs: HOUR,
              });
              if (!batch.length) break;
              seen[w]!.push(...batch.map((d) => d.id));
            }
          }),
        );
        const all = [...seen[0]!, ...seen[1]!];
        expect(all).toHaveLength(400);
        expect(new Set(all).size).toBe(400);
        expect(seen[0]!.length).toBeGreaterThan(0);
        expect(seen[1]!.length).toBeGreaterThan(0);
      });
  });
}
