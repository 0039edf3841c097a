import { randomBytes } from 'node:crypto';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { isRecord, type Json } from './validate.js';
import {
  type ChannelRecord,
  channelObject,
  dmChannel,
  type FakeInteraction,
  type GuildRecord,
  memberObject,
  memberPermissions,
  restMessage,
  type StoredMessage,
  type World,
} from './world.js';

/**
 * Builders of the interactions a person's Discord client would send. They refuse (throw) what
 * a real client could not produce, such as an unregistered command, a missing required
 * option or a button that is not on the message, so a test cannot prove something Discord
 * would never deliver.
 */

/** Who acts, and where: a guild channel, or (no channelId) the DM with the bot. */
export interface Where {
  userId: string;
  channelId?: string;
  locale?: string;
}

export type OptionValues = Record<string, string | number | boolean>;

export interface SlashCommandInput extends Where {
  name: string;
  /** `group subcommand` path below the command, e.g. `['round', 'open']` or `['status']`. */
  subcommand?: string[];
  options?: OptionValues;
}

export interface AutocompleteInput extends SlashCommandInput {
  /** The option being typed; its value is sent as typed text. */
  focused: string;
}

export interface ComponentInput {
  userId: string;
  messageId: string;
  customId: string;
  locale?: string;
}

export interface SelectInput extends ComponentInput {
  values: string[];
}

export interface ModalSubmitInput {
  userId: string;
  /** The custom id of a modal the bot showed this user (callback type 9). */
  customId: string;
  /** Text inputs by custom id (a string), selects by custom id (a list of values). */
  values: Record<string, string | string[]>;
}

function fail(message: string): never {
  throw new Error(`fake Discord: ${message}`);
}

function context(world: World, where: Where): { channel: ChannelRecord; guild?: GuildRecord } {
  if (!world.users.has(where.userId)) fail(`unknown user ${where.userId}`);
  if (where.channelId === undefined) return { channel: dmChannel(world, where.userId) };
  const channel = world.channels.get(where.channelId) ?? fail(`unknown channel ${where.channelId}`);
  if (channel.recipientId !== undefined) {
    if (channel.recipientId !== where.userId)
      fail(`channel ${channel.id} is not ${where.userId}'s DM`);
    return { channel };
  }
  const guild = world.guilds.get(channel.guildId!)!;
  if (!guild.members.has(where.userId))
    fail(`user ${where.userId} is not a member of ${guild.name}`);
  return { channel, guild };
}

function interactionBase(world: World, where: Where, type: number, data: Json): FakeInteraction {
  const { channel, guild } = context(world, where);
  const id = world.nextId();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const locale = where.locale ?? 'en-US';
  const payload: Json = {
    id,
    application_id: world.application.id,
    type,
    data,
    token,
    version: 1,
    locale,
    entitlements: [],
    attachment_size_limit: 10_485_760,
    channel: channelObject(world, channel),
    channel_id: channel.id,
    context: guild ? 0 : 1,
    authorizing_integration_owners: { '0': guild?.id ?? '0' },
  };
  if (guild) {
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: 'en-US', features: [] };
    payload.guild_locale = 'en-US';
    payload.member = {
      ...memberObject(world, guild, where.userId),
      permissions: String(memberPermissions(guild, where.userId)),
    };
    payload.app_permissions = String(memberPermissions(guild, world.bot.id));
  } else {
    payload.user = world.users.get(where.userId)!.user;
    payload.app_permissions = String(
      (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n),
    );
  }
  return {
    id,
    token,
    type,
    payload,
    createdAt: world.clock(),
    deliveredTo: 0,
    lateCallbacks: 0,
    followupIds: [],
  };
}

function findCommand(
  world: World,
  name: string,
  guild: GuildRecord | undefined,
): APIApplicationCommand {
  const scoped = guild ? (world.commands.get(guild.id) ?? []) : [];
  const command =
    scoped.find((c) => c.name === name && c.type === 1) ??
    (world.commands.get('global') ?? []).find((c) => c.name === name && c.type === 1);
  if (!command) {
    fail(
      `no command /${name} is registered${guild ? ` for ${guild.name} or globally` : ' globally'}; Discord only sends registered commands`,
    );
  }
  if (!guild) {
    const contexts = command.contexts;
    const inDms = Array.isArray(contexts) ? contexts.includes(1) : command.dm_permission !== false;
    if (!inDms) fail(`/${name} is not available in DMs`);
  }
  return command;
}

interface Built {
  options: Json[];
  resolved: Json;
}

