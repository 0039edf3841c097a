import type { Assistant, PlatformNotifier } from '@ascn/core';
import type { Store } from '@ascn/store';
import { Client, DiscordAPIError, Events, Routes } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { type AttachedBot, attachBot } from './bot.js';
import { botIntents, clientOptions, createRestClient, type DiscordEndpoint } from './client.js';
import { registerCommands } from './commands.js';
import { type GatewayLease, localLease, postgresLease } from './lease.js';
import { createDiscordNotifier } from './notifier.js';

export type DiscordLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** `DISCORD_API_URL`: REST and (through `GET /gateway/bot`) the gateway. Default Discord's. */
  apiUrl?: string;
  /** `DISCORD_GUILD_ID`: register the slash commands in this guild at start. */
  guildId?: string;
  assistant: Assistant;
  store: Store;
  /**
   * `DATABASE_URL`: replicas on one PostgreSQL keep one gateway connection between them (an
   * advisory lock). Without it (embedded PGlite: one process) this process holds it.
   */
  databaseUrl?: string;
  log?: DiscordLog;
  /** How often a waiting replica tries to take the gateway, and the holder checks its lock. */
  lease?: { retryMs?: number; checkMs?: number };
  /** How often the holder checks whether the MessageContent intent is needed. Default 60 s. */
  intentCheckMs?: number;
  deferAfterMs?: number;
}

export interface DiscordAdapter {
  platform: 'discord';
  notifier: PlatformNotifier;
  /** Checks the token, registers guild commands, then joins the race for the gateway. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Whether this process holds the gateway connection now. */
  holdsGateway(): boolean;
  /** The gateway client while this process holds it (tests). */
  client(): Client | undefined;
}

