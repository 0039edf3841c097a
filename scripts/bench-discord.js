#!/usr/bin/env node
/**
 * Discord benchmark: slash commands through the fake Discord's gateway (real discord.js on
 * both sides of the wire), side by side in one run: a bare discord.js bot that answers every
 * command with a constant, and the ASCN bot (the real assistant on embedded PGlite, the real
 * knowledge base, `@ascn/discord`'s rendering and deadline handling) answering `/ask` and
 * `/help`. The fake and its load driver run in a child process; the bots take turns in this
 * one, each alone on the gateway. Prints a Markdown table.
 *
 *   npm run bench:discord [-- --n 2000 --in-flight 20 --rounds 5 --paced 100]
 *
 * Rate: interactions answered per second with `in-flight` commands outstanding at any time
 * (saturated); then latency at a steady `paced` interactions per second (what a person feels).
 * Rounds alternate the bots, so a busy machine slows them alike; the rate is the median round.
 * Latency: from the interaction's creation to the bot's first answer, as the fake records it.
 * CPU: the bot's process time per interaction in the saturated runs (median round), and the
 * fake's: on a machine shared with other work the rate moves with the load, the CPU per
 * interaction much less, so it shows what the bot itself costs beside the peer.
 */
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    'in-flight': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '300' },
    only: { type: 'string' },
    paced: { type: 'string', default: '100' },
  },
});
const N = Number(args.n);
const IN_FLIGHT = Number(args['in-flight']);
const ROUNDS = Number(args.rounds);
const PACED = Number(args.paced);
const WARMUP = Number(args.warmup);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

let discordjs, discord, core, store, knowledgePkg;
try {
  discordjs = await import('discord.js');
  discord = await import('@ascn/discord');
  core = await import('@ascn/core');
  store = await import('@ascn/store');
  knowledgePkg = await import('@ascn/knowledge');
} catch (error) {
  console.error(`Build the packages first (npm run build): ${error.message}`);
  process.exit(1);
}
const { Client, Events, MessageFlags } = discordjs;

