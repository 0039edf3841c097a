import {
  DiscordAPIError,
  HTTPError,
  type RateLimitData,
  RateLimitError,
  RESTEvents,
  Routes,
  type TextChannel,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';
import {
  ana,
  ben,
  destroyClients,
  generalId,
  guildId,
  loginClient,
  restOnly,
  secretariatRoleId,
  testWorld,
} from './test-clients.js';

let fake: FakeDiscord;
let now: number;

beforeEach(async () => {
  now = Date.now();
  fake = await startFakeDiscord({ ...testWorld, clock: () => now });
});

afterEach(async () => {
  await destroyClients();
  await fake.close();
});

/** #general as the gateway client sees it. */
const general = async () => (await loginClient(fake)).channels.cache.get(generalId) as TextChannel;

/** What posting this body to #general gives back: the stored message, or the refusal. */
async function post(body: Record<string, unknown>, rest = restOnly(fake)): Promise<unknown> {
  return rest.post(Routes.channelMessages(generalId), { body }).catch((error: unknown) => error);
}

const row = (...components: unknown[]) => ({ type: 1, components });
const button = (customId: string) => ({ type: 2, style: 1, label: 'b', custom_id: customId });

describe('never doubled: nonce with enforce_nonce', () => {
  test('the same nonce sent twice gives back the first message instead of posting a second', async () => {
    const channel = await general();
    const first = await channel.send({
      content: 'Reminder: report due',
      nonce: 'r:42:7d',
      enforceNonce: true,
    });
    const again = await channel.send({
      content: 'Reminder: report due',
      nonce: 'r:42:7d',
      enforceNonce: true,
    });

    expect(again.id).toBe(first.id);
    expect(fake.messages(generalId).map((m) => m.id)).toEqual([first.id]);
    expect(fake.gatewayLog.filter((f) => f.t === 'MESSAGE_CREATE')).toHaveLength(1);
    // Without enforce_nonce Discord does not deduplicate.
    const unenforced = await channel.send({ content: 'Reminder: report due', nonce: 'r:42:7d' });
    expect(unenforced.id).not.toBe(first.id);
    expect(fake.messages(generalId)).toHaveLength(2);
  });

  test('the nonce is remembered for a few minutes only, and is not kept on the message', async () => {
    const channel = await general();
    const first = await channel.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
    expect(first.nonce).toBe('n-1');
    // Reading the channel back (as a restarted process would) does not show the nonce:
    // a re-send after a crash cannot look for it there.
    const history = (await restOnly(fake).get(Routes.channelMessages(generalId))) as object[];
    expect(history).toEqual([expect.objectContaining({ id: first.id })]);
    expect(history[0]).not.toHaveProperty('nonce');

    now += 5 * 60_000 + 1;
    const later = await channel.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
    expect(later.id).not.toBe(first.id);
  });

  test("discord.js's own retry of a timed-out POST doubles a message, unless the nonce is enforced", async () => {
    const patient = restOnly(fake, { timeoutMs: 100, retries: 1 });
    fake.delayNext({ method: 'POST', path: `/channels/${generalId}/messages`, delayMs: 300 });
    await post({ content: 'no nonce' }, patient);
    await fake.until(() => fake.messages(generalId).length === 2, {
      what: 'the slow first attempt',
    });
    expect(fake.messages(generalId).map((m) => m.content)).toEqual(['no nonce', 'no nonce']);

    fake.delayNext({ method: 'POST', path: `/channels/${generalId}/messages`, delayMs: 300 });
    await post({ content: 'with nonce', nonce: 'k-1', enforce_nonce: true }, patient);
    await fake.until(() => fake.requests.filter((r) => r.status === 200).length === 4, {
      what: 'both attempts answered',
    });
    expect(fake.messages(generalId).map((m) => m.content)).toEqual([
      'no nonce',
      'no nonce',
      'with nonce',
    ]);
  });

  test('a nonce over 25 characters is refused', async () => {
    const refused = await post({ content: 'x', nonce: 'n'.repeat(26), enforce_nonce: true });
    expect(refused).toMatchObject({
      code: 50035,
      rawError: { errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
  });

  test('a send that times out may still have been posted; re-sending with its nonce does not double it', async () => {
    fake.delayNext({ method: 'POST', path: `/channels/${generalId}/messages`, delayMs: 400 });
    const impatient = restOnly(fake, { timeoutMs: 100, retries: 0 });
    const body = {
      content: 'Status round opens today',
      nonce: 'round-2025-open',
      enforce_nonce: true,
    };

    expect(await post(body, impatient)).toMatchObject({ name: 'AbortError' });
    await fake.until(() => fake.messages(generalId).length === 1, {
      what: 'the slow post to land',
    });
    const resent = (await post(body, impatient)) as { id: string };
    expect(fake.messages(generalId).map((m) => m.id)).toEqual([resent.id]);
  });
});

describe("Discord's limits on messages", () => {
  test.each([
    ['content over 2,000', { content: 'x'.repeat(2001) }, { content: 'BASE_TYPE_MAX_LENGTH' }],
    [
      'more than 10 embeds',
      { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
      { embeds: 'BASE_TYPE_MAX_LENGTH' },
    ],
    [
      'a description over 4,096',
      { embeds: [{ description: 'x'.repeat(4097) }] },
      { embeds: { 0: { description: 'BASE_TYPE_MAX_LENGTH' } } },
    ],
    [
      'more than 25 fields',
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      { embeds: { 0: { fields: 'BASE_TYPE_MAX_LENGTH' } } },
    ],
    [
      'a field value over 1,024',
      { embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] },
      { embeds: { 0: { fields: { 0: { value: 'BASE_TYPE_BAD_LENGTH' } } } } },
    ],
    [
      'embeds over 6,000 characters together',
      { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] },
      { embeds: 'MAX_EMBED_SIZE_EXCEEDED' },
    ],
    [
      'more than 5 action rows',
      { components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) },
      { components: 'BASE_TYPE_MAX_LENGTH' },
    ],
    [
      'a custom id over 100',
      { components: [row(button('x'.repeat(101)))] },
      { components: { 0: { components: { 0: { custom_id: 'BASE_TYPE_BAD_LENGTH' } } } } },
    ],
    [
      'a custom id used twice',
      { components: [row(button('same'), button('same'))] },
      { components: { 0: { components: { 1: { custom_id: 'COMPONENT_CUSTOM_ID_DUPLICATED' } } } } },
    ],
  ])('%s is refused with 50035 at its path, and nothing is posted', async (_, body, where) => {
    const refused = await post(body);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ code: 50035, status: 400 });
    const toErrors = (tree: unknown): unknown =>
      typeof tree === 'string'
        ? { _errors: [expect.objectContaining({ code: tree })] }
        : Object.fromEntries(Object.entries(tree as object).map(([k, v]) => [k, toErrors(v)]));
    expect((refused as DiscordAPIError).rawError).toMatchObject({ errors: toErrors(where) });
    expect(fake.messages(generalId)).toEqual([]);
  });

  test('everything exactly at the limits is accepted', async () => {
    const posted = await post({
      content: 'x'.repeat(2000),
      embeds: [
        {
          title: 't'.repeat(256),
          description: 'd'.repeat(1000),
          fields: Array.from({ length: 25 }, () => ({
            name: 'n'.repeat(10),
            value: 'v'.repeat(170),
          })),
        },
      ],
      components: Array.from({ length: 5 }, (_, i) => row(button(`${i}`.padEnd(100, 'c')))),
    });
    expect(posted).toMatchObject({ content: 'x'.repeat(2000) });
    expect(fake.messages(generalId)).toHaveLength(1);
  });

  test('an empty message is refused with 50006', async () => {
    expect(await post({ content: '' })).toMatchObject({
      code: 50006,
      message: 'Cannot send an empty message',
    });
  });

  test('allowed_mentions decides who is pinged; what people typed can be posted pinging nobody', async () => {
    const channel = await general();
    const quiet = await channel.send({
      content: `<@${ana.id}> asked: ping <@${ben.id}> @everyone`,
    });
    expect(fake.message(quiet.id)).toMatchObject({ mentions: [], mention_everyone: false });
    const pinged = await channel.send({
      content: `<@${ana.id}> your answer`,
      allowedMentions: { users: [ana.id] },
    });
    expect(fake.message(pinged.id)!.mentions.map((u) => u.id)).toEqual([ana.id]);
  });

  test('only the bot may edit its messages: someone else’s gives 50005', async () => {
    const channel = await general();
    const own = await channel.send({ content: 'draft' });
    const edited = await own.edit({ content: 'final' });
    expect(fake.message(own.id)).toMatchObject({
      content: 'final',
      edited_timestamp: edited.editedAt!.toISOString(),
    });
    const theirs = fake.userMessage({ userId: ana.id, channelId: generalId, content: 'mine' });
    const refused = await restOnly(fake)
      .patch(Routes.channelMessage(generalId, theirs.id), { body: { content: 'hijacked' } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 50005, status: 403 });
  });
});

