import type { Database, Kysely } from '@ascn/store';
import { type Clock, systemClock } from './clock.js';
import {
  claimDue,
  type Delivery,
  type DeliveryError,
  markDeferred,
  markFailed,
  markSent,
  type RetryPolicy,
  releaseLeases,
} from './outbox.js';

/**
 * Sends one delivery on a platform. It must pass `delivery.dedupeKey` to the platform as the
 * idempotency key (Discord: `nonce` = `idempotencyNonce(key)` with `enforce_nonce`; Slack:
 * message metadata, checked before a re-send), so that a re-send after a crash between the
 * send and `markSent` is recognised instead of posted twice. Throw to fail the attempt (see
 * `DeliveryError` for `retryAfterMs` and `permanent`).
 */
export interface Notifier {
  send(delivery: Delivery): Promise<{ ref: string }>;
}

export interface DeliveryLoopOptions {
  db: Kysely<Database>;
  notifier: Notifier;
  /** Names this process in leases (`leased_by`); unique per running worker. */
  workerId: string;
  clock?: Clock;
  /** Rows claimed per round trip. Default 50. */
  batchSize?: number;
  /** Sends in flight at once. Default 8. */
  concurrency?: number;
  /** Lease per claim. Default 60 s (keep it above the time a batch takes). */
  leaseMs?: number;
  /** Wait between polls when nothing is due. Default 1 s. */
  pollMs?: number;
  retry?: RetryPolicy;
  graceMinutes?: number;
  /** Called before each claim (e.g. to plan digests); errors go to `onError`. */
  beforeClaim?: (now: Date) => Promise<void>;
  /** Errors of the loop itself (database down…); the loop keeps going. Default: console.error. */
  onError?: (error: unknown) => void;
  onSent?: (delivery: Delivery, ref: string) => void;
  onFailed?: (delivery: Delivery, error: unknown) => void;
}

export interface DeliveryLoopStats {
  claimed: number;
  sent: number;
  failed: number;
  /** Put back to wait: no platform of the recipient runs here (not an attempt). */
  deferred: number;
  released: number;
  polls: number;
}

export interface DeliveryLoop {
  /** Graceful stop: in-flight sends finish and are recorded; claimed, unsent rows are released. */
  stop(): Promise<void>;
  readonly stats: DeliveryLoopStats;
}

/** Runs a delivery worker until stopped: claim due rows, send them, record the outcome. */
export function runDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { db, notifier, workerId } = options;
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const pollMs = options.pollMs ?? 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('[deliveries]', error));
  const stats: DeliveryLoopStats = {
    claimed: 0,
    sent: 0,
    failed: 0,
    deferred: 0,
    released: 0,
    polls: 0,
  };
  let stopping = false;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function deliver(delivery: Delivery) {
    let ref: string;
    try {
      ({ ref } = await notifier.send(delivery));
    } catch (error) {
      const deferMs = (error as DeliveryError | null)?.deferMs;
      if (typeof deferMs === 'number' && deferMs > 0) {
        stats.deferred++;
        await markDeferred(
          db,
          delivery.id,
          (error as Error).message ?? 'waiting',
          clock.now(),
          deferMs,
        );
        return;
      }
      stats.failed++;
      options.onFailed?.(delivery, error);
      await markFailed(db, delivery.id, error, clock.now(), options.retry);
      return;
    }
    stats.sent++;
    // If this write is lost (crash, database away) the lease expires and the row is sent
    // again with the same idempotency key, which the platform recognises.
    await markSent(db, delivery.id, ref, clock.now());
    options.onSent?.(delivery, ref);
  }

  async function runBatch(batch: Delivery[]) {
    const unsent: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < batch.length) {
        const delivery = batch[next++]!;
        if (stopping) {
          unsent.push(delivery.id);
          continue;
        }
        try {
          await deliver(delivery);
        } catch (error) {
          onError(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    if (unsent.length) stats.released += await releaseLeases(db, unsent, workerId);
  }

  const running = (async () => {
    while (!stopping) {
      stats.polls++;
      let batch: Delivery[] = [];
      try {
        if (options.beforeClaim) await options.beforeClaim(clock.now());
        batch = await claimDue(db, {
          workerId,
          now: clock.now(),
          limit: batchSize,
          leaseMs: options.leaseMs,
          graceMinutes: options.graceMinutes,
        });
      } catch (error) {
        onError(error);
      }
      stats.claimed += batch.length;
      if (batch.length) {
        try {
          await runBatch(batch);
        } catch (error) {
          onError(error);
        }
      }
      // A full batch means more may be due: go again at once.
      if (!stopping && batch.length < batchSize) await pause(pollMs);
    }
  })();

  return {
    stats,
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
  };
}
