import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  type Clock,
  createAssistant,
  type DeliveryLoop,
  indexStoredPractices,
  markDone,
  planDigestsFromStore,
  planRemindersFromStore,
  runDeliveryLoop,
  seedDemo,
  seedEvents,
  snooze,
  systemClock,
} from '@ascn/core';
import { type Config, parseCalendarFile } from '@ascn/domain';
import { openKnowledgeBase } from '@ascn/knowledge';
import { openStore } from '@ascn/store';
import { createLog, describeError } from './log.js';
import { routingNotifier } from './notifiers.js';
import { createWebServer } from './web.js';

export interface RunningAssistant {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the whole assistant: store (migrated) → knowledge base → calendar and example data →
 * reminder plan → delivery loop → local web page. `close` stops taking requests, lets in-flight
 * sends finish (unsent leases are released for another process) and closes the database.
 */
export async function startAssistant(
  config: Config,
  opts: { clock?: Clock; pollMs?: number } = {},
): Promise<RunningAssistant> {
  const log = createLog(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const started = Date.now();
  const store = await openStore(
    config.DATABASE_URL
      ? { databaseUrl: config.DATABASE_URL }
      : { dataDir: resolve(config.ASCN_DATA_DIR) },
  );
  const knowledge = await openKnowledgeBase({
    docsDir: config.ASCN_DOCS_DIR,
    cacheFile: resolve(
      config.ASCN_INDEX_FILE ?? resolve(config.ASCN_DOCS_DIR, 'dist', 'knowledge-index.json'),
    ),
  });
  const calendar = parseCalendarFile(
    config.ASCN_CALENDAR_FILE,
    await readFile(config.ASCN_CALENDAR_FILE, 'utf8'),
  );
  await seedEvents(store.db, calendar);
  if (config.ASCN_DEMO) await seedDemo(store);
  const practices = await indexStoredPractices(store, knowledge);

  const replan = async () => {
    const summary = await planRemindersFromStore(store.db, { now: clock.now() });
    log('debug', 'reminders planned', { ...summary });
  };
  await replan();

  const assistant = createAssistant({
    store,
    knowledge,
    clock,
    replan,
    snooze: async (id, until) => (await snooze(store.db, id, until)) !== undefined,
    markDone: (eventId, recipient) => markDone(store.db, eventId, recipient),
    reportUrl: (id) => `/reports/${id}.html`,
    onError: (error, where) => log('error', 'command failed', { where, ...describeError(error) }),
  });

  const loop: DeliveryLoop = runDeliveryLoop({
    db: store.db,
    notifier: routingNotifier(store, {}),
    workerId: `assistant-${process.pid}-${randomUUID().slice(0, 8)}`,
    clock,
    pollMs: opts.pollMs ?? 1000,
    // Officers who chose a daily digest get the day's reminders folded into one message.
    beforeClaim: async (now) => {
      await planDigestsFromStore(store.db, { now });
    },
    onError: (error) => log('error', 'delivery loop', describeError(error)),
    onFailed: (d, error) =>
      log('warn', 'delivery failed', { id: d.id, kind: d.kind, ...describeError(error) }),
  });

  const server = createWebServer({
    store,
    assistant,
    log,
    health: () => ({
      database: store.kind,
      sections: knowledge.sections().length,
      sharedPractices: practices,
      delivered: loop.stats.sent,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }),
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.PORT, config.HOST, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  if (config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN)
    log(
      'warn',
      'Slack and Discord adapters are not part of this version yet; only the web page runs',
    );
  log('info', 'assistant started', {
    url,
    database: store.kind,
    sections: knowledge.sections().length,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeIdleConnections();
        });
        await loop.stop();
        await store.close();
        log('info', 'assistant stopped');
      })()),
  };
}
