import type { Incoming, Where } from '@ascn/core';
import type { BaseInteraction, Message } from 'discord.js';

/**
 * Where something happened, in the core's terms. A thread (or a forum post) is a thread of its
 * parent channel, so a forum set up for answers covers its posts. A mention in a channel is
 * answered as a Discord reply, which reads like a thread: the core answers it for everyone.
 */
function whereOf(
  channel: BaseInteraction['channel'] | Message['channel'] | null,
  channelId: string | null,
  inGuild: boolean,
  replyTo?: string,
): Where {
  if (!inGuild) return { kind: 'dm', ...(channelId ? { channelId } : {}) };
  if (channel?.isThread())
    return { kind: 'thread', channelId: channel.parentId ?? channel.id, threadId: channel.id };
  if (replyTo && channelId) return { kind: 'thread', channelId, threadId: replyTo };
  return { kind: 'channel', ...(channelId ? { channelId } : {}) };
}

/** An interaction as the core's Incoming: the interaction id is the event id (run once per id). */
export function interactionIncoming(i: BaseInteraction): Incoming {
  return {
    platform: 'discord',
    workspaceId: i.guildId ?? '',
    userId: i.user.id,
    where: whereOf(i.channel, i.channelId, i.inGuild()),
    eventId: i.id,
  };
}

/** A message (a DM, a mention, a plain question in a channel set up for answers). */
export function messageIncoming(m: Message, asReply: boolean): Incoming {
  return {
    platform: 'discord',
    workspaceId: m.guildId ?? '',
    userId: m.author.id,
    where: whereOf(m.channel, m.channelId, m.inGuild(), asReply ? m.id : undefined),
    eventId: m.id,
  };
}
