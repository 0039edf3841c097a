import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Who holds the gateway. Discord sends every interaction to every session of a shard, so
 * replicas keep one connection between them: the holder of a PostgreSQL session advisory
 * lock. The others wait and retry; when the holder dies its connection closes, PostgreSQL
 * releases the lock, and the next try (every `retryMs`) takes over. The holder checks its
 * own connection every `checkMs` and lets the gateway go when it cannot reach the database,
 * so two holders never overlap for longer than that.
 */
export interface GatewayLease {
  /**
   * Runs `lead` whenever this process gets the lease, `lose` whenever it gives it up, and
   * `wait` when it finds the lease held by another replica (once each time it starts waiting).
   */
  start(hooks: LeaseHooks): void;
  /** Gives the lease up (after `lose` has run) and stops trying. */
  stop(): Promise<void>;
  holding(): boolean;
}

export interface LeaseHooks {
  lead(): Promise<void>;
  lose(): Promise<void>;
  wait?(): void;
}

export interface PostgresLeaseOptions {
  databaseUrl: string;
  /** What the lock is for: one lock per Discord application on a database. */
  name: string;
  /** How often a waiting replica tries to take the lock. Default 5 s. */
  retryMs?: number;
  /** How often the holder checks its connection. Default 5 s. */
  checkMs?: number;
  onError?: (error: unknown) => void;
}

/** A 64-bit advisory lock key from a name (signed, as PostgreSQL's bigint). */
export function lockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** The lease over a PostgreSQL server, shared by every replica on that database. */
export function postgresLease(options: PostgresLeaseOptions): GatewayLease {
  const retryMs = options.retryMs ?? 5000;
  const checkMs = options.checkMs ?? 5000;
  const key = lockKey(options.name);
  const abort = new AbortController();
  let held = false;
  let running: Promise<void> | undefined;

  async function cycle(hooks: LeaseHooks) {
    const client = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: 'ascn-discord-gateway',
      keepAlive: true,
      // A query that gets no answer (the server or the network gone) fails instead of hanging.
      query_timeout: Math.max(checkMs, 2000),
      connectionTimeoutMillis: Math.max(checkMs, 2000),
    });
    // A dropped connection surfaces as the next query's failure.
    client.on('error', () => {});
    try {
      await client.connect();
      let waiting = false;
      while (!abort.signal.aborted) {
        const { rows } = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1::bigint) as ok',
          [key],
        );
        if (rows[0]?.ok) break;
        if (!waiting) hooks.wait?.();
        waiting = true;
        await sleep(retryMs, abort.signal);
      }
      if (abort.signal.aborted) return;
      held = true;
      await hooks.lead();
      while (!abort.signal.aborted) {
        await sleep(checkMs, abort.signal);
        if (!abort.signal.aborted) await client.query('select 1');
      }
    } catch (error) {
      if (!abort.signal.aborted) options.onError?.(error);
    } finally {
      if (held) {
        held = false;
        // The gateway goes first, then the lock: never two holders at once.
        await hooks.lose().catch((error: unknown) => options.onError?.(error));
      }
      await client.end().catch(() => {});
    }
  }

  return {
    start(hooks) {
      running ??= (async () => {
        while (!abort.signal.aborted) {
          await cycle(hooks);
          await sleep(retryMs, abort.signal);
        }
      })();
    },
    async stop() {
      abort.abort();
      await running;
    },
    holding: () => held,
  };
}

/** One process on an embedded database: it always holds the gateway (retrying a failed start). */
export function localLease(
  options: { retryMs?: number; onError?: (error: unknown) => void } = {},
): GatewayLease {
  const retryMs = options.retryMs ?? 5000;
  const abort = new AbortController();
  let held = false;
  let hooks: LeaseHooks | undefined;
  let running: Promise<void> | undefined;
  return {
    start(h) {
      hooks = h;
      running ??= (async () => {
        while (!abort.signal.aborted) {
          held = true;
          try {
            await h.lead();
            return;
          } catch (error) {
            held = false;
            options.onError?.(error);
            await h.lose().catch(() => {});
            await sleep(retryMs, abort.signal);
          }
        }
      })();
    },
    async stop() {
      abort.abort();
      await running;
      if (held && hooks) {
        held = false;
        await hooks.lose();
      }
    },
    holding: () => held,
  };
}
