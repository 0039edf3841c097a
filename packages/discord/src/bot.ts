import {
  type Assistant,
  BadInput,
  type Block,
  decodeFormRef,
  type FieldSpec,
  type FormOutcome,
  fieldsOf,
  formOpenAction,
  reply as makeReply,
  problem,
  type Reply,
} from '@ascn/core';
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  DiscordAPIError,
  Events,
  type Interaction,
  type InteractionReplyOptions,
  type Message,
  type MessageComponentInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import {
  type APIInteractionResponseCallbackData,
  InteractionResponseType,
  Routes,
} from 'discord-api-types/v10';
import { guardInteractions, MALFORMED_ANSWER } from './guard.js';
import { interactionIncoming, messageIncoming } from './incoming.js';
import { modalValues, renderModal } from './modal.js';
import { type DiscordMessage, renderMessage } from './render.js';

export interface BotOptions {
  assistant: Assistant;
  /** Unexpected errors (never shown in chat; never pass message text to a log). */
  onError?: (error: unknown, where: string) => void;
  /** Refused interactions and other notes worth a log line. */
  onNote?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Defer an interaction the core has not answered after this long. Discord allows 3 s from
   * the interaction's creation to its first answer; the rest is for the network. Default 1,500.
   */
  deferAfterMs?: number;
}

export interface BotStats {
  interactions: number;
  answered: number;
  deferred: number;
  refused: number;
  messages: number;
  failures: number;
}

export interface AttachedBot {
  stats: BotStats;
  detach(): void;
}

type Repliable = ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction;
type FormBlock = Extract<Block, { kind: 'form' }>;
const isForm = (b: Block): b is FormBlock => b.kind === 'form';

/** A small map whose entries expire: what a modal showed, the errors of a draft. */
function expiring<V>(ttlMs: number, max: number) {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    set(key: string, value: V) {
      entries.delete(key);
      entries.set(key, { value, until: Date.now() + ttlMs });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    delete(key: string) {
      entries.delete(key);
    },
    get(key: string): V | undefined {
      const e = entries.get(key);
      if (!e || e.until < Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return e.value;
    },
  };
}

/** A rendered message as discord.js options (its camelCase `allowedMentions`). */
function messageOptions(message: DiscordMessage) {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components,
    allowedMentions: {
      parse: [],
      ...(message.allowed_mentions.users ? { users: message.allowed_mentions.users } : {}),
      repliedUser: false,
    },
  };
}

