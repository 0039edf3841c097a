/**
 * A delivery worker process for the crash and multi-worker tests (bundled to plain JS and
 * run by `node`). Configured by environment: STORE_URL (postgres://…) or STORE_DIR (PGlite
 * directory), PLATFORM_URL, WORKER_ID, LEASE_MS, BATCH, CONCURRENCY, EXIT_WHEN_DONE=1.
 * Prints `ready` once the store is open, and a JSON line of stats when it exits.
 */
import { openStore } from '@ascn/store';
import { runDeliveryLoop } from './loop.js';
import { httpNotifier } from './test-platform.js';

const env = process.env;
const workerId = env.WORKER_ID ?? `worker-${process.pid}`;
const store = await openStore(
  env.STORE_URL ? { databaseUrl: env.STORE_URL, poolSize: 4 } : { dataDir: env.STORE_DIR },
);
const loop = runDeliveryLoop({
  db: store.db,
  notifier: httpNotifier(env.PLATFORM_URL!, workerId),
  workerId,
  leaseMs: Number(env.LEASE_MS ?? 60_000),
  batchSize: Number(env.BATCH ?? 50),
  concurrency: Number(env.CONCURRENCY ?? 8),
  pollMs: 50,
  retry: { baseMs: 100, capMs: 1000, jitter: 0 },
  onError: (error) => console.error(`[${workerId}]`, error),
});
process.stdout.write('ready\n');

async function finish() {
  await loop.stop();
  await store.close();
  process.stdout.write(`${JSON.stringify({ workerId, ...loop.stats })}\n`);
  process.exit(0);
}
process.on('SIGTERM', finish);

if (env.EXIT_WHEN_DONE) {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const left = await store.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
  }
  await finish();
}
