/**
 * The bot as people meet it: the real assistant on real discord.js, against the fake Discord.
 * One bot serves most tests of this file; at the end, every interaction it got must have been
 * answered or deferred within Discord's 3 seconds (the fake records each callback's delay and
 * refuses a late one with 10062).
 */

import { deliveryReply } from '@ascn/core';
import { REST, Routes } from 'discord.js';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRestClient } from './client.js';
import { MALFORMED_ANSWER } from './guard.js';
import { createDiscordNotifier } from './notifier.js';
import {
  answerTo,
  channels,
  guildId,
  PUBLIC_URL,
  people,
  startTestBot,
  type TestBot,
} from './test-bot.js';
import { type FakeInteraction, Intents, Op } from './testing/index.js';

let bot: TestBot;
const Ephemeral = 64;

beforeAll(async () => {
  bot = await startTestBot({
    fake: { privilegedIntents: Intents.MessageContent },
    intentCheckMs: 200,
  });
}, 180_000);

afterAll(async () => {
  await bot?.close();
});

const answered = (i: FakeInteraction) => answerTo(bot, i);

const text = (embeds: readonly APIEmbed[] | undefined) =>
  (embeds ?? [])
    .flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ])
    .join('\n');

const buttonsOf = (data: unknown) =>
  ((data as { components?: { components: Record<string, unknown>[] }[] }).components ?? []).flatMap(
    (row) => row.components,
  );

/**
 * A submitted modal's answer: a message at once when the core is quick, or deferred and then
 * filled in when saving takes longer (a busy machine). Returns that message (ephemeral, with
 * its id).
 */
const submitted = async (i: FakeInteraction) => {
  const callback = await answered(i);
  expect([4, 5]).toContain(callback.type);
  return bot.fake.until(
    () => {
      const id = bot.fake.interaction(i.id)?.originalMessageId;
      const m = id ? bot.fake.message(id) : undefined;
      return m && !((m.flags ?? 0) & 128) ? m : undefined;
    },
    { timeoutMs: 20_000, what: `the answer to modal ${i.id}` },
  );
};

/** The bot's reply to a person's message, in that message's channel. */
const replyTo = (message: APIMessage) =>
  bot.fake.until(
    () =>
      bot.fake
        .messages(message.channel_id)
        .find((m) => m.message_reference?.message_id === message.id),
    { timeoutMs: 20_000, what: `a reply to message ${message.id}` },
  );

const slash = (
  name: string,
  userId: string,
  options: Record<string, string | number> = {},
  extra: { subcommand?: string[]; channelId?: string } = {},
) =>
  bot.fake.slashCommand({
    name,
    userId,
    channelId: extra.channelId ?? channels.general,
    options,
    ...(extra.subcommand ? { subcommand: extra.subcommand } : {}),
  });

