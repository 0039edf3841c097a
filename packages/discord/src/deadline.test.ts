/**
 * Discord's 3 seconds: when the core is slow, the bot defers in time (the fake refuses a
 * first answer later than 3 s after the interaction's creation with 10062 and counts it),
 * then delivers the answer. And the intents: the privileged one only when the developer
 * portal allows it, otherwise the bot runs without it and says what to do.
 */
import { type Assistant, subscribeChannel } from '@ascn/core';
import { afterEach, describe, expect, test } from 'vitest';
import {
  channels,
  embedText,
  people,
  replyWithFeedback,
  startTestBot,
  type TestBot,
} from './test-bot.js';
import { type FakeInteraction, Intents, Op } from './testing/index.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = embedText;

/** The assistant, with its commands and buttons taking `ms` longer (once, or always). */
function slow(ms: number, opts: { public?: boolean; once?: boolean } = {}) {
  let slowed = false;
  return (real: Assistant): Assistant => {
    const delay = async () => {
      if (opts.once && slowed) return;
      slowed = true;
      await sleep(ms);
    };
    return {
      ...real,
      async run(incoming, path, options) {
        await delay();
        const reply = await real.run(incoming, path, options);
        return opts.public ? { ...reply, visibility: 'public' } : reply;
      },
      async action(incoming, id) {
        await delay();
        return real.action(incoming, id);
      },
    };
  };
}

const settled = (
  b: TestBot,
  i: FakeInteraction,
  check: (i: FakeInteraction) => unknown,
): Promise<FakeInteraction> =>
  b.fake.until(() => (check(b.fake.interaction(i.id)!) ? b.fake.interaction(i.id) : undefined), {
    timeoutMs: 30_000,
  });

