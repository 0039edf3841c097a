import type { Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOfficer, subscribeChannel } from './directory.js';
import { createDispatcher, type OutboundMessage, type PlatformNotifier } from './dispatch.js';
import { fakeClock } from './reminders/clock.js';
import { runDeliveryLoop } from './reminders/loop.js';
import { enqueue } from './reminders/outbox.js';
import { databases, world } from './test-support.js';

const dbs = await databases();

/** A platform that records what it was handed. */
function recorder(): PlatformNotifier & { sent: OutboundMessage[] } {
  const sent: OutboundMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      return { ref: `ref-${sent.length}` };
    },
  };
}

describe.each(dbs)('delivery routing ($name)', ({ open }) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await open());
    await world(store, '2027-05-03T00:00:00Z');
    await registerOfficer(
      store,
      { id: 'real-csco-hanoi', name: 'Real CSCO, Ha Noi', role: 'csco', cityId: 'ha-noi' },
      [{ platform: 'slack', workspaceId: 'T1', userId: 'U-HANOI' }],
    );
    await registerOfficer(store, {
      id: 'real-nr-vn',
      name: 'Real NR, Viet Nam',
      role: 'national-representative',
      country: 'VN',
    });
    await subscribeChannel(store, {
      platform: 'slack',
      channelId: 'C-HANOI',
      name: 'ha-noi',
      workspaceId: 'T1',
      timeZone: 'Asia/Ho_Chi_Minh',
      cityId: 'ha-noi',
    });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  const queue = (key: string, recipient: { kind: 'officer' | 'channel'; id: string }) =>
    enqueue(store.db, {
      dedupeKey: key,
      kind: 'announcement',
      recipient,
      dueAt: new Date('2027-05-03T00:00:00Z'),
      payload: {
        v: 1,
        type: 'status-nudge',
        roundId: 1,
        roundTitle: 'Round',
        closesAt: '2027-06-30T00:00:00Z',
        cityId: 'ha-noi',
      },
    });

  it('addresses each message on its recipient’s platform, resolved by the core', async () => {
    const web = recorder();
    const slack = recorder();
    await queue('route:example', { kind: 'officer', id: 'demo-csco-yangon' });
    await queue('route:real', { kind: 'officer', id: 'real-csco-hanoi' });
    await queue('route:channel', { kind: 'channel', id: 'slack:C-HANOI' });
    const loop = runDeliveryLoop({
      db: store.db,
      notifier: createDispatcher({ store, platforms: { web, slack } }),
      workerId: 'route',
      clock: fakeClock('2027-05-03T00:00:00Z'),
      pollMs: 10,
    });
    while (loop.stats.sent < 3) await new Promise((r) => setTimeout(r, 20));
    await loop.stop();
    expect(web.sent.map((m) => [m.key, m.address])).toEqual([
      ['route:example', { platform: 'web', kind: 'user', id: 'demo-csco-yangon' }],
    ]);
    expect(slack.sent.map((m) => [m.key, m.address]).sort()).toEqual([
      ['route:channel', { platform: 'slack', kind: 'channel', id: 'C-HANOI', workspaceId: 'T1' }],
      [
        'route:real',
        // The city's channel is where they can be mentioned if their DMs are closed.
        {
          platform: 'slack',
          kind: 'user',
          id: 'U-HANOI',
          workspaceId: 'T1',
          fallbackChannelId: 'C-HANOI',
        },
      ],
    ]);
    expect(slack.sent[0]?.reply.blocks.length).toBeGreaterThan(0);
  });

  it('gives the web page the messages of an officer with no chat account; one with an account waits', async () => {
    const web = recorder();
    await queue('route:web-only', { kind: 'officer', id: 'real-nr-vn' });
    await queue('route:no-slack', { kind: 'officer', id: 'real-csco-hanoi' });
    const loop = runDeliveryLoop({
      db: store.db,
      notifier: createDispatcher({ store, platforms: { web }, waitMs: 60_000 }),
      workerId: 'wait',
      clock: fakeClock('2027-05-03T00:00:00Z'),
      pollMs: 10,
    });
    while (loop.stats.deferred < 1 || loop.stats.sent < 1)
      await new Promise((r) => setTimeout(r, 20));
    await loop.stop();
    // Read there only by that officer, signed in (the web server's rule).
    expect(web.sent.map((m) => [m.key, m.address])).toEqual([
      ['route:web-only', { platform: 'web', kind: 'user', id: 'real-nr-vn' }],
    ]);
    // Hanoi's officer is on Slack, which is not running here: the message waits for Slack,
    // without using an attempt, and is not handed to the web page instead.
    const rows = await store.db
      .selectFrom('deliveries')
      .select(['dedupeKey', 'status', 'attempts', 'lastError', 'nextAttemptAt'])
      .where('dedupeKey', 'in', ['route:web-only', 'route:no-slack'])
      .orderBy('dedupeKey')
      .execute();
    expect(rows).toEqual([
      {
        dedupeKey: 'route:no-slack',
        status: 'pending',
        attempts: 0,
        lastError: 'waiting: none of the recipient’s platforms is running here',
        nextAttemptAt: new Date('2027-05-03T00:01:00Z'),
      },
      expect.objectContaining({ dedupeKey: 'route:web-only', status: 'sent', attempts: 1 }),
    ]);
  });
});