describe('slash commands from the core registry', () => {
  test('are registered for the guild at start, with typed options; /admin is hidden', () => {
    const commands = bot.fake.commands(guildId);
    expect(commands.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'ask',
        'deadlines',
        'status',
        'share',
        'subscribe',
        'report',
        'help',
        'admin',
      ]),
    );
    const byName = Object.fromEntries(commands.map((c) => [c.name, c]));
    expect(byName.ask!.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, autocomplete: true }),
    ]);
    expect(byName.deadlines!.options).toEqual([
      expect.objectContaining({ name: 'zone', type: 3, required: false, autocomplete: true }),
    ]);
    expect(byName.report!.options).toEqual([
      expect.objectContaining({ name: 'round', type: 4, min_value: 1, autocomplete: true }),
    ]);
    expect(byName.admin!.default_member_permissions).toBe('0');
    expect(byName.admin!.contexts).toEqual([0]);
    expect(byName.ask!.contexts).toEqual([0, 1]);
    const officer = byName.admin!.options!.find((o) => o.name === 'officer') as {
      type: number;
      options: { name: string; options: { name: string; required?: boolean }[] }[];
    };
    expect(officer.type).toBe(2);
    const add = officer.options.find((o) => o.name === 'add')!;
    // Required options first, as Discord wants them.
    expect(add.options.slice(0, 3).map((o) => [o.name, o.required])).toEqual([
      ['id', true],
      ['name', true],
      ['role', true],
    ]);
  });

  test('/ask answers privately with the source in the footer, a link to it and feedback buttons', async () => {
    const i = slash('ask', people.guest.id, { question: 'what are the six focus areas?' });
    const callback = await answered(i);
    expect(callback.type).toBe(4);
    expect(callback.data!.flags).toBe(Ephemeral);
    const embeds = callback.data!.embeds as APIEmbed[];
    expect(embeds[0]!.footer!.text).toMatch(/^Source: /);
    const buttons = buttonsOf(callback.data);
    expect(buttons[0]).toMatchObject({
      style: 5,
      url: expect.stringMatching(`^${PUBLIC_URL}/docs/`),
    });
    expect(buttons.map((b) => b.custom_id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ascn:fb:\d+:u$/),
        expect.stringMatching(/^ascn:as:\d+$/),
      ]),
    );
    // Ephemeral: not in the channel's history.
    expect(
      bot.fake
        .messages(channels.general)
        .some((m) => m.id === bot.fake.interaction(i.id)!.originalMessageId),
    ).toBe(false);
  });

  test('autocomplete suggests page titles for /ask and zones for /deadlines', async () => {
    const titles = await answered(
      bot.fake.autocomplete({
        name: 'ask',
        userId: people.guest.id,
        channelId: channels.general,
        options: { question: 'frame' },
        focused: 'question',
      }),
    );
    expect(titles.type).toBe(8);
    const choices = titles.data!.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((c) => /frame/i.test(c.name))).toBe(true);
    const zones = await answered(
      bot.fake.autocomplete({
        name: 'deadlines',
        userId: people.guest.id,
        channelId: channels.general,
        options: { zone: 'yang' },
        focused: 'zone',
      }),
    );
    expect((zones.data!.choices as unknown[])[0]).toEqual({
      name: 'Asia/Yangon',
      value: 'Asia/Yangon',
    });
  });

  test('/admin is refused to anyone but the Secretariat, in plain words', async () => {
    const i = slash(
      'admin',
      people.csco.id,
      { id: 'csco-yangon' },
      { subcommand: ['officer', 'remove'] },
    );
    const callback = await answered(i);
    expect(callback.data!.flags).toBe(Ephemeral);
    expect(text(callback.data!.embeds as APIEmbed[])).toContain(
      'Only the ASEAN Secretariat can do that.',
    );
    const still = await bot.store.db
      .selectFrom('officers')
      .select('removedAt')
      .where('id', '=', 'csco-yangon')
      .executeTakeFirstOrThrow();
    expect(still.removedAt).toBeNull();
  });

  test('typed options reach the core as values: an event added, then shown as a Discord timestamp', async () => {
    const add = slash(
      'admin',
      people.sec.id,
      {
        id: 'discord-test-meeting',
        kind: 'meeting',
        title: 'Discord test meeting',
        start: '2031-03-10',
        time: '09:30',
        tz: 'Asia/Yangon',
        example: 'true',
      },
      { subcommand: ['event', 'add'] },
    );
    const added = await answered(add);
    expect(text(added.data!.embeds as APIEmbed[])).toMatch(/Discord test meeting/);
    const deadlines = await answered(slash('deadlines', people.csco.id));
    const shown = text(deadlines.data!.embeds as APIEmbed[]);
    // 09:30 in Yangon (UTC+6:30) is 03:00 UTC.
    expect(shown).toContain(`<t:${Date.parse('2031-03-10T03:00:00Z') / 1000}:F>`);
  });
});