function buildOptions(
  world: World,
  guild: GuildRecord | undefined,
  definitions: APIApplicationCommandOption[],
  values: OptionValues,
  focused: string | undefined,
  label: string,
): Built {
  const resolved: Record<string, Json> = {};
  const add = (kind: string, id: string, value: Json) => {
    resolved[kind] ??= {};
    resolved[kind][id] = value;
  };
  for (const key of Object.keys(values)) {
    if (!definitions.some((d) => d.name === key)) fail(`${label} has no option "${key}"`);
  }
  const options: Json[] = [];
  for (const definition of definitions as unknown as (Json & { name: string; type: number })[]) {
    const value = values[definition.name];
    if (value === undefined) {
      if (definition.required && focused === undefined)
        fail(`${label} needs option "${definition.name}"`);
      continue;
    }
    if (definition.name === focused) {
      if (definition.autocomplete !== true)
        fail(`option "${focused}" of ${label} does not autocomplete`);
      options.push({
        name: definition.name,
        type: definition.type,
        value: String(value),
        focused: true,
      });
      continue;
    }
    const choices = definition.choices as { value: unknown }[] | undefined;
    if (choices && !choices.some((c) => c.value === value)) {
      fail(`option "${definition.name}" of ${label} must be one of its choices`);
    }
    switch (definition.type) {
      case 3:
        if (typeof value !== 'string') fail(`option "${definition.name}" of ${label} is a string`);
        break;
      case 4:
      case 10:
        if (typeof value !== 'number' || (definition.type === 4 && !Number.isInteger(value))) {
          fail(
            `option "${definition.name}" of ${label} is a ${definition.type === 4 ? 'whole ' : ''}number`,
          );
        }
        if (typeof definition.min_value === 'number' && value < definition.min_value)
          fail(`option "${definition.name}" is below its minimum`);
        if (typeof definition.max_value === 'number' && value > definition.max_value)
          fail(`option "${definition.name}" is above its maximum`);
        break;
      case 5:
        if (typeof value !== 'boolean')
          fail(`option "${definition.name}" of ${label} is a boolean`);
        break;
      case 6:
      case 9: {
        const user = world.users.get(String(value));
        const role = guild?.roles.find((r) => r.id === String(value));
        if (user) {
          add('users', user.user.id, user.user as unknown as Json);
          if (guild?.members.has(user.user.id)) {
            const { user: _, ...member } = memberObject(world, guild, user.user.id);
            add('members', user.user.id, {
              ...member,
              permissions: String(memberPermissions(guild, user.user.id)),
            });
          }
        } else if (definition.type === 9 && role) {
          add('roles', role.id, role as unknown as Json);
        } else {
          fail(`option "${definition.name}" of ${label}: unknown user ${String(value)}`);
        }
        break;
      }
      case 7: {
        const channel =
          world.channels.get(String(value)) ?? fail(`unknown channel ${String(value)}`);
        add('channels', channel.id, {
          ...(channelObject(world, channel) as unknown as Json),
          permissions: '0',
        });
        break;
      }
      case 8: {
        const role =
          guild?.roles.find((r) => r.id === String(value)) ?? fail(`unknown role ${String(value)}`);
        add('roles', role.id, role as unknown as Json);
        break;
      }
      default:
        fail(`option type ${definition.type} (attachments) is not supported by the fake`);
    }
    options.push({ name: definition.name, type: definition.type, value });
  }
  return { options, resolved };
}

/** The `data` of a chat-input command interaction, checked against the registered command. */
export function commandInteraction(
  world: World,
  input: SlashCommandInput,
  focused?: string,
): FakeInteraction {
  const { guild } = context(world, input);
  const command = findCommand(world, input.name, guild);
  const path = input.subcommand ?? [];
  let definitions = (command.options ?? []) as APIApplicationCommandOption[];
  let label = `/${command.name}`;
  const chain: APIApplicationCommandOption[] = [];
  for (const step of path) {
    const next = definitions.find((d) => d.name === step && (d.type === 1 || d.type === 2));
    if (!next) fail(`${label} has no subcommand "${step}"`);
    chain.push(next);
    definitions = ('options' in next ? (next.options ?? []) : []) as APIApplicationCommandOption[];
    label += ` ${step}`;
  }
  if (definitions.some((d) => d.type === 1 || d.type === 2)) fail(`${label} needs a subcommand`);
  const built = buildOptions(world, guild, definitions, input.options ?? {}, focused, label);
  let options = built.options;
  for (const step of chain.reverse()) options = [{ name: step.name, type: step.type, options }];
  const data: Json = { id: command.id, name: command.name, type: 1 };
  if (options.length > 0) data.options = options;
  if (Object.keys(built.resolved).length > 0) data.resolved = built.resolved;
  if (command.guild_id) data.guild_id = command.guild_id;
  return interactionBase(world, input, focused === undefined ? 2 : 4, data);
}

function findComponent(components: unknown, customId: string): Json | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const item of components) {
    if (!isRecord(item)) continue;
    if (item.custom_id === customId) return item;
    const inner =
      findComponent(item.components, customId) ??
      (isRecord(item.component) ? findComponent([item.component], customId) : undefined);
    if (inner) return inner;
  }
  return undefined;
}

