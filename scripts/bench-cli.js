// How long `ascn ask` takes from process start to printed answer, with the prebuilt index,
// side by side with two peers in the same run: bare Node start-up, and `ascn --help`
// (the CLI without the knowledge base).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = `${ROOT}apps/cli/bin/ascn.js`;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function time(args) {
  const ms = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) ms.push(Number(process.hrtime.bigint() - start) / 1e6); // two warm-up runs
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { median: at(0.5), p90: at(0.9), max: ms.at(-1) };
}

const rows = [
  ['node -e 0 (peer: bare Node start-up)', ['-e', '0']],
  ['ascn --help (peer: CLI without the index)', [BIN, '--help']],
  ['ascn ask "what is the scgw?"', [BIN, 'ask', 'what is the scgw?']],
  ['ascn ask --json (one question)', [BIN, 'ask', '--json', 'who chairs the ascn']],
];
console.log(`\n## ascn ask start-up (${RUNS} runs each, wall clock)\n`);
console.log('| command | median ms | p90 ms | max ms |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, args] of rows) {
  const t = time(args);
  console.log(`| ${name} | ${t.median.toFixed(0)} | ${t.p90.toFixed(0)} | ${t.max.toFixed(0)} |`);
}
