import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeClock, registerOfficer } from '@ascn/core';
import { parseConfig } from '@ascn/domain';
import { grantSignInLink, openStore } from '@ascn/store';
import { probeTestServer } from '@ascn/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAssistant, startAssistant } from './app.js';
import { closedPort, type MainRun, runMain } from './test-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'ascn-app-'));
const env = {
  ASCN_DATA_DIR: join(temp, 'data'),
  ASCN_DOCS_DIR: join(ROOT, 'docs'),
  ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
  PORT: '0',
  LOG_LEVEL: 'error',
};

describe('the running assistant', () => {
  let app: RunningAssistant;
  // The day before the example progress-report deadline (18 Dec, Jakarta), 10:00 in Yangon.
  const clock = fakeClock('2026-12-17T03:30:00Z');
  beforeAll(async () => {
    app = await startAssistant(parseConfig(env), { clock, pollMs: 50 });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('reports its health', async () => {
    const r = await fetch(`${app.url}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      status: 'ok',
      database: 'pglite',
      sections: expect.any(Number),
    });
  });

  it('acts only as the example people without sign-in; what the example Secretariat registers is an example', async () => {
    const add = await post('/api/chat', {
      officerId: 'demo-secretariat',
      text: 'admin officer add id=demo-new name="New Example Person" role=csco city=Hanoi',
    });
    expect(JSON.stringify(await add.json())).toContain('Registered New Example Person');
    const listed = (await (await fetch(`${app.url}/api/officers`)).json()) as Array<{
      id: string;
      example: boolean;
    }>;
    expect(listed.find((o) => o.id === 'demo-new')).toMatchObject({ example: true });
    expect(listed.every((o) => o.example)).toBe(true);
    // A National Representative has no city: the zone shown is their member state's.
    expect(listed.find((o) => o.id === 'demo-nr-myanmar')).toMatchObject({
      timeZone: 'Asia/Yangon',
    });
    const asReal = await post('/api/chat', { officerId: 'real-1', text: 'status' });
    expect(asReal.status).toBe(403);
    expect(await asReal.json()).toEqual({
      error:
        'Without sign-in this page acts only as the example people. Registered officers sign in with the link the Secretariat sends them.',
    });
  });

  it('delivers the day-before reminder to the web inbox once, and drops the superseded older ones', async () => {
    const inbox = async () =>
      (
        (await (await fetch(`${app.url}/api/inbox?officerId=demo-csco-yangon`)).json()) as {
          messages: Array<{
            to: string;
            reply: { blocks: Array<{ kind: string; text?: string }> };
          }>;
        }
      ).messages.filter((m) => m.to === 'officer');
    let messages: Array<{ reply: { blocks: Array<{ kind: string; text?: string }> } }> = [];
    for (let i = 0; i < 100 && messages.length === 0; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      messages = await inbox();
    }
    await new Promise((ok) => setTimeout(ok, 500));
    messages = await inbox();
    const headings = messages.map((m) => m.reply.blocks.find((b) => b.kind === 'heading')?.text);
    expect(headings).toEqual([
      'Reminder, tomorrow: City progress reports due to the Secretariat (example)',
    ]);
  });
  it('returns form errors per field with status 422', async () => {
    // An example round (opened by the example Secretariat), answered by an example officer.
    await post('/api/chat', {
      officerId: 'demo-secretariat',
      text: 'admin round open title="Form errors" closes=2027-05-31',
    });
    const r = await post('/api/forms/status-update', {
      officerId: 'demo-csco-bangkok',
      values: { project: 'not one of Bangkok’s', status: 'on-track', progress: '140' },
      idempotencyKey: 'key-12345',
    });
    expect(r.status).toBe(422);
    const body = (await r.json()) as {
      status: string;
      reply: { blocks: Array<{ kind: string; fieldErrors?: Record<string, string> }> };
    };
    expect(body.status).toBe('invalid');
    expect(body.reply.blocks.find((b) => b.kind === 'form')?.fieldErrors).toMatchObject({
      project: 'choose one of your city’s projects',
      progress: expect.any(String),
    });
  });

  it('links to itself with the port it got when PORT=0', async () => {
    const { port } = new URL(app.url);
    expect(app.publicUrl).toBe(`http://localhost:${port}`);
    const open = await post('/api/chat', {
      officerId: 'demo-secretariat',
      text: 'admin round open title="Links" closes=2027-05-31',
    });
    expect(open.status).toBe(200);
    const report = await post('/api/chat', { officerId: 'demo-secretariat', text: 'report' });
    expect(JSON.stringify(await report.json())).toMatch(
      new RegExp(`http://localhost:${port}/reports/\\d+\\.html`),
    );
  });
});

describe('sessions across a restart', () => {
  const dataDir = join(temp, 'restart');
  const config = (extra: Record<string, string> = {}) =>
    parseConfig({ ...env, ASCN_DATA_DIR: dataDir, ...extra });
  const signIn = async (url: string, token: string) => {
    const res = await fetch(`${url}/signin/${token}`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  const whoIs = async (url: string, cookie: string) =>
    (
      (await (await fetch(`${url}/api/session`, { headers: { cookie } })).json()) as {
        officer: { id: string } | null;
      }
    ).officer?.id ?? null;
  const grant = async (officerId: string) => {
    const store = await openStore({ dataDir });
    try {
      if (officerId === 'csco-hanoi')
        await registerOfficer(store, {
          id: 'csco-hanoi',
          name: 'Lan',
          role: 'csco',
          cityId: 'ha-noi',
        });
      const r = await grantSignInLink(store.db, {
        officerId,
        expiresAt: new Date(Date.now() + 86_400_000),
        now: new Date(),
      });
      if (!r.ok) throw new Error(r.reason);
      return r.link.token;
    } finally {
      await store.close();
    }
  };

  it('keeps a generated cookie secret in the database, so a session survives a restart', async () => {
    const token = await grant('csco-hanoi');
    let app = await startAssistant(config());
    const cookie = await signIn(app.url, token);
    expect(await whoIs(app.url, cookie)).toBe('csco-hanoi');
    await app.close();
    const store = await openStore({ dataDir });
    const kept = await store.db.selectFrom('settings').select(['key', 'value']).execute();
    await store.close();
    expect(kept).toEqual([{ key: 'session-secret', value: expect.stringMatching(/^[\w-]{43}$/) }]);

    app = await startAssistant(config());
    expect(await whoIs(app.url, cookie)).toBe('csco-hanoi');
    await app.close();
    // ASCN_SESSION_SECRET, when set, signs instead: cookies signed with the old one no longer count.
    app = await startAssistant(
      config({ ASCN_SESSION_SECRET: 'another-secret-of-enough-length-1234' }),
    );
    try {
      expect(await whoIs(app.url, cookie)).toBeNull();
    } finally {
      await app.close();
    }
  });
});

describe('the assistant process', () => {
  /** One line on stderr that starts with the variable, no stack trace, exit code 2. */
  const expectRefusal = (r: MainRun, variable: string, words: RegExp) => {
    expect(r.code, r.err).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${variable}: `));
    expect(lines[0]).toMatch(words);
    expect(r.err).not.toMatch(/\n\s+at |Error:/);
  };

  it('stops at start-up on a bad value, naming the variable', async () => {
    const r = await runMain({ PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('PORT: expected a port number');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('says so in one line when the database server cannot be reached', async () => {
    const port = await closedPort();
    const r = await runMain({ DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/test` });
    expectRefusal(
      r,
      'DATABASE_URL',
      new RegExp(`cannot reach a PostgreSQL server at 127\\.0\\.0\\.1:${port}; start PostgreSQL`),
    );
    expect(r.err).not.toContain('secret');
  });

  it('says so in one line when the database does not exist on the server', async (ctx) => {
    const server = await probeTestServer();
    if (!server.available) return ctx.skip(server.reason);
    const url = new URL(server.url);
    url.pathname = `/ascn_missing_${process.pid}`;
    const r = await runMain({ DATABASE_URL: url.toString() });
    expectRefusal(
      r,
      'DATABASE_URL',
      new RegExp(`the database "ascn_missing_${process.pid}" does not exist .*createdb`),
    );
  });

  it('says so in one line when the docs folder is missing', async () => {
    const r = await runMain({ ASCN_DOCS_DIR: join(temp, 'no-docs-here') });
    expectRefusal(
      r,
      'ASCN_DOCS_DIR',
      /the folder .*no-docs-here does not exist; set ASCN_DOCS_DIR/,
    );
  });

  it('says so in one line when the calendar file is missing', async () => {
    const r = await runMain({ ASCN_CALENDAR_FILE: join(temp, 'no-calendar.json') });
    expectRefusal(
      r,
      'ASCN_CALENDAR_FILE',
      /the file .*no-calendar\.json does not exist; set ASCN_CALENDAR_FILE/,
    );
  });

  it('says so in one line when the port is in use', async () => {
    const taken = createNetServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', () => ok()));
    const { port } = taken.address() as AddressInfo;
    try {
      const r = await runMain({ PORT: String(port), HOST: '127.0.0.1' });
      expectRefusal(r, 'PORT', new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      taken.close();
    }
  });

  it('says so in one line when HOST is not a name or address of this machine', async () => {
    for (const host of ['no-such-host.invalid', '192.0.2.77']) {
      const r = await runMain({ HOST: host });
      expectRefusal(
        r,
        'HOST',
        new RegExp(`"${host.replace(/\./g, '\\.')}" is not a name or address of this machine`),
      );
    }
  });

  it('takes PORT="" as the default 3000, not a random port', async () => {
    // On 127.0.0.2 so as not to meet a developer's own assistant on 127.0.0.1:3000.
    const r = await runMain({ PORT: '', HOST: '127.0.0.2' }, (child) => {
      child.kill('SIGTERM');
    });
    if (r.code === 2) expectRefusal(r, 'PORT', /port 3000 on 127\.0\.0\.2 is already in use/);
    else expect(r.out).toContain('is running at http://127.0.0.2:3000');
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const r = await runMain({}, (child) => {
      child.kill('SIGTERM');
    });
    expect(r.out).toContain('SIGTERM: finishing in-flight work');
    expect(r.code).toBe(0);
  });

  it('shuts down on SIGTERM while clients hold half-sent requests', async () => {
    const sockets: Socket[] = [];
    const r = await runMain({}, async (child, url) => {
      const { port } = new URL(url);
      const open = (text: string) =>
        new Promise<void>((ok) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write(text);
            ok();
          });
          socket.on('error', () => {});
          sockets.push(socket);
        });
      // Headers not finished, and a body shorter than its Content-Length.
      await open('GET /health HTTP/1.1\r\nHost: x\r\n');
      await open(
        'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te',
      );
      await new Promise((ok) => setTimeout(ok, 200));
      child.kill('SIGTERM');
    });
    for (const socket of sockets) socket.destroy();
    expect(r.out).toContain('SIGTERM: finishing in-flight work');
    expect(r.code).toBe(0);
  });
});
