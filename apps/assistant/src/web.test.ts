/**
 * The web server in-process, on the real assistant over embedded PGlite: what each route
 * accepts, what it refuses (and that a refusal stores nothing), who sees which messages, and
 * that a raw route (Slack's events) gets the exact bytes a client sent.
 */
import { createHash, createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAssistant, fakeClock, registerOfficer, seedDemo } from '@ascn/core';
import { openKnowledgeBase } from '@ascn/knowledge';
import { openStore, type Store } from '@ascn/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsFolderPages } from './doc-page.js';
import type { RawRoute } from './raw-routes.js';
import { addWebMessage } from './test-web-messages.js';
import { createWebServer } from './web.js';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const SIGNING_SECRET = 'test-signing-secret';

/** What the raw route saw, in order. */
const received: Array<{ body: Buffer; contentType: string | undefined; url: string }> = [];

/** Stands in for Slack's adapter: checks a signature over the raw bytes, as Bolt does. */
const slackLike: RawRoute = {
  method: 'POST',
  path: '/slack/events',
  bodyLimit: 8 * 1024,
  listener: (request, response) => {
    const body = request.rawBody;
    received.push({ body, contentType: request.headers['content-type'], url: request.url ?? '' });
    const stamp = String(request.headers['x-slack-request-timestamp'] ?? '');
    const expected = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${stamp}:`).update(body).digest('hex')}`;
    const ok = request.headers['x-slack-signature'] === expected;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        ok
          ? { ok: true, sha256: createHash('sha256').update(body).digest('hex') }
          : { error: 'bad signature' },
      ),
    );
  },
};

let store: Store;
let server: FastifyInstance;
let base = '';

beforeAll(async () => {
  store = await openStore({ inMemory: true });
  await seedDemo(store);
  const knowledge = await openKnowledgeBase({ docsDir: DOCS, warn: () => {} });
  const assistant = createAssistant({
    store,
    knowledge,
    clock: fakeClock('2026-12-17T03:30:00Z'),
    publicUrl: 'http://ascn.test',
  });
  server = createWebServer({
    store,
    assistant,
    log: () => {},
    health: () => ({}),
    docs: docsFolderPages({
      docsDir: DOCS,
      indexed: () => knowledge.sections().map((s) => s.path),
    }),
    rawRoutes: [slackLike],
    closeGraceMs: 200,
    access: { secret: 'web-test-secret-'.repeat(3), publicUrl: () => 'http://ascn.test' },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await server?.close();
  await store?.close();
});

const post = (path: string, body: unknown, type = 'application/json') =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string) => fetch(`${base}${path}`);
const count = async (table: 'questions' | 'practices' | 'webMessages' | 'statusRounds') =>
  Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a raw route (a platform webhook, ahead of the framework)', () => {
  const sign = (body: Buffer, stamp: string) =>
    `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${stamp}:`).update(body).digest('hex')}`;

  it.each([
    ['application/x-www-form-urlencoded', 'payload=%7B%22type%22%3A%20%22block_actions%22%7D&x=+'],
    ['application/json', '{ "type" :"url_verification",\n  "challenge": "3eZbrw1aB" }  \n'],
    ['application/json; charset=utf-8', '{"text":"caf\\u00e9 \u00e9\u0301 \ud83c\udf0f"}'],
  ])(
    'gets the exact bytes of a %s body, and can verify a signature over them',
    async (type, text) => {
      const body = Buffer.from(text, 'utf8');
      const stamp = '1765000000';
      const before = received.length;
      const res = await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': type,
          'x-slack-request-timestamp': stamp,
          'x-slack-signature': sign(body, stamp),
        },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ok: true,
        sha256: createHash('sha256').update(body).digest('hex'),
      });
      expect(received[before]!.body.equals(body)).toBe(true);
    },
  );

  it('gets bytes that are not text at all, and bodies with no content type', async () => {
    const body = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x0d, 0x0a, 0x80]);
    const stamp = '1765000001';
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'x-slack-request-timestamp': stamp, 'x-slack-signature': sign(body, stamp) },
      body,
    });
    expect(res.status).toBe(200);
    expect(received.at(-1)!.body.equals(body)).toBe(true);
  });

  it('leaves every other request to the framework: the page API still takes JSON only', async () => {
    expect((await post('/api/chat', 'hello', 'text/plain')).status).toBe(415);
    const ok = await post('/api/chat', { text: 'help' });
    expect(ok.status).toBe(200);
    // Another method on the same path, or a longer path, is the framework's (a plain 404).
    const before = received.length;
    for (const res of [await get('/slack/events'), await post('/slack/events/x', {})]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'Not found.' });
    }
    // A query string is the same route.
    const body = Buffer.from('{}');
    const res = await fetch(`${base}/slack/events?from=test`, {
      method: 'POST',
      headers: { 'x-slack-request-timestamp': '1', 'x-slack-signature': sign(body, '1') },
      body,
    });
    expect(res.status).toBe(200);
    expect(received.slice(before).map((r) => r.url)).toEqual(['/slack/events?from=test']);
  });

  it('applies its own body limit, with a plain message', async () => {
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(9 * 1024),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'The request is too large (8 KB at most).' });
  });
});

describe('reports', () => {
  it('answers a round number beyond the integer range with a plain 404, not a 500', async () => {
    for (const path of [
      '/reports/2147483648.md',
      '/reports/2147483648.html',
      '/reports/99999999999999999999.md',
      '/reports/1e400.md',
      '/reports/-1.md',
      '/reports/12.pdf',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toEqual({ error: 'There is no such status round.' });
    }
  });

  it('serves a round as HTML and Markdown, what people typed shown as text', async () => {
    const open = await post('/api/chat', {
      officerId: 'demo-secretariat',
      text: 'admin round open title="Before the meeting <script>alert(1)</script>" closes=2027-05-31',
    });
    expect(open.status).toBe(200);
    const round = await store.db
      .selectFrom('statusRounds')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const html = await get(`/reports/${round.id}.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await html.text();
    expect(page).toContain('<h1>Progress report: Before the meeting &#x3C;script>');
    expect(page).not.toContain('<script>');
    const md = await get(`/reports/${round.id}.md`);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toContain('# Progress report: Before the meeting \\<script>');
  });
});

