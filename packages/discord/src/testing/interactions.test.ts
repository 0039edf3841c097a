import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';
import {
  ana,
  destroyClients,
  generalId,
  guildId,
  loginClient,
  secretariatRoleId,
  testWorld,
} from './test-clients.js';

const commands = [
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask the knowledge base')
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question').setRequired(true).setAutocomplete(true),
    ),
  new SlashCommandBuilder().setName('share').setDescription('Share a best practice'),
  new SlashCommandBuilder()
    .setName('admin')
    .setDescription('Secretariat tools')
    .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
    .addSubcommandGroup((group) =>
      group
        .setName('round')
        .setDescription('Status rounds')
        .addSubcommand((sub) =>
          sub
            .setName('open')
            .setDescription('Open a status round')
            .addIntegerOption((o) =>
              o.setName('year').setDescription('Year').setRequired(true).setMinValue(2018),
            ),
        ),
    ),
].map((c) => c.toJSON());

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

/** A logged-in bot with the commands registered, answering with `handle`. */
async function bot(handle: (interaction: Interaction) => Promise<unknown>): Promise<Client<true>> {
  const client = await loginClient(fake);
  await client.application.commands.set(commands);
  client.on(Events.InteractionCreate, (interaction) => {
    handle(interaction).catch((error: unknown) => failures.push(error));
  });
  return client;
}
let failures: unknown[] = [];
beforeEach(() => {
  failures = [];
});

const answered = (id: string) =>
  fake.until(() => fake.interaction(id)?.callback, { what: `the answer to ${id}` });

describe('registering commands', () => {
  test('PUT stores global and guild commands; registering again keeps their ids', async () => {
    const client = await loginClient(fake);
    const registered = await client.application.commands.set(commands);

    const stored = fake.commands();
    expect(stored.map((c) => c.name)).toEqual(['ask', 'share', 'admin']);
    expect([...registered.keys()].sort()).toEqual(stored.map((c) => c.id).sort());
    expect(stored[0]!.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, autocomplete: true }),
    ]);
    expect(stored[2]!.default_member_permissions).toBe(String(PermissionFlagsBits.Administrator));

    await client.application.commands.set(commands);
    expect(fake.commands().map((c) => c.id)).toEqual(stored.map((c) => c.id));

    await client.guilds.cache.get(guildId)!.commands.set([commands[0]!]);
    expect(fake.commands(guildId)).toEqual([
      expect.objectContaining({ name: 'ask', guild_id: guildId }),
    ]);
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.route)).toEqual([
      '/applications/:app/commands',
      '/applications/:app/commands',
      '/applications/:app/guilds/:guild/commands',
    ]);
  });

  test("a command that breaks Discord's rules is refused with 50035 and the path of each fault", async () => {
    const client = await loginClient(fake);
    const tooMany = Array.from({ length: 26 }, (_, i) => ({
      name: `o${i}`,
      description: 'an option',
      type: 3,
    }));
    const error = await client.application.commands
      .set([
        { name: 'Ask Me', description: 'x'.repeat(101) },
        { name: 'status', description: 'Status', options: tooMany },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50035, status: 400 });
    const errors = (error as DiscordAPIError).rawError as { errors: Record<string, unknown> };
    expect(errors.errors).toMatchObject({
      0: {
        name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] },
        description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] },
      },
      1: { options: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    expect(fake.commands()).toEqual([]);
  });
});