describe('conversations', () => {
  test('a DM is answered as a reply', async () => {
    const asked = bot.fake.userMessage({
      userId: people.guest.id,
      content: 'what are the six focus areas?',
    });
    const reply = await replyTo(asked);
    expect(reply.author.id).toBe(bot.fake.botUser.id);
    expect(text(reply.embeds)).toMatch(/Source: /);
  });

  test('a mention is answered as a reply in the channel, and pings nobody', async () => {
    const asked = bot.fake.userMessage({
      userId: people.guest.id,
      channelId: channels.general,
      content: `<@${bot.fake.botUser.id}> what are the six focus areas? @everyone`,
    });
    const reply = await replyTo(asked);
    expect(text(reply.embeds)).toMatch(/Source: /);
    expect(reply.mentions).toEqual([]);
    expect(reply.mention_everyone).toBe(false);
  });

  test('what someone typed is posted as text, with no mention', async () => {
    // An invalid zone is echoed back in the error: typed markup and mentions stay inert.
    const i = slash('deadlines', people.guest.id, { zone: '<@210000000000000002> **Mars**' });
    const callback = await answered(i);
    const shown = text(callback.data!.embeds as APIEmbed[]);
    expect(shown).toContain('\\<@210000000000000002\\> \\*\\*Mars\\*\\*');
    expect(callback.data!.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('a command by mention is answered by DM, since it is for that person alone', async () => {
    const asked = bot.fake.userMessage({
      userId: people.csco.id,
      channelId: channels.general,
      content: `<@${bot.fake.botUser.id}> whoami`,
    });
    const pointer = await replyTo(asked);
    expect(text(pointer.embeds)).toContain('I have sent you a direct message.');
    const dm = bot.fake.dmChannelId(people.csco.id)!;
    expect(text(bot.fake.messages(dm).at(-1)!.embeds)).toContain('Yangon Officer');
  });

  test('plain questions are answered only where the Secretariat asked for it, with the intent it needs', async () => {
    const identifies = () =>
      bot.fake.received(Op.Identify).map((f) => (f.d as { intents: number }).intents);
    expect(identifies().every((i) => (i & Intents.MessageContent) === 0)).toBe(true);
    const setUp = await answered(
      slash(
        'admin',
        people.sec.id,
        { answers: 'on' },
        { subcommand: ['channel'], channelId: channels.questions },
      ),
    );
    expect(text(setUp.data!.embeds as APIEmbed[])).toContain('gets answers to plain questions');
    // The bot reconnects with MessageContent now that a channel needs it.
    await bot.fake.until(() => (identifies().at(-1)! & Intents.MessageContent) !== 0, {
      timeoutMs: 30_000,
    });
    await bot.fake.until(
      () =>
        bot.adapter.holdsGateway() &&
        bot.fake
          .sessions()
          .some((s) => s.connected && !s.ended && s.intents & Intents.MessageContent),
      { timeoutMs: 30_000 },
    );
    const elsewhere = bot.fake.userMessage({
      userId: people.guest.id,
      channelId: channels.general,
      content: 'what are the six focus areas?',
    });
    const chatter = bot.fake.userMessage({
      userId: people.guest.id,
      channelId: channels.questions,
      content: 'good morning everyone',
    });
    const asked = bot.fake.userMessage({
      userId: people.guest.id,
      channelId: channels.questions,
      content: 'what are the six focus areas?',
    });
    const reply = await replyTo(asked);
    expect(text(reply.embeds)).toMatch(/Source: /);
    // Messages are handled in order: the two before it got nothing.
    const replies = (channel: string, id: string) =>
      bot.fake.messages(channel).filter((m) => m.message_reference?.message_id === id);
    expect(replies(channels.general, elsewhere.id)).toEqual([]);
    expect(replies(channels.questions, chatter.id)).toEqual([]);
  });

  test('a forum set up for answers gets them in its posts', async () => {
    const first = bot.fake.startThread({
      userId: people.sec.id,
      parentId: channels.forum,
      name: 'Setup',
      content: 'setting up',
    });
    const setUp = await answered(
      slash(
        'admin',
        people.sec.id,
        { answers: 'on' },
        { subcommand: ['channel'], channelId: first.threadId },
      ),
    );
    expect(text(setUp.data!.embeds as APIEmbed[])).toContain('gets answers to plain questions');
    const configured = await bot.store.db
      .selectFrom('channels')
      .select('channelId')
      .where('platform', '=', 'discord')
      .where('answerQuestions', '=', true)
      .execute();
    expect(configured.map((c) => c.channelId)).toContain(channels.forum);
    const post = bot.fake.startThread({
      userId: people.guest.id,
      parentId: channels.forum,
      name: 'Focus areas',
      content: 'what are the six focus areas?',
    });
    const reply = await bot.fake.until(
      () => bot.fake.messages(post.threadId).find((m) => m.author.id === bot.fake.botUser.id),
      { timeoutMs: 20_000 },
    );
    expect(reply.message_reference?.message_id).toBe(post.message.id);
    expect(text(reply.embeds)).toMatch(/Source: /);
  });
});

describe('buttons', () => {
  test('feedback and "Share to channel" on an answer', async () => {
    const i = slash('ask', people.guest.id, { question: 'what are the six focus areas?' });
    await answered(i);
    const answer = bot.fake.interaction(i.id)!;
    const buttons = buttonsOf(answer.callback!.data);
    const helpful = buttons.find((b) => /^ascn:fb:\d+:u$/.test(String(b.custom_id)))!;
    const thanks = await answered(
      bot.fake.pressButton({
        messageId: answer.originalMessageId!,
        customId: String(helpful.custom_id),
        userId: people.guest.id,
      }),
    );
    expect(thanks.data!.flags).toBe(Ephemeral);
    expect(text(thanks.data!.embeds as APIEmbed[])).toContain('Thanks for the feedback.');
    const share = buttons.find((b) => /^ascn:as:/.test(String(b.custom_id)))!;
    const shared = await answered(
      bot.fake.pressButton({
        messageId: answer.originalMessageId!,
        customId: String(share.custom_id),
        userId: people.guest.id,
      }),
    );
    // For everyone now: not ephemeral, in the channel's history.
    expect(shared.data!.flags ?? 0).toBe(0);
    const posted = bot.fake.interactions().at(-1)!.originalMessageId!;
    expect(bot.fake.messages(channels.general).some((m) => m.id === posted)).toBe(true);
  });

  test('an unknown command or button gets a plain answer', async () => {
    const rest = new REST({ api: bot.fake.apiUrl }).setToken(bot.fake.token);
    await rest.post(Routes.applicationGuildCommands(bot.fake.applicationId, guildId), {
      body: { name: 'weather', description: 'Not one of ours' },
    });
    const unknown = await answered(slash('weather', people.guest.id));
    expect(unknown.data!.flags).toBe(Ephemeral);
    expect(text(unknown.data!.embeds as APIEmbed[])).toContain('I do not know that command');
    const message = (await rest.post(Routes.channelMessages(channels.general), {
      body: {
        content: 'old',
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: 'Old', custom_id: 'ascn:zz:1' }] },
        ],
      },
    })) as APIMessage;
    const pressed = await answered(
      bot.fake.pressButton({
        messageId: message.id,
        customId: 'ascn:zz:1',
        userId: people.guest.id,
      }),
    );
    expect(text(pressed.data!.embeds as APIEmbed[])).toContain(
      'I do not know that button any more',
    );
  });
});