describe('the inbox', () => {
  beforeAll(async () => {
    // A real officer (the example Secretariat registers example people only).
    await registerOfficer(store, {
      id: 'real-1',
      name: 'Registered Person',
      role: 'csco',
      cityId: 'ha-noi',
    });
    await addWebMessage(store, 't:private', 'officer', 'real-1', 'private to a registered officer');
    await addWebMessage(
      store,
      't:example',
      'officer',
      'demo-csco-yangon',
      'for the example CSCO of Yangon',
    );
    await addWebMessage(store, 't:channel', 'channel', 'web:general', 'posted in the web channel');
  });

  const texts = async (query: string) => {
    const res = await get(`/api/inbox${query}`);
    return { status: res.status, body: JSON.stringify(await res.json()) };
  };

  it('never shows a registered officer’s messages to the page: 403, as in the chat', async () => {
    const r = await texts('?officerId=real-1');
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('private to a registered officer');
    expect(r.body).toContain('Without sign-in this page acts only as the example people.');
  });

  it('shows a guest the web channel only, and an example person their own messages too', async () => {
    for (const guest of ['', '?officerId=']) {
      const r = await texts(guest);
      expect(r.status).toBe(200);
      expect(r.body).toContain('posted in the web channel');
      expect(r.body).not.toContain('private to a registered officer');
      expect(r.body).not.toContain('for the example CSCO of Yangon');
    }
    const yangon = await texts('?officerId=demo-csco-yangon');
    expect(yangon.body).toContain('for the example CSCO of Yangon');
    expect(yangon.body).toContain('posted in the web channel');
    expect(yangon.body).not.toContain('private to a registered officer');
  });

  it('answers an "after" that is not a message id with a plain 400', async () => {
    for (const after of ['1e400', '-1', 'abc', '1.5', '2147483648', '99999999999999999999', '']) {
      const res = await get(`/api/inbox?after=${encodeURIComponent(after)}`);
      expect(res.status, after).toBe(400);
      expect(await res.json(), after).toEqual({
        error: 'after: expected a message id, a whole number from 0 to 2147483647',
      });
    }
    expect((await get('/api/inbox?after=2147483647')).status).toBe(200);
    expect((await get('/api/inbox?after=1&after=2')).status).toBe(400);
  });
});

describe('the NUL character (PostgreSQL cannot store it)', () => {
  const nul =
    'contains a NUL character (\\u0000), which cannot be stored; remove it and send again';

  it('is refused in chat text with a plain 400, and nothing is stored', async () => {
    const before = await count('questions');
    const res = await post('/api/chat', {
      officerId: 'demo-csco-bangkok',
      text: 'what\u0000 is the scgw',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: `text: ${nul}` });
    expect(await count('questions')).toBe(before);
  });

  it('is refused in form values and form context, and nothing is stored', async () => {
    const before = await count('practices');
    const values = {
      title: 'Rainwater sensors for flood warnings',
      city: 'bangkok',
      focusAreas: ['built-infrastructure'],
      problem: 'Flash floods come with little warning after heavy rain in the districts.',
      solution: 'Sensors in canals send\u0000 flood warnings to residents by SMS.',
    };
    const res = await post('/api/forms/best-practice', {
      officerId: 'demo-csco-bangkok',
      values,
      idempotencyKey: 'nul-key-1',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: `values.solution: ${nul}` });
    const inList = await post('/api/forms/best-practice', {
      officerId: 'demo-csco-bangkok',
      values: { ...values, solution: 'fine', focusAreas: ['a\u0000'] },
      idempotencyKey: 'nul-key-2',
    });
    expect(inList.status).toBe(400);
    const inContext = await post('/api/forms/status-update', {
      officerId: 'demo-csco-bangkok',
      context: { round: '1\u0000' },
      values: {},
      idempotencyKey: 'nul-key-3',
    });
    expect(inContext.status).toBe(400);
    expect(await inContext.json()).toEqual({ error: `context.round: ${nul}` });
    expect(await count('practices')).toBe(before);
  });

  it('is refused in an action and in the person picked', async () => {
    const action = await post('/api/actions', {
      officerId: 'demo-csco-bangkok',
      action: 'ascn:rs:1\u0000',
    });
    expect(action.status).toBe(400);
    expect(await action.json()).toEqual({ error: `action: ${nul}` });
    const who = await post('/api/chat', { officerId: 'demo\u0000', text: 'help' });
    expect(who.status).toBe(400);
    expect((await get('/api/inbox?officerId=demo%00')).status).toBe(400);
  });
});

