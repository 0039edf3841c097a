import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  type Clock,
  createAssistant,
  createDispatcher,
  type DeliveryLoop,
  type PlatformNotifier,
  planDigestsFromStore,
  planRemindersFromStore,
  pruneHandledEvents,
  runDeliveryLoop,
  seedDemo,
  seedEvents,
  sharedPracticePage,
  systemClock,
  watchPractices,
} from '@ascn/core';
import { type Config, defaultPublicUrl, parseCalendarFile } from '@ascn/domain';
import { openKnowledgeBase } from '@ascn/knowledge';
import { newSecret, openStore, type Store, sharedSetting } from '@ascn/store';
import { createAdapters } from './adapters.js';
import { docsFolderPages } from './doc-page.js';
import { createLog, describeError, type Log } from './log.js';
import { webNotifier } from './notifiers.js';
import { databaseProblem, listenProblem, requireFile, requireFolder } from './startup.js';
import { createWebServer } from './web.js';

export interface RunningAssistant {
  /** Where the server listens (with the bound port when PORT=0). */
  url: string;
  /** The start of links in chat: PUBLIC_URL, or derived from HOST and the bound port. */
  publicUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the whole assistant: store (migrated) → knowledge base → calendar and example data →
 * reminder plan → web server → delivery loop. `close` stops taking requests, lets in-flight
 * sends finish (unsent leases are released for another process) and closes the database.
 * What the operator must fix (a missing folder, an unreachable database, a port in use)
 * throws a StartupError naming the variable; whatever was opened is closed first.
 */
export async function startAssistant(
  config: Config,
  opts: { clock?: Clock; pollMs?: number } = {},
): Promise<RunningAssistant> {
  const log = createLog(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const started = Date.now();
  await requireFolder(
    'ASCN_DOCS_DIR',
    config.ASCN_DOCS_DIR,
    "the knowledge base folder (the repository's docs/)",
  );
  await requireFile(
    'ASCN_CALENDAR_FILE',
    config.ASCN_CALENDAR_FILE,
    "the meetings and due dates file (the repository's network/calendar.json)",
  );
  const store = await openStore(
    config.DATABASE_URL
      ? { databaseUrl: config.DATABASE_URL }
      : { dataDir: resolve(config.ASCN_DATA_DIR) },
  ).catch((error: unknown) => {
    throw (config.DATABASE_URL && databaseProblem(error, config.DATABASE_URL)) || error;
  });
  try {
    return await startOnStore(config, store, { ...opts, log, clock, started });
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

async function startOnStore(
  config: Config,
  store: Store,
  opts: { log: Log; clock: Clock; started: number; pollMs?: number },
): Promise<RunningAssistant> {
  const { log, clock, started } = opts;
  const knowledge = await openKnowledgeBase({
    docsDir: config.ASCN_DOCS_DIR,
    cacheFile: resolve(
      config.ASCN_INDEX_FILE ?? resolve(config.ASCN_DOCS_DIR, 'dist', 'knowledge-index.json'),
    ),
    // "this year" in a question is the year of the assistant's clock.
    today: () => clock.now(),
  });
  const calendar = parseCalendarFile(
    config.ASCN_CALENDAR_FILE,
    await readFile(config.ASCN_CALENDAR_FILE, 'utf8'),
  );
  await seedEvents(store.db, calendar);
  if (config.ASCN_DEMO) await seedDemo(store);
  // Every stored practice into the index now; then, every second, those shared through other
  // processes on the same database. A page that cannot be indexed is logged and skipped.
  const practices = watchPractices({
    store,
    knowledge,
    onError: (error) => log('warn', 'a shared practice was not indexed', describeError(error)),
  });
  const indexedPractices = await practices.check();

  const replan = async () => {
    const summary = await planRemindersFromStore(store.db, { now: clock.now() });
    log('debug', 'reminders planned', { ...summary });
  };
  await replan();

  let publicUrl = config.PUBLIC_URL;
  const assistant = createAssistant({
    store,
    knowledge,
    clock,
    replan,
    publicUrl: () => publicUrl,
    onError: (error, where) => log('error', 'command failed', { where, ...describeError(error) }),
  });

  let loop: DeliveryLoop | undefined;
  // Slack and Discord, when their variables are set: routes on this server, a notifier each.
  const adapters = await createAdapters({
    config,
    store,
    knowledge,
    assistant,
    clock,
    log,
    publicUrl: () => publicUrl,
  });
  // The session cookie's secret: ASCN_SESSION_SECRET, else one generated once and kept in the
  // database, so sessions survive a restart and every process on a shared database agrees.
  const sessionSecret =
    config.ASCN_SESSION_SECRET ?? (await sharedSetting(store.db, 'session-secret', newSecret));
  const server = createWebServer({
    store,
    assistant,
    log,
    access: { secret: sessionSecret, publicUrl: () => publicUrl },
    docs: docsFolderPages({
      docsDir: config.ASCN_DOCS_DIR,
      indexed: () => knowledge.sections().map((s) => s.path),
      shared: (path) => sharedPracticePage(store, path),
    }),
    rawRoutes: adapters.flatMap((a) => a.rawRoutes ?? []),
    dashboard: { knowledge, now: () => clock.now() },
    health: () => ({
      database: store.kind,
      sections: knowledge.sections().length,
      sharedPractices: indexedPractices,
      delivered: loop?.stats.sent ?? 0,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }),
  });
  try {
    await server.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await server.close().catch(() => {});
    throw listenProblem(error, config.HOST, config.PORT) ?? error;
  }
  const { port } = server.server.address() as AddressInfo;
  const url = `http://${localName(config.HOST)}:${port}`;
  // PORT=0 (any free port, for tests): links use the port the server got.
  if (config.PORT === 0 && publicUrl === defaultPublicUrl(config.HOST, 0))
    publicUrl = defaultPublicUrl(config.HOST, port);

  // The platforms this process runs; a message for someone on none of them waits.
  const platforms: Partial<Record<'web' | 'slack' | 'discord', PlatformNotifier>> = {
    web: webNotifier(store),
  };
  for (const adapter of adapters)
    if (adapter.notifier) platforms[adapter.platform] = adapter.notifier;
  for (const adapter of adapters) await adapter.start?.();
  loop = runDeliveryLoop({
    db: store.db,
    notifier: createDispatcher({ store, platforms, publicUrl: () => publicUrl }),
    workerId: `assistant-${process.pid}-${randomUUID().slice(0, 8)}`,
    clock,
    pollMs: opts.pollMs ?? 1000,
    // Officers who chose a daily digest get the day's reminders folded into one message.
    beforeClaim: async (now) => {
      await planDigestsFromStore(store.db, { now });
      // Platform retries come within minutes: a week of handled event ids is plenty.
      if (now.getUTCMinutes() === 0) await pruneHandledEvents(store, now);
    },
    onError: (error) => log('error', 'delivery loop', describeError(error)),
    onFailed: (d, error) =>
      log('warn', 'delivery failed', { id: d.id, kind: d.kind, ...describeError(error) }),
  });
  log('info', 'assistant started', {
    url,
    publicUrl,
    database: store.kind,
    sections: knowledge.sections().length,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        for (const adapter of adapters) await adapter.stop();
        await practices.stop();
        await loop?.stop();
        await store.close();
        log('info', 'assistant stopped');
      })()),
  };
}

/** How to reach HOST from this machine in a URL: loopback and "every network" are localhost. */
function localName(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
