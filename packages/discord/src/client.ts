import {
  type ClientOptions,
  GatewayIntentBits,
  Partials,
  REST,
  type RESTOptions,
} from 'discord.js';

/** Where and how patiently to talk to Discord (the real one unless `apiUrl` says otherwise). */
export interface DiscordEndpoint {
  /** REST base, e.g. the fake's `http://127.0.0.1:port/api`; the gateway URL follows from it. */
  apiUrl?: string;
  /** Abort one REST attempt after this long (discord.js default 15 s). */
  timeoutMs?: number;
  /** Retries after a 5xx or a network error/abort (discord.js default 3); 429s are waited out. */
  retries?: number;
  /**
   * A rate limit longer than this is not waited out but thrown as `RateLimitError` (for a
   * delivery worker, which reschedules instead of blocking). Default: always wait.
   */
  rejectRateLimitsOverMs?: number;
}

/**
 * The gateway intents the bot needs, and no more: slash commands and buttons need none;
 * `Guilds` for the guild and channel cache; `GuildMessages` for mentions in channels (whose
 * content a bot sees without the privileged MESSAGE_CONTENT intent); `DirectMessages` for DMs.
 */
export const BOT_INTENTS =
  GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;

/**
 * The intents for this bot: {@link BOT_INTENTS}, plus the privileged `MessageContent` only
 * when some channel is set to get answers to plain (unmentioned) questions.
 */
export function botIntents(options: { messageContent?: boolean } = {}): number {
  return options.messageContent ? BOT_INTENTS | GatewayIntentBits.MessageContent : BOT_INTENTS;
}

export function restOptions(endpoint: DiscordEndpoint = {}): Partial<RESTOptions> {
  const options: Partial<RESTOptions> = {};
  if (endpoint.apiUrl) options.api = endpoint.apiUrl;
  if (endpoint.timeoutMs !== undefined) options.timeout = endpoint.timeoutMs;
  if (endpoint.retries !== undefined) options.retries = endpoint.retries;
  const over = endpoint.rejectRateLimitsOverMs;
  if (over !== undefined) options.rejectOnRateLimit = (limit) => limit.retryAfter > over;
  return options;
}

/**
 * Options for the gateway client. `Partials.Channel` is required to receive DMs: Discord
 * sends no CHANNEL_CREATE for a DM, and without it discord.js drops the message.
 */
export function clientOptions(
  endpoint: DiscordEndpoint = {},
  intents: number = BOT_INTENTS,
): ClientOptions {
  return {
    intents,
    partials: [Partials.Channel],
    rest: restOptions(endpoint),
    allowedMentions: { parse: [] },
  };
}

/** A REST-only client (no gateway): for replicas that deliver messages but do not hold the gateway. */
export function createRestClient(token: string, endpoint: DiscordEndpoint = {}): REST {
  return new REST(restOptions(endpoint)).setToken(token);
}
