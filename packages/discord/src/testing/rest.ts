import { randomBytes } from 'node:crypto';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { answers, formErrors, invalidForm, type RestAnswer } from './errors.js';
import { messageEvents } from './events.js';
import type { Gateway } from './gateway.js';
import {
  choicesErrors,
  commandErrors,
  commandListErrors,
  isEmptyMessage,
  isRecord,
  type Json,
  MessageFlags,
  messageErrors,
  modalErrors,
} from './validate.js';
import {
  type ChannelRecord,
  channelObject,
  dmChannel,
  editMessage,
  type FakeInteraction,
  guildObject,
  memberObject,
  restMessage,
  type StoredMessage,
  storeMessage,
  type World,
} from './world.js';

export interface RestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface Route {
  method: string;
  template: string;
  /** Needs `Authorization: Bot <token>` (interaction and webhook-token routes do not). */
  auth: boolean;
  handle(ctx: RestContext): RestAnswer;
}

export interface RestSettings {
  gatewayUrl: string;
  recommendedShards: number;
  maxConcurrency: number;
  interactionDeadlineMs: number;
  nonceWindowMs: number;
  sessionStarts: { total: number; remaining: number };
}

const FIFTEEN_MINUTES = 15 * 60_000;
const ok = (body: unknown): RestAnswer => ({ status: 200, body });
const noContent = (): RestAnswer => ({ status: 204 });

