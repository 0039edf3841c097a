/**
 * A whole bot for tests: the real assistant (in-memory PGlite, the real knowledge base) on the
 * real discord.js, connected to the fake Discord, with a small network of people.
 */
import { fileURLToPath } from 'node:url';
import {
  type Assistant,
  createAssistant,
  type FakeClock,
  fakeClock,
  registerOfficer,
  seedDemo,
} from '@ascn/core';
import { type KnowledgeBase, openKnowledgeBase } from '@ascn/knowledge';
import { openStore, type Store } from '@ascn/store';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { createDiscordAdapter, type DiscordAdapter } from './adapter.js';
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type FakeInteraction,
  startFakeDiscord,
} from './testing/index.js';

export const DOCS_DIR = fileURLToPath(new URL('../../../docs/', import.meta.url));

let knowledge: Promise<KnowledgeBase> | undefined;
/** The real knowledge base (docs/), from the prebuilt index when it matches the docs. */
export function realKnowledge(): Promise<KnowledgeBase> {
  knowledge ??= openKnowledgeBase({
    docsDir: DOCS_DIR,
    cacheFile: `${DOCS_DIR}dist/knowledge-index.json`,
  });
  return knowledge;
}

/** The people of the test network (Discord ids). */
export const people = {
  /** The ASEAN Secretariat, registered with their Discord account. */
  sec: { id: '210000000000000001', username: 'sec' },
  /** Yangon's Chief Smart City Officer. */
  csco: { id: '210000000000000002', username: 'csco' },
  /** Makassar's officer, whose DMs are closed. */
  closed: { id: '210000000000000003', username: 'closed', dmsClosed: true },
  /** Someone not registered. */
  guest: { id: '210000000000000004', username: 'guest' },
};
export const guildId = '220000000000000001';
export const channels = {
  general: '230000000000000001',
  makassar: '230000000000000002',
  questions: '230000000000000003',
  forum: '230000000000000004',
};

export const PUBLIC_URL = 'https://ascn.example.org';

export interface TestBot {
  fake: FakeDiscord;
  store: Store;
  assistant: Assistant;
  adapter: DiscordAdapter;
  clock: FakeClock | undefined;
  close(): Promise<void>;
}

export function fakeWorld(extra: FakeDiscordOptions = {}): FakeDiscordOptions {
  return {
    heartbeatIntervalMs: 250,
    users: Object.values(people),
    guilds: [
      {
        id: guildId,
        name: 'ASCN',
        channels: [
          { id: channels.general, name: 'general' },
          { id: channels.makassar, name: 'makassar' },
          { id: channels.questions, name: 'questions' },
          { id: channels.forum, name: 'ask-the-network', type: 15 },
        ],
        roles: [{ id: '240000000000000001', name: 'Secretariat', permissions: '8' }],
        members: [
          { userId: people.sec.id, roles: ['240000000000000001'] },
          { userId: people.csco.id },
          { userId: people.closed.id },
          { userId: people.guest.id },
        ],
      },
    ],
    ...extra,
  };
}

/** Registers the test network's officers with their Discord accounts (ids are global). */
export async function registerPeople(store: Store): Promise<void> {
  await seedDemo(store);
  const discord = (userId: string) => [{ platform: 'discord' as const, workspaceId: '', userId }];
  await registerOfficer(
    store,
    { id: 'sec-ana', name: 'Ana Secretariat', role: 'secretariat', timeZone: 'Asia/Jakarta' },
    discord(people.sec.id),
  );
  await registerOfficer(
    store,
    { id: 'csco-yangon', name: 'Yangon Officer', role: 'csco', cityId: 'yangon' },
    discord(people.csco.id),
  );
  await registerOfficer(
    store,
    { id: 'csco-makassar', name: 'Makassar Officer', role: 'csco', cityId: 'makassar' },
    discord(people.closed.id),
  );
}

export async function startTestBot(
  options: {
    fake?: FakeDiscordOptions;
    clock?: FakeClock;
    wrap?: (assistant: Assistant) => Assistant;
    deferAfterMs?: number;
    intentCheckMs?: number;
    log?: Parameters<typeof createDiscordAdapter>[0]['log'];
  } = {},
): Promise<TestBot> {
  const fake = await startFakeDiscord(fakeWorld(options.fake));
  const store = await openStore({ inMemory: true });
  await registerPeople(store);
  const clock = options.clock;
  const real = createAssistant({
    store,
    knowledge: await realKnowledge(),
    publicUrl: PUBLIC_URL,
    ...(clock ? { clock } : {}),
  });
  const assistant = options.wrap ? options.wrap(real) : real;
  const adapter = createDiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    guildId,
    assistant,
    store,
    lease: { retryMs: 200 },
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...(options.intentCheckMs !== undefined ? { intentCheckMs: options.intentCheckMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  await adapter.start();
  await fake.until(() => adapter.holdsGateway(), { timeoutMs: 60_000, what: 'the gateway' });
  return {
    fake,
    store,
    assistant,
    adapter,
    clock,
    async close() {
      await adapter.stop();
      await fake.close();
      await store.close();
    },
  };
}

/** The interaction's first answer (type 4 message, 5 deferred, 6/7 update, 8 choices, 9 modal). */
export const answerTo = (bot: TestBot, i: FakeInteraction) =>
  bot.fake.until(() => bot.fake.interaction(i.id)?.callback, {
    timeoutMs: 20_000,
    what: `an answer to interaction ${i.id}`,
  });

/** The bot's reply to a user's message (once posted) and its 👍 feedback button's custom id. */
export async function replyWithFeedback(
  bot: TestBot,
  asked: APIMessage,
): Promise<{ reply: APIMessage; feedbackId: string }> {
  const reply = await bot.fake.until(() =>
    bot.fake.messages(asked.channel_id).find((m) => m.message_reference?.message_id === asked.id),
  );
  const button = reply
    .components!.flatMap((r) => (r as { components: { custom_id?: string }[] }).components)
    .find((b) => b.custom_id?.startsWith('ascn:fb:'))!;
  return { reply, feedbackId: button.custom_id! };
}

/** The titles and descriptions of a message's embeds, as one text. */
export const embedText = (embeds: unknown) =>
  ((embeds ?? []) as APIEmbed[]).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`).join('\n');

export { fakeClock };
