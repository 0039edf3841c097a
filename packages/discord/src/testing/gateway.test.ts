import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { BOT_INTENTS, clientOptions } from '../client.js';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';
import { Intents, Op } from './gateway.js';
import { shardOf } from './snowflake.js';
import { ana, destroyClients, generalId, guildId, loginClient, testWorld } from './test-clients.js';

let fake: FakeDiscord;

beforeEach(async () => {
  fake = await startFakeDiscord(testWorld);
});

afterEach(async () => {
  await destroyClients();
  await fake.close();
});

/** Collects the messages a client receives. */
function messagesOf(client: Client): Message[] {
  const seen: Message[] = [];
  client.on(Events.MessageCreate, (message) => seen.push(message));
  return seen;
}

describe('logging in', () => {
  test('discord.js finds the gateway through REST, identifies, and is ready as the fake bot', async () => {
    const client = await loginClient(fake);

    expect(client.user.id).toBe(fake.botUser.id);
    expect(client.user.username).toBe(fake.botUser.username);
    expect(client.application.id).toBe(fake.applicationId);
    expect(fake.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(200);
    const [identify, ...more] = fake.received(Op.Identify);
    expect(more).toHaveLength(0);
    expect(identify!.path).toBe('/gateway');
    expect(identify!.d).toMatchObject({ token: '[redacted]', intents: BOT_INTENTS, shard: [0, 1] });
    // GUILD_CREATE filled the cache: the guild, its channel and role.
    const guild = client.guilds.cache.get(guildId)!;
    expect(guild.name).toBe('ASCN');
    expect(guild.channels.cache.get(generalId)?.name).toBe('general');
    expect(guild.roles.cache.map((r) => r.name).sort()).toEqual(['@everyone', 'Secretariat']);
  });

  test('heartbeats are acknowledged, so discord.js measures a latency', async () => {
    const client = await loginClient(fake);
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 5000 });
    const acks = fake.gatewayLog.filter((f) => f.direction === 'sent' && f.op === Op.HeartbeatAck);
    expect(acks.length).toBeGreaterThan(0);
  });

  test('every dispatch carries the next sequence number', async () => {
    await loginClient(fake);
    fake.userMessage({ userId: ana.id, channelId: generalId, content: `<@${fake.botUser.id}> hi` });
    await fake.until(() => fake.sessions()[0]!.seq >= 3);
    const sequences = fake.gatewayLog
      .filter((f) => f.direction === 'sent' && f.op === Op.Dispatch)
      .map((f) => f.s);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  });

  test('a wrong token is refused at GET /gateway/bot and login fails', async () => {
    const client = new Client(clientOptions({ apiUrl: fake.apiUrl }));
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.requests.at(-1)).toMatchObject({ path: '/gateway/bot', status: 401 });
    await client.destroy();
  });

  test('a privileged intent not enabled for the app closes the gateway with 4014', async () => {
    const client = new Client({
      ...clientOptions({ apiUrl: fake.apiUrl }),
      intents: BOT_INTENTS | GatewayIntentBits.MessageContent,
    });
    const disconnected = new Promise<number>((resolve) =>
      client
        .on(Events.ShardError, () => {})
        .once(Events.ShardDisconnect, (event) => resolve(event.code)),
    );
    void client.login(fake.token).catch(() => {});
    expect(await disconnected).toBe(4014);
    await client.destroy();
  });

  test('with shards: "auto" discord.js opens the recommended shards and guilds go to their shard', async () => {
    await fake.close();
    // Two guilds whose ids land on different shards of two.
    const guildA = String((10n << 22n) * 1n); // shard 0
    const guildB = String((11n << 22n) * 1n); // shard 1
    expect([shardOf(guildA, 2), shardOf(guildB, 2)]).toEqual([0, 1]);
    fake = await startFakeDiscord({
      ...testWorld,
      recommendedShards: 2,
      maxConcurrency: 2,
      guilds: [
        {
          id: guildA,
          name: 'A',
          channels: [{ id: '130000000000000010', name: 'a' }],
          members: [{ userId: ana.id }],
        },
        {
          id: guildB,
          name: 'B',
          channels: [{ id: '130000000000000011', name: 'b' }],
          members: [{ userId: ana.id }],
        },
      ],
    });
    const client = await loginClient(fake, { shards: 'auto' });
    const shards = fake.received(Op.Identify).map((f) => (f.d as { shard: number[] }).shard);
    expect(shards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(client.guilds.cache.get(guildA)?.shardId).toBe(0);
    expect(client.guilds.cache.get(guildB)?.shardId).toBe(1);
    // A message in B reaches only shard 1's session.
    const seen = messagesOf(client);
    expect(
      fake.userMessage({ userId: ana.id, channelId: '130000000000000011', content: 'x' }),
    ).toBeDefined();
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const shard1 = fake.sessions().find((s) => s.shard[0] === 1)!;
    const sentToShard1 = fake.gatewayLog.filter(
      (f) => f.sessionId === shard1.id && f.t === 'MESSAGE_CREATE',
    );
    expect(sentToShard1).toHaveLength(1);
    expect(fake.gatewayLog.filter((f) => f.t === 'MESSAGE_CREATE')).toHaveLength(1);
  });
});

