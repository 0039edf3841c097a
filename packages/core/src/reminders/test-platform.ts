import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Delivery, Notifier } from './index.js';
import { idempotencyNonce } from './nonce.js';

/**
 * A fake chat platform for tests: accepts messages over HTTP and de-duplicates them on their
 * nonce the way Discord does with `enforce_nonce` (a second message with a nonce already
 * seen is answered with the first message, not posted again). It counts everything.
 */
export interface FakePlatform {
  url: string;
  /** One entry per posted message, by nonce. */
  messages: Map<string, { ref: string; key: string; worker: string; posts: number }>;
  /** Requests answered with an existing message (re-sends recognised by their nonce). */
  dedupedResends: number;
  failures: number;
  requests: number;
  close(): Promise<void>;
}

export interface FakePlatformOptions {
  /** Random latency per request, in ms. */
  latencyMs?: [number, number];
  /** Return an error status (and Retry-After seconds) for a request, or undefined to accept. */
  fail?: (
    key: string,
    attempt: number,
  ) => { status: number; retryAfterSeconds?: number } | undefined;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakePlatform(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const attempts = new Map<string, number>();
  let next = 1;
  const platform: FakePlatform = {
    url: '',
    messages: new Map(),
    dedupedResends: 0,
    failures: 0,
    requests: 0,
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    try {
      const msg = await body(req);
      platform.requests++;
      if (options.latencyMs) {
        const [lo, hi] = options.latencyMs;
        await new Promise((r) => setTimeout(r, lo + Math.random() * (hi - lo)));
      }
      const nonce = String(msg.nonce ?? '');
      const key = String(msg.key ?? '');
      if (!nonce || nonce.length > 25 || msg.enforce_nonce !== true)
        return reply(400, {
          message: 'Invalid Form Body: nonce (max 25 characters) with enforce_nonce',
        });
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const failure = options.fail?.(key, attempt);
      if (failure) {
        platform.failures++;
        return reply(
          failure.status,
          { message: 'fake failure' },
          failure.retryAfterSeconds !== undefined
            ? { 'retry-after': String(failure.retryAfterSeconds) }
            : {},
        );
      }
      const existing = platform.messages.get(nonce);
      if (existing) {
        existing.posts++;
        platform.dedupedResends++;
        return reply(200, { id: existing.ref, nonce });
      }
      const ref = `m${next++}`;
      platform.messages.set(nonce, { ref, key, worker: String(msg.worker ?? ''), posts: 1 });
      return reply(200, { id: ref, nonce });
    } catch (error) {
      reply(500, { message: String(error) });
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  platform.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  platform.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return platform;
}

/** A notifier posting to a fake platform, as an adapter would post to Discord. */
export function httpNotifier(url: string, worker: string): Notifier {
  return {
    async send(delivery: Delivery) {
      const res = await fetch(`${url}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          nonce: idempotencyNonce(delivery.dedupeKey),
          enforce_nonce: true,
          key: delivery.dedupeKey,
          worker,
          content: delivery.payload,
        }),
      });
      const json = (await res.json()) as { id?: string; message?: string };
      if (res.ok) return { ref: String(json.id) };
      const retryAfter = res.headers.get('retry-after');
      throw Object.assign(new Error(`platform answered ${res.status}: ${json.message}`), {
        status: res.status,
        retryAfterMs: retryAfter ? Number(retryAfter) * 1000 : undefined,
        permanent: res.status >= 400 && res.status < 500 && res.status !== 429,
      });
    },
  };
}