// ---- the fake, in its own process ---------------------------------------------------------
const child = fork(fileURLToPath(new URL('./lib/bench-discord-fake.js', import.meta.url)), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const next = () => new Promise((resolve) => child.once('message', resolve));
const { ready: world } = await next();
const drive = async (run) => {
  child.send({ run });
  return (await next()).result;
};

// ---- the bots ------------------------------------------------------------------------------
async function login(attach) {
  const client = new Client(discord.clientOptions({ apiUrl: world.apiUrl }));
  const detach = attach(client);
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(world.token);
  await ready;
  return async () => {
    detach?.();
    await client.destroy();
  };
}

const bare = (client) => {
  client.on(Events.InteractionCreate, (i) => {
    if (i.isChatInputCommand())
      i.reply({ content: 'A constant answer.', flags: MessageFlags.Ephemeral }).catch(() => {});
  });
};

const knowledge = await knowledgePkg.openKnowledgeBase({
  docsDir: `${ROOT}docs`,
  cacheFile: `${ROOT}docs/dist/knowledge-index.json`,
});
const assistantOn = (db) =>
  core.createAssistant({ store: db, knowledge, publicUrl: 'https://ascn.example.org' });

const pglite = await store.openStore({ inMemory: true });
const onPglite = assistantOn(pglite);
const ascn = (assistant) => (client) => discord.attachBot(client, { assistant }).detach;

// The adapter alone: the core replaced by the reply it would give to /help, made once.
const helpReply = await onPglite.run(
  {
    platform: 'discord',
    workspaceId: world.guildId,
    userId: world.userId,
    where: { kind: 'channel', channelId: world.channelId },
    eventId: 'bench',
  },
  ['help'],
  {},
);
const constantCore = { ...onPglite, run: async () => helpReply };

// PostgreSQL when a server answers (TEST_DATABASE_URL or the default test server).
let scratch;
let onPostgres;
let postgresStore;
const server = await (await import('@ascn/store/testing'))
  .probeTestServer()
  .catch(() => ({ available: false }));
if (server.available) {
  scratch = await (await import('@ascn/store/testing')).createScratchDatabase(
    server.url,
    'ascn_bench_discord',
  );
  postgresStore = await store.openStore({ databaseUrl: scratch.url });
  onPostgres = assistantOn(postgresStore);
}

// The registry's commands, as `ascn discord register` puts them.
await discord.registerCommands(
  discord.createRestClient(world.token, { apiUrl: world.apiUrl }),
  world.applicationId,
  onPglite.commandTree(),
  world.guildId,
);

const BOTS_ALL = [
  {
    bot: 'bare discord.js, a constant answer',
    attach: bare,
    command: { name: 'help' },
    peer: true,
  },
  {
    bot: '@ascn/discord, the core replaced by a constant reply',
    attach: ascn(constantCore),
    command: { name: 'help' },
  },
  { bot: 'ASCN bot, embedded PGlite', attach: ascn(onPglite), command: { name: 'help' } },
  { bot: 'ASCN bot, embedded PGlite', attach: ascn(onPglite), command: { name: 'ask' } },
  ...(onPostgres
    ? [
        { bot: 'ASCN bot, PostgreSQL server', attach: ascn(onPostgres), command: { name: 'ask' } },
        {
          bot: 'ASCN bot, PostgreSQL server',
          attach: ascn(onPostgres),
          command: { name: 'ask', distinct: true },
        },
      ]
    : []),
];
// `--only 3`: the peer and that row (for profiling).
const BOTS = args.only ? BOTS_ALL.filter((b, i) => String(i) === args.only || b.peer) : BOTS_ALL;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const results = BOTS.map((b) => ({
  ...b,
  rates: [],
  cpu: [],
  fakeCpu: [],
  latencies: [],
  paced: [],
  late: 0,
  unanswered: 0,
}));
const started = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  for (const r of results) {
    const stop = await login(r.attach);
    try {
      if (WARMUP > 0) await drive({ n: WARMUP, inFlight: IN_FLIGHT, command: r.command });
      // Saturated: as fast as the bot answers, IN_FLIGHT at a time.
      const cpuAt = process.cpuUsage();
      const run = await drive({ n: N, inFlight: IN_FLIGHT, command: r.command });
      const cpu = process.cpuUsage(cpuAt);
      r.rates.push(run.n / run.seconds);
      r.cpu.push((cpu.user + cpu.system) / run.n);
      r.fakeCpu.push(run.cpuMicros / run.n);
      r.latencies.push(...run.latencies);
      // Paced: a steady PACED per second, the latency a person feels at that load.
      const paced = await drive({ n: Math.round(N / 4), perSecond: PACED, command: r.command });
      r.paced.push(...paced.latencies);
      r.late += run.late + paced.late;
      r.unanswered += run.unanswered + paced.unanswered;
    } finally {
      await stop();
    }
  }
}
child.send({ close: true });
await pglite.close();
// Closed before the drop: the store writes its pending question log first.
await postgresStore?.close();
await scratch?.drop().catch(() => {});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const peerRate = median(results.find((r) => r.peer).rates);
const fmt = (v, digits = 0) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `### Discord: slash commands through the fake gateway (${ROUNDS} rounds of ${fmt(N)} with ${IN_FLIGHT} in flight, then ${fmt(Math.round(N / 4))} at ${PACED}/s)`,
  '',
  '| bot | command | interactions/s, ' +
    IN_FLIGHT +
    ' in flight (median round) | of the bare bot | bot CPU µs per interaction | fake CPU µs | p50 ms | p99 ms | at ' +
    PACED +
    '/s: p50 ms | p99 ms | late (> 3 s) |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const paced = [...r.paced].sort((a, b) => a - b);
    const rate = median(r.rates);
    return `| ${r.bot} | \`/${r.command.name}\`${r.command.distinct ? ', every question different' : ''} | ${fmt(rate)} | ${r.peer ? '(peer)' : `${fmt((100 * rate) / peerRate)} %`} | ${fmt(median(r.cpu))} | ${fmt(median(r.fakeCpu))} | ${fmt(quantile(sorted, 0.5))} | ${fmt(quantile(sorted, 0.99))} | ${fmt(quantile(paced, 0.5))} | ${fmt(quantile(paced, 0.99))} | ${r.late}${r.unanswered ? ` (${r.unanswered} unanswered)` : ''} |`;
  }),
  '',
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString().slice(0, 10)}; the fake Discord and its driver in a second process; ${fmt(results.reduce((n, r) => n + r.latencies.length + r.paced.length, 0))} interactions measured; whole run ${fmt((performance.now() - started) / 1000, 1)} s.${onPostgres ? '' : ' No PostgreSQL server answered: its row is left out.'}`,
];
console.log(lines.join('\n'));
process.exit(0);
