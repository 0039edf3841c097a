/**
 * A delivery worker process for the crash test (bundled to plain JS and run by `node`): the
 * outbox loop with the core's dispatcher and the Discord notifier, over REST only.
 * Environment: STORE_URL (postgres://…) or STORE_DIR (PGlite directory), DISCORD_API_URL,
 * DISCORD_TOKEN, LEASE_MS. Prints `ready` once it runs, and `sent <ref>` for each delivery.
 */
import { createDispatcher, runDeliveryLoop } from '@ascn/core';
import { openStore } from '@ascn/store';
import { createRestClient } from './client.js';
import { createDiscordNotifier } from './notifier.js';

const env = process.env;
const store = await openStore(
  env.STORE_URL ? { databaseUrl: env.STORE_URL, poolSize: 2 } : { dataDir: env.STORE_DIR },
);
const rest = createRestClient(env.DISCORD_TOKEN!, {
  apiUrl: env.DISCORD_API_URL!,
  rejectRateLimitsOverMs: 10_000,
});
const loop = runDeliveryLoop({
  db: store.db,
  notifier: createDispatcher({ store, platforms: { discord: createDiscordNotifier({ rest }) } }),
  workerId: `crash-worker-${process.pid}`,
  leaseMs: Number(env.LEASE_MS ?? 60_000),
  pollMs: 50,
  retry: { baseMs: 100, capMs: 1000, jitter: 0 },
  onSent: (_, ref) => process.stdout.write(`sent ${ref}\n`),
  onError: (error) => console.error('[worker]', error),
});
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await loop.stop();
  await store.close();
  process.exit(0);
});