describe('knowledge-base pages', () => {
  it('serves a cited page at /docs/<path>, the cited section reachable by its anchor', async () => {
    const res = await get('/docs/network/overview.md');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain(
      '<h2 id="who-proposed-the-ascn">Who proposed the ASCN?</h2>',
    );
  });

  it('answers pages it does not have with a plain 404', async () => {
    for (const path of [
      '/docs/shared/practice-1-rainwater.md',
      '/docs/network/nope.md',
      '/docs/package.json',
      '/docs/..%2fpackage.json',
      '/docs/%2e%2e/README.md',
      '/docs/network/../../README.md',
      '/docs/',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(Object.keys((await res.json()) as object), path).toEqual(['error']);
    }
  });
});

describe('the page and its API', () => {
  it('serves the page with its security headers, and nothing outside its folder', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('ASCN Assistant');
    for (const path of ['/..%2f..%2fpackage.json', '/../package.json', '/%2e%2e/src/web.ts'])
      expect((await get(path)).status, path).toBe(404);
    const malformed = await get('/%E0');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await malformed.json()).toEqual({ error: 'The address is not valid.' });
  });

  it('answers bad requests in plain words', async () => {
    expect(await (await post('/api/chat', '{"text": ')).json()).toEqual({
      error: 'The request body is not valid JSON.',
    });
    const plain = await post('/api/chat', 'text=hi', 'application/x-www-form-urlencoded');
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({ error: 'Send JSON (Content-Type: application/json).' });
    expect(await (await post('/api/chat', { text: 42 })).json()).toEqual({
      error: 'text: Invalid input: expected string, received number',
    });
    const big = await post('/api/chat', { text: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'The request is too large (64 KB at most).' });
    const form = await post('/api/forms/nope', { values: {}, idempotencyKey: 'abcdefgh' });
    expect(form.status).toBe(404);
    expect(await form.json()).toEqual({ error: 'There is no such form.' });
    expect((await post('/api/forms/best-practice', { values: {} })).status).toBe(400);
    // A key that is there but too short is not called missing.
    const shortKey = await post('/api/forms/status-update', { values: {}, idempotencyKey: 'k-1' });
    expect(shortKey.status).toBe(400);
    expect(await shortKey.json()).toEqual({
      error: 'idempotencyKey: is missing or shorter than 8 characters',
    });
    expect((await fetch(`${base}/api/chat`, { method: 'DELETE' })).status).toBe(404);
  });

  it('acts only as the example people', async () => {
    const res = await post('/api/chat', { officerId: 'real-1', text: 'status' });
    expect(res.status).toBe(403);
    const actions = await post('/api/actions', {
      officerId: 'real-1',
      action: 'snooze',
      value: '1',
    });
    expect(actions.status).toBe(403);
    const officers = (await (await get('/api/officers')).json()) as Array<{ example: boolean }>;
    expect(officers.length).toBeGreaterThan(3);
    expect(officers.every((o) => o.example)).toBe(true);
  });
});

describe('closing', () => {
  it('finishes a webhook in flight, and answers one that arrives while closing with 503', async () => {
    let release!: () => void;
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    let started!: () => void;
    const inFlight = new Promise<void>((ok) => {
      started = ok;
    });
    const slow: RawRoute = {
      method: 'POST',
      path: '/hook',
      listener: async (_request, response) => {
        started();
        await held;
        response.end('done');
      },
    };
    const other = createWebServer({
      store,
      assistant: createAssistant({ store, knowledge: await openKnowledgeBase({ docsDir: DOCS }) }),
      log: () => {},
      health: () => ({}),
      docs: docsFolderPages({ docsDir: DOCS, indexed: () => [] }),
      rawRoutes: [slow],
      closeGraceMs: 2_000,
      access: { secret: 'web-test-secret-'.repeat(3), publicUrl: () => 'http://ascn.test' },
    });
    await other.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect((other.server.address() as { port: number }).port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
    const request = 'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n';
    socket.write(request);
    await inFlight;
    const closing = other.close();
    await new Promise((ok) => setTimeout(ok, 50));
    socket.write(request);
    await new Promise((ok) => setTimeout(ok, 50));
    release();
    await closing;
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200[\s\S]*done/);
    expect(answer).toMatch(/HTTP\/1\.1 503[\s\S]*shutting down/);
  });

  it('does not wait for a client that sent half a request', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    socket.write('POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
    socket.write('Content-Length: 100\r\n\r\n{"text": "hal');
    const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
    socket.on('error', () => {});
    await new Promise((ok) => setTimeout(ok, 100));
    await server.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
