import type {
  APIApplicationCommand,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GuildMemberFlags,
  RoleFlags,
} from 'discord-api-types/v10';
import { snowflakes } from './snowflake.js';
import { isRecord, type Json, MessageFlags } from './validate.js';

/** A person (or another bot) known to the fake. */
export interface FakeUserInput {
  id?: string;
  username: string;
  globalName?: string;
  bot?: boolean;
  /** The user blocks DMs from server members: opening a DM works, sending fails (50007). */
  dmsClosed?: boolean;
}

export interface FakeGuildInput {
  id?: string;
  name: string;
  ownerId?: string;
  /** Text channels (type 0) unless a type is given (5 announcement, 15 forum). */
  channels?: { id?: string; name: string; type?: number }[];
  /** Roles besides @everyone (whose id is the guild's); `permissions` is a bit set string. */
  roles?: { id?: string; name: string; permissions?: string }[];
  /** Members by user id, with role ids. The bot is always a member. */
  members?: { userId: string; roles?: string[]; nick?: string }[];
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  roles: APIRole[];
  channelIds: string[];
  /** Threads and forum posts (not in the guild's channel list, as on Discord). */
  threadIds: string[];
  members: Map<string, { roles: string[]; nick: string | null; joinedAt: string }>;
}

export interface ChannelRecord {
  id: string;
  type: number;
  guildId?: string;
  name?: string;
  position: number;
  /** The other person of a DM channel. */
  recipientId?: string;
  /** A thread's (or forum post's) channel, and who started it. */
  parentId?: string;
  ownerId?: string;
  lastMessageId: string | null;
}

export interface StoredMessage {
  message: APIMessage;
  ephemeral: boolean;
  deleted: boolean;
  interactionId?: string;
}

/** An interaction the fake dispatched, and what the bot did with it. */
export interface FakeInteraction {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  /** The `d` of the INTERACTION_CREATE dispatch. */
  payload: Json;
  /** When the fake created it (its clock, Unix ms). */
  createdAt: number;
  /** How many gateway sessions it was dispatched to (0: nobody would have seen it). */
  deliveredTo: number;
  /** The one accepted callback, with its delay after creation. */
  callback?: { type: number; data?: Json; at: number; latencyMs: number };
  /** Callbacks refused because the deadline (3 s) had passed. */
  lateCallbacks: number;
  originalMessageId?: string;
  followupIds: string[];
}

/** Everything the fake knows; REST and the gateway read and change it. */
export interface World {
  clock: () => number;
  nextId: () => string;
  token: string;
  application: { id: string; name: string };
  bot: APIUser;
  users: Map<string, { user: APIUser; dmsClosed: boolean }>;
  guilds: Map<string, GuildRecord>;
  channels: Map<string, ChannelRecord>;
  dmByUser: Map<string, string>;
  messages: Map<string, StoredMessage>;
  channelMessages: Map<string, string[]>;
  /** `${authorId}:${nonce}` → the first message with that nonce and when it was sent. */
  nonces: Map<string, { messageId: string; at: number }>;
  /** 'global' or a guild id → that scope's commands. */
  commands: Map<string, APIApplicationCommand[]>;
  commandVersions: () => string;
  interactions: Map<string, FakeInteraction>;
  interactionsByToken: Map<string, string>;
}