describe('answering interactions', () => {
  test('a slash command reaches interactionCreate with its options; reply answers through the callback', async () => {
    await bot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const question = interaction.options.getString('question', true);
      await interaction.reply({ content: `You asked: ${question}` });
    });
    const sent = fake.slashCommand({
      name: 'ask',
      options: { question: 'What is the ASCN?' },
      userId: ana.id,
      channelId: generalId,
    });
    expect(sent.deliveredTo).toBe(1);

    const callback = await answered(sent.id);
    expect(callback.type).toBe(4);
    const [posted] = fake.messages(generalId);
    expect(posted).toMatchObject({
      id: fake.interaction(sent.id)!.originalMessageId,
      content: 'You asked: What is the ASCN?',
      type: 20,
      author: { id: fake.botUser.id },
      interaction_metadata: { id: sent.id, user: { id: ana.id } },
    });
    expect(failures).toEqual([]);
  });

  test('subcommands, typed options and the member with their permissions arrive as Discord sends them', async () => {
    const seen: unknown[] = [];
    await bot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push({
        group: interaction.options.getSubcommandGroup(),
        sub: interaction.options.getSubcommand(),
        year: interaction.options.getInteger('year'),
        admin: interaction.memberPermissions?.has(PermissionFlagsBits.Administrator),
        roles: interaction.inCachedGuild() ? [...interaction.member.roles.cache.keys()] : [],
      });
      await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
    });
    const sent = fake.slashCommand({
      name: 'admin',
      subcommand: ['round', 'open'],
      options: { year: 2025 },
      userId: ana.id,
      channelId: generalId,
    });
    await answered(sent.id);
    expect(seen).toEqual([
      {
        group: 'round',
        sub: 'open',
        year: 2025,
        admin: true,
        roles: expect.arrayContaining([secretariatRoleId]),
      },
    ]);
  });

  test('an ephemeral reply is kept for the person only: it is not in the channel history', async () => {
    await bot(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral });
      }
    });
    const sent = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    await answered(sent.id);
    const original = fake.message(fake.interaction(sent.id)!.originalMessageId!);
    expect(original).toMatchObject({ content: 'only you', flags: MessageFlags.Ephemeral });
    expect(fake.messages(generalId)).toEqual([]);
    expect(fake.gatewayLog.filter((f) => f.t === 'MESSAGE_CREATE')).toHaveLength(0);
  });

  test('deferReply then editReply fills the deferred message, and followUp adds another', async () => {
    await bot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply({ content: 'The answer, after some thought.' });
      await interaction.followUp({ content: 'And a note.', flags: MessageFlags.Ephemeral });
    });
    const sent = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    await fake.until(() => fake.interaction(sent.id)!.followupIds.length === 1, {
      what: 'the follow-up',
    });

    expect(fake.interaction(sent.id)!.callback!.type).toBe(5);
    const [original] = fake.messages(generalId);
    expect(original).toMatchObject({ content: 'The answer, after some thought.', flags: 0 });
    expect(original!.edited_timestamp).not.toBeNull();
    const followup = fake.message(fake.interaction(sent.id)!.followupIds[0]!);
    expect(followup).toMatchObject({ content: 'And a note.', flags: MessageFlags.Ephemeral });
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(
      expect.arrayContaining([
        'POST /interactions/:interaction/:token/callback',
        'PATCH /webhooks/:app/:token/messages/:message',
        'POST /webhooks/:app/:token',
      ]),
    );
    expect(failures).toEqual([]);
  });

  test('a modal is shown (callback 9) and its submission arrives with the values typed', async () => {
    const submitted: Record<string, string>[] = [];
    await bot(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const modal = new ModalBuilder()
          .setCustomId('share:1')
          .setTitle('Share a best practice')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('Title')
              .setTextInputComponent(
                new TextInputBuilder().setCustomId('title').setStyle(TextInputStyle.Short),
              ),
            new LabelBuilder()
              .setLabel('Summary')
              .setTextInputComponent(
                new TextInputBuilder()
                  .setCustomId('summary')
                  .setStyle(TextInputStyle.Paragraph)
                  .setRequired(false),
              ),
          );
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        submitted.push({
          customId: interaction.customId,
          title: interaction.fields.getTextInputValue('title'),
          summary: interaction.fields.getTextInputValue('summary'),
        });
        await interaction.reply({ content: 'Shared.', flags: MessageFlags.Ephemeral });
      }
    });
    const command = fake.slashCommand({ name: 'share', userId: ana.id, channelId: generalId });
    expect((await answered(command.id)).type).toBe(9);
    expect(() =>
      fake.submitModal({ customId: 'share:1', userId: ana.id, values: { summary: 'no title' } }),
    ).toThrow(/text input "title" is required/);

    const submit = fake.submitModal({
      customId: 'share:1',
      userId: ana.id,
      values: { title: 'Smart bins in Da Nang', summary: 'Sensors tell the trucks when to come.' },
    });
    await answered(submit.id);
    expect(submitted).toEqual([
      {
        customId: 'share:1',
        title: 'Smart bins in Da Nang',
        summary: 'Sensors tell the trucks when to come.',
      },
    ]);
  });

  test('a button press arrives with its custom id, and update edits the message it was on', async () => {
    await bot(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: 'An answer.',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder()
                .setCustomId('feedback:up')
                .setLabel('Helpful')
                .setStyle(ButtonStyle.Success),
            ),
          ],
        });
      } else if (interaction.isButton()) {
        await interaction.update({
          content: `An answer. (${interaction.customId} noted)`,
          components: [],
        });
      }
    });
    const command = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    await answered(command.id);
    const messageId = fake.interaction(command.id)!.originalMessageId!;
    expect(() =>
      fake.pressButton({ messageId, customId: 'feedback:down', userId: ana.id }),
    ).toThrow(/has no component "feedback:down"/);

    const press = fake.pressButton({ messageId, customId: 'feedback:up', userId: ana.id });
    expect((await answered(press.id)).type).toBe(7);
    expect(fake.message(messageId)).toMatchObject({
      content: 'An answer. (feedback:up noted)',
      components: [],
    });
  });

  test('a select menu choice arrives with its values', async () => {
    const chosen: string[][] = [];
    await bot(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const select = new StringSelectMenuBuilder()
          .setCustomId('city')
          .addOptions({ label: 'Da Nang', value: 'da-nang' }, { label: 'Yangon', value: 'yangon' });
        await interaction.reply({
          content: 'Which city?',
          components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select)],
        });
      } else if (interaction.isStringSelectMenu()) {
        chosen.push(interaction.values);
        await interaction.deferUpdate();
      }
    });
    const command = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    await answered(command.id);
    const messageId = fake.interaction(command.id)!.originalMessageId!;
    const select = fake.selectOptions({
      messageId,
      customId: 'city',
      values: ['yangon'],
      userId: ana.id,
    });
    expect((await answered(select.id)).type).toBe(6);
    expect(chosen).toEqual([['yangon']]);
  });

  test('autocomplete gets the text typed so far and respond sends the choices', async () => {
    const typed: string[] = [];
    await bot(async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      typed.push(`${focused.name}=${focused.value}`);
      await interaction.respond([
        { name: 'What is the ASCN?', value: 'what-is-ascn' },
        { name: 'Who chairs the ASCN?', value: 'chair' },
      ]);
    });
    const sent = fake.autocomplete({
      name: 'ask',
      options: { question: 'wha' },
      focused: 'question',
      userId: ana.id,
      channelId: generalId,
    });
    const callback = await answered(sent.id);
    expect(typed).toEqual(['question=wha']);
    expect(callback).toMatchObject({
      type: 8,
      data: { choices: [{ value: 'what-is-ascn' }, { value: 'chair' }] },
    });
  });

  test('a command in a DM arrives with the user instead of a member', async () => {
    const where: unknown[] = [];
    await bot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      where.push({
        guild: interaction.guildId,
        user: interaction.user.id,
        dm: interaction.channel?.isDMBased(),
      });
      await interaction.reply({ content: 'hi' });
    });
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'q' }, userId: ana.id });
    await answered(sent.id);
    expect(where).toEqual([{ guild: null, user: ana.id, dm: true }]);
    expect(fake.messages(fake.dmChannelId(ana.id)!)).toEqual([
      expect.objectContaining({ content: 'hi' }),
    ]);
  });
});

