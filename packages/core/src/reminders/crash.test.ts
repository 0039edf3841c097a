/**
 * Crash safety and multi-process delivery, with real processes: worker processes (the
 * bundled test-worker.ts) run the delivery loop against a file-backed store and post to a
 * fake platform in this process, which de-duplicates on the message nonce as Discord does.
 * Workers are killed with SIGKILL at random moments and restarted until everything is sent;
 * every reminder must then have been delivered exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@ascn/store';
import { createScratchDatabase, type ScratchDatabase } from '@ascn/store/testing';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyNonce } from './nonce.js';
import { server } from './test-backends.js';
import { type FakePlatform, startFakePlatform } from './test-platform.js';

const N = 1000;
const packageDir = resolve(fileURLToPath(import.meta.url), '../../..');
const workerFile = join(packageDir, 'node_modules/.cache/reminders-test-worker/worker.mjs');

beforeAll(async () => {
  // Bundle the worker to plain JS beside the package (so that @ascn/* resolve), keeping
  // every package import external.
  await build({
    configFile: false,
    logLevel: 'warn',
    root: packageDir,
    build: {
      ssr: 'src/reminders/test-worker.ts',
      outDir: 'node_modules/.cache/reminders-test-worker',
      emptyOutDir: true,
      minify: false,
      rolldownOptions: {
        external: (id: string) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
        output: { entryFileNames: 'worker.mjs' },
      },
    },
  });
});

async function seed(store: Store) {
  const now = Date.now();
  const rows = Array.from({ length: N }, (_, i) => ({
    dedupeKey: `reminder:annual-meeting:1:officer:officer-${i}`,
    kind: 'reminder',
    recipientKind: 'officer' as const,
    recipientId: `officer-${i}`,
    eventId: 'annual-meeting',
    leadDays: 1,
    dueAt: new Date(now - 60_000),
    nextAttemptAt: new Date(now - 60_000),
    expiresAt: new Date(now + 86_400_000),
    payload: JSON.stringify({ type: 'reminder', title: 'ASCN Annual Meeting', i }),
  }));
  for (let i = 0; i < rows.length; i += 250)
    await store.db
      .insertInto('deliveries')
      .values(rows.slice(i, i + 250))
      .execute();
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stats?: Record<string, unknown>;
  }>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, [workerFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady!: () => void;
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    if (out.includes('ready\n')) markReady();
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stats?: Record<string, unknown>;
  }>((r) =>
    child.on('exit', (code, signal) => {
      markReady();
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 && signal !== 'SIGKILL') console.error(`worker exited ${code}: ${err}`);
      r({ code, signal, stats: last.startsWith('{') ? JSON.parse(last) : undefined });
    }),
  );
  return { child, ready, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Kills `kills` workers with SIGKILL, each once the platform has received a random share of
 * the messages (so that every kill lands mid-work, with sends in flight), then lets a last
 * worker finish.
 */
async function crashUntilDone(env: Record<string, string>, platform: FakePlatform, kills: number) {
  const log: string[] = [];
  const thresholds = Array.from(
    { length: kills },
    () => 50 + Math.floor(Math.random() * (N - 100)),
  ).sort((a, b) => a - b);
  let killedMidWork = 0;
  for (const [k, threshold] of thresholds.entries()) {
    const worker = startWorker({ ...env, WORKER_ID: `crashy-${k}` });
    await worker.ready;
    const deadline = Date.now() + 15_000;
    while (platform.messages.size < threshold && Date.now() < deadline) await sleep(2);
    await sleep(Math.random() * 10);
    const at = platform.messages.size;
    worker.child.kill('SIGKILL');
    await worker.exited;
    if (at < N) killedMidWork++;
    log.push(`kill ${k + 1} at ${at}/${N} delivered`);
  }
  const last = startWorker({ ...env, WORKER_ID: 'finisher', EXIT_WHEN_DONE: '1' });
  const result = await last.exited;
  expect(result.code).toBe(0);
  return { log, killedMidWork };
}

async function assertExactlyOnce(store: Store, platform: FakePlatform) {
  // The platform: every key posted, none posted twice.
  expect(platform.messages.size).toBe(N);
  const keys = new Set([...platform.messages.values()].map((m) => m.key));
  expect(keys.size).toBe(N);
  // Every request either posted a new message, was recognised as a re-send, or failed.
  expect(platform.requests).toBe(N + platform.dedupedResends + platform.failures);
  // The store: every row sent, with the platform's message id.
  const rows = await store.db
    .selectFrom('deliveries')
    .select(['dedupeKey', 'status', 'deliveryRef'])
    .execute();
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  for (const row of rows)
    expect(row.deliveryRef).toBe(platform.messages.get(idempotencyNonce(row.dedupeKey))?.ref);
}

