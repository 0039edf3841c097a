/**
 * Delivery through REST (what every replica does), against the fake Discord: nonces, the
 * marker that outlives the nonce's window, closed DMs, rate limits and failures.
 */
import { type DeliveryError, idempotencyNonce, type OutboundMessage, reply } from '@ascn/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createRestClient } from './client.js';
import { createDiscordNotifier, deliveryMarker } from './notifier.js';
import { channels, fakeWorld, people } from './test-bot.js';
import { type FakeDiscord, startFakeDiscord } from './testing/index.js';

let fake: FakeDiscord;
let now: number;

beforeEach(async () => {
  now = Date.now();
  fake = await startFakeDiscord(fakeWorld({ clock: () => now }));
});
afterEach(() => fake.close());

const notifier = (endpoint: { timeoutMs?: number; retries?: number } = {}) =>
  createDiscordNotifier({
    rest: createRestClient(fake.token, {
      apiUrl: fake.apiUrl,
      rejectRateLimitsOverMs: 10_000,
      ...endpoint,
    }),
  });

const reminder = (
  key: string,
  attempt: number,
  to: OutboundMessage['address'],
): OutboundMessage => ({
  key,
  attempt,
  kind: 'reminder',
  address: to,
  reply: reply(
    [
      { kind: 'heading', text: 'Reminder, in 7 days: ASCN Annual Meeting' },
      {
        kind: 'fields',
        fields: [
          {
            label: 'When',
            value: [{ kind: 'time', at: '2031-07-01T02:00:00Z', style: 'datetime' }],
          },
        ],
      },
      {
        kind: 'buttons',
        buttons: [{ action: { kind: 'reminder-snooze', deliveryId: 42 }, label: 'Snooze 1 day' }],
      },
    ],
    { visibility: 'public' },
  ),
});

const toCsco = { platform: 'discord' as const, kind: 'user' as const, id: people.csco.id };
const posts = () =>
  fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));

describe('delivering through REST', () => {
  test('a DM goes out once, with a nonce from the key enforced and the marker in its footer', async () => {
    const key = 'reminder:annual-meeting:7:officer:csco-yangon';
    const { ref } = await notifier().send(reminder(key, 1, toCsco));
    const dm = fake.dmChannelId(people.csco.id)!;
    const [message] = fake.messages(dm);
    expect(ref).toBe(`${dm}/${message!.id}`);
    expect(posts()[0]!.body).toMatchObject({ nonce: idempotencyNonce(key), enforce_nonce: true });
    expect(message!.embeds[0]!.footer!.text).toBe(`ref ${deliveryMarker(key)}`);
    expect(message!.embeds[0]!.fields![0]!.value).toBe(
      `<t:${Date.parse('2031-07-01T02:00:00Z') / 1000}:F>`,
    );
    // Discord keeps no nonce: history does not show it.
    expect(message).not.toHaveProperty('nonce');
  });

  test('a send whose answer was lost, sent again within the nonce window, posts nothing new', async () => {
    const key = 'reminder:lost-answer';
    // The first attempt lands on Discord's side, but its answer never comes back in time.
    fake.holdAnswerNext({ method: 'POST', path: /\/messages$/, delayMs: 10_000 });
    await expect(
      notifier({ timeoutMs: 2000, retries: 0 }).send(reminder(key, 1, toCsco)),
    ).rejects.toThrow();
    const dm = () => fake.dmChannelId(people.csco.id)!;
    expect(fake.messages(dm())).toHaveLength(1);
    const { ref } = await notifier().send(reminder(key, 1, toCsco));
    expect(fake.messages(dm())).toHaveLength(1);
    expect(ref).toBe(`${dm()}/${fake.messages(dm())[0]!.id}`);
  });

  test('past the nonce window, a later attempt finds its first copy by the marker', async () => {
    const key = 'reminder:after-a-crash';
    const first = await notifier().send(reminder(key, 1, toCsco));
    const dm = fake.dmChannelId(people.csco.id)!;
    // Other messages since, and Discord's few minutes are over.
    for (let n = 0; n < 3; n++) await notifier().send(reminder(`other:${n}`, 1, toCsco));
    now += 30 * 60_000;
    const before = posts().length;
    const again = await notifier().send(reminder(key, 2, toCsco));
    expect(again).toEqual(first);
    expect(posts().length).toBe(before);
    expect(fake.messages(dm)).toHaveLength(4);
    // What the nonce alone would have done (an attempt that does not look): a second copy.
    await notifier().send(reminder(key, 1, toCsco));
    expect(fake.messages(dm)).toHaveLength(5);
  });

  test('a person whose DMs are closed is mentioned in their city channel instead, once', async () => {
    const key = 'reminder:closed-dms';
    const to = { ...toCsco, id: people.closed.id, fallbackChannelId: channels.makassar };
    const sent = await notifier().send(reminder(key, 1, to));
    const [message] = fake.messages(channels.makassar);
    expect(sent.ref).toBe(`${channels.makassar}/${message!.id}`);
    expect(message!.content).toMatch(
      new RegExp(`^<@${people.closed.id}> I could not send you a direct message`),
    );
    expect(message!.mentions.map((u) => u.id)).toEqual([people.closed.id]);
    now += 30 * 60_000;
    expect(await notifier().send(reminder(key, 3, to))).toEqual(sent);
    expect(fake.messages(channels.makassar)).toHaveLength(1);
  });

  test('closed DMs and no city channel: a permanent failure, not retried', async () => {
    const error = (await notifier()
      .send(reminder('reminder:nowhere', 1, { ...toCsco, id: people.closed.id }))
      .catch((e: unknown) => e)) as Error & DeliveryError;
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('50007');
  });

  test('a short rate limit is waited out; a long one becomes a retry after Discord’s retry_after', async () => {
    const channel = {
      platform: 'discord' as const,
      kind: 'channel' as const,
      id: channels.general,
    };
    fake.rateLimitNext({ method: 'POST', path: /\/messages$/, retryAfter: 0.2 });
    await notifier().send(reminder('announcement:short-limit', 1, channel));
    expect(fake.messages(channels.general)).toHaveLength(1);
    fake.rateLimitNext({ method: 'POST', path: /\/messages$/, retryAfter: 45 });
    const error = (await notifier()
      .send(reminder('announcement:long-limit', 1, channel))
      .catch((e: unknown) => e)) as DeliveryError;
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(44_000);
    expect(error.permanent).toBeUndefined();
    expect(fake.messages(channels.general)).toHaveLength(1);
  });

  test('an unknown channel fails for good; Discord failing is tried again later', async () => {
    const gone = (await notifier()
      .send(
        reminder('x:gone', 1, { platform: 'discord', kind: 'channel', id: '239999999999999999' }),
      )
      .catch((e: unknown) => e)) as DeliveryError;
    expect(gone.permanent).toBe(true);
    fake.failNext({ method: 'POST', path: /\/messages$/, status: 502, count: 2 });
    const down = (await notifier({ retries: 1 })
      .send(reminder('x:down', 1, { platform: 'discord', kind: 'channel', id: channels.general }))
      .catch((e: unknown) => e)) as DeliveryError;
    expect(down.permanent).toBeFalsy();
    expect(fake.messages(channels.general)).toHaveLength(0);
  });
});
