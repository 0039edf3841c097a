import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeClock } from '@ascn/core';
import { parseConfig } from '@ascn/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAssistant, startAssistant } from './app.js';

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

  it('answers malformed requests with a plain message and status', async () => {
    expect(await (await post('/api/chat', '{"text": ')).json()).toEqual({
      error: 'The request body is not valid JSON.',
    });
    expect((await post('/api/chat', 'text=hi', 'application/x-www-form-urlencoded')).status).toBe(
      415,
    );
    expect(await (await post('/api/chat', { text: 42 })).json()).toEqual({
      error: 'text: Invalid input: expected string, received number',
    });
    expect((await post('/api/chat', { text: 'x'.repeat(70_000) })).status).toBe(413);
    const traversal = await fetch(`${app.url}/..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
    expect((await fetch(`${app.url}/%E0`)).status).toBe(404);
    const page = await fetch(`${app.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const unknownForm = await post('/api/forms/nope', { values: {}, idempotencyKey: 'abcdefgh' });
    expect(unknownForm.status).toBe(404);
  });

  it('acts only as the example people: a registered officer cannot be picked on the page', async () => {
    const add = await post('/api/chat', {
      officerId: 'demo-secretariat',
      text: 'admin officer add id=real-1 name="Registered Person" role=csco city=Hanoi',
    });
    expect(JSON.stringify(await add.json())).toContain('Registered Registered Person');
    const listed = (await (await fetch(`${app.url}/api/officers`)).json()) as Array<{
      id: string;
      example: boolean;
    }>;
    expect(listed.map((o) => o.id)).not.toContain('real-1');
    expect(listed.every((o) => o.example)).toBe(true);
    // A National Representative has no city: the zone shown is their member state's.
    expect(listed.find((o) => o.id === 'demo-nr-myanmar')).toMatchObject({
      timeZone: 'Asia/Yangon',
    });
    const asReal = await post('/api/chat', { officerId: 'real-1', text: 'status' });
    expect(asReal.status).toBe(403);
    expect(await asReal.json()).toEqual({
      error:
        'This page can only act as the example people. Registered officers use Slack or Discord.',
    });
  });

  it('returns form errors per field with status 422', async () => {
    const r = await post('/api/forms/best-practice', {
      officerId: 'demo-csco-bangkok',
      values: { title: 'Hi' },
      idempotencyKey: 'key-12345',
    });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { errors: Record<string, string> }).errors).toMatchObject({
      title: 'the title needs at least 5 characters',
      focusAreas: 'choose at least one focus area',
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
});

describe('the assistant process', () => {
  const run = (extra: Record<string, string>, signalAfterStart?: NodeJS.Signals) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'apps/assistant/dist/main.js')], {
        env: {
          ...process.env,
          ...env,
          ASCN_DATA_DIR: mkdtempSync(join(tmpdir(), 'ascn-proc-')),
          ...extra,
        },
      });
      let out = '';
      let err = '';
      let signalled = false;
      child.stdout.on('data', (d) => {
        out += d;
        if (signalAfterStart && !signalled && out.includes('is running at')) {
          signalled = true;
          child.kill(signalAfterStart);
        }
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('exit', (code) => resolve({ code, out, err }));
    });

  it('stops at start-up on a bad value, naming the variable', async () => {
    const r = await run({ PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('PORT: expected a port number');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const r = await run({}, 'SIGTERM');
    expect(r.out).toContain('SIGTERM: finishing in-flight work');
    expect(r.code).toBe(0);
  });
});
