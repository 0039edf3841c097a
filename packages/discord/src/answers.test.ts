/**
 * A first answer costs one REST call: the interaction callback carrying the message itself
 * (type 4), or the clicked message updated (type 7), posted as rendered (not through
 * discord.js's `reply`). discord.js must still know the interaction is answered, so that what
 * may follow (a follow-up, an edit) works as after its own `reply`. The slow path (deferring
 * first) is in deadline.test.ts.
 */
import { type Assistant, reply } from '@ascn/core';
import { DiscordjsErrorCodes, Events, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  answerTo,
  channels,
  embedText,
  people,
  replyWithFeedback,
  startTestBot,
  type TestBot,
} from './test-bot.js';
import type { FakeInteraction } from './testing/index.js';

let bot: TestBot;
const Ephemeral = 64;

/** Buttons answer with their message replaced (the core does so for none yet; the path is ours). */
const replacing = (real: Assistant): Assistant => ({
  ...real,
  async action() {
    return reply([{ kind: 'text', text: 'Updated in place.' }], { replaceOriginal: true });
  },
});

beforeAll(async () => {
  // Deferring only past 2.5 s: what is tested is the quick path, even on a busy machine.
  bot = await startTestBot({ wrap: replacing, deferAfterMs: 2_500 });
}, 180_000);

afterAll(async () => {
  await bot?.close();
});

const answered = (i: FakeInteraction) => answerTo(bot, i);

/** Every REST request made for this interaction (its callback, edits, follow-ups). */
const requestsFor = (i: FakeInteraction) =>
  bot.fake.requests.filter((r) => r.path.includes(i.id) || r.path.includes(i.token));

const text = embedText;

describe('a quick answer is one REST call', () => {
  test('a command: the message itself, ephemeral, pinging nobody; nothing deferred or edited', async () => {
    const i = bot.fake.slashCommand({
      name: 'help',
      userId: people.guest.id,
      channelId: channels.general,
    });
    const callback = await answered(i);
    expect(callback).toMatchObject({
      type: 4,
      data: { flags: Ephemeral, allowed_mentions: { parse: [], replied_user: false } },
    });
    expect(text(callback.data!.embeds)).toContain('What I can do');
    // A later command answered too: by then anything more for the first would have been sent.
    await answered(
      bot.fake.slashCommand({ name: 'help', userId: people.guest.id, channelId: channels.general }),
    );
    expect(requestsFor(i).map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/interactions/:interaction/:token/callback', 204],
    ]);
    expect(bot.fake.interaction(i.id)!.followupIds).toEqual([]);
  });

  test('discord.js knows it was answered: a second reply is refused, a follow-up goes out', async () => {
    const client = bot.adapter.client()!;
    const seen = new Promise<Interaction>((resolve) =>
      client.once(Events.InteractionCreate, resolve),
    );
    const i = bot.fake.slashCommand({
      name: 'help',
      userId: people.guest.id,
      channelId: channels.general,
    });
    const interaction = await seen;
    await answered(i);
    if (!interaction.isChatInputCommand()) throw new Error('not the command');
    await bot.fake.until(() => interaction.replied, { what: 'discord.js marking it replied' });
    expect(interaction.deferred).toBe(false);
    expect(interaction.ephemeral).toBe(true);
    await expect(interaction.reply({ content: 'twice' })).rejects.toMatchObject({
      code: DiscordjsErrorCodes.InteractionAlreadyReplied,
    });
    await interaction.followUp({ content: 'And one more thing.' });
    const record = bot.fake.interaction(i.id)!;
    expect(record.followupIds).toHaveLength(1);
    expect(bot.fake.message(record.followupIds[0]!)!.content).toBe('And one more thing.');
  });

  test('a form submission: the next step at once as a message, nothing deferred', async () => {
    const open = await answered(
      bot.fake.slashCommand({ name: 'share', userId: people.csco.id, channelId: channels.general }),
    );
    expect(open.type).toBe(9);
    const submitted = bot.fake.submitModal({
      customId: (open.data as { custom_id: string }).custom_id,
      userId: people.csco.id,
      values: {
        title: 'Bus rapid transit pilot',
        city: 'Yangon',
        focusAreas: ['built-infrastructure'],
        problem: 'Buses were slow and crowded at peak hours.',
        solution: 'Dedicated lanes and level boarding on two corridors.',
      },
    });
    const callback = await answered(submitted);
    // Saving a step is quick here; a slow save is deferred (deadline.test.ts).
    expect(callback).toMatchObject({ type: 4, data: { flags: Ephemeral } });
    expect(text(callback.data!.embeds)).toContain('Step 1 of 2 saved');
    expect(requestsFor(submitted).map((r) => [r.method, r.route])).toEqual([
      ['POST', '/interactions/:interaction/:token/callback'],
    ]);
  });

  test('a button whose answer replaces its message: the message updated (type 7)', async () => {
    const asked = bot.fake.userMessage({
      userId: people.guest.id,
      content: 'what are the six focus areas?',
    });
    const { reply: answer, feedbackId } = await replyWithFeedback(bot, asked);
    const pressed = bot.fake.pressButton({
      messageId: answer.id,
      customId: feedbackId,
      userId: people.guest.id,
    });
    const callback = await answered(pressed);
    expect(callback.type).toBe(7);
    expect(text(bot.fake.message(answer.id)!.embeds)).toContain('Updated in place.');
    expect(requestsFor(pressed).map((r) => [r.method, r.route])).toEqual([
      ['POST', '/interactions/:interaction/:token/callback'],
    ]);
  });
});
