/**
 * Many processes, one server: two real assistant processes on one PostgreSQL. A practice
 * shared through one is found by `ask` in the other.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerOfficer } from '@ascn/core';
import { grantSignInLink, openStore } from '@ascn/store';
import { createScratchDatabase, probeTestServer, type ScratchDatabase } from '@ascn/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'apps/assistant/dist/main.js');
const server = await probeTestServer();

interface Replica {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startReplica(databaseUrl: string): Promise<Replica> {
  return new Promise((ok, fail) => {
    let out = '';
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        LOG_LEVEL: 'error',
        ASCN_DOCS_DIR: join(ROOT, 'docs'),
        ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => fail(new Error(`no start within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

const reason = server.available ? '' : ` (skipped: ${server.reason})`;
describe.skipIf(!server.available)(`two assistants on one PostgreSQL${reason}`, () => {
  let scratch: ScratchDatabase;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    scratch = await createScratchDatabase(server.url, 'ascn_replicas');
    // One first, so that it creates the schema; then the second (both would also be fine).
    a = await startReplica(scratch.url);
    b = await startReplica(scratch.url);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((r) => stop(r.child)));
    await scratch?.drop();
  });

  // The 2-second target is measured by `npm run bench:share`; a test asserts no wall-clock time,
  // only that the other process finds it (it checks for new practices every second).
  it('finds in one a practice shared through the other', async () => {
    // A real officer shares (example people may not), signed in on the first process.
    const store = await openStore({ databaseUrl: scratch.url });
    let token: string;
    try {
      await registerOfficer(store, {
        id: 'csco-bangkok',
        name: 'Bangkok Officer',
        role: 'csco',
        cityId: 'bangkok',
      });
      const link = await grantSignInLink(store.db, {
        officerId: 'csco-bangkok',
        expiresAt: new Date(Date.now() + 3_600_000),
        now: new Date(),
      });
      if (!link.ok) throw new Error(link.reason);
      token = link.link.token;
    } finally {
      await store.close();
    }
    const signedIn = await fetch(`${a.url}/signin/${token}`, {
      method: 'POST',
      redirect: 'manual',
    });
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const { csrfToken } = (await (
      await fetch(`${a.url}/api/session`, { headers: { cookie } })
    ).json()) as { csrfToken: string };

    const title = `Night markets on solar power ${randomUUID().slice(0, 6)}`;
    const shared = await post(
      a.url,
      '/api/forms/best-practice',
      {
        values: {
          title,
          city: 'bangkok',
          focusAreas: ['quality-environment'],
          problem: 'Diesel generators at the night markets were loud and dirty.',
          solution: 'Stalls share rooftop solar panels and batteries run by the market office.',
        },
        idempotencyKey: randomUUID(),
      },
      { cookie, 'x-csrf-token': csrfToken },
    );
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    const sharedAt = Date.now();
    let foundAfter: number | undefined;
    while (Date.now() - sharedAt < 10_000) {
      const asked = await post(b.url, '/api/chat', { text: 'night markets on solar power' });
      if (JSON.stringify(asked.body).includes('shared/practice-')) {
        foundAfter = Date.now() - sharedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(foundAfter, b.output()).toBeDefined();
    console.log(`[replicas] found in the other process after ${foundAfter} ms`);
  }, 180_000);
});
