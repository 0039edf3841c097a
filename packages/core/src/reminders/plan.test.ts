import type { CalendarEvent } from '@ascn/domain';
import type { Store } from '@ascn/store';
import { upsertChannel, upsertEvent, upsertOfficer } from '@ascn/store';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { markDone } from './actions.js';
import { fakeClock } from './clock.js';
import { claimDue } from './outbox.js';
import { planReminders, planRemindersFromStore, reminderKey } from './plan.js';
import type { OfficerLike } from './recipients.js';
import { backends, describeName } from './test-backends.js';

const meeting: CalendarEvent = {
  id: 'annual-meeting-2026',
  kind: 'annual-meeting',
  title: 'ASCN Annual Meeting',
  start: '2026-07-07',
  timeZone: 'Asia/Singapore',
  example: true,
};

/** Officers across ASEAN zones; one lives away from her city. */
const officers: OfficerLike[] = [
  { id: 'yangon', cityId: 'yangon' }, // Asia/Yangon, UTC+6:30
  { id: 'bangkok', cityId: 'bangkok' }, // Asia/Bangkok, UTC+7
  { id: 'jakarta', cityId: 'dki-jakarta' }, // Asia/Jakarta, UTC+7
  { id: 'makassar', cityId: 'makassar' }, // Asia/Makassar, UTC+8
  { id: 'manila', cityId: 'manila' }, // Asia/Manila, UTC+8
  { id: 'makassar-in-jakarta', cityId: 'makassar', timeZone: 'Asia/Jakarta' },
];

