#!/usr/bin/env node
/**
 * Reminder scheduler benchmark: 10,000 reminders due in the same minute, planned and then
 * delivered to a counting notifier, on embedded PGlite and on PostgreSQL, with peers for
 * comparison (claim batches of 1 instead of 50; two workers with SKIP LOCKED against a naive
 * "SELECT then UPDATE" loop). Prints a Markdown table.
 *
 *   npm run build && node scripts/bench-reminders.js [--n 10000] [--peer-n 2000]
 *
 * PostgreSQL: DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test
 * (a scratch database is created and dropped). Skipped with a note when unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    'peer-n': { type: 'string', default: '2000' },
  },
});
const N = Number(args.n);
const PEER_N = Number(args['peer-n']);

let store, testing, reminders;
try {
  store = await import('@ascn/store');
  testing = await import('@ascn/store/testing');
  reminders = await import('../packages/core/dist/reminders/index.js');
} catch (error) {
  console.error(`Build the packages first (npm run build): ${error.message}`);
  process.exit(1);
}
const { openStore, sql } = store;
const { planReminders, runDeliveryLoop, fakeClock, claimDue } = reminders;

const EVENT = {
  id: 'annual-meeting-2026',
  kind: 'annual-meeting',
  title: 'ASCN Annual Meeting',
  start: '2026-07-07',
  timeZone: 'Asia/Singapore',
  example: true,
};
// The 1-day reminders are all due on 6 July at 09:00 Singapore = 01:00Z.
const PLAN_AT = new Date('2026-06-01T00:00:00Z');
const DUE_AT = new Date('2026-07-06T01:00:00Z');
const SEND_AT = new Date('2026-07-06T01:00:30Z');

const recipients = (n) =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'officer',
    id: `officer-${i}`,
    timeZone: 'Asia/Singapore',
  }));

function countingNotifier(seen) {
  let next = 0;
  return {
    async send(delivery) {
      seen.set(delivery.dedupeKey, (seen.get(delivery.dedupeKey) ?? 0) + 1);
      return { ref: `m${++next}` };
    },
  };
}

async function reset(s) {
  await sql`truncate deliveries restart identity`.execute(s.db);
}

async function plan(s, n) {
  await reset(s);
  let t = performance.now();
  const summary = await planReminders(s.db, {
    events: [EVENT],
    recipients: recipients(n),
    policy: { leadTimes: [1] },
    now: PLAN_AT,
  });
  const planMs = performance.now() - t;
  if (summary.inserted !== n) throw new Error(`planned ${summary.inserted}, expected ${n}`);
  t = performance.now();
  const again = await planReminders(s.db, {
    events: [EVENT],
    recipients: recipients(n),
    policy: { leadTimes: [1] },
    now: PLAN_AT,
  });
  const replanMs = performance.now() - t;
  if (again.unchanged !== n) throw new Error('re-plan was not idempotent');
  const due = await s.db
    .selectFrom('deliveries')
    .select((eb) => [eb.fn.min('dueAt').as('min'), eb.fn.max('dueAt').as('max')])
    .executeTakeFirst();
  if (due.min.getTime() !== DUE_AT.getTime() || due.max.getTime() !== DUE_AT.getTime())
    throw new Error('not all due at once');
  return { planMs, replanMs };
}

async function sentCount(s) {
  const r = await s.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return Number(r.n);
}

/** Runs `workers` delivery loops (one store each) until n rows are sent. */
async function deliverWithLoop(stores, n, { batchSize, concurrency }) {
  const seen = new Map();
  const clock = fakeClock(SEND_AT);
  const t = performance.now();
  const loops = stores.map((s, i) =>
    runDeliveryLoop({
      db: s.db,
      notifier: countingNotifier(seen),
      workerId: `bench-${i}`,
      clock,
      batchSize,
      concurrency,
      pollMs: 5,
      onError: (e) => console.error(e),
    }),
  );
  while ((await sentCount(stores[0])) < n) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t;
  await Promise.all(loops.map((l) => l.stop()));
  return { ms, seen };
}

/** The peer: SELECT due rows (no lock), UPDATE each to sending, send, UPDATE to sent. */
async function deliverNaive(stores, n) {
  const seen = new Map();
  const notifier = countingNotifier(seen);
  const t = performance.now();
  let done = false;
  const worker = async (s, w) => {
    while (!done) {
      const rows = await s.db
        .selectFrom('deliveries')
        .selectAll()
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '<=', SEND_AT)
        .orderBy('id')
        .limit(50)
        .execute();
      if (!rows.length) break;
      for (const row of rows) {
        await s.db
          .updateTable('deliveries')
          .set({ status: 'sending', leasedBy: `naive-${w}`, attempts: sql`attempts + 1` })
          .where('id', '=', row.id)
          .execute();
        const { ref } = await notifier.send(row);
        await s.db
          .updateTable('deliveries')
          .set({ status: 'sent', deliveryRef: ref, sentAt: SEND_AT })
          .where('id', '=', row.id)
          .execute();
      }
    }
  };
  await Promise.all(stores.map(worker));
  done = true;
  const ms = performance.now() - t;
  if ((await sentCount(stores[0])) !== n) throw new Error('naive loop lost rows');
  return { ms, seen };
}