describe('reading back', () => {
  test('channel history pages newest first with limit, before and after; a limit over 100 is refused', async () => {
    const channel = await general();
    const sent = [];
    for (const n of [1, 2, 3, 4, 5]) sent.push(await channel.send({ content: `m${n}` }));
    const ids = (list: { values(): Iterable<{ content: string }> }) =>
      [...list.values()].map((m) => m.content);

    expect(ids(await channel.messages.fetch({ limit: 2, cache: false }))).toEqual(['m5', 'm4']);
    expect(ids(await channel.messages.fetch({ before: sent[2]!.id, cache: false }))).toEqual([
      'm2',
      'm1',
    ]);
    expect(ids(await channel.messages.fetch({ after: sent[2]!.id, cache: false }))).toEqual([
      'm5',
      'm4',
    ]);
    await expect(channel.messages.fetch({ limit: 101 })).rejects.toMatchObject({ code: 50035 });
  });

  test('guild, channel and member are fetched with their roles; a stranger is 10007 Unknown Member', async () => {
    const client = await loginClient(fake);
    const guild = client.guilds.cache.get(guildId)!;
    const member = await guild.members.fetch(ana.id);
    expect(member.roles.cache.has(secretariatRoleId)).toBe(true);
    const fetched = await client.guilds.fetch({ guild: guildId, force: true });
    expect(fetched.roles.cache.get(secretariatRoleId)?.permissions.has('Administrator')).toBe(true);
    const channel = await client.channels.fetch(generalId, { force: true });
    expect(channel).toMatchObject({ id: generalId, name: 'general', guildId });
    await expect(guild.members.fetch('110000000000000099')).rejects.toMatchObject({ code: 10007 });
  });

  test('REST needs the bot token: none or a wrong one gets 401', async () => {
    const url = `${fake.apiUrl}/v10/users/@me`;
    expect((await fetch(url)).status).toBe(401);
    const wrong = await fetch(url, { headers: { Authorization: 'Bot wrong' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const right = await fetch(url, { headers: { Authorization: `Bot ${fake.token}` } });
    expect(await right.json()).toMatchObject({ id: fake.botUser.id, bot: true });
  });
});

describe('DMs', () => {
  test('a logged-in client DMs a person; closed DMs fail with 403 50007', async () => {
    const client = await loginClient(fake);
    const sent = await client.users.send(ana.id, 'Your report is due in 7 days.');
    expect(fake.messages(fake.dmChannelId(ana.id)!)).toEqual([
      expect.objectContaining({ id: sent.id }),
    ]);

    const refused = await client.users
      .send(ben.id, 'Your report is due.')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({
      code: 50007,
      status: 403,
      message: 'Cannot send messages to this user',
    });
  });

  test('REST alone (no gateway) opens the DM channel and sends, with the same 50007 for closed DMs', async () => {
    const rest = restOnly(fake);
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: ana.id } })) as {
      id: string;
    };
    await rest.post(Routes.channelMessages(dm.id), { body: { content: 'Reminder' } });
    expect(fake.messages(dm.id).map((m) => m.content)).toEqual(['Reminder']);

    const closed = (await rest.post(Routes.userChannels(), { body: { recipient_id: ben.id } })) as {
      id: string;
    };
    const refused = await rest
      .post(Routes.channelMessages(closed.id), { body: { content: 'Reminder' } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 50007, status: 403 });
    expect(fake.sessions()).toEqual([]);
  });
});