// Permission bits the fake uses (Discord's values).
export const Permissions = {
  Administrator: 1n << 3n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

const EVERYONE_DEFAULT =
  Permissions.AddReactions |
  Permissions.ViewChannel |
  Permissions.SendMessages |
  Permissions.EmbedLinks |
  Permissions.AttachFiles |
  Permissions.ReadMessageHistory |
  Permissions.UseExternalEmojis |
  Permissions.UseApplicationCommands |
  Permissions.SendMessagesInThreads;

const ALL_PERMISSIONS = (1n << 53n) - 1n;

export interface WorldOptions {
  token: string;
  clock: () => number;
  applicationId?: string;
  applicationName?: string;
  botUser?: { id?: string; username?: string };
  users?: FakeUserInput[];
  guilds?: FakeGuildInput[];
}

function userObject(id: string, username: string, extra: Partial<APIUser> = {}): APIUser {
  return {
    id,
    username,
    global_name: null,
    discriminator: '0',
    avatar: null,
    ...extra,
  };
}

function requireId(id: string | undefined, make: () => string, what: string): string {
  if (id === undefined) return make();
  if (!/^\d{1,20}$/.test(id))
    throw new Error(`fake Discord: ${what} id "${id}" is not a snowflake (digits only)`);
  return id;
}

export function createWorld(options: WorldOptions): World {
  const nextId = snowflakes(options.clock);
  const applicationId = requireId(options.applicationId, nextId, 'application');
  const botId = requireId(options.botUser?.id, () => applicationId, 'bot user');
  const bot = userObject(botId, options.botUser?.username ?? 'ASCN Assistant', { bot: true });
  let version = 0;
  const world: World = {
    clock: options.clock,
    nextId,
    token: options.token,
    application: { id: applicationId, name: options.applicationName ?? bot.username },
    bot,
    users: new Map([[bot.id, { user: bot, dmsClosed: false }]]),
    guilds: new Map(),
    channels: new Map(),
    dmByUser: new Map(),
    messages: new Map(),
    channelMessages: new Map(),
    nonces: new Map(),
    commands: new Map(),
    commandVersions: () => String(BigInt(nextId()) + BigInt(++version)),
    interactions: new Map(),
    interactionsByToken: new Map(),
  };
  for (const input of options.users ?? []) {
    const id = requireId(input.id, nextId, `user ${input.username}`);
    const extra: Partial<APIUser> = { global_name: input.globalName ?? null };
    if (input.bot) extra.bot = true;
    world.users.set(id, {
      user: userObject(id, input.username, extra),
      dmsClosed: !!input.dmsClosed,
    });
  }
  const guilds = options.guilds ?? [{ name: 'ASCN', channels: [{ name: 'general' }] }];
  for (const input of guilds) addGuild(world, input);
  return world;
}

function addGuild(world: World, input: FakeGuildInput): void {
  const id = requireId(input.id, world.nextId, `guild ${input.name}`);
  const joinedAt = new Date(world.clock()).toISOString();
  const role = (roleId: string, name: string, permissions: string, position: number): APIRole => ({
    id: roleId,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  });
  const roles = [role(id, '@everyone', String(EVERYONE_DEFAULT), 0)];
  (input.roles ?? []).forEach((r, i) => {
    roles.push(
      role(requireId(r.id, world.nextId, `role ${r.name}`), r.name, r.permissions ?? '0', i + 1),
    );
  });
  const guild: GuildRecord = {
    id,
    name: input.name,
    ownerId: input.ownerId ?? world.bot.id,
    roles,
    channelIds: [],
    threadIds: [],
    members: new Map([[world.bot.id, { roles: [], nick: null, joinedAt }]]),
  };
  for (const m of input.members ?? []) {
    if (!world.users.has(m.userId)) {
      throw new Error(
        `fake Discord: member ${m.userId} of guild ${input.name} is not among the users`,
      );
    }
    for (const r of m.roles ?? []) {
      if (!roles.some((known) => known.id === r)) {
        throw new Error(
          `fake Discord: role ${r} of member ${m.userId} is not a role of ${input.name}`,
        );
      }
    }
    guild.members.set(m.userId, { roles: m.roles ?? [], nick: m.nick ?? null, joinedAt });
  }
  (input.channels ?? []).forEach((c, position) => {
    const channelId = requireId(c.id, world.nextId, `channel ${c.name}`);
    world.channels.set(channelId, {
      id: channelId,
      type: c.type ?? 0,
      guildId: id,
      name: c.name,
      position,
      lastMessageId: null,
    });
    guild.channelIds.push(channelId);
  });
  world.guilds.set(id, guild);
}

// ---- wire shapes ----------------------------------------------------------------------------

export function channelObject(world: World, channel: ChannelRecord): Json {
  if (channel.parentId !== undefined) {
    const messages = world.channelMessages.get(channel.id)?.length ?? 0;
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      parent_id: channel.parentId,
      owner_id: channel.ownerId,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0,
      message_count: messages,
      member_count: 1,
      total_message_sent: messages,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date(world.clock()).toISOString(),
        locked: false,
      },
    };
  }
  if (channel.recipientId !== undefined) {
    const recipient = world.users.get(channel.recipientId)!.user;
    return {
      id: channel.id,
      type: 1,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: [recipient],
    };
  }
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: channel.parentId ?? null,
    topic: null,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

export function memberPermissions(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  let bits = 0n;
  for (const r of guild.roles) {
    if (r.id === guild.id || member?.roles.includes(r.id)) bits |= BigInt(r.permissions);
  }
  return bits & Permissions.Administrator ? ALL_PERMISSIONS : bits;
}

export function memberObject(world: World, guild: GuildRecord, userId: string): APIGuildMember {
  const member = guild.members.get(userId)!;
  return {
    user: world.users.get(userId)!.user,
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roles,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
  };
}

export function guildObject(guild: GuildRecord): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
  };
}