/** A start-up problem the operator fixes, naming the variable. */
export class DiscordConfigError extends Error {
  override name = 'DiscordConfigError';
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

/** Whether some Discord channel is set up to answer plain questions (needs MessageContent). */
async function answersPlainQuestions(store: Store): Promise<boolean> {
  const row = await store.db
    .selectFrom('channels')
    .select('id')
    .where('platform', '=', 'discord')
    .where('answerQuestions', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const DISALLOWED_INTENTS = 4014;

/**
 * The Discord side of the running assistant: a REST notifier on every replica, and the
 * gateway (slash commands, buttons, modals, DMs, mentions) on the one replica holding the
 * lease. Only the intents it needs: `MessageContent` is asked for only while a channel is
 * set up to answer plain questions, and dropped with a warning when the developer portal
 * has not enabled it.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const log: DiscordLog = options.log ?? (() => {});
  const endpoint: DiscordEndpoint = options.apiUrl ? { apiUrl: options.apiUrl } : {};
  // Deliveries must not block the outbox: a long rate limit is retried later instead.
  const rest = createRestClient(options.token, { ...endpoint, rejectRateLimitsOverMs: 10_000 });
  rest.on('rateLimited', (limit) =>
    log('warn', 'discord rate limited', { route: limit.route, retryAfterMs: limit.retryAfter }),
  );
  const notifier = createDiscordNotifier({ rest });
  const onError = (error: unknown, where: string) =>
    log('error', 'discord', {
      where,
      error: error instanceof Error ? error.name : 'unknown',
      detail: error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300),
    });
  let client: Client | undefined;
  let bot: AttachedBot | undefined;
  let messageContent = false;
  let messageContentRefused = false;
  let intentTimer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const want = !messageContentRefused && (await answersPlainQuestions(options.store));
    const next = new Client({
      ...clientOptions(endpoint, botIntents({ messageContent: want })),
      shards: 'auto',
    });
    next.on(Events.Error, (error) => onError(error, 'gateway'));
    next.on(Events.ShardDisconnect, (_, shard) => log('warn', 'discord shard closed', { shard }));
    next.on(Events.ShardResume, (shard) => log('info', 'discord shard resumed', { shard }));
    // Discord ended the session for good and discord.js gave up: a fresh connection.
    next.on(Events.Invalidated, () => {
      log('warn', 'discord session invalidated; reconnecting');
      setTimeout(() => {
        if (client !== next || !lease.holding()) return;
        disconnect()
          .then(connect)
          .catch((error: unknown) => onError(error, 'reconnect'));
      }, 5000).unref();
    });
    const attached = attachBot(next, {
      assistant: options.assistant,
      onError,
      onNote: (message, fields) => log('info', message, fields),
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    });
    const ready = new Promise<void>((resolve) => next.once(Events.ClientReady, () => resolve()));
    try {
      await next.login(options.token);
      await ready;
    } catch (error) {
      attached.detach();
      await next.destroy().catch(() => {});
      const code = (error as { code?: unknown }).code;
      if (want && (code === DISALLOWED_INTENTS || /disallowed intents/i.test(String(error)))) {
        messageContentRefused = true;
        log('warn', 'discord: the Message Content intent is not enabled for this application', {
          fix: 'enable it in the Discord developer portal (Bot → Privileged Gateway Intents) and restart; until then plain questions in channels are not answered, mentions and commands are',
        });
        return connect();
      }
      throw error;
    }
    client = next;
    bot = attached;
    messageContent = want;
    log('info', 'discord gateway connected', {
      user: next.user?.id,
      guilds: next.guilds.cache.size,
      shards: next.ws.shards.size,
      messageContent: want,
    });
  }

  async function disconnect(): Promise<void> {
    const current = client;
    client = undefined;
    bot?.detach();
    bot = undefined;
    if (current) {
      await current.destroy();
      log('info', 'discord gateway released');
    }
  }

  /** Reconnects with other intents when a channel is set up for plain questions (or no longer is). */
  async function checkIntents(): Promise<void> {
    if (!client || messageContentRefused) return;
    const want = await answersPlainQuestions(options.store);
    if (want === messageContent) return;
    log('info', 'discord: reconnecting for the Message Content intent', { messageContent: want });
    await disconnect();
    await connect();
  }

  const lease: GatewayLease = options.databaseUrl
    ? postgresLease({
        databaseUrl: options.databaseUrl,
        name: `ascn-discord-gateway:${options.applicationId}`,
        ...options.lease,
        onError: (error) => onError(error, 'gateway lease'),
      })
    : localLease({
        ...(options.lease?.retryMs !== undefined ? { retryMs: options.lease.retryMs } : {}),
        onError: (error) => onError(error, 'gateway'),
      });

  return {
    platform: 'discord',
    notifier,
    async start() {
      let me: APIUser;
      try {
        me = (await rest.get(Routes.user('@me'))) as APIUser;
      } catch (error) {
        if (error instanceof DiscordAPIError && error.status === 401)
          throw new DiscordConfigError(
            'DISCORD_TOKEN',
            'Discord refused this bot token (401); copy the token from the developer portal (Bot → Reset Token).',
          );
        throw error;
      }
      if (me.id !== options.applicationId)
        log('warn', 'discord: the bot user is not the application given', {
          variable: 'DISCORD_APPLICATION_ID',
        });
      if (options.guildId) {
        try {
          const tree = options.assistant.commandTree();
          await registerCommands(rest, options.applicationId, tree, options.guildId);
          log('info', 'discord commands registered', { guild: options.guildId });
        } catch (error) {
          log('error', 'discord: could not register the commands in DISCORD_GUILD_ID', {
            detail: error instanceof Error ? error.message.slice(0, 200) : String(error),
            fix: 'invite the bot to that server with the applications.commands scope, or correct DISCORD_GUILD_ID',
          });
        }
      }
      lease.start({
        lead: connect,
        lose: disconnect,
        wait: () =>
          log('info', 'discord gateway held by another replica; this one sends through REST'),
      });
      intentTimer = setInterval(() => {
        checkIntents().catch((error: unknown) => onError(error, 'intents'));
      }, options.intentCheckMs ?? 60_000);
      intentTimer.unref();
    },
    async stop() {
      if (intentTimer) clearInterval(intentTimer);
      await lease.stop();
      await disconnect();
    },
    holdsGateway: () => lease.holding() && client !== undefined,
    client: () => client,
  };
}