for (const backend of backends()) {
  describe.skipIf(backend.skip)(describeName(backend, 'planReminders'), () => {
    let store: Store;
    const clock = fakeClock('2026-05-01T00:00:00Z');
    beforeEach(async () => {
      store = await backend.fresh();
      clock.set('2026-05-01T00:00:00Z');
    });
    afterAll(() => backend.close());

    const rows = () => store.db.selectFrom('deliveries').selectAll().orderBy('dedupeKey').execute();
    const dueOf = async (key: string) =>
      (
        await store.db
          .selectFrom('deliveries')
          .select('dueAt')
          .where('dedupeKey', '=', key)
          .executeTakeFirstOrThrow()
      ).dueAt.toISOString();

    it('plans each lead time at 09:00 in each recipient’s own zone (exact UTC instants)', async () => {
      const summary = await planReminders(store.db, {
        events: [meeting],
        recipients: { officers },
        now: clock.now(),
      });
      expect(summary).toMatchObject({ planned: 30, inserted: 30, updated: 0, skipped: 0 });
      const due = (id: string, lead: number) =>
        dueOf(reminderKey(meeting.id, lead, { kind: 'officer', id }));
      // 30 days before 7 July is 7 June; 09:00 local in each zone.
      expect(await due('yangon', 30)).toBe('2026-06-07T02:30:00.000Z');
      expect(await due('bangkok', 30)).toBe('2026-06-07T02:00:00.000Z');
      expect(await due('jakarta', 30)).toBe('2026-06-07T02:00:00.000Z');
      expect(await due('makassar', 30)).toBe('2026-06-07T01:00:00.000Z');
      expect(await due('manila', 30)).toBe('2026-06-07T01:00:00.000Z');
      expect(await due('makassar-in-jakarta', 30)).toBe('2026-06-07T02:00:00.000Z');
      expect(await due('yangon', 14)).toBe('2026-06-23T02:30:00.000Z');
      expect(await due('makassar', 7)).toBe('2026-06-30T01:00:00.000Z');
      expect(await due('manila', 1)).toBe('2026-07-06T01:00:00.000Z');
      expect(await due('yangon', 0)).toBe('2026-07-07T02:30:00.000Z');
      expect(await due('makassar-in-jakarta', 0)).toBe('2026-07-07T02:00:00.000Z');
    });

    it('hands each reminder out when the fake clock reaches it, zone by zone', async () => {
      await planReminders(store.db, {
        events: [meeting],
        recipients: { officers },
        now: clock.now(),
      });
      const claim = async (at: string) => {
        clock.set(at);
        const claimed = await claimDue(store.db, {
          workerId: 'w',
          now: clock.now(),
          limit: 100,
          leaseMs: 86_400_000,
        });
        return claimed.map((d) => `${d.recipientId}:${d.leadDays}`).sort();
      };
      expect(await claim('2026-06-07T00:59:59Z')).toEqual([]);
      expect(await claim('2026-06-07T01:00:00Z')).toEqual(['makassar:30', 'manila:30']);
      expect(await claim('2026-06-07T02:00:00Z')).toEqual([
        'bangkok:30',
        'jakarta:30',
        'makassar-in-jakarta:30',
      ]);
      expect(await claim('2026-06-07T02:29:59Z')).toEqual([]);
      expect(await claim('2026-06-07T02:30:00Z')).toEqual(['yangon:30']);
      const late = await store.db
        .selectFrom('deliveries')
        .select('late')
        .where('status', '=', 'sending')
        .execute();
      expect(late.every((r) => !r.late)).toBe(true);
    });

    it('sends channels at the channel’s zone, and only channels with reminders on', async () => {
      await planReminders(store.db, {
        events: [meeting],
        recipients: {
          channels: [
            { platform: 'slack', channelId: 'C1', timeZone: 'Asia/Manila', reminders: true },
            { platform: 'discord', channelId: '42', timeZone: 'Asia/Yangon', reminders: true },
            { platform: 'slack', channelId: 'C2', timeZone: 'Asia/Manila', reminders: false },
          ],
        },
        policy: { leadTimes: [1] },
        now: clock.now(),
      });
      const all = await rows();
      expect(all.map((r) => [r.recipientKind, r.recipientId, r.dueAt.toISOString()])).toEqual([
        ['channel', 'discord:42', '2026-07-06T02:30:00.000Z'],
        ['channel', 'slack:C1', '2026-07-06T01:00:00.000Z'],
      ]);
      expect(all[0]!.payload).toMatchObject({
        type: 'reminder',
        label: 'tomorrow',
        leadDays: 1,
        recipientZone: 'Asia/Yangon',
        dueLocal: 'Mon 6 Jul 2026, 09:00 (UTC+6:30)',
        event: { id: meeting.id, title: meeting.title, start: '2026-07-07', example: true },
      });
    });

    it('counts a recipient or an event listed twice once', async () => {
      const summary = await planReminders(store.db, {
        events: [meeting, { ...meeting, title: 'ASCN Annual Meeting (edited)' }],
        recipients: [
          { kind: 'officer', id: 'x', timeZone: 'Asia/Makassar' },
          { kind: 'officer', id: 'x', timeZone: 'Asia/Jakarta' },
        ],
        policy: { leadTimes: [1] },
        now: clock.now(),
      });
      expect(summary.inserted).toBe(1);
      const [row] = await rows();
      expect(row!.dueAt.toISOString()).toBe('2026-07-06T02:00:00.000Z');
      expect(row!.payload).toMatchObject({ event: { title: 'ASCN Annual Meeting (edited)' } });
    });

    it('honours the policy’s delivery time and lead times', async () => {
      await planReminders(store.db, {
        events: [meeting],
        recipients: [{ kind: 'officer', id: 'x', timeZone: 'Asia/Makassar' }],
        policy: { leadTimes: [3], deliverAt: '17:30' },
        now: clock.now(),
      });
      expect((await rows()).map((r) => r.dueAt.toISOString())).toEqual([
        '2026-07-04T09:30:00.000Z',
      ]);
    });

    it('is idempotent, and re-planning after an edit updates pending rows without duplicating', async () => {
      const input = {
        events: [meeting],
        recipients: { officers: officers.slice(0, 2) },
        now: clock.now(),
      };
      await planReminders(store.db, input);
      const again = await planReminders(store.db, input);
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 10 });

      // The 30-day reminder to Yangon went out; then the meeting moved a week later.
      await store.db
        .updateTable('deliveries')
        .set({ status: 'sent' })
        .where('dedupeKey', '=', reminderKey(meeting.id, 30, { kind: 'officer', id: 'yangon' }))
        .execute();
      const moved = { ...meeting, start: '2026-07-14', place: 'Singapore' };
      const edited = await planReminders(store.db, { ...input, events: [moved] });
      expect(edited).toMatchObject({ inserted: 0, updated: 9, unchanged: 1 });
      const all = await rows();
      expect(all).toHaveLength(10);
      const yangon14 = all.find(
        (r) => r.dedupeKey === reminderKey(meeting.id, 14, { kind: 'officer', id: 'yangon' }),
      )!;
      expect(yangon14.dueAt.toISOString()).toBe('2026-06-30T02:30:00.000Z');
      expect(yangon14.nextAttemptAt.toISOString()).toBe('2026-06-30T02:30:00.000Z');
      expect(yangon14.payload).toMatchObject({
        event: { start: '2026-07-14', place: 'Singapore' },
      });
      const yangon30 = all.find(
        (r) => r.dedupeKey === reminderKey(meeting.id, 30, { kind: 'officer', id: 'yangon' }),
      )!;
      expect(yangon30).toMatchObject({ status: 'sent', dueAt: new Date('2026-06-07T02:30:00Z') });
    });

    it('drops a cancelled event’s pending reminders, keeping those already sent', async () => {
      await planReminders(store.db, {
        events: [meeting],
        recipients: { officers: officers.slice(0, 1) },
        now: clock.now(),
      });
      await store.db
        .updateTable('deliveries')
        .set({ status: 'sent' })
        .where('leadDays', '=', 30)
        .execute();
      const summary = await planReminders(store.db, {
        events: [{ ...meeting, cancelled: true }],
        recipients: { officers: officers.slice(0, 1) },
        now: clock.now(),
      });
      expect(summary.dropped).toBe(4);
      const statuses = (await rows()).map((r) => `${r.leadDays}:${r.status}`).sort();
      expect(statuses).toEqual(['0:dropped', '14:dropped', '1:dropped', '30:sent', '7:dropped']);
      expect((await rows()).find((r) => r.leadDays === 0)?.lastError).toMatch(/cancelled/);
    });

    it('creates nothing for an event that has started; creates past-due rows of one not yet started', async () => {
      clock.set('2026-07-07T03:00:00Z'); // 11:00 in Singapore on the (all-day) day itself
      const timed = { ...meeting, id: 'report-due', kind: 'report-due' as const, time: '10:00' };
      const summary = await planReminders(store.db, {
        events: [timed],
        recipients: [{ kind: 'officer', id: 'a', timeZone: 'Asia/Manila' }],
        now: clock.now(),
      });
      expect(summary).toMatchObject({ inserted: 0, skipped: 5 });

      // A new event, 3 days out: the 30/14/7-day reminders are already past, and created;
      // the claim-time rule sends the newest (late) and drops the superseded ones.
      clock.set('2026-07-04T00:00:00Z');
      const soon = await planReminders(store.db, {
        events: [meeting],
        recipients: [{ kind: 'officer', id: 'a', timeZone: 'Asia/Manila' }],
        now: clock.now(),
      });
      expect(soon.inserted).toBe(5);
      const claimed = await claimDue(store.db, { workerId: 'w', now: clock.now() });
      expect(claimed.map((d) => [d.leadDays, d.late])).toEqual([[7, true]]);
      expect(claimed[0]!.payload).toMatchObject({ late: true, label: 'in 3 days', daysLeft: 3 });
      const dropped = (await rows()).filter((r) => r.status === 'dropped').map((r) => r.leadDays);
      expect(dropped.sort()).toEqual([14, 30]);
    });

    it('does not plan a morning-of reminder that would arrive after a timed event starts', async () => {
      const early = { ...meeting, id: 'breakfast', time: '08:00' }; // 08:00 in Singapore
      await planReminders(store.db, {
        events: [early],
        recipients: [
          { kind: 'officer', id: 'yangon', timeZone: 'Asia/Yangon' }, // 09:00 Yangon = 10:30 Singapore
        ],
        policy: { leadTimes: [1, 0] },
        now: clock.now(),
      });
      expect((await rows()).map((r) => r.leadDays)).toEqual([1]);
    });

    it('prunes rows no longer planned (a recipient gone, a lead time removed) when asked', async () => {
      await planReminders(store.db, {
        events: [meeting],
        recipients: { officers: officers.slice(0, 2) },
        now: clock.now(),
      });
      const summary = await planReminders(store.db, {
        events: [meeting],
        recipients: { officers: officers.slice(0, 1) },
        policy: { leadTimes: [7, 1, 0] },
        now: clock.now(),
        prune: true,
      });
      expect(summary.dropped).toBe(7);
      const pending = (await rows())
        .filter((r) => r.status === 'pending')
        .map((r) => `${r.recipientId}:${r.leadDays}`);
      expect(pending.sort()).toEqual(['yangon:0', 'yangon:1', 'yangon:7']);
    });

    it('plans nothing more for a recipient who marked the event done', async () => {
      const input = {
        events: [meeting],
        recipients: { officers: officers.slice(0, 2) },
        now: clock.now(),
      };
      await planReminders(store.db, input);
      expect(await markDone(store.db, meeting.id, { kind: 'officer', id: 'yangon' })).toBe(5);
      const again = await planReminders(store.db, {
        ...input,
        policy: { leadTimes: [30, 14, 7, 3, 1, 0] },
      });
      expect(again.inserted).toBe(1); // the new 3-day reminder, for Bangkok only
      const pending = (await rows())
        .filter((r) => r.status === 'pending')
        .map((r) => r.recipientId);
      expect(new Set(pending)).toEqual(new Set(['bangkok']));
    });

    it('plans from the store: events, officers not removed, channels with reminders on', async () => {
      await upsertEvent(store.db, meeting);
      await upsertEvent(store.db, { ...meeting, id: 'cancelled-one', cancelled: true });
      await upsertOfficer(store.db, {
        id: 'o1',
        name: 'Officer One',
        role: 'csco',
        cityId: 'makassar',
        example: true,
      });
      await upsertChannel(store.db, {
        platform: 'slack',
        channelId: 'C9',
        name: 'ascn',
        reminders: true,
        timeZone: 'Asia/Bangkok',
      });
      await upsertChannel(store.db, {
        platform: 'slack',
        channelId: 'C8',
        name: 'quiet',
        timeZone: 'Asia/Bangkok',
      });
      const summary = await planRemindersFromStore(store.db, { now: clock.now() });
      expect(summary.inserted).toBe(10);
      expect(new Set((await rows()).map((r) => r.recipientId))).toEqual(
        new Set(['o1', 'slack:C9']),
      );
    });
  });
}