describe('staying connected', () => {
  test('after the socket drops, discord.js RESUMEs on the resume URL and receives what it missed', async () => {
    const client = await loginClient(fake);
    const seen = messagesOf(client);
    const resumed = new Promise<void>((resolve) =>
      client.once(Events.ShardResume, () => resolve()),
    );

    fake.dropConnections();
    const missed = [
      fake.userMessage({ userId: ana.id, channelId: generalId, content: 'first while away' }),
      fake.userMessage({ userId: ana.id, channelId: generalId, content: 'second while away' }),
    ];
    await resumed;

    const [resume, ...more] = fake.received(Op.Resume);
    expect(more).toHaveLength(0);
    expect(resume!.path).toBe('/gateway-resume');
    expect(resume!.d).toMatchObject({ token: '[redacted]', session_id: fake.sessions()[0]!.id });
    expect(fake.received(Op.Identify)).toHaveLength(1);
    await vi.waitFor(() => expect(seen.map((m) => m.id)).toEqual(missed.map((m) => m.id)));
    expect(fake.sessions()).toMatchObject([{ resumes: 1, connected: true, ended: false }]);
  });

  test('op 7 RECONNECT makes discord.js reconnect and resume the same session', async () => {
    const client = await loginClient(fake);
    const resumed = new Promise<void>((resolve) =>
      client.once(Events.ShardResume, () => resolve()),
    );
    fake.requestReconnect();
    await resumed;
    expect(fake.received(Op.Resume)).toHaveLength(1);
    expect(fake.received(Op.Identify)).toHaveLength(1);
    expect(fake.sessions()).toHaveLength(1);
  });

  test('a heartbeat left unacknowledged is a zombie connection: discord.js reconnects and resumes', async () => {
    const client = await loginClient(fake);
    const resumed = new Promise<void>((resolve) =>
      client.once(Events.ShardResume, () => resolve()),
    );
    fake.setHeartbeatAcks(false);
    await fake.until(() => fake.received(Op.Resume).length > 0, {
      what: 'a RESUME',
      timeoutMs: 10_000,
    });
    fake.setHeartbeatAcks(true);
    await resumed;
    expect(fake.received(Op.Identify)).toHaveLength(1);
  });

  test('op 9 INVALID_SESSION (not resumable) makes discord.js identify again and keep working', async () => {
    const client = await loginClient(fake);
    const seen = messagesOf(client);
    fake.invalidateSessions(false);
    // discord.js waits out the 5 s identify bucket (max_concurrency 1) before identifying again.
    await fake.until(() => fake.received(Op.Identify).length === 2, {
      what: 'a second IDENTIFY',
      timeoutMs: 15_000,
    });
    await fake.until(() => fake.sessions().find((s) => !s.ended && s.connected));
    const after = fake.userMessage({
      userId: ana.id,
      channelId: generalId,
      content: 'after the new session',
    });
    await vi.waitFor(() => expect(seen.map((m) => m.id)).toEqual([after.id]));
    expect(fake.sessions().map((s) => s.ended)).toEqual([true, false]);
  });

  test('a close with 4004 (authentication failed) is final: discord.js does not come back', async () => {
    const client = await loginClient(fake);
    client.on(Events.ShardError, () => {});
    const disconnected = new Promise<number>((resolve) =>
      client.once(Events.ShardDisconnect, (event) => resolve(event.code)),
    );
    fake.closeConnections(4004, 'Authentication failed.');
    expect(await disconnected).toBe(4004);
    // discord.js would reconnect after 500 ms; give it twice that.
    await sleep(1000);
    expect(fake.received(Op.Identify)).toHaveLength(1);
    expect(fake.received(Op.Resume)).toHaveLength(0);
  });

  test('a client that closes normally ends its session: a later RESUME of it gets INVALID_SESSION', async () => {
    const client = await loginClient(fake);
    const [session] = fake.sessions();
    await client.destroy();
    await fake.until(() => fake.sessions()[0]!.ended);

    const raw = new WebSocket(`${fake.resumeGatewayUrl}?v=10&encoding=json`);
    const frames: { op: number; d: unknown }[] = [];
    raw.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(
      JSON.stringify({
        op: Op.Resume,
        d: { token: fake.token, session_id: session!.id, seq: session!.seq },
      }),
    );
    await vi.waitFor(() => expect(frames.map((f) => f.op)).toEqual([Op.Hello, Op.InvalidSession]));
    expect(frames[1]!.d).toBe(false);
    raw.close();
  });
});