describe('rate limits and failures', () => {
  const messagesPath = `/channels/${generalId}/messages`;

  test('discord.js waits out a 429 with retry_after, then the message is posted once', async () => {
    const rest = restOnly(fake);
    const limited: RateLimitData[] = [];
    rest.on(RESTEvents.RateLimited, (info) => limited.push(info));
    fake.rateLimitNext({ method: 'POST', path: messagesPath, count: 2, retryAfter: 0.2 });

    expect(await post({ content: 'after the wait' }, rest)).toMatchObject({
      content: 'after the wait',
    });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(limited.map((l) => l.route)).toEqual([
      '/channels/:id/messages',
      '/channels/:id/messages',
    ]);
    expect(fake.messages(generalId)).toHaveLength(1);
  });

  test('rejectOnRateLimit makes a 429 an error instead of a wait', async () => {
    const rest = restOnly(fake);
    rest.options.rejectOnRateLimit = ['/channels'];
    fake.rateLimitNext({ method: 'POST', path: messagesPath, retryAfter: 30 });
    expect(await post({ content: 'x' }, rest)).toBeInstanceOf(RateLimitError);
    expect(fake.messages(generalId)).toEqual([]);
  });

  test('the rate-limit headers are honest: discord.js paces itself and never meets a 429', async () => {
    await fake.close();
    fake = await startFakeDiscord({ ...testWorld, bucketLimit: { requests: 2, windowMs: 300 } });
    const rest = restOnly(fake);
    await Promise.all([1, 2, 3, 4, 5].map((n) => post({ content: `m${n}` }, rest)));
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(fake.messages(generalId)).toHaveLength(5);
  });

  test('rest.retries bounds the retries of a 5xx: retries 1 means two attempts, then HTTPError', async () => {
    fake.failNext({ method: 'POST', path: messagesPath, count: 5, status: 502 });
    const error = await post({ content: 'x' }, restOnly(fake, { retries: 1 }));
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).toMatchObject({ status: 502 });
    expect(fake.requests.map((r) => r.status)).toEqual([502, 502]);
  });
});