/** The REST routes of the fake, over the shared world; changes are dispatched on the gateway. */
export function restRoutes(world: World, gateway: Gateway, settings: RestSettings): Route[] {
  const appOf = (app: string | undefined) => app === world.application.id || app === '@me';

  const { messageEvent, messageDeleted } = messageEvents(world, gateway);

  // ---- helpers ----------------------------------------------------------------------------
  const notAnObject = () => answers.badBody('Expected a JSON object.');

  /** The message an edit would leave, to refuse an edit that empties it (50006). */
  const afterEdit = (stored: StoredMessage, body: Json): Json => {
    const message = stored.message as unknown as Json;
    const pick = (key: string) => (key in body ? body[key] : message[key]);
    return { content: pick('content'), embeds: pick('embeds'), components: pick('components') };
  };

  const checkedMessage = (body: Json, check: { edit?: boolean; interaction?: boolean }) => {
    const errors = messageErrors(body, check);
    if (errors.count > 0) return invalidForm(errors);
    if (!check.edit && isEmptyMessage(body)) return answers.emptyMessage();
    return undefined;
  };

  const sendable = (channel: ChannelRecord): RestAnswer | undefined => {
    if (channel.recipientId === undefined) return undefined;
    const recipient = world.users.get(channel.recipientId)!;
    return recipient.dmsClosed || recipient.user.bot ? answers.cannotMessageUser() : undefined;
  };

  const visibleMessage = (channelId: string, messageId: string) => {
    const stored = world.messages.get(messageId);
    if (!stored || stored.deleted || stored.ephemeral || stored.message.channel_id !== channelId)
      return undefined;
    return stored;
  };

  const commandScope = (ctx: RestContext): string | RestAnswer => {
    if (!appOf(ctx.params.app)) return answers.unknownApplication();
    const guild = ctx.params.guild;
    if (guild === undefined) return 'global';
    return world.guilds.has(guild) ? guild : answers.unknownGuild();
  };

  const commandObject = (
    input: Json,
    scope: string,
    existing?: APIApplicationCommand,
  ): APIApplicationCommand => {
    const type = typeof input.type === 'number' ? input.type : 1;
    const command: Json = {
      id: existing?.id ?? world.nextId(),
      application_id: world.application.id,
      version: world.commandVersions(),
      default_member_permissions: input.default_member_permissions ?? null,
      type,
      name: input.name,
      name_localizations: input.name_localizations ?? null,
      description: type === 1 ? input.description : '',
      description_localizations: input.description_localizations ?? null,
      nsfw: input.nsfw === true,
      contexts: input.contexts ?? null,
      integration_types: input.integration_types ?? [0],
    };
    if (Array.isArray(input.options)) command.options = input.options;
    if (scope !== 'global') command.guild_id = scope;
    else command.dm_permission = input.dm_permission !== false;
    return command as unknown as APIApplicationCommand;
  };

  // ---- interactions -----------------------------------------------------------------------
  const interactionChannel = (i: FakeInteraction): ChannelRecord =>
    world.channels.get((i.payload.channel as Json).id as string)!;

  const componentMessage = (i: FakeInteraction): StoredMessage | undefined => {
    const message = i.payload.message;
    return isRecord(message) ? world.messages.get(message.id as string) : undefined;
  };

  const responseMessage = (i: FakeInteraction, data: Json, extraFlags = 0): StoredMessage => {
    const commandType = isRecord(i.payload.data) ? i.payload.data.type : undefined;
    const stored = storeMessage(world, {
      channel: interactionChannel(i),
      author: world.bot,
      body: data,
      type: i.type === 2 ? (commandType === 1 ? 20 : 23) : 0,
      interaction: i,
      extraFlags,
    });
    messageEvent(stored, 'MESSAGE_CREATE');
    return stored;
  };

  const typeNotAllowed = () => {
    const errors = formErrors();
    errors.add(
      ['type'],
      'INTERACTION_RESPONSE_TYPE_INVALID',
      'This response type is not valid for this interaction.',
    );
    return invalidForm(errors);
  };

  const callback = (ctx: RestContext): RestAnswer => {
    const i = world.interactions.get(ctx.params.interaction!);
    if (!i) return answers.unknownInteraction();
    if (i.token !== ctx.params.token) return answers.invalidWebhookToken();
    if (i.callback) return answers.alreadyAcknowledged();
    const now = world.clock();
    if (now - i.createdAt > settings.interactionDeadlineMs) {
      i.lateCallbacks += 1;
      return answers.unknownInteraction();
    }
    if (!isRecord(ctx.body)) return notAnObject();
    const body = ctx.body;
    const type = body.type;
    const data = isRecord(body.data) ? (body.data as Json) : {};
    const isComponent = i.type === 3 || (i.type === 5 && isRecord(i.payload.message));
    let message: StoredMessage | undefined;
    switch (type) {
      case 1:
        if (i.type !== 1) return typeNotAllowed();
        break;
      case 4: {
        if (i.type === 4 || i.type === 1) return typeNotAllowed();
        const refused = checkedMessage(data, { interaction: true });
        if (refused) return refused;
        message = responseMessage(i, data);
        break;
      }
      case 5: {
        if (i.type === 4 || i.type === 1) return typeNotAllowed();
        const flags = typeof data.flags === 'number' ? data.flags & MessageFlags.Ephemeral : 0;
        message = responseMessage(i, { flags }, MessageFlags.Loading);
        break;
      }
      case 6:
        if (!isComponent) return typeNotAllowed();
        message = componentMessage(i);
        break;
      case 7: {
        if (!isComponent) return typeNotAllowed();
        const refused = checkedMessage(data, { edit: true, interaction: true });
        if (refused) return refused;
        message = componentMessage(i);
        if (message) {
          editMessage(world, message, data);
          messageEvent(message, 'MESSAGE_UPDATE');
        }
        break;
      }
      case 8: {
        if (i.type !== 4) return typeNotAllowed();
        const errors = choicesErrors(data);
        if (errors.count > 0) return invalidForm(errors);
        break;
      }
      case 9: {
        if (i.type === 4 || i.type === 5 || i.type === 1) return typeNotAllowed();
        const errors = modalErrors(data);
        if (errors.count > 0) return invalidForm(errors);
        break;
      }
      default:
        return typeNotAllowed();
    }
    i.callback = { type: type as number, data, at: now, latencyMs: now - i.createdAt };
    if (message) i.originalMessageId = message.message.id;
    if (ctx.query.get('with_response') !== 'true') return noContent();
    const interaction: Json = { id: i.id, type: i.type };
    if (message) {
      interaction.response_message_id = message.message.id;
      interaction.response_message_loading = type === 5;
      interaction.response_message_ephemeral = message.ephemeral;
    }
    const resource: Json = { type };
    if (message) resource.message = restMessage(message);
    return ok({ interaction, resource });
  };

  const webhookInteraction = (ctx: RestContext): FakeInteraction | RestAnswer => {
    if (ctx.params.app !== world.application.id) return answers.unknownWebhook();
    const id = world.interactionsByToken.get(ctx.params.token!);
    const i = id ? world.interactions.get(id) : undefined;
    if (!i || world.clock() - i.createdAt > FIFTEEN_MINUTES) return answers.unknownWebhook();
    if (!i.callback || ![4, 5, 6, 7].includes(i.callback.type)) return answers.unknownWebhook();
    return i;
  };

  const webhookMessage = (ctx: RestContext): StoredMessage | RestAnswer => {
    const i = webhookInteraction(ctx);
    if ('status' in i) return i;
    const wanted = ctx.params.message === '@original' ? i.originalMessageId : ctx.params.message;
    const mine =
      wanted !== undefined && (wanted === i.originalMessageId || i.followupIds.includes(wanted));
    const stored = mine ? world.messages.get(wanted) : undefined;
    return stored && !stored.deleted ? stored : answers.unknownMessage();
  };

  // ---- routes -----------------------------------------------------------------------------
  return [
    {
      method: 'GET',
      template: '/gateway',
      auth: false,
      handle: () => ok({ url: settings.gatewayUrl }),
    },
    {
      method: 'GET',
      template: '/gateway/bot',
      auth: true,
      handle: () =>
        ok({
          url: settings.gatewayUrl,
          shards: settings.recommendedShards,
          session_start_limit: {
            total: settings.sessionStarts.total,
            remaining: settings.sessionStarts.remaining,
            reset_after: 86_400_000,
            max_concurrency: settings.maxConcurrency,
          },
        }),
    },
    { method: 'GET', template: '/users/@me', auth: true, handle: () => ok(world.bot) },
    {
      method: 'POST',
      template: '/users/@me/channels',
      auth: true,
      handle(ctx) {
        if (!isRecord(ctx.body)) return notAnObject();
        const body = ctx.body;
        const recipient = body.recipient_id;
        if (typeof recipient !== 'string' || !world.users.has(recipient))
          return answers.unknownUser();
        return ok(channelObject(world, dmChannel(world, recipient)));
      },
    },
    {
      method: 'GET',
      template: '/users/:user',
      auth: true,
      handle(ctx) {
        const known = world.users.get(ctx.params.user!);
        return known ? ok(known.user) : answers.unknownUser();
      },
    },
    {
      method: 'GET',
      template: '/applications/@me',
      auth: true,
      handle: () =>
        ok({
          id: world.application.id,
          name: world.application.name,
          icon: null,
          description: '',
          summary: '',
          type: null,
          bot_public: false,
          bot_require_code_grant: false,
          verify_key: randomBytes(32).toString('hex'),
          flags: 0,
          bot: world.bot,
          team: null,
          owner: world.bot,
          tags: [],
          redirect_uris: [],
          interactions_endpoint_url: null,
          approximate_guild_count: world.guilds.size,
        }),
    },
    ...(['', '/guilds/:guild'] as const).flatMap((scopePath): Route[] => [
      {
        method: 'GET',
        template: `/applications/:app${scopePath}/commands`,
        auth: true,
        handle(ctx) {
          const scope = commandScope(ctx);
          return typeof scope === 'string' ? ok(world.commands.get(scope) ?? []) : scope;
        },
      },
      {
        method: 'PUT',
        template: `/applications/:app${scopePath}/commands`,
        auth: true,
        handle(ctx) {
          const scope = commandScope(ctx);
          if (typeof scope !== 'string') return scope;
          const errors = commandListErrors(ctx.body);
          if (errors.count > 0) return invalidForm(errors);
          const before = world.commands.get(scope) ?? [];
          const list = (ctx.body as Json[]).map((input) => {
            const same = before.find((c) => c.name === input.name && c.type === (input.type ?? 1));
            return commandObject(input, scope, same);
          });
          world.commands.set(scope, list);
          return ok(list);
        },
      },
      {
        method: 'POST',
        template: `/applications/:app${scopePath}/commands`,
        auth: true,
        handle(ctx) {
          const scope = commandScope(ctx);
          if (typeof scope !== 'string') return scope;
          const errors = commandErrors(ctx.body);
          if (errors.count > 0) return invalidForm(errors);
          const input = ctx.body as Json;
          const list = world.commands.get(scope) ?? [];
          const index = list.findIndex(
            (c) => c.name === input.name && c.type === (input.type ?? 1),
          );
          const command = commandObject(input, scope, list[index]);
          if (index >= 0) list[index] = command;
          else list.push(command);
          world.commands.set(scope, list);
          return { status: index >= 0 ? 200 : 201, body: command };
        },
      },
      {
        method: 'GET',
        template: `/applications/:app${scopePath}/commands/:command`,
        auth: true,
        handle(ctx) {
          const scope = commandScope(ctx);
          if (typeof scope !== 'string') return scope;
          const command = (world.commands.get(scope) ?? []).find(
            (c) => c.id === ctx.params.command,
          );
          return command ? ok(command) : answers.unknownCommand();
        },
      },
      {
        method: 'DELETE',
        template: `/applications/:app${scopePath}/commands/:command`,
        auth: true,
        handle(ctx) {
          const scope = commandScope(ctx);
          if (typeof scope !== 'string') return scope;
          const list = world.commands.get(scope) ?? [];
          const index = list.findIndex((c) => c.id === ctx.params.command);
          if (index < 0) return answers.unknownCommand();
          list.splice(index, 1);
          return noContent();
        },
      },
    ]),
    {
      method: 'POST',
      template: '/interactions/:interaction/:token/callback',
      auth: false,
      handle: callback,
    },
    {
      method: 'POST',
      template: '/webhooks/:app/:token',
      auth: false,
      handle(ctx) {
        const i = webhookInteraction(ctx);
        if ('status' in i) return i;
        if (!isRecord(ctx.body)) return notAnObject();
        const body = ctx.body;
        const refused = checkedMessage(body, { interaction: true });
        if (refused) return refused;
        const stored = storeMessage(world, {
          channel: interactionChannel(i),
          author: world.bot,
          body: body,
          interaction: i,
        });
        i.followupIds.push(stored.message.id);
        messageEvent(stored, 'MESSAGE_CREATE');
        return ctx.query.get('wait') === 'true' ? ok(restMessage(stored)) : noContent();
      },
    },
    {
      method: 'GET',
      template: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle(ctx) {
        const stored = webhookMessage(ctx);
        return 'status' in stored ? stored : ok(restMessage(stored));
      },
    },
    {
      method: 'PATCH',
      template: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle(ctx) {
        const stored = webhookMessage(ctx);
        if ('status' in stored) return stored;
        if (!isRecord(ctx.body)) return notAnObject();
        const body = ctx.body;
        const refused = checkedMessage(body, { edit: true, interaction: true });
        if (refused) return refused;
        if (isEmptyMessage(afterEdit(stored, body))) return answers.emptyMessage();
        editMessage(world, stored, body);
        messageEvent(stored, 'MESSAGE_UPDATE');
        return ok(restMessage(stored));
      },
    },
    {
      method: 'DELETE',
      template: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle(ctx) {
        const stored = webhookMessage(ctx);
        if ('status' in stored) return stored;
        stored.deleted = true;
        messageDeleted(stored);
        return noContent();
      },
    },
    {
      method: 'GET',
      template: '/channels/:channel',
      auth: true,
      handle(ctx) {
        const channel = world.channels.get(ctx.params.channel!);
        return channel ? ok(channelObject(world, channel)) : answers.unknownChannel();
      },
    },
    {
      method: 'GET',
      template: '/channels/:channel/messages',
      auth: true,
      handle(ctx) {
        const channel = world.channels.get(ctx.params.channel!);
        if (!channel) return answers.unknownChannel();
        const limitText = ctx.query.get('limit');
        const limit = limitText === null ? 50 : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          const errors = formErrors();
          errors.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
          return invalidForm(errors);
        }
        const ids = (world.channelMessages.get(channel.id) ?? []).filter(
          (id) => !world.messages.get(id)!.deleted,
        );
        const before = ctx.query.get('before');
        const after = ctx.query.get('after');
        let picked: string[];
        if (after !== null) {
          picked = ids.filter((id) => BigInt(id) > BigInt(after)).slice(0, limit);
        } else {
          const older = before === null ? ids : ids.filter((id) => BigInt(id) < BigInt(before));
          picked = older.slice(-limit);
        }
        return ok(picked.reverse().map((id) => restMessage(world.messages.get(id)!)));
      },
    },
    {
      method: 'POST',
      template: '/channels/:channel/messages',
      auth: true,
      handle(ctx) {
        const channel = world.channels.get(ctx.params.channel!);
        if (!channel) return answers.unknownChannel();
        if (!isRecord(ctx.body)) return notAnObject();
        const body = ctx.body;
        const input = body;
        const refused = checkedMessage(input, {});
        if (refused) return refused;
        const closed = sendable(channel);
        if (closed) return closed;
        const reference = input.message_reference;
        if (isRecord(reference) && typeof reference.message_id === 'string') {
          if (
            !visibleMessage(channel.id, reference.message_id) &&
            reference.fail_if_not_exists !== false
          ) {
            const errors = formErrors();
            errors.add(['message_reference'], 'REPLIES_UNKNOWN_MESSAGE', 'Unknown message');
            return invalidForm(errors);
          }
        }
        const nonce = input.nonce;
        const nonceKey =
          nonce === undefined || nonce === null ? undefined : `${world.bot.id}:${String(nonce)}`;
        if (nonceKey && input.enforce_nonce === true) {
          const seen = world.nonces.get(nonceKey);
          if (seen && world.clock() - seen.at <= settings.nonceWindowMs) {
            const first = world.messages.get(seen.messageId)!;
            return ok({ ...restMessage(first), nonce });
          }
        }
        const stored = storeMessage(world, { channel, author: world.bot, body: input });
        if (nonceKey)
          world.nonces.set(nonceKey, { messageId: stored.message.id, at: world.clock() });
        messageEvent(stored, 'MESSAGE_CREATE', nonce ?? undefined);
        return ok(nonceKey ? { ...restMessage(stored), nonce } : restMessage(stored));
      },
    },
    {
      method: 'GET',
      template: '/channels/:channel/messages/:message',
      auth: true,
      handle(ctx) {
        if (!world.channels.has(ctx.params.channel!)) return answers.unknownChannel();
        const stored = visibleMessage(ctx.params.channel!, ctx.params.message!);
        return stored ? ok(restMessage(stored)) : answers.unknownMessage();
      },
    },
    {
      method: 'PATCH',
      template: '/channels/:channel/messages/:message',
      auth: true,
      handle(ctx) {
        if (!world.channels.has(ctx.params.channel!)) return answers.unknownChannel();
        const stored = visibleMessage(ctx.params.channel!, ctx.params.message!);
        if (!stored) return answers.unknownMessage();
        if (stored.message.author.id !== world.bot.id) return answers.cannotEditOthers();
        if (!isRecord(ctx.body)) return notAnObject();
        const body = ctx.body;
        const refused = checkedMessage(body, { edit: true });
        if (refused) return refused;
        if (isEmptyMessage(afterEdit(stored, body))) return answers.emptyMessage();
        editMessage(world, stored, body);
        messageEvent(stored, 'MESSAGE_UPDATE');
        return ok(restMessage(stored));
      },
    },
    {
      method: 'DELETE',
      template: '/channels/:channel/messages/:message',
      auth: true,
      handle(ctx) {
        if (!world.channels.has(ctx.params.channel!)) return answers.unknownChannel();
        const stored = visibleMessage(ctx.params.channel!, ctx.params.message!);
        if (!stored) return answers.unknownMessage();
        stored.deleted = true;
        messageDeleted(stored);
        return noContent();
      },
    },
    {
      method: 'GET',
      template: '/guilds/:guild',
      auth: true,
      handle(ctx) {
        const guild = world.guilds.get(ctx.params.guild!);
        return guild ? ok(guildObject(guild)) : answers.unknownGuild();
      },
    },
    {
      method: 'GET',
      template: '/guilds/:guild/channels',
      auth: true,
      handle(ctx) {
        const guild = world.guilds.get(ctx.params.guild!);
        if (!guild) return answers.unknownGuild();
        return ok(guild.channelIds.map((id) => channelObject(world, world.channels.get(id)!)));
      },
    },
    {
      method: 'GET',
      template: '/guilds/:guild/roles',
      auth: true,
      handle(ctx) {
        const guild = world.guilds.get(ctx.params.guild!);
        return guild ? ok(guild.roles) : answers.unknownGuild();
      },
    },
    {
      method: 'GET',
      template: '/guilds/:guild/members/:user',
      auth: true,
      handle(ctx) {
        const guild = world.guilds.get(ctx.params.guild!);
        if (!guild) return answers.unknownGuild();
        if (!guild.members.has(ctx.params.user!)) return answers.unknownMember();
        return ok(memberObject(world, guild, ctx.params.user!));
      },
    },
  ];
}
