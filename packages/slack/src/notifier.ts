import type { OutboundMessage, PlatformNotifier } from '@ascn/core';
import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { escapeMrkdwn, renderMessage } from './render.js';

/**
 * The sending half of the Slack adapter: reminders, status prompts and announcements posted
 * with `chat.postMessage` (a person's through `conversations.open`), each carrying its
 * delivery key in message metadata. A re-send (attempt 2 or later: the process died after
 * posting, or a timed-out post may have landed) first looks for that key in the
 * conversation's history and returns the message it finds instead of posting again.
 *
 * Every call is bounded so that no retry inside the SDK outlives the outbox's lease: a 429 is
 * rejected at once and handed back as `retryAfterMs`; the post itself is never retried by the
 * SDK (a retry after a timeout could post twice), the outbox retries it after the lookup.
 */

export const DELIVERY_EVENT_TYPE = 'ascn_delivery';

export interface SlackNotifierOptions {
  token: string;
  /** The Web API's base (`SLACK_API_URL`); default Slack's. */
  apiUrl?: string;
  /** Longest wait for one Web API call. Default 8 s. */
  timeoutMs?: number;
  /** How far back a re-send looks for its key. Default 3 days. */
  lookbackMs?: number;
  /** Messages looked through at most (pages of 200). Default 600. */
  lookbackMessages?: number;
  logger?: Logger;
  /** For tests: what "now" is when choosing how far back to look. */
  now?: () => number;
}

/** Errors that will not change by trying again: the delivery fails at once. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_metadata_format',
  'channel_type_not_supported',
]);
/** A person's DMs are closed to the app: mention them in their city's channel instead. */
const DMS_CLOSED = new Set(['cannot_dm_bot', 'messages_tab_disabled']);
const SLACK_ID = /^[UW][A-Z0-9]{2,20}$/;

interface SlackError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
}

/** A Web API failure as the outbox reads it (`retryAfterMs`, `permanent`), without any message text. */
export function deliveryError(
  error: unknown,
): Error & { retryAfterMs?: number; permanent?: boolean } {
  const e = (error ?? {}) as SlackError;
  if (e.code === ErrorCode.RateLimitedError)
    return Object.assign(new Error(`slack: rate limited, retry after ${e.retryAfter ?? 1} s`), {
      retryAfterMs: Math.max(1, Number(e.retryAfter) || 1) * 1000,
    });
  if (e.code === ErrorCode.PlatformError) {
    const code = String(e.data?.error ?? 'unknown_error');
    return Object.assign(
      new Error(`slack: ${code}`),
      PERMANENT.has(code) ? { permanent: true } : {},
    );
  }
  const code = e.code ?? (error instanceof Error ? error.name : 'error');
  return new Error(
    `slack: ${code}${error instanceof Error ? ` (${error.message.slice(0, 120)})` : ''}`,
  );
}

const platformCode = (error: unknown) => (error as SlackError)?.data?.error;

export function slackNotifier(options: SlackNotifierOptions): PlatformNotifier {
  const timeout = options.timeoutMs ?? 8_000;
  const base = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    timeout,
    logger: options.logger,
    logLevel: LogLevel.ERROR,
  };
  // Lookups may be tried again (they change nothing), within a short budget…
  const read = new WebClient(options.token, {
    ...base,
    retryConfig: {
      retries: 1,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 1000,
      maxRetryTime: 2 * timeout,
    },
  });
  // …a post never is: the outbox retries it, after looking for it.
  const write = new WebClient(options.token, { ...base, retryConfig: { retries: 0 } });
  const lookbackMs = options.lookbackMs ?? 3 * 24 * 3_600_000;
  const maxMessages = options.lookbackMessages ?? 600;
  const now = options.now ?? Date.now;

  async function findByKey(channel: string, key: string): Promise<string | undefined> {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await read.conversations.history({
        channel,
        include_all_metadata: true,
        limit: 200,
        oldest: String(Math.floor((now() - lookbackMs) / 1000)),
        ...(cursor ? { cursor } : {}),
      });
      for (const m of page.messages ?? []) {
        const metadata = m.metadata as
          | { event_type?: string; event_payload?: { key?: unknown } }
          | undefined;
        if (metadata?.event_type === DELIVERY_EVENT_TYPE && metadata.event_payload?.key === key)
          return m.ts;
      }
      seen += page.messages?.length ?? 0;
      cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
    } while (cursor && seen < maxMessages);
    return undefined;
  }

  /** The conversation a message goes to, and a mention to put first when it is not the DM. */
  async function destination(
    message: OutboundMessage,
  ): Promise<{ channel: string; mention?: string }> {
    const { address } = message;
    if (address.kind === 'channel') return { channel: address.id };
    try {
      const opened = await read.conversations.open({ users: address.id });
      const id = opened.channel?.id;
      if (!id) throw Object.assign(new Error('slack: conversations.open gave no channel'), {});
      return { channel: id };
    } catch (error) {
      const code = platformCode(error);
      if (code && DMS_CLOSED.has(code) && address.fallbackChannelId && SLACK_ID.test(address.id))
        return { channel: address.fallbackChannelId, mention: `<@${address.id}>` };
      throw error;
    }
  }

  return {
    async send(message) {
      try {
        const { channel, mention } = await destination(message);
        if (message.attempt > 1) {
          const existing = await findByKey(channel, message.key);
          if (existing) return { ref: `${channel}:${existing}` };
        }
        const rendered = renderMessage(message.reply);
        const blocks = mention
          ? [
              {
                type: 'section' as const,
                text: {
                  type: 'mrkdwn' as const,
                  text: `${mention}: a message for you (your direct messages are closed to the assistant).`,
                },
              },
              ...rendered.blocks.slice(0, 49),
            ]
          : rendered.blocks;
        const posted = await write.chat.postMessage({
          channel,
          text: mention
            ? `${mention} ${rendered.text}`
            : rendered.text || escapeMrkdwn(message.kind),
          blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: message.key } },
        });
        return { ref: `${channel}:${posted.ts}` };
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}
