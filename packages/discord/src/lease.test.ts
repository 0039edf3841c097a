/**
 * One gateway holder among replicas on one PostgreSQL (a session advisory lock), in one
 * process with two leases on a scratch database: one holds; when its connection dies or it
 * stops, the other takes over. (The same with real processes killed with SIGKILL is in
 * apps/assistant's discord-replicas.test.ts.)
 */
import { createScratchDatabase, probeTestServer, type ScratchDatabase } from '@ascn/store/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GatewayLease, localLease, lockKey, postgresLease } from './lease.js';

const server = await probeTestServer();
const reason = server.available ? '' : ` (skipped: ${server.reason})`;

const until = async (check: () => boolean, what: string, timeoutMs = 10_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

function replica(name: string, lease: GatewayLease, log: string[]) {
  lease.start({
    async lead() {
      log.push(`${name} leads`);
    },
    async lose() {
      log.push(`${name} lets go`);
    },
  });
  return lease;
}

describe.skipIf(!server.available)(`the gateway lease on PostgreSQL${reason}`, () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(server.url, 'ascn_discord_lease');
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  const lease = (name = 'ascn-discord-gateway:test') =>
    postgresLease({ databaseUrl: scratch.url, name, retryMs: 100, checkMs: 100 });

  test('one of two replicas holds it; the other takes over when its connection dies, and when it stops', async () => {
    const log: string[] = [];
    const a = replica('a', lease(), log);
    await until(() => a.holding(), 'a to hold the lease');
    const b = replica('b', lease(), log);
    // b keeps trying and does not get it while a holds it.
    await new Promise((r) => setTimeout(r, 500));
    expect(b.holding()).toBe(false);
    expect(log).toEqual(['a leads']);

    // a's database connection dies (its process is gone, or the network): PostgreSQL
    // releases the lock, a notices on its next check and lets the gateway go, b takes over.
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    await admin.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [lockKey('ascn-discord-gateway:test')],
    );
    await admin.end();
    // Either may come first: b's next try, or a's next check of its connection.
    await until(() => b.holding(), 'b to take over');
    await until(() => log.includes('a lets go'), 'a to let the gateway go');
    // a comes back as a waiting replica; b still holds it.
    await new Promise((r) => setTimeout(r, 500));
    expect([a.holding(), b.holding()]).toEqual([false, true]);
    expect([...log].sort()).toEqual(['a leads', 'a lets go', 'b leads']);

    await b.stop();
    await until(() => a.holding(), 'a to take over after b stopped');
    expect(log.slice(3)).toEqual(['b lets go', 'a leads']);
    await a.stop();
    expect(log.at(-1)).toBe('a lets go');
  });

  test('different applications on one database do not block each other', async () => {
    const one = replica('one', lease('ascn-discord-gateway:1'), []);
    const two = replica('two', lease('ascn-discord-gateway:2'), []);
    await until(() => one.holding() && two.holding(), 'both to hold their own lease');
    await Promise.all([one.stop(), two.stop()]);
  });
});

test('on an embedded database the one process holds it, retrying a failed start', async () => {
  const log: string[] = [];
  let failures = 1;
  const lease = localLease({ retryMs: 50 });
  lease.start({
    async lead() {
      if (failures-- > 0) throw new Error('Discord unreachable');
      log.push('leads');
    },
    async lose() {
      log.push('lets go');
    },
  });
  await until(() => log.includes('leads'), 'the second try');
  expect(lease.holding()).toBe(true);
  await lease.stop();
  expect(log).toEqual(['lets go', 'leads', 'lets go']);
});