describe('answered or deferred within 3 seconds', () => {
  test('a command the core needs 3.5 s for is deferred, then its answer fills the placeholder', async () => {
    bot = await startTestBot({ wrap: slow(3500) });
    const i = bot.fake.slashCommand({
      name: 'help',
      userId: people.guest.id,
      channelId: channels.general,
    });
    const done = await settled(bot, i, (x) => {
      const m = x.originalMessageId && bot!.fake.message(x.originalMessageId);
      return m && !(m.flags! & (1 << 7)); // no longer "loading"
    });
    expect(done.callback).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(done.lateCallbacks).toBe(0);
    expect(text(bot.fake.message(done.originalMessageId!)!.embeds)).toContain('What I can do');
  });

  test('a public answer after a deferral is posted for everyone, and the placeholder goes', async () => {
    bot = await startTestBot({ wrap: slow(2000, { public: true }) });
    const i = bot.fake.slashCommand({
      name: 'help',
      userId: people.guest.id,
      channelId: channels.general,
    });
    const done = await settled(
      bot,
      i,
      (x) => x.followupIds.length > 0 && !bot!.fake.message(x.originalMessageId!),
    );
    expect(done.callback!.type).toBe(5);
    const posted = bot.fake.message(done.followupIds[0]!)!;
    expect(posted.flags ?? 0).toBe(0);
    expect(bot.fake.messages(channels.general).map((m) => m.id)).toContain(posted.id);
  });

  test('a slow button defers the update, then answers with a new message', async () => {
    bot = await startTestBot({ wrap: slow(2000) });
    // A question by DM is not slowed (only commands and buttons are): its answer has buttons.
    const asked = bot.fake.userMessage({
      userId: people.guest.id,
      content: 'what are the six focus areas?',
    });
    const { reply, feedbackId } = await replyWithFeedback(bot, asked);
    const pressed = bot.fake.pressButton({
      messageId: reply.id,
      customId: feedbackId,
      userId: people.guest.id,
    });
    const done = await settled(bot, pressed, (x) => x.followupIds.length > 0);
    expect(done.callback!.type).toBe(6);
    expect(done.lateCallbacks).toBe(0);
    expect(text(bot.fake.message(done.followupIds[0]!)!.embeds)).toContain(
      'Thanks for the feedback.',
    );
  });

  test('a form the core needs 2 s to save is deferred, then its answer fills the placeholder', async () => {
    bot = await startTestBot({
      wrap: (real) => ({
        ...real,
        async submitForm(incoming, submission) {
          await sleep(2000);
          return real.submitForm(incoming, submission);
        },
      }),
    });
    const open = await settled(
      bot,
      bot.fake.slashCommand({ name: 'share', userId: people.csco.id, channelId: channels.general }),
      (x) => x.callback,
    );
    expect(open.callback!.type).toBe(9);
    const submitted = bot.fake.submitModal({
      customId: (open.callback!.data as { custom_id: string }).custom_id,
      userId: people.csco.id,
      values: {
        title: 'BRT',
        city: 'Yangon',
        focusAreas: ['built-infrastructure'],
        problem: 'Buses were slow and crowded at peak hours.',
        solution: 'too short',
      },
    });
    const done = await settled(bot, submitted, (x) => {
      const m = x.originalMessageId && bot!.fake.message(x.originalMessageId);
      return m && !(m.flags! & (1 << 7)); // no longer "loading"
    });
    expect(done.callback).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(done.lateCallbacks).toBe(0);
    const message = bot.fake.message(done.originalMessageId!)!;
    expect(message.flags! & 64).toBe(64);
    expect(text(message.embeds)).toContain('Some answers need a change.');
  });

  test('a form the core was slow to build opens from a button instead (a modal cannot follow a deferral)', async () => {
    bot = await startTestBot({ wrap: slow(2000, { once: true }) });
    const i = bot.fake.slashCommand({
      name: 'share',
      userId: people.csco.id,
      channelId: channels.general,
    });
    const done = await settled(
      bot,
      i,
      (x) => x.originalMessageId && !(bot!.fake.message(x.originalMessageId)!.flags! & 128),
    );
    const message = bot.fake.message(done.originalMessageId!)!;
    const open = message.components!.flatMap(
      (r) => (r as { components: { custom_id?: string; label?: string }[] }).components,
    )[0]!;
    expect(open).toMatchObject({ custom_id: 'ascn:sh', label: 'Open: Share a best practice' });
    const pressed = bot.fake.pressButton({
      messageId: message.id,
      customId: 'ascn:sh',
      userId: people.csco.id,
    });
    const modal = await settled(bot, pressed, (x) => x.callback);
    expect(modal.callback!.type).toBe(9);
  });
});

describe('intents', () => {
  test('without the Message Content intent enabled in the portal, the bot runs without it and says so', async () => {
    const lines: string[] = [];
    bot = await startTestBot({
      log: (level, message, fields) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
      wrap: (a) => a,
      fake: { privilegedIntents: 0 },
      intentCheckMs: 100,
    });
    // A channel set up for plain questions asks for the privileged intent: refused (4014).
    await subscribeChannel(bot.store, {
      platform: 'discord',
      channelId: channels.questions,
      name: 'questions',
      timeZone: 'UTC',
      answerQuestions: true,
    });
    await bot.fake.until(
      () => lines.some((l) => l.includes('Message Content intent is not enabled')),
      { timeoutMs: 20_000 },
    );
    await bot.fake.until(
      () =>
        bot!.adapter.holdsGateway() && bot!.fake.sessions().some((s) => s.connected && !s.ended),
      { timeoutMs: 20_000 },
    );
    const intents = bot.fake.received(Op.Identify).map((f) => (f.d as { intents: number }).intents);
    expect(intents.some((x) => x & Intents.MessageContent)).toBe(true);
    expect(intents.at(-1)! & Intents.MessageContent).toBe(0);
    const help = bot.fake.slashCommand({
      name: 'help',
      userId: people.guest.id,
      channelId: channels.general,
    });
    const answered = await settled(bot, help, (x) => x.callback);
    expect(answered.callback!.type).toBe(4);
  });
});