describe('message intents', () => {
  test('a mention in a channel reaches the bot with its content, without MESSAGE_CONTENT', async () => {
    const client = await loginClient(fake);
    const seen = messagesOf(client);
    fake.userMessage({ userId: ana.id, channelId: generalId, content: 'no mention here' });
    const mention = fake.userMessage({
      userId: ana.id,
      channelId: generalId,
      content: `<@${fake.botUser.id}> when is the next meeting?`,
    });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    const [plain, mentioned] = seen;
    expect(plain!.content).toBe('');
    expect(mentioned!.id).toBe(mention.id);
    expect(mentioned!.content).toBe(`<@${fake.botUser.id}> when is the next meeting?`);
    expect(mentioned!.mentions.users.has(fake.botUser.id)).toBe(true);
    expect(mentioned!.member?.roles.cache.has(testWorld.guilds[0]!.roles[0]!.id)).toBe(true);
  });

  test('with MESSAGE_CONTENT enabled for the app, plain channel messages keep their content', async () => {
    await fake.close();
    fake = await startFakeDiscord({ ...testWorld, privilegedIntents: Intents.MessageContent });
    const client = await loginClient(fake, {
      intents: BOT_INTENTS | GatewayIntentBits.MessageContent,
    });
    const seen = messagesOf(client);
    fake.userMessage({
      userId: ana.id,
      channelId: generalId,
      content: 'what are the focus areas?',
    });
    await vi.waitFor(() =>
      expect(seen.map((m) => m.content)).toEqual(['what are the focus areas?']),
    );
  });

  test('a DM reaches the bot only with Partials.Channel (Discord sends no CHANNEL_CREATE for DMs)', async () => {
    const withPartial = await loginClient(fake);
    const withoutPartial = await loginClient(fake, { partials: [] });
    const seenWith = messagesOf(withPartial);
    const seenWithout = messagesOf(withoutPartial);
    const dm = fake.userMessage({ userId: ana.id, content: 'hello in private' });
    await vi.waitFor(() => expect(seenWith.map((m) => m.id)).toEqual([dm.id]));
    expect(seenWith[0]!.channel.isDMBased()).toBe(true);
    expect(seenWith[0]!.content).toBe('hello in private');
    // Both sessions got the dispatch; discord.js dropped it without the partial.
    expect(fake.gatewayLog.filter((f) => f.t === 'MESSAGE_CREATE')).toHaveLength(2);
    expect(seenWithout).toHaveLength(0);
  });

  test('without the DirectMessages intent no DM is dispatched at all', async () => {
    await loginClient(fake, {
      intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
    });
    expect(fake.userMessage({ userId: ana.id, content: 'anyone?' })).toBeDefined();
    expect(fake.gatewayLog.filter((f) => f.t === 'MESSAGE_CREATE')).toHaveLength(0);
  });
});
