import { createHash } from 'node:crypto';

/**
 * A platform-sized idempotency key for a delivery's dedupe key: Discord's message `nonce`
 * holds at most 25 characters, so adapters send this digest (same key → same nonce) with
 * `enforce_nonce: true`; a re-send after a crash is then answered with the first message.
 */
export function idempotencyNonce(dedupeKey: string, length = 25): string {
  return createHash('sha256').update(dedupeKey).digest('base64url').slice(0, length);
}