/** The full guild of a GUILD_CREATE dispatch. */
export function guildCreateObject(world: World, guild: GuildRecord): Json {
  return {
    ...guildObject(guild),
    joined_at: guild.members.get(world.bot.id)!.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    members: [memberObject(world, guild, world.bot.id)],
    channels: guild.channelIds.map((id) => {
      const { guild_id: _, ...rest } = channelObject(world, world.channels.get(id)!);
      return rest;
    }),
    threads: guild.threadIds.map((id) => {
      const { guild_id: _, ...rest } = channelObject(world, world.channels.get(id)!);
      return rest;
    }),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

// ---- messages -------------------------------------------------------------------------------

/** The DM channel between the bot and a user, opened on first use. */
export function dmChannel(world: World, userId: string): ChannelRecord {
  const existing = world.dmByUser.get(userId);
  if (existing) return world.channels.get(existing)!;
  const channel: ChannelRecord = {
    id: world.nextId(),
    type: 1,
    position: 0,
    recipientId: userId,
    lastMessageId: null,
  };
  world.channels.set(channel.id, channel);
  world.dmByUser.set(userId, channel.id);
  return channel;
}

interface Mentions {
  users: APIUser[];
  roles: string[];
  everyone: boolean;
}

/** The pings of a text under `allowed_mentions` (absent: everything parses, as on Discord). */
export function parseMentions(
  world: World,
  channel: ChannelRecord,
  content: string,
  allowed?: unknown,
): Mentions {
  const rules = isRecord(allowed) ? allowed : undefined;
  const parse = Array.isArray(rules?.parse)
    ? (rules.parse as string[])
    : rules
      ? []
      : ['users', 'roles', 'everyone'];
  const listed = (kind: 'users' | 'roles') =>
    Array.isArray(rules?.[kind]) ? (rules[kind] as string[]) : [];
  const guild = channel.guildId ? world.guilds.get(channel.guildId) : undefined;
  const users: APIUser[] = [];
  for (const [, id] of content.matchAll(/<@!?(\d+)>/g)) {
    const known = world.users.get(id!);
    if (!known || users.some((u) => u.id === id)) continue;
    if (parse.includes('users') || listed('users').includes(id!)) users.push(known.user);
  }
  const roles: string[] = [];
  for (const [, id] of content.matchAll(/<@&(\d+)>/g)) {
    if (!guild?.roles.some((r) => r.id === id) || roles.includes(id!)) continue;
    if (parse.includes('roles') || listed('roles').includes(id!)) roles.push(id!);
  }
  const everyone = /@(everyone|here)/.test(content) && parse.includes('everyone') && !!guild;
  return { users, roles, everyone };
}

export interface NewMessage {
  channel: ChannelRecord;
  author: APIUser;
  body: Json;
  type?: number;
  interaction?: FakeInteraction;
  extraFlags?: number;
}

/** Stores a message (validated by the caller) and returns it as Discord shows it. */
export function storeMessage(world: World, input: NewMessage): StoredMessage {
  const { channel, author, body } = input;
  const content = typeof body.content === 'string' ? body.content : '';
  const mentions = parseMentions(world, channel, content, body.allowed_mentions);
  const flags = (typeof body.flags === 'number' ? body.flags : 0) | (input.extraFlags ?? 0);
  const message: Json = {
    id: world.nextId(),
    type: input.type ?? 0,
    channel_id: channel.id,
    author,
    content,
    timestamp: new Date(world.clock()).toISOString(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: mentions.everyone,
    mentions: mentions.users,
    mention_roles: mentions.roles,
    mention_channels: [],
    attachments: [],
    embeds: normaliseEmbeds(body.embeds),
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    flags,
  };
  if (isRecord(body.message_reference)) {
    message.message_reference = { type: 0, channel_id: channel.id, ...body.message_reference };
  }
  if (input.interaction) {
    const i = input.interaction;
    message.webhook_id = world.application.id;
    message.application_id = world.application.id;
    const user = (i.payload.user ?? (i.payload.member as Json).user) as APIUser;
    message.interaction_metadata = {
      id: i.id,
      type: i.type,
      user,
      authorizing_integration_owners: i.payload.authorizing_integration_owners ?? {},
    };
  }
  const stored: StoredMessage = {
    message: message as unknown as APIMessage,
    ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
    deleted: false,
  };
  if (input.interaction) stored.interactionId = input.interaction.id;
  world.messages.set(message.id as string, stored);
  if (!stored.ephemeral) {
    const list = world.channelMessages.get(channel.id) ?? [];
    list.push(message.id as string);
    world.channelMessages.set(channel.id, list);
    channel.lastMessageId = message.id as string;
  }
  return stored;
}

/** Applies an edit (validated by the caller): present fields replace, null clears. */
export function editMessage(world: World, stored: StoredMessage, body: Json): void {
  const message = stored.message as unknown as Json;
  const channel = world.channels.get(message.channel_id as string)!;
  if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
  if ('embeds' in body) message.embeds = normaliseEmbeds(body.embeds);
  if ('components' in body)
    message.components = Array.isArray(body.components) ? body.components : [];
  if (typeof body.flags === 'number') {
    message.flags =
      ((message.flags as number) & ~MessageFlags.SuppressEmbeds) |
      (body.flags & MessageFlags.SuppressEmbeds);
  }
  if ('content' in body || 'allowed_mentions' in body) {
    const mentions = parseMentions(
      world,
      channel,
      message.content as string,
      body.allowed_mentions,
    );
    message.mentions = mentions.users;
    message.mention_roles = mentions.roles;
    message.mention_everyone = mentions.everyone;
  }
  message.flags = (message.flags as number) & ~MessageFlags.Loading;
  message.edited_timestamp = new Date(world.clock()).toISOString();
}

function normaliseEmbeds(embeds: unknown): Json[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.filter(isRecord).map((e) => ({ type: 'rich', ...e }));
}

/** A copy of a message as REST returns it (no nonce: Discord does not keep it). */
export function restMessage(stored: StoredMessage): APIMessage {
  return structuredClone(stored.message);
}