function componentContext(
  world: World,
  input: ComponentInput,
): { stored: StoredMessage; component: Json; where: Where } {
  const stored = world.messages.get(input.messageId);
  if (!stored || stored.deleted) fail(`unknown message ${input.messageId}`);
  if (stored.ephemeral && stored.interactionId) {
    const owner = world.interactions.get(stored.interactionId)!;
    const ownerId = ((owner.payload.user ?? (owner.payload.member as Json).user) as Json).id;
    if (ownerId !== input.userId)
      fail(`message ${input.messageId} is ephemeral: only ${String(ownerId)} sees it`);
  }
  const component = findComponent(stored.message.components, input.customId);
  if (!component) fail(`message ${input.messageId} has no component "${input.customId}"`);
  if (component.disabled === true) fail(`component "${input.customId}" is disabled`);
  const where: Where = { userId: input.userId, channelId: stored.message.channel_id };
  if (input.locale) where.locale = input.locale;
  return { stored, component, where };
}

export function buttonInteraction(world: World, input: ComponentInput): FakeInteraction {
  const { stored, component, where } = componentContext(world, input);
  if (component.type !== 2) fail(`component "${input.customId}" is not a button`);
  const i = interactionBase(world, where, 3, { custom_id: input.customId, component_type: 2 });
  i.payload.message = restMessage(stored);
  return i;
}

export function selectInteraction(world: World, input: SelectInput): FakeInteraction {
  const { stored, component, where } = componentContext(world, input);
  if (component.type !== 3) fail(`component "${input.customId}" is not a string select`);
  const allowed = ((component.options ?? []) as Json[]).map((o) => o.value);
  for (const value of input.values) {
    if (!allowed.includes(value)) fail(`"${value}" is not an option of "${input.customId}"`);
  }
  const min = typeof component.min_values === 'number' ? component.min_values : 1;
  const max = typeof component.max_values === 'number' ? component.max_values : 1;
  if (input.values.length < min || input.values.length > max)
    fail(`"${input.customId}" takes ${min} to ${max} values`);
  const i = interactionBase(world, where, 3, {
    custom_id: input.customId,
    component_type: 3,
    values: input.values,
  });
  i.payload.message = restMessage(stored);
  return i;
}

function submittedInput(input: Json, values: ModalSubmitInput['values'], id: number): Json {
  const customId = input.custom_id as string;
  if (input.type === 4) {
    const value = values[customId] ?? '';
    if (typeof value !== 'string') fail(`text input "${customId}" takes a string`);
    const length = [...value].length;
    if (input.required !== false && length === 0) fail(`text input "${customId}" is required`);
    if (length > 0 && typeof input.min_length === 'number' && length < input.min_length)
      fail(`text input "${customId}" needs at least ${input.min_length} characters`);
    if (typeof input.max_length === 'number' && length > input.max_length)
      fail(`text input "${customId}" takes at most ${input.max_length} characters`);
    return { type: 4, id, custom_id: customId, value };
  }
  const chosen = values[customId] ?? [];
  if (!Array.isArray(chosen)) fail(`select "${customId}" takes a list of values`);
  const allowed = ((input.options ?? []) as Json[]).map((o) => o.value);
  for (const value of chosen)
    if (input.type === 3 && !allowed.includes(value))
      fail(`"${value}" is not an option of "${customId}"`);
  if (input.required !== false && chosen.length === 0) fail(`select "${customId}" is required`);
  return { type: input.type, id, custom_id: customId, values: chosen };
}

export function modalSubmitInteraction(world: World, input: ModalSubmitInput): FakeInteraction {
  const shown = [...world.interactions.values()].reverse().find((i) => {
    const user = (i.payload.user ?? (i.payload.member as Json | undefined)?.user) as
      | Json
      | undefined;
    return (
      i.callback?.type === 9 &&
      i.callback.data?.custom_id === input.customId &&
      user?.id === input.userId
    );
  });
  if (!shown) fail(`no modal "${input.customId}" was shown to user ${input.userId}`);
  const modal = shown.callback!.data!;
  const known = new Set<string>();
  let id = 0;
  const components = (modal.components as Json[]).map((part) => {
    id += 1;
    if (part.type === 1) {
      const inner = (part.components as Json[])[0]!;
      known.add(inner.custom_id as string);
      return { type: 1, id, components: [submittedInput(inner, input.values, ++id)] };
    }
    if (part.type === 18) {
      const inner = part.component as Json;
      known.add(inner.custom_id as string);
      return { type: 18, id, component: submittedInput(inner, input.values, ++id) };
    }
    return { type: part.type, id };
  });
  for (const key of Object.keys(input.values)) {
    if (!known.has(key)) fail(`modal "${input.customId}" has no input "${key}"`);
  }
  const where: Where = {
    userId: input.userId,
    channelId: (shown.payload.channel as Json).id as string,
  };
  const i = interactionBase(world, where, 5, { custom_id: input.customId, components });
  if (isRecord(shown.payload.message)) {
    const stored = world.messages.get(shown.payload.message.id as string);
    if (stored) i.payload.message = restMessage(stored);
  }
  return i;
}
