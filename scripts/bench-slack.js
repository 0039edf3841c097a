// `npm run bench:slack`: correctly signed `/ascn ask …` slash commands to the assistant's
// POST /slack/events, sent by autocannon from a second process, side by side in the same run
// with the ceiling: a bare Bolt app that acks a constant. Web API calls go to the fake Slack.
// Targets: at least 80 % of the bare app's requests per second, p99 under 50 ms. Each round runs
// the bare app, then the assistant, back to back; a row's share is the median of its rounds'.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@ascn/domain';
import { encodeInteraction, startFakeSlack } from '@ascn/slack/testing';
import { createScratchDatabase, probeTestServer } from '@ascn/store/testing';
import { App, LogLevel } from '@slack/bolt';
import { startAssistant } from '../apps/assistant/dist/app.js';
import { distinctChatQuestions } from './lib/eval-set.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLIENT = fileURLToPath(new URL('./lib/bench-slack-client.js', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const QUESTIONS = [
  'what are the six focus areas?',
  'who chairs the ascn?',
  'what is the smart city governance workshop?',
  'how many cities are in the network?',
  'what is a chief smart city officer?',
  'what are the three strategic outcomes of the framework?',
];
const USERS = ['U0ALICE01', 'U0BUDI002', 'U0CHAN003'];
function load(url, slack, requests) {
  return new Promise((resolve, reject) => {
    const config = JSON.stringify({
      url,
      signingSecret: slack.signingSecret,
      requests,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    const file = join(temp, 'load.json');
    writeFileSync(file, config);
    const child = spawn(process.execPath, [CLIENT, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)))
        : reject(new Error(`load exited ${code}`)),
    );
  });
}

async function checkAnswer(slack, url, expect) {
  const to = slack.sender(url);
  const r = await to.command({
    user: 'U0BUDI002',
    channel: 'C0GENERAL',
    text: `ask ${QUESTIONS[0]}`,
  });
  if (r.status !== 200 || !JSON.stringify(r.body).includes(expect))
    throw new Error(`${url} did not answer as expected: ${r.status} ${r.text.slice(0, 200)}`);
}

const slack = await startFakeSlack();
const requests = QUESTIONS.flatMap((q) =>
  USERS.map((user) =>
    encodeInteraction(slack.build.command({ user, channel: 'C0GENERAL', text: `ask ${q}` })),
  ),
);
// Every question different (see distinctChatQuestions).
const distinct = (await distinctChatQuestions()).map((q, i) =>
  encodeInteraction(
    slack.build.command({ user: USERS[i % USERS.length], channel: 'C0GENERAL', text: `ask ${q}` }),
  ),
);

// The ceiling: Bolt's own HTTP server, acking a constant.
const bare = new App({
  token: slack.botToken,
  signingSecret: slack.signingSecret,
  clientOptions: { slackApiUrl: slack.apiUrl },
  logLevel: LogLevel.ERROR,
});
bare.command('/ascn', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
const bareServer = await bare.start({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${bareServer.address().port}/slack/events`;
await checkAnswer(slack, bareUrl, '"ok"');

const temp = mkdtempSync(join(tmpdir(), 'ascn-bench-slack-'));
const backends = [{ name: 'PGlite (embedded)', env: { ASCN_DATA_DIR: join(temp, 'data') } }];
const server = await probeTestServer().catch(() => ({ available: false }));
let scratch;
if (server.available) {
  scratch = await createScratchDatabase(server.url, 'ascn_bench_slack');
  backends.push({ name: 'PostgreSQL', env: { DATABASE_URL: scratch.url } });
}

const rows = [];
/** One load run; `ceiling` is the bare app's run just before it, in the same round. */
const run = async (name, url, load_ = requests, ceiling) => {
  // The server under test runs in this process (the other one idles meanwhile), so this
  // process's CPU time per answered request is its cost: steadier than req/s on a busy machine.
  const cpu = process.cpuUsage();
  const r = await load(url, slack, load_);
  const used = process.cpuUsage(cpu);
  const row = {
    name,
    cpuUs: (used.user + used.system) / Math.max(1, r.requests.total),
    rps: r.requests.average,
    ofCeiling: ceiling ? r.requests.average / ceiling.rps : 1,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    bad: r.non2xx + r.errors + r.timeouts,
  };
  rows.push(row);
  return row;
};

try {
  for (const backend of backends) {
    const assistant = await startAssistant(
      parseConfig({
        ...backend.env,
        ASCN_DOCS_DIR: join(ROOT, 'docs'),
        ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
        PORT: '0',
        LOG_LEVEL: 'error',
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_API_URL: slack.apiUrl,
      }),
    );
    const url = `${assistant.url}/slack/events`;
    await checkAnswer(slack, url, 'Source:');
    for (let round = 0; round < ROUNDS; round++) {
      const ceiling = await run('bare Bolt app, acks a constant (ceiling)', bareUrl);
      await run(`ASCN assistant, /ascn ask (${backend.name})`, url, requests, ceiling);
      await run(
        `ASCN assistant, /ascn ask, every question different (${backend.name})`,
        url,
        distinct,
        ceiling,
      );
    }
    await assistant.close();
  }
} finally {
  await bare.stop();
  await slack.close();
  await scratch?.drop();
  rmSync(temp, { recursive: true, force: true });
}

// Each app's runs, summed up by their medians; "of ceiling" is the median of the ratios to the
// bare app's run of the same round (the pairs ran under the same conditions, back to back).
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const byApp = new Map();
for (const row of rows) byApp.set(row.name, [...(byApp.get(row.name) ?? []), row]);
const summary = [...byApp].map(([name, runs]) => ({
  name,
  rps: median(runs.map((r) => r.rps)),
  ofCeiling: median(runs.map((r) => r.ofCeiling)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  cpuUs: median(runs.map((r) => r.cpuUs)),
  ok: runs.reduce((n, r) => n + r.ok, 0),
  bad: runs.reduce((n, r) => n + r.bad, 0),
}));
console.log(
  `\n## Slack: signed /ascn ask at POST /slack/events (${CONNECTIONS} connections, ${DURATION} s, median of ${ROUNDS} rounds per database)\n`,
);
console.log(
  '| app | req/s | of ceiling | p50 ms | p99 ms | server CPU µs per request | 2xx | errors |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of summary)
  console.log(
    `| ${row.name} | ${row.rps.toFixed(0)} | ${(100 * row.ofCeiling).toFixed(0)} % | ${row.p50} | ${row.p99} | ${row.cpuUs.toFixed(0)} | ${row.ok} | ${row.bad} |`,
  );
console.log(
  `\nNode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString().slice(0, 10)}; autocannon in a second process; every run of every round: ${rows.map((r) => `${r.rps.toFixed(0)}`).join(', ')} req/s; of the same round's ceiling: ${rows
    .filter((r) => r.ofCeiling !== 1)
    .map((r) => `${(100 * r.ofCeiling).toFixed(0)} %`)
    .join(', ')}.`,
);
