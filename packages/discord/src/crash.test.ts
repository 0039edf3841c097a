/**
 * A reminder delivered exactly once across a crash, with real processes: a worker posts a
 * reminder DM; Discord (the fake) stores it but holds its answer; the worker is killed with
 * SIGKILL before it can record the send. A new worker claims the row again once the lease
 * has expired — past the nonce's few minutes, so only the marker in the first copy's footer
 * can tell it that the message is already there — and records it without posting again.
 * On PostgreSQL and on an embedded PGlite directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerOfficer } from '@ascn/core';
import { openStore, type Store } from '@ascn/store';
import { createScratchDatabase, probeTestServer } from '@ascn/store/testing';
import { build } from 'vite';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deliveryMarker } from './notifier.js';
import { fakeWorld, people } from './test-bot.js';
import { type FakeDiscord, startFakeDiscord } from './testing/index.js';

const packageDir = resolve(fileURLToPath(import.meta.url), '../..');
const workerFile = join(packageDir, 'node_modules/.cache/discord-test-worker/worker.mjs');
const server = await probeTestServer();

beforeAll(async () => {
  // The worker as plain JS beside the package (so that @ascn/* resolve), imports kept external.
  await build({
    configFile: false,
    logLevel: 'warn',
    root: packageDir,
    build: {
      ssr: 'src/test-worker.ts',
      outDir: 'node_modules/.cache/discord-test-worker',
      emptyOutDir: true,
      minify: false,
      rolldownOptions: {
        external: (id: string) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
        output: { entryFileNames: 'worker.mjs' },
      },
    },
  });
}, 180_000);

const children: ChildProcess[] = [];
let fake: FakeDiscord | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
});

function startWorker(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [workerFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  children.push(child);
  return { child, output: () => out };
}

/** Polls `check` (a child's output is no change in the fake, which its `until` waits for). */
async function poll(check: () => boolean, what: string, timeoutMs = 30_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const KEY = 'reminder:annual-meeting-2031:7:officer:csco-yangon';

async function seed(store: Store) {
  await registerOfficer(
    store,
    { id: 'csco-yangon', name: 'Yangon Officer', role: 'csco', cityId: 'yangon' },
    [{ platform: 'discord', workspaceId: '', userId: people.csco.id }],
  );
  const now = Date.now();
  await store.db
    .insertInto('deliveries')
    .values({
      dedupeKey: KEY,
      kind: 'reminder',
      recipientKind: 'officer',
      recipientId: 'csco-yangon',
      eventId: 'annual-meeting-2031',
      leadDays: 7,
      dueAt: new Date(now - 1000),
      nextAttemptAt: new Date(now - 1000),
      expiresAt: new Date(now + 7 * 86_400_000),
      payload: JSON.stringify({
        type: 'reminder',
        event: {
          id: 'annual-meeting-2031',
          kind: 'annual-meeting',
          title: 'ASCN Annual Meeting',
          start: '2031-07-08',
          timeZone: 'Asia/Singapore',
          example: true,
        },
        eventStartsAt: '2031-07-07T16:00:00.000Z',
        leadDays: 7,
        label: 'in 7 days',
        recipientZone: 'Asia/Yangon',
        dueLocal: '2031-07-01 09:00',
      }),
    })
    .execute();
}

const backends = [
  ...(server.available
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const scratch = await createScratchDatabase(server.url, 'ascn_discord_crash');
            return {
              env: { STORE_URL: scratch.url },
              store: () => openStore({ databaseUrl: scratch.url }),
              drop: () => scratch.drop(),
            };
          },
        },
      ]
    : []),
  {
    name: 'PGlite directory',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ascn-discord-crash-'));
      return {
        env: { STORE_DIR: dir },
        store: () => openStore({ dataDir: dir }),
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];

describe.each(backends)('a reminder across a crash ($name)', ({ open }) => {
  test('is delivered exactly once', async () => {
    let now = Date.now();
    fake = await startFakeDiscord(fakeWorld({ clock: () => now }));
    const db = await open();
    try {
      const store = await db.store();
      await seed(store);
      await store.close();
      const env = {
        ...db.env,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_TOKEN: fake.token,
        LEASE_MS: '1500',
      };

      // Discord stores the DM but its answer never reaches the first worker.
      fake.holdAnswerNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, delayMs: 60_000 });
      const first = startWorker(env);
      const dm = () => fake!.dmChannelId(people.csco.id);
      await fake.until(() => dm() && fake!.messages(dm()!).length === 1, {
        timeoutMs: 30_000,
        what: 'the first post',
      });
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      expect(first.output()).not.toContain('sent ');

      // Long enough after for Discord to have forgotten the nonce.
      now += 30 * 60_000;
      const second = startWorker(env);
      await poll(() => second.output().includes('sent '), 'the re-send to be recorded');

      const messages = fake.messages(dm()!);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.embeds.at(-1)!.footer!.text).toMatch(
        new RegExp(`ref ${deliveryMarker(KEY)}$`),
      );
      // The second worker looked (GET) and posted nothing: the fake records a request when it
      // answers, and the first post's answer is still held.
      const mine = fake.requests.filter((r) => r.path === `/channels/${dm()}/messages`);
      expect(mine.map((r) => r.method)).toEqual(['GET']);
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
      const check = await db.store();
      const row = await check.db
        .selectFrom('deliveries')
        .select(['status', 'attempts', 'deliveryRef'])
        .where('dedupeKey', '=', KEY)
        .executeTakeFirstOrThrow();
      await check.close();
      expect(row).toEqual({
        status: 'sent',
        attempts: 2,
        deliveryRef: `${dm()}/${messages[0]!.id}`,
      });
    } finally {
      await db.drop();
    }
  }, 240_000);
});