const results = [];
function record(backend, strategy, n, planned, delivered) {
  const duplicates = [...delivered.seen.values()].reduce((a, c) => a + (c - 1), 0);
  const missing = n - delivered.seen.size;
  results.push({
    backend,
    strategy,
    n,
    planMs: planned?.planMs,
    replanMs: planned?.replanMs,
    deliverS: delivered.ms / 1000,
    perSecond: n / (delivered.ms / 1000),
    perReminderMs: delivered.ms / n,
    duplicates,
    missing,
  });
  const last = results[results.length - 1];
  console.error(
    `  ${backend} / ${strategy}: ${n} in ${last.deliverS.toFixed(2)} s (${Math.round(last.perSecond)}/s)${planned ? `, planned in ${Math.round(planned.planMs)} ms` : ''}${duplicates ? `, ${duplicates} DUPLICATES` : ''}`,
  );
}

async function benchBackend(name, open, extra) {
  const s = await open();
  try {
    console.error(`${name}:`);
    let planned = await plan(s, N);
    record(
      name,
      'outbox loop, claim batch 50, 8 sends in flight',
      N,
      planned,
      await deliverWithLoop([s], N, { batchSize: 50, concurrency: 8 }),
    );
    planned = await plan(s, PEER_N);
    record(
      name,
      'peer: outbox loop, claim batch 1',
      PEER_N,
      planned,
      await deliverWithLoop([s], PEER_N, { batchSize: 1, concurrency: 1 }),
    );
    if (extra) await extra(s);
  } finally {
    await s.close();
  }
}

const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'ascn-bench-'));
try {
  await benchBackend('PGlite (data dir)', () => openStore({ dataDir: dir }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const url =
  process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || testing.DEFAULT_TEST_DATABASE_URL;
let pgNote = '';
let scratch;
try {
  scratch = await createScratch(url);
} catch (error) {
  pgNote = `PostgreSQL skipped: ${error.message}`;
}
async function createScratch(u) {
  return testing.createScratchDatabase(u, 'ascn_bench');
}
if (scratch) {
  const others = [];
  try {
    await benchBackend(
      'PostgreSQL',
      () => openStore({ databaseUrl: scratch.url }),
      async (s) => {
        const second = await openStore({ databaseUrl: scratch.url });
        others.push(second);
        let planned = await plan(s, N);
        record(
          'PostgreSQL',
          '2 workers, claim batch 50, SKIP LOCKED',
          N,
          planned,
          await deliverWithLoop([s, second], N, { batchSize: 50, concurrency: 8 }),
        );
        planned = await plan(s, N);
        record(
          'PostgreSQL',
          'peer: 2 workers, naive SELECT then UPDATE (no lock)',
          N,
          planned,
          await deliverNaive([s, second], N),
        );
        // A sanity check that the claim path is the one measured.
        await reset(s);
        if ((await claimDue(s.db, { workerId: 'x', now: SEND_AT })).length !== 0)
          throw new Error('table not empty');
      },
    );
  } finally {
    await Promise.all(others.map((o) => o.close()));
    await scratch.drop();
  }
}

const fmt = (v, digits = 0) =>
  v === undefined
    ? '–'
    : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `### Reminder scheduler: ${N.toLocaleString('en-US')} reminders due in the same minute (peers on ${PEER_N.toLocaleString('en-US')} where noted)`,
  '',
  `Node ${process.version}, ${process.platform}/${process.arch}; counting notifier (no network). Total run ${fmt((performance.now() - started) / 1000, 1)} s.`,
  '',
  '| backend | strategy | reminders | plan (ms) | re-plan, unchanged (ms) | deliver (s) | throughput (reminders/s) | overhead per reminder (ms) | duplicates | missing |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| ${r.backend} | ${r.strategy} | ${fmt(r.n)} | ${fmt(r.planMs)} | ${fmt(r.replanMs)} | ${fmt(r.deliverS, 2)} | ${fmt(r.perSecond)} | ${fmt(r.perReminderMs, 3)} | ${r.duplicates} | ${r.missing} |`,
  ),
];
if (pgNote) lines.push('', pgNote);
console.log(lines.join('\n'));
