import type { APIUser } from 'discord-api-types/v10';
import { type Gateway, Intents } from './gateway.js';
import type { Json } from './validate.js';
import { memberObject, type StoredMessage, type World } from './world.js';

/** The gateway dispatches that follow a message being created, edited or deleted. */
export function messageEvents(world: World, gateway: Gateway) {
  const route = (channelGuild: string | undefined) => ({
    ...(channelGuild ? { guildId: channelGuild } : {}),
    intent: channelGuild ? Intents.GuildMessages : Intents.DirectMessages,
  });

  const messageEvent = (
    stored: StoredMessage,
    t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
    nonce?: unknown,
  ): number => {
    if (stored.ephemeral) return 0;
    const message = stored.message as unknown as Json;
    const channel = world.channels.get(message.channel_id as string)!;
    const d: Json = { ...structuredClone(message), channel_type: channel.type };
    if (nonce !== undefined) d.nonce = nonce;
    const guild = channel.guildId ? world.guilds.get(channel.guildId) : undefined;
    if (guild) {
      d.guild_id = guild.id;
      const authorId = (message.author as APIUser).id;
      if (guild.members.has(authorId)) {
        const { user: _, ...member } = memberObject(world, guild, authorId);
        d.member = member;
      }
    }
    return gateway.dispatch(t, d, {
      ...route(guild?.id),
      shape: (data, session) => withoutContent(world, data, session.intents),
    });
  };

  const messageDeleted = (stored: StoredMessage): number => {
    if (stored.ephemeral) return 0;
    const channel = world.channels.get(stored.message.channel_id)!;
    const d: Json = { id: stored.message.id, channel_id: channel.id };
    if (channel.guildId) d.guild_id = channel.guildId;
    return gateway.dispatch('MESSAGE_DELETE', d, route(channel.guildId));
  };

  return { messageEvent, messageDeleted };
}

/**
 * What a session without the MESSAGE_CONTENT intent sees of a guild message: no content,
 * embeds, attachments or components, unless the bot wrote it or is mentioned in it.
 */
function withoutContent(world: World, d: Json, intents: number): Json {
  if (intents & Intents.MessageContent || d.guild_id === undefined) return d;
  const author = d.author as APIUser;
  const mentioned = (d.mentions as APIUser[]).some((u) => u.id === world.bot.id);
  if (author.id === world.bot.id || mentioned) return d;
  return { ...d, content: '', embeds: [], attachments: [], components: [] };
}
