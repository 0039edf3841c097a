import { createHash } from 'node:crypto';
import {
  type DeliveryError,
  idempotencyNonce,
  type OutboundMessage,
  type PlatformNotifier,
} from '@ascn/core';
import { DiscordAPIError, HTTPError, RateLimitError, type REST } from 'discord.js';
import {
  type APIMessage,
  type APIUser,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from 'discord-api-types/v10';
import { renderMessage } from './render.js';

/**
 * The marker a delivery carries in its last embed's footer (`ref <marker>`), derived from
 * its idempotency key. Discord keeps a message's embeds, not its nonce: a re-send after a
 * crash looks for this marker in the channel's recent messages.
 */
export function deliveryMarker(key: string): string {
  return createHash('sha256').update(`ascn-delivery:${key}`).digest('base64url').slice(0, 12);
}

/** Discord error codes after which trying again changes nothing. */
const PERMANENT_CODES = new Set([
  10003, // unknown channel
  10013, // unknown user
  50001, // missing access
  50007, // cannot send messages to this user (DMs closed)
  50013, // missing permissions
  50035, // invalid form body: the message itself is wrong
]);

export interface DiscordNotifierOptions {
  /** A REST client with the bot token (see `createRestClient`); no gateway needed. */
  rest: REST;
  /** How many recent messages of a channel a re-send looks through for its marker (default 300). */
  lookback?: number;
}

const DM_CLOSED_NOTE =
  'I could not send you a direct message (your direct messages are closed), so here it is.';

/**
 * Delivers the outbox's messages (reminders, prompts, announcements) through REST, so any
 * replica can send whether or not it holds the gateway. Never doubled:
 *
 * 1. every post carries `nonce` (from the delivery key) with `enforce_nonce: true`: a re-send
 *    within Discord's few minutes is answered with the first message, nothing new is posted;
 * 2. every post carries a marker from the key in its footer, and a later attempt (`attempt >
 *    1`: the first may have landed before a crash lost its answer) first looks for the marker
 *    in the channel's recent messages — Discord keeps embeds but not nonces, so this is what
 *    holds past the nonce's window.
 *
 * A person whose direct messages are closed (50007) is mentioned in their city's channel
 * instead (`address.fallbackChannelId`). Rate limits: discord.js waits out short ones; a long
 * one (the REST client's `rejectOnRateLimit`) becomes a retry after Discord's `retry_after`.
 */
export function createDiscordNotifier(options: DiscordNotifierOptions): PlatformNotifier {
  const { rest } = options;
  const lookback = Math.max(100, options.lookback ?? 300);
  const dmChannels = new Map<string, string>();
  let botId: Promise<string> | undefined;

  const me = () => {
    botId ??= (rest.get(Routes.user('@me')) as Promise<APIUser>).then((u) => u.id);
    botId.catch(() => {
      botId = undefined;
    });
    return botId;
  };

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const channel = (await rest.post(Routes.userChannels(), {
      body: { recipient_id: userId },
    })) as { id: string };
    dmChannels.set(userId, channel.id);
    return channel.id;
  }

  /** The first copy of this delivery among the channel's recent messages, if it landed. */
  async function findMarked(channelId: string, marker: string): Promise<APIMessage | undefined> {
    const author = await me();
    const suffix = `ref ${marker}`;
    let before: string | undefined;
    for (let seen = 0; seen < lookback; seen += 100) {
      const query = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
      const page = (await rest.get(Routes.channelMessages(channelId), {
        query,
      })) as APIMessage[];
      const found = page.find(
        (m) => m.author.id === author && m.embeds.some((e) => e.footer?.text.endsWith(suffix)),
      );
      if (found || page.length < 100) return found;
      before = page.at(-1)!.id;
    }
    return undefined;
  }

  const post = (channelId: string, body: object) =>
    rest.post(Routes.channelMessages(channelId), {
      body,
    }) as Promise<RESTPostAPIChannelMessageResult>;

  return {
    async send(message: OutboundMessage) {
      const { key, address, reply } = message;
      const marker = deliveryMarker(key);
      try {
        const channelId = address.kind === 'user' ? await dmChannel(address.id) : address.id;
        const fallback = address.kind === 'user' ? address.fallbackChannelId : undefined;
        if (message.attempt > 1) {
          for (const id of [channelId, ...(fallback ? [fallback] : [])]) {
            const first = await findMarked(id, marker);
            if (first) return { ref: `${id}/${first.id}` };
          }
        }
        const body = renderMessage(reply, { marker, publicPost: true });
        try {
          const sent = await post(channelId, {
            ...body,
            nonce: idempotencyNonce(key),
            enforce_nonce: true,
          });
          return { ref: `${channelId}/${sent.id}` };
        } catch (error) {
          if (!(error instanceof DiscordAPIError && error.code === 50007 && fallback)) throw error;
          // Their DMs are closed: a mention in their city's channel (the only ping we make).
          const sent = await post(fallback, {
            ...renderMessage(reply, {
              marker,
              publicPost: true,
              mention: { userId: address.id, text: DM_CLOSED_NOTE },
            }),
            // Discord dedupes nonces per author, not per channel: this post needs its own.
            nonce: idempotencyNonce(`${key}:fallback`),
            enforce_nonce: true,
          });
          return { ref: `${fallback}/${sent.id}` };
        }
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}

/** A failed send in the outbox's terms: wait for a rate limit, give up on what cannot change. */
export function deliveryError(error: unknown): Error & DeliveryError {
  if (error instanceof RateLimitError)
    return Object.assign(new Error(`Discord rate limit on ${error.route}`), {
      retryAfterMs: error.retryAfter,
    });
  if (error instanceof DiscordAPIError)
    return Object.assign(new Error(`Discord ${error.status} ${error.code}: ${error.message}`), {
      permanent: PERMANENT_CODES.has(Number(error.code)) || error.status === 404,
    });
  if (error instanceof HTTPError)
    return new Error(`Discord answered ${error.status} on ${error.method} ${error.url}`);
  return error instanceof Error ? error : new Error(String(error));
}
