import type { Assistant, Clock, PlatformNotifier } from '@ascn/core';
import { createDiscordAdapter, DiscordConfigError } from '@ascn/discord';
import type { Config } from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import { createSlackAdapter } from '@ascn/slack';
import type { Store } from '@ascn/store';
import type { Log } from './log.js';
import type { RawRoute } from './raw-routes.js';
import { discordProblem, StartupError } from './startup.js';

/** What a chat platform adds to the running assistant. */
export interface PlatformAdapter {
  platform: 'slack' | 'discord';
  /** Routes on the one HTTP server (e.g. Slack's `POST /slack/events`); known before it listens. */
  rawRoutes?: RawRoute[];
  /** Its sending half: the delivery loop hands it the messages addressed to this platform. */
  notifier?: PlatformNotifier;
  /** Connects (a Socket Mode or gateway connection), once the server listens. */
  start?(): Promise<void>;
  /** Disconnects; in-flight work finishes first. */
  stop(): Promise<void>;
}

export interface AdapterDeps {
  config: Config;
  store: Store;
  knowledge: KnowledgeBase;
  assistant: Assistant;
  clock: Clock;
  log: Log;
  /** The start of links in chat (known once the server listens when PORT=0). */
  publicUrl: () => string;
}

/** The chat platforms whose variables are set. Each adapter adds itself here. */
export async function createAdapters(deps: AdapterDeps): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  const { config } = deps;
  if (config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN)) {
    const slack = createSlackAdapter({
      ...deps,
      botToken: config.SLACK_BOT_TOKEN,
      ...(config.SLACK_APP_TOKEN
        ? { appToken: config.SLACK_APP_TOKEN }
        : { signingSecret: config.SLACK_SIGNING_SECRET! }),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    });
    adapters.push({
      platform: 'slack',
      rawRoutes: slack.listener
        ? [{ method: 'POST', path: '/slack/events', listener: slack.listener }]
        : [],
      notifier: slack.notifier,
      start: slack.start,
      stop: slack.stop,
    });
  }
  if (config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) {
    const discord = createDiscordAdapter({
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      guildId: config.DISCORD_GUILD_ID,
      databaseUrl: config.DATABASE_URL,
      assistant: deps.assistant,
      store: deps.store,
      log: deps.log,
    });
    const start = () =>
      discord.start().catch((e: unknown) => {
        throw e instanceof DiscordConfigError
          ? new StartupError(e.variable, e.reason)
          : (discordProblem(e, config.DISCORD_API_URL) ?? e);
      });
    adapters.push({ ...discord, start });
  }
  return adapters;
}