describe("Discord's rules for answers", () => {
  test('an interaction takes one answer: when two clients both reply, the second gets 40060', async () => {
    const outcomes: string[] = [];
    const handler = async (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({ content: 'mine' }).then(
        () => outcomes.push('answered'),
        (error: unknown) => outcomes.push(`refused ${(error as DiscordAPIError).code}`),
      );
    };
    await bot(handler);
    const second = await loginClient(fake);
    second.on(Events.InteractionCreate, (i) => void handler(i));

    const sent = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    expect(sent.deliveredTo).toBe(2);
    await vi.waitFor(() => expect(outcomes).toHaveLength(2));
    expect(outcomes.sort()).toEqual(['answered', 'refused 40060']);
    expect(fake.messages(generalId)).toHaveLength(1);
  });

  test('a callback after the 3-second deadline gets 10062 Unknown interaction; the delay is measured', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const errors: unknown[] = [];
    await bot(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await gate;
      await interaction
        .reply({ content: 'too late?' })
        .catch((error: unknown) => errors.push(error));
    });

    const onTime = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    now += 2999;
    release();
    expect((await answered(onTime.id)).latencyMs).toBe(2999);

    const late = fake.slashCommand({
      name: 'ask',
      options: { question: 'q' },
      userId: ana.id,
      channelId: generalId,
    });
    now += 3001; // before the bot gets to answer
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: 10062, status: 404 });
    expect(fake.interaction(late.id)!.lateCallbacks).toBe(1);
    expect(fake.interaction(late.id)!.callback).toBeUndefined();
    expect(fake.messages(generalId).map((m) => m.content)).toEqual(['too late?']);
  });

  test('the fake refuses to send what a Discord client could not', async () => {
    await bot(async () => {});
    expect(() => fake.slashCommand({ name: 'nope', userId: ana.id, channelId: generalId })).toThrow(
      /no command \/nope is registered/,
    );
    expect(() => fake.slashCommand({ name: 'ask', userId: ana.id, channelId: generalId })).toThrow(
      /needs option "question"/,
    );
    expect(() =>
      fake.slashCommand({
        name: 'admin',
        subcommand: ['round', 'open'],
        options: { year: 2017 },
        userId: ana.id,
        channelId: generalId,
      }),
    ).toThrow(/below its minimum/);
    expect(() => fake.submitModal({ customId: 'never-shown', userId: ana.id, values: {} })).toThrow(
      /no modal "never-shown" was shown/,
    );
  });
});
