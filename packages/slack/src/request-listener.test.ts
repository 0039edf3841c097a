import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackRequestListener } from './index.js';
import { type FakeSlack, startFakeSlack } from './testing/index.js';

// Bolt's HTTPReceiver mounted at POST /slack/events inside a server the app already runs:
// a plain node:http server (body unread, and body already read into rawBody) and fastify 5.

let slack: FakeSlack;
let close: (() => Promise<void>) | undefined;

beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await close?.();
  close = undefined;
  await slack.close();
});

/** A Bolt app whose receiver is never started: only its request listener is used. */
function boltApp() {
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: slack.botToken,
    receiver,
    clientOptions: { slackApiUrl: slack.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  const handled: string[] = [];
  app.command('/ascn', async ({ command, ack }) => {
    handled.push(command.text);
    await ack({ text: `ok: ${command.text}` });
  });
  app.event('app_mention', async ({ event, say }) => {
    handled.push('mention');
    await say({ text: 'answer', thread_ts: event.ts });
  });
  return { listener: slackRequestListener(receiver), handled };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function proveMounted(base: string, handled: string[]) {
  const to = slack.sender(`${base}/slack/events`);
  const command = await to.command({ user: 'U0ALICE01', channel: 'C0GENERAL', text: 'deadlines' });
  expect(command.status).toBe(200);
  expect(command.body).toEqual({ text: 'ok: deadlines' });

  const mention = await to.appMention({ user: 'U0ALICE01', channel: 'C0GENERAL', text: 'hi' });
  expect(mention.status).toBe(200);
  await slack.waitForCall('chat.postMessage');

  const forged = await to.command(
    { user: 'U0ALICE01', channel: 'C0GENERAL', text: 'forged' },
    { signature: 'bad' },
  );
  expect(forged.status).toBe(401);
  expect(handled).toEqual(['deadlines', 'mention']);
}

describe('mounting Bolt at POST /slack/events in an existing server', () => {
  it('works in a plain node:http server that leaves the body unread', async () => {
    const { listener, handled } = boltApp();
    const server = createServer((request, response) => {
      if (request.method === 'POST' && request.url === '/slack/events') listener(request, response);
      else response.writeHead(200).end('the web page');
    });
    const base = await listen(server);

    await proveMounted(base, handled);
    expect(await fetch(`${base}/`).then((r) => r.text())).toBe('the web page');
  });

  it('works when the server has already read the body into rawBody', async () => {
    const { listener, handled } = boltApp();
    const server = createServer(async (request, response) => {
      const raw = await readAll(request);
      listener(Object.assign(request, { rawBody: raw }), response);
    });
    const base = await listen(server);

    await proveMounted(base, handled);
  });

  it('answers 404 for a path that is not the receiver’s endpoint', async () => {
    const { listener } = boltApp();
    const base = await listen(createServer(listener));
    const response = await fetch(`${base}/elsewhere`, { method: 'POST' });
    expect(response.status).toBe(404);
  });

  it('works in fastify 5: raw body kept by a content-type parser, reply hijacked', async () => {
    const { listener, handled } = boltApp();
    const fastify: FastifyInstance = Fastify();
    await fastify.register(async (scope) => {
      // Slack's bodies must reach Bolt byte for byte: signatures are over the raw bytes.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
        done(null, body),
      );
      scope.post('/slack/events', (request, reply) => {
        reply.hijack();
        listener(Object.assign(request.raw, { rawBody: request.body as Buffer }), reply.raw);
      });
    });
    fastify.get('/', async () => 'the web page');
    const base = await fastify.listen({ port: 0, host: '127.0.0.1' });
    close = () => fastify.close();

    await proveMounted(base, handled);
    expect(await fetch(`${base}/`).then((r) => r.text())).toBe('the web page');
  });
});
