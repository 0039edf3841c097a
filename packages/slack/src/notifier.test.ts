import { readFileSync } from 'node:fs';
import {
  claimDue,
  createDispatcher,
  type Delivery,
  type FakeClock,
  fakeClock,
  markFailed,
  type Notifier,
  planRemindersFromStore,
  registerOfficer,
  runDeliveryLoop,
  seedEvents,
  subscribeChannel,
} from '@ascn/core';
import { parseCalendarFile } from '@ascn/domain';
import { openStore, type Store } from '@ascn/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_EVENT_TYPE, slackNotifier } from './notifier.js';
import { CALENDAR_FILE, silentLogger } from './test-support.js';
import { type FakeSlack, startFakeSlack } from './testing/index.js';

// Deliveries through the real outbox and dispatcher to the fake Slack: a reminder DM with its
// key in metadata, a re-send after a crash that finds the message instead of posting it
// again, 429s handed back to the outbox, and errors that will not change.

const ALICE = 'U0ALICE01';
let slack: FakeSlack;
let store: Store;
let clock: FakeClock;
let dispatcher: Notifier;

beforeEach(async () => {
  slack = await startFakeSlack();
  store = await openStore({ inMemory: true });
  await seedEvents(store.db, parseCalendarFile(CALENDAR_FILE, readFileSync(CALENDAR_FILE, 'utf8')));
  await registerOfficer(
    store,
    { id: 'csco-yangon', name: 'Alice Example', role: 'csco', cityId: 'yangon' },
    [{ platform: 'slack', workspaceId: slack.workspace.teamId, userId: ALICE }],
  );
  // The day before the example progress-report deadline (18 Dec), 10:00 in Yangon.
  clock = fakeClock('2026-12-17T03:30:00Z');
  await planRemindersFromStore(store.db, { now: clock.now() });
  dispatcher = createDispatcher({
    store,
    platforms: {
      slack: slackNotifier({ token: slack.botToken, apiUrl: slack.apiUrl, logger: silentLogger }),
    },
    publicUrl: 'https://ascn.example.org',
  });
});
afterEach(async () => {
  await store.close();
  await slack.close();
});

async function claimAlices(workerId: string): Promise<Delivery> {
  const claimed = await claimDue(store.db, { workerId, now: clock.now(), leaseMs: 60_000 });
  const mine = claimed.filter((d) => d.recipientId === 'csco-yangon');
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

describe('delivering to Slack', () => {
  it('sends a reminder as a direct message, with its delivery key in the message metadata', async () => {
    const delivery = await claimAlices('worker-a');
    const { ref } = await dispatcher.send(delivery);

    const dm = slack.dmChannel(ALICE);
    expect(slack.callsTo('conversations.open')[0]!.params).toMatchObject({ users: ALICE });
    const [message] = slack.messages(dm);
    expect(message).toMatchObject({
      bot_id: slack.workspace.botId,
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: delivery.dedupeKey } },
    });
    expect(ref).toBe(`${dm}:${message!.ts}`);
    expect(JSON.stringify(message!.blocks)).toContain('Reminder, tomorrow');
    // A first attempt does not look: nothing can have been posted before it.
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
  });

  it('does not post twice when the process died after posting and before marking it sent', async () => {
    const first = await claimAlices('worker-a');
    const { ref } = await dispatcher.send(first);
    // Worker A dies here: markSent never runs. Its lease runs out; worker B claims the row.
    clock.advance(61_000);
    const loop = runDeliveryLoop({
      db: store.db,
      notifier: dispatcher,
      workerId: 'worker-b',
      clock,
      pollMs: 20,
      onError: (e) => console.error(e),
    });
    const row = await waitForRow(first.id, 'sent');
    await loop.stop();

    expect(row.attempts).toBe(2);
    expect(row.deliveryRef).toBe(ref);
    expect(slack.messages(slack.dmChannel(ALICE))).toHaveLength(1);
    const looked = slack.callsTo('conversations.history');
    expect(looked.length).toBeGreaterThan(0);
    expect(looked[0]!.params).toMatchObject({ include_all_metadata: 'true' });
  });

  it('posts on a re-send when the first attempt never reached Slack (the control)', async () => {
    const first = await claimAlices('worker-a');
    slack.failNext('chat.postMessage', { status: 503 });
    await expect(dispatcher.send(first)).rejects.toThrow(/slack/);
    // Not retried inside the SDK: a post that timed out may have landed.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await markFailed(store.db, first.id, new Error('503'), clock.now(), { baseMs: 0, jitter: 0 });

    const again = await claimAlices('worker-b');
    expect(again.attempts).toBe(2);
    await dispatcher.send(again);
    expect(slack.messages(slack.dmChannel(ALICE))).toHaveLength(1);
  });

  it('hands a 429 back to the outbox with its Retry-After, without waiting inside the SDK', async () => {
    const delivery = await claimAlices('worker-a');
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const error = await dispatcher.send(delivery).then(
      () => undefined,
      (e: unknown) => e as { retryAfterMs?: number; permanent?: boolean },
    );
    expect(error).toMatchObject({ retryAfterMs: 30_000 });
    expect(error?.permanent).toBeUndefined();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const next = await markFailed(store.db, delivery.id, error, clock.now(), { jitter: 0 });
    expect(next?.status).toBe('pending');
    expect(next!.nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
  });

  it('fails at once on errors that will not change: an unknown channel, an inactive account', async () => {
    for (const code of ['channel_not_found', 'not_in_channel', 'account_inactive']) {
      const notifier = slackNotifier({
        token: slack.botToken,
        apiUrl: slack.apiUrl,
        logger: silentLogger,
      });
      slack.failNext('chat.postMessage', { error: code });
      const error = await notifier
        .send({
          key: `k-${code}`,
          attempt: 1,
          kind: 'announcement',
          address: { platform: 'slack', kind: 'channel', id: 'C0GENERAL' },
          reply: {
            blocks: [{ kind: 'text', text: 'hello' }],
            visibility: 'public',
            tone: 'normal',
          },
        })
        .then(
          () => undefined,
          (e: unknown) => e as { permanent?: boolean; message: string },
        );
      expect(error, code).toMatchObject({ permanent: true, message: `slack: ${code}` });
    }
  });

  it('mentions the person in their city channel when their direct messages are closed', async () => {
    await subscribeChannel(store, {
      platform: 'slack',
      workspaceId: slack.workspace.teamId,
      channelId: 'C0CITIES1',
      name: 'cities',
      timeZone: 'Asia/Yangon',
      cityId: 'yangon',
    });
    const delivery = await claimAlices('worker-a');
    slack.failNext('conversations.open', { error: 'cannot_dm_bot' });
    await dispatcher.send(delivery);
    const [message] = slack.messages('C0CITIES1');
    expect(JSON.stringify(message!.blocks)).toContain(`<@${ALICE}>`);
    expect(message!.metadata).toMatchObject({ event_payload: { key: delivery.dedupeKey } });
  });
});

async function waitForRow(id: number, status: string) {
  for (let i = 0; i < 500; i++) {
    const row = await store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === status) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`delivery ${id} never became ${status}`);
}