describe('reminders in Discord', () => {
  test('snooze and done on a reminder are for its recipient only, checked on the server', async () => {
    const row = await bot.store.db
      .insertInto('deliveries')
      .values({
        dedupeKey: 'reminder:snooze-test:7:officer:csco-makassar',
        kind: 'reminder',
        recipientKind: 'officer',
        recipientId: 'csco-makassar',
        eventId: 'snooze-test',
        leadDays: 7,
        dueAt: new Date(),
        nextAttemptAt: new Date(),
        status: 'sent',
        payload: JSON.stringify({
          type: 'reminder',
          event: {
            id: 'snooze-test',
            kind: 'meeting',
            title: 'Snooze test meeting',
            start: '2031-03-10',
            timeZone: 'Asia/Yangon',
            example: true,
          },
          eventStartsAt: '2031-03-10T03:00:00.000Z',
          leadDays: 7,
          label: 'in 7 days',
          recipientZone: 'Asia/Makassar',
          dueLocal: '2031-03-03 09:00',
        }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Their DMs are closed: the reminder goes to their city's channel, with a mention.
    const notifier = createDiscordNotifier({
      rest: createRestClient(bot.fake.token, { apiUrl: bot.fake.apiUrl }),
    });
    const { ref } = await notifier.send({
      key: row.dedupeKey,
      attempt: 1,
      kind: 'reminder',
      address: {
        platform: 'discord',
        kind: 'user',
        id: people.closed.id,
        fallbackChannelId: channels.makassar,
      },
      reply: deliveryReply(row),
    });
    const messageId = ref.split('/')[1]!;
    const posted = bot.fake.message(messageId)!;
    const [snooze, done] = buttonsOf(posted);
    expect([snooze!.label, done!.label]).toEqual(['Snooze 1 day', 'Done, no more reminders']);
    const notYours = await answered(
      bot.fake.pressButton({
        messageId,
        customId: String(snooze!.custom_id),
        userId: people.csco.id,
      }),
    );
    expect(text(notYours.data!.embeds as APIEmbed[])).toContain(
      'That reminder is not yours to snooze.',
    );
    const snoozed = await answered(
      bot.fake.pressButton({
        messageId,
        customId: String(snooze!.custom_id),
        userId: people.closed.id,
      }),
    );
    expect(snoozed.data!.flags).toBe(Ephemeral);
    expect(text(snoozed.data!.embeds as APIEmbed[])).toContain('Snoozed until this time tomorrow.');
    const marked = await answered(
      bot.fake.pressButton({
        messageId,
        customId: String(done!.custom_id),
        userId: people.closed.id,
      }),
    );
    expect(text(marked.data!.embeds as APIEmbed[])).toMatch(/no more reminders/i);
  });
});

describe('a status round', () => {
  test('opened with typed options, answered in a form of two steps with selects, then reported', async () => {
    const opened = await answered(
      slash(
        'admin',
        people.sec.id,
        { title: 'Discord round', closes: '2031-06-30' },
        { subcommand: ['round', 'open'] },
      ),
    );
    expect(text(opened.data!.embeds as APIEmbed[])).toContain('Discord round');
    const open = await answered(slash('status', people.csco.id));
    expect(open.type).toBe(9);
    const modal = open.data as {
      custom_id: string;
      title: string;
      components: { component: Record<string, unknown> }[];
    };
    expect(modal.title).toBe('Project status (1/2)');
    const inputs = Object.fromEntries(
      modal.components.map((c) => [c.component.custom_id, c.component]),
    );
    const projects = inputs.project!.options as { label: string; value: string }[];
    expect(inputs.project).toMatchObject({ type: 3, max_values: 1 });
    expect(projects.map((o) => o.label)).toContain('Example: online permits');
    const permits = projects.find((o) => o.label === 'Example: online permits')!;
    expect(inputs.status).toMatchObject({ type: 3 });
    const next = await submitted(
      bot.fake.submitModal({
        customId: modal.custom_id,
        userId: people.csco.id,
        values: { project: [permits.value], status: ['at-risk'], progress: '60' },
      }),
    );
    const go = buttonsOf(next)[0]!;
    const step2 = await answered(
      bot.fake.pressButton({
        messageId: next.id,
        customId: String(go.custom_id),
        userId: people.csco.id,
      }),
    );
    const second = step2.data as typeof modal;
    expect(second.title).toBe('Project status (2/2)');
    const saved = await submitted(
      bot.fake.submitModal({
        customId: second.custom_id,
        userId: people.csco.id,
        values: { highlights: 'Launched in two districts.', blockers: '', helpNeeded: '' },
      }),
    );
    expect(text(saved.embeds)).toContain('Saved: Example: online permits, at risk, 60%.');
    const report = await answered(slash('report', people.csco.id));
    const shown = text(report.data!.embeds as APIEmbed[]);
    expect(shown).toMatch(/^Progress report: Discord round/m);
    expect(shown).toMatch(/At risk\n1/);
  });
});

describe('forms as modals', () => {
  test('a form in steps: an error comes back with the values kept, then the next step, then done', async () => {
    const open = await answered(slash('share', people.csco.id));
    expect(open.type).toBe(9);
    const modal = open.data as {
      custom_id: string;
      title: string;
      components: { component: Record<string, unknown>; description?: string }[];
    };
    expect(modal.title).toBe('Share a best practice (1/2)');
    expect(modal.components).toHaveLength(5);
    const inputs = Object.fromEntries(
      modal.components.map((c) => [c.component.custom_id, c.component]),
    );
    // 34 cities are more than a select holds: typed, with the officer's city filled in.
    expect(inputs.city).toMatchObject({ type: 4, value: 'Yangon' });
    expect(inputs.focusAreas).toMatchObject({ type: 3, max_values: 6 });

    const problem = 'Buses were slow and crowded at peak hours.';
    const refused = await submitted(
      bot.fake.submitModal({
        customId: modal.custom_id,
        userId: people.csco.id,
        values: {
          title: 'BRT',
          city: 'yango',
          focusAreas: ['built-infrastructure'],
          problem,
          solution: 'too short',
        },
      }),
    );
    expect(refused.flags! & Ephemeral).toBe(Ephemeral);
    const shown = text(refused.embeds);
    expect(shown).toMatch(/Title[\s\S]*at least 5 characters/);
    expect(shown).toMatch(/Solution[\s\S]*at least 10 characters/);
    const fix = buttonsOf(refused).find((b) => String(b.custom_id).startsWith('ascn:fo:'))!;
    const again = await answered(
      bot.fake.pressButton({
        messageId: refused.id,
        customId: String(fix.custom_id),
        userId: people.csco.id,
      }),
    );
    expect(again.type).toBe(9);
    const reopened = again.data as typeof modal;
    const kept = Object.fromEntries(reopened.components.map((c) => [c.component.custom_id, c]));
    expect(kept.title!.component.value).toBe('BRT');
    expect(kept.problem!.component.value).toBe(problem);
    expect(kept.city!.component.value).toBe('Yangon');
    expect(kept.title!.description).toMatch(/at least 5 characters/);

    const next = await submitted(
      bot.fake.submitModal({
        customId: reopened.custom_id,
        userId: people.csco.id,
        values: {
          title: 'Bus rapid transit pilot',
          city: 'Yangon',
          focusAreas: ['built-infrastructure'],
          problem,
          solution: 'Dedicated lanes and level boarding on two corridors.',
        },
      }),
    );
    expect(text(next.embeds)).toContain('Step 1 of 2 saved');
    const go = buttonsOf(next)[0]!;
    const step2 = await answered(
      bot.fake.pressButton({
        messageId: next.id,
        customId: String(go.custom_id),
        userId: people.csco.id,
      }),
    );
    const second = step2.data as typeof modal;
    expect(second.title).toBe('Share a best practice (2/2)');
    const done = await submitted(
      bot.fake.submitModal({
        customId: second.custom_id,
        userId: people.csco.id,
        values: {
          results: 'Travel time down by a third.',
          contact: '',
          links: 'https://example.org/brt',
        },
      }),
    );
    expect(text(done.embeds)).toContain('"Bus rapid transit pilot" is shared');
    const stored = await bot.store.db
      .selectFrom('practices')
      .select(['title', 'cityId', 'officerId'])
      .where('title', '=', 'Bus rapid transit pilot')
      .execute();
    expect(stored).toEqual([
      { title: 'Bus rapid transit pilot', cityId: 'yangon', officerId: 'csco-yangon' },
    ]);
  });
});

describe('resilience', () => {
  test('a malformed interaction gets a plain answer and the bot keeps working', async () => {
    const tampers: Array<(p: Record<string, unknown>) => Record<string, unknown>> = [
      ({ data: _, ...rest }) => rest,
      (p) => ({ ...p, member: { roles: [] } }),
      ({ entitlements: _, ...rest }) => rest,
      (p) => ({ ...p, data: { ...(p.data as object), options: 'not a list' } }),
    ];
    for (const tamper of tampers) {
      const i = bot.fake.tamperedCommand(
        { name: 'help', userId: people.guest.id, channelId: channels.general },
        tamper,
      );
      const callback = await answered(i);
      expect(callback.data).toMatchObject({ content: MALFORMED_ANSWER, flags: Ephemeral });
    }
    const help = await answered(slash('help', people.guest.id));
    expect(text(help.data!.embeds as APIEmbed[])).toContain('What I can do');
  });

  test('after the gateway drops, the bot resumes and answers', async () => {
    const identifies = bot.fake.received(Op.Identify).length;
    bot.fake.dropConnections();
    await bot.fake.until(
      () =>
        bot.fake.received(Op.Resume).length > 0 &&
        bot.fake.sessions().some((s) => s.connected && s.resumes > 0),
      { timeoutMs: 30_000, what: 'a RESUME' },
    );
    const help = await answered(slash('help', people.guest.id));
    expect(help.type).toBe(4);
    expect(bot.fake.received(Op.Identify).length).toBe(identifies);
  });

  test('every interaction was answered or deferred within 3 seconds', () => {
    const all = bot.fake.interactions();
    expect(all.length).toBeGreaterThan(20);
    for (const i of all) {
      expect(i.callback, `interaction ${i.id}`).toBeDefined();
      expect(i.lateCallbacks).toBe(0);
    }
  });
});