/** The same as an interaction's answer, ephemeral when it is for the person alone. */
function replyOptions(message: DiscordMessage, ephemeral = false): InteractionReplyOptions {
  return {
    ...messageOptions(message),
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * A rendered message as the data of an interaction callback: already in Discord's REST shape
 * (what discord.js's `reply` would send for {@link replyOptions}, mentions still off).
 */
function callbackData(
  message: DiscordMessage,
  ephemeral = false,
): APIInteractionResponseCallbackData {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components,
    allowed_mentions: { ...message.allowed_mentions, replied_user: false },
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * The first answer to an interaction in one REST call: a message (type 4) or the clicked
 * message updated (type 7). The body is posted as rendered, without discord.js's
 * `MessagePayload` (which re-resolves every option and module on each call: a good share of
 * the adapter's time per interaction); the interaction is then marked as discord.js marks it,
 * so that `editReply`, `followUp` and `deleteReply` work after it as after `reply`/`update`.
 */
async function firstAnswer(
  i: Repliable,
  type: InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage,
  data: APIInteractionResponseCallbackData,
): Promise<void> {
  await i.client.rest.post(Routes.interactionCallback(i.id, i.token), {
    body: { type, data },
    auth: false,
  });
  if (type === InteractionResponseType.ChannelMessageWithSource)
    i.ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  i.replied = true;
}

/** The slash command's words and typed options (never turned back into text). */
export function commandPath(i: ChatInputCommandInteraction): {
  path: string[];
  options: Record<string, unknown>;
} {
  const path = [i.commandName];
  const options: Record<string, unknown> = {};
  const walk = (list: readonly CommandInteractionOption[]) => {
    for (const o of list) {
      if (o.options !== undefined && o.value === undefined) {
        path.push(o.name);
        walk(o.options);
      } else options[o.name] = o.value;
    }
  };
  walk(i.options.data);
  return { path, options };
}

/**
 * The assistant on a discord.js client: slash commands, autocomplete, buttons and modals are
 * answered (or deferred) within Discord's 3 seconds; DMs and mentions are answered as
 * replies; plain questions in channels set up for it get an answer when the core is sure.
 * Nothing thrown here reaches discord.js: every failure is a plain answer and a log line.
 */
export function attachBot(client: Client, options: BotOptions): AttachedBot {
  const { assistant } = options;
  const deferAfterMs = options.deferAfterMs ?? 1500;
  const onError = options.onError ?? (() => {});
  const stats: BotStats = {
    interactions: 0,
    answered: 0,
    deferred: 0,
    refused: 0,
    messages: 0,
    failures: 0,
  };
  // What a modal asked for (to match typed choices), and a draft's errors (to show them again).
  const shownFields = expiring<FieldSpec[]>(30 * 60_000, 5000);
  const draftErrors = expiring<Record<string, string>>(30 * 60_000, 5000);

  /**
   * Runs the core; if it has not answered by the deadline, defers first (the person sees
   * "thinking…") and answers when it does. Measured from the interaction's creation when the
   * clocks agree, else from its arrival.
   */
  async function withinDeadline<T>(
    i: Repliable | AutocompleteInteraction,
    work: () => Promise<T>,
    defer: () => Promise<unknown>,
  ): Promise<T> {
    const age = Date.now() - i.createdTimestamp;
    const wait = deferAfterMs - (age >= 0 && age < deferAfterMs ? age : 0);
    let deferring: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferring = defer().then(
        () => {
          stats.deferred++;
        },
        (error: unknown) => onError(error, 'defer'),
      );
    }, wait);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
      if (deferring) await deferring;
    }
  }

  /** Sends the core's reply as the interaction's answer, whatever has been sent so far. */
  async function respond(i: Repliable, reply: Reply, deferredUpdate: boolean): Promise<void> {
    const form = reply.blocks.find(isForm);
    if (form && !i.deferred && !i.replied && !i.isModalSubmit()) {
      const remembered = form.draftId ? draftErrors.get(form.draftId) : undefined;
      const shown = remembered && !form.fieldErrors ? { ...form, fieldErrors: remembered } : form;
      const modal = renderModal(shown);
      // Remembered first: the submission may come back before showModal's answer does.
      shownFields.set(`${i.user.id}:${modal.custom_id}`, fieldsOf(form.form));
      await i.showModal(modal);
      stats.answered++;
      return;
    }
    const ephemeral = reply.visibility === 'private';
    const message = renderMessage(reply, { publicPost: !ephemeral });
    if (i.isMessageComponent() && reply.replaceOriginal) {
      if (i.deferred || i.replied) await i.editReply(messageOptions(message));
      else await firstAnswer(i, InteractionResponseType.UpdateMessage, callbackData(message));
    } else if (!i.deferred && !i.replied) {
      await firstAnswer(
        i,
        InteractionResponseType.ChannelMessageWithSource,
        callbackData(message, ephemeral),
      );
    } else if (deferredUpdate || !ephemeral) {
      // After deferring an update, or a private "thinking…": a new message, then the
      // placeholder goes (a public answer must not stay hidden in an ephemeral one).
      await i.followUp(replyOptions(message, ephemeral));
      if (!deferredUpdate) await i.deleteReply().catch(() => {});
    } else {
      await i.editReply(messageOptions(message));
    }
    stats.answered++;
  }

  /** Tells the person in plain words; used when anything failed on our side. */
  async function apologise(i: Repliable, error: unknown, where: string): Promise<void> {
    stats.failures++;
    onError(error, where);
    const sorry = renderMessage(
      problem('Sorry, something went wrong on my side. Please try again in a minute.'),
    );
    try {
      if (!i.deferred && !i.replied) await i.reply(replyOptions(sorry, true));
      else await i.followUp(replyOptions(sorry, true));
    } catch (second) {
      onError(second, `${where}:apology`);
    }
  }

  async function onCommand(i: ChatInputCommandInteraction) {
    const { path, options: values } = commandPath(i);
    const reply = await withinDeadline(
      i,
      () => assistant.run(interactionIncoming(i), path, values),
      () => i.deferReply({ flags: MessageFlags.Ephemeral }),
    );
    await respond(i, reply, false);
  }

  async function onAutocomplete(i: AutocompleteInteraction) {
    const focused = i.options.getFocused(true);
    const { path } = commandPath(i as unknown as ChatInputCommandInteraction);
    let late = false;
    // Autocomplete cannot be deferred: no suggestions are better than a late answer.
    const suggestions = await Promise.race([
      assistant.autocomplete(interactionIncoming(i), path, focused.name, String(focused.value)),
      new Promise<[]>((resolve) =>
        setTimeout(() => {
          late = true;
          resolve([]);
        }, deferAfterMs + 500).unref(),
      ),
    ]);
    if (late) options.onNote?.('autocomplete too slow; answered with no suggestions');
    // Posted as is, like a reply (see firstAnswer): a person typing sends one per keystroke.
    await i.client.rest.post(Routes.interactionCallback(i.id, i.token), {
      body: {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: {
          choices: suggestions
            .slice(0, 25)
            .map((s) => ({ name: s.label.slice(0, 100), value: s.value })),
        },
      },
      auth: false,
    });
    i.responded = true;
    stats.answered++;
  }

  async function onButton(i: ButtonInteraction) {
    const reply = await withinDeadline(
      i,
      () => assistant.action(interactionIncoming(i), i.customId),
      () => i.deferUpdate(),
    );
    await respond(i, reply, i.deferred);
  }

  /** What the person sees after a step or a refused submission: a button to go on. */
  function stepReply(outcome: FormOutcome): Reply {
    const form = outcome.reply.blocks.find(isForm);
    if (!form || outcome.status === 'done') return outcome.reply;
    const steps = form.form.groups.length;
    const group = form.group ?? 0;
    // A step that went through has no errors left to show again.
    if (outcome.status === 'next' && form.draftId) draftErrors.delete(form.draftId);
    if (outcome.status === 'next')
      return makeReply([
        {
          kind: 'text',
          text: `Step ${group} of ${steps} saved. Next: ${form.form.groups[group]?.title ?? 'the rest'}.`,
        },
        {
          kind: 'buttons',
          buttons: [{ action: formOpenAction(form), label: 'Continue', style: 'primary' }],
        },
      ]);
    const labels = new Map(fieldsOf(form.form).map((f) => [f.name, f.label]));
    const errors = Object.entries(form.fieldErrors ?? {});
    if (form.draftId && errors.length) draftErrors.set(form.draftId, form.fieldErrors!);
    return makeReply(
      [
        {
          kind: 'text',
          text: form.draftId
            ? 'Some answers need a change. What you typed is kept: press the button to fix them.'
            : 'Some answers need a change.',
        },
        ...(form.formError ? [{ kind: 'note' as const, text: form.formError }] : []),
        ...(errors.length
          ? [
              {
                kind: 'fields' as const,
                fields: errors.map(([name, error]) => ({
                  label: labels.get(name) ?? name,
                  value: error,
                })),
              },
            ]
          : []),
        ...(form.draftId
          ? [
              {
                kind: 'buttons' as const,
                buttons: [
                  {
                    action: formOpenAction(form),
                    label: 'Fix and send again',
                    style: 'primary' as const,
                  },
                ],
              },
            ]
          : []),
      ],
      { tone: 'error' },
    );
  }

  async function onModal(i: ModalSubmitInteraction) {
    // Only a message can follow a modal. Like a command, it is answered in one call when the
    // core is quick, and deferred (a private "thinking…") when saving takes longer.
    let answer: Reply;
    try {
      answer = await withinDeadline(
        i,
        async () => {
          const ref = decodeFormRef(i.customId);
          const shown = shownFields.get(`${i.user.id}:${i.customId}`);
          const outcome = await assistant.submitForm(interactionIncoming(i), {
            formId: ref.formId,
            context: ref.context,
            values: modalValues(i.fields.fields.values(), shown),
            ...(ref.group !== undefined ? { group: ref.group } : {}),
            ...(ref.draftId ? { draftId: ref.draftId } : {}),
          });
          return stepReply(outcome);
        },
        () => i.deferReply({ flags: MessageFlags.Ephemeral }),
      );
    } catch (error) {
      // A stale or forged form id is a plain message; anything else is ours to apologise for.
      if (error instanceof BadInput) return respond(i, problem(error.message), false);
      throw error;
    }
    return respond(i, answer, false);
  }

  const onInteraction = async (i: Interaction) => {
    stats.interactions++;
    try {
      if (i.isChatInputCommand()) await onCommand(i);
      else if (i.isAutocomplete()) await onAutocomplete(i);
      else if (i.isButton()) await onButton(i);
      else if (i.isModalSubmit()) await onModal(i);
      else if (i.isRepliable()) {
        // A context-menu command or a select we never sent: not ours.
        await i.reply(
          replyOptions(
            renderMessage(problem('I do not know that command; type /help for the list.')),
            true,
          ),
        );
        stats.refused++;
      }
    } catch (error) {
      if (i.isAutocomplete()) {
        onError(error, 'autocomplete');
        if (!i.responded) await i.respond([]).catch(() => {});
      } else if (i.isRepliable()) await apologise(i as Repliable, error, `interaction:${i.type}`);
    }
  };

  // ---- messages ------------------------------------------------------------------------

  const say = (text: string) => messageOptions(renderMessage(makeReply([{ kind: 'text', text }])));

  async function answerMessage(m: Message, reply: Reply) {
    if (!m.inGuild()) {
      await m.reply(messageOptions(renderMessage(reply)));
      return;
    }
    if (reply.visibility === 'public') {
      await m.reply(messageOptions(renderMessage(reply, { publicPost: true })));
      return;
    }
    // Only for the person who asked: a direct message, and a pointer to it here.
    try {
      await m.author.send(messageOptions(renderMessage(reply)));
      await m.reply(say('I have sent you a direct message.'));
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === 50007)) throw error;
      await m.reply(
        say(
          'Your direct messages are closed, so I cannot answer this here. Use my slash commands instead: only you will see the answer.',
        ),
      );
    }
  }

  const onMessage = async (m: Message) => {
    if (m.author.bot || m.system || m.webhookId) return;
    const me = client.user?.id;
    if (!me) return;
    try {
      const mentioned = m.inGuild() && m.mentions.users.has(me);
      if (!m.inGuild() || mentioned) {
        stats.messages++;
        const text = m.content.replace(new RegExp(`<@!?${me}>`, 'g'), ' ').trim();
        const reply = await assistant.handle(messageIncoming(m, mentioned), text);
        await answerMessage(m, reply);
        return;
      }
      if (!m.content) return;
      const answer = await assistant.answerIfConfident(messageIncoming(m, false), m.content);
      if (answer) {
        stats.messages++;
        await m.reply(messageOptions(renderMessage(answer, { publicPost: true })));
      }
    } catch (error) {
      stats.failures++;
      onError(error, 'message');
    }
  };

  const stopGuard = guardInteractions(client, (reason) => {
    stats.refused++;
    options.onNote?.('refused a malformed interaction', { reason });
  });
  const interactionListener = (i: Interaction) => void onInteraction(i);
  const messageListener = (m: Message) => void onMessage(m);
  client.on(Events.InteractionCreate, interactionListener);
  client.on(Events.MessageCreate, messageListener);
  return {
    stats,
    detach() {
      stopGuard();
      client.off(Events.InteractionCreate, interactionListener);
      client.off(Events.MessageCreate, messageListener);
    },
  };
}

export { MALFORMED_ANSWER };