describe.skipIf(!server.available)(
  `crash safety on a PostgreSQL server${server.available ? '' : ` (skipped: ${server.available ? '' : server.reason})`}`,
  () => {
    let scratch: ScratchDatabase;
    let store: Store;
    let platform: FakePlatform;
    beforeAll(async () => {
      scratch = await createScratchDatabase(server.url);
      store = await openStore({ databaseUrl: scratch.url });
    });
    afterAll(async () => {
      await store?.close();
      await platform?.close();
      await scratch?.drop();
    });

    it(`delivers ${N} reminders exactly once through repeated SIGKILLs`, {
      timeout: 180_000,
    }, async () => {
      await seed(store);
      platform = await startFakePlatform({ latencyMs: [1, 4] });
      const env = {
        STORE_URL: scratch.url,
        PLATFORM_URL: platform.url,
        LEASE_MS: '1000',
        BATCH: '25',
        CONCURRENCY: '8',
      };
      const { log, killedMidWork } = await crashUntilDone(env, platform, 6);
      await assertExactlyOnce(store, platform);
      expect(killedMidWork).toBe(6);
      console.info(
        `[crash/postgres] ${log.join('; ')}. Requests ${platform.requests}, re-sends recognised by nonce (deduplicated): ${platform.dedupedResends}.`,
      );
      const attempts = await store.db
        .selectFrom('deliveries')
        .select('attempts')
        .where('attempts', '>', 1)
        .execute();
      expect(attempts.length).toBeGreaterThanOrEqual(platform.dedupedResends > 0 ? 1 : 0);
    });

    it(`shares ${N} reminders between two worker processes, each delivered once`, {
      timeout: 180_000,
    }, async () => {
      await store.db.deleteFrom('deliveries').execute();
      await seed(store);
      await platform?.close();
      platform = await startFakePlatform({ latencyMs: [1, 3] });
      const env = {
        STORE_URL: scratch.url,
        PLATFORM_URL: platform.url,
        EXIT_WHEN_DONE: '1',
        BATCH: '20',
      };
      const workers = [
        startWorker({ ...env, WORKER_ID: 'w1' }),
        startWorker({ ...env, WORKER_ID: 'w2' }),
      ];
      const results = await Promise.all(workers.map((w) => w.exited));
      expect(results.map((r) => r.code)).toEqual([0, 0]);
      await assertExactlyOnce(store, platform);
      expect(platform.dedupedResends).toBe(0);
      const byWorker = { w1: 0, w2: 0 } as Record<string, number>;
      for (const m of platform.messages.values())
        byWorker[m.worker] = (byWorker[m.worker] ?? 0) + 1;
      expect(byWorker.w1).toBeGreaterThan(0);
      expect(byWorker.w2).toBeGreaterThan(0);
      expect(byWorker.w1! + byWorker.w2!).toBe(N);
      console.info(`[two workers] w1 sent ${byWorker.w1}, w2 sent ${byWorker.w2}`);
    });
  },
);

describe('crash safety on PGlite in a data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ascn-crash-'));
  let platform: FakePlatform;
  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers ${N} reminders exactly once through repeated SIGKILLs`, {
    timeout: 300_000,
  }, async () => {
    const setup = await openStore({ dataDir: dir });
    await seed(setup);
    await setup.close();
    platform = await startFakePlatform({ latencyMs: [1, 4] });
    const env = {
      STORE_DIR: dir,
      PLATFORM_URL: platform.url,
      LEASE_MS: '1000',
      BATCH: '25',
      CONCURRENCY: '8',
    };
    const { log, killedMidWork } = await crashUntilDone(env, platform, 4);
    const store = await openStore({ dataDir: dir });
    try {
      await assertExactlyOnce(store, platform);
    } finally {
      await store.close();
    }
    expect(killedMidWork).toBe(4);
    console.info(
      `[crash/pglite] ${log.join('; ')}. Requests ${platform.requests}, re-sends recognised by nonce (deduplicated): ${platform.dedupedResends}.`,
    );
  });
});
