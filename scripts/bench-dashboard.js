#!/usr/bin/env node
/**
 * Dashboard benchmark on generated data (labelled as such): 100 cities × 10 status rounds ×
 * 20 projects in a scratch embedded database (PGlite, a temporary folder, removed after).
 * For the dashboard, a city page and the annual report, with peers in the same run (the
 * progress report of the same round at /reports/N.html, and the static chat page at /):
 *
 * - server time to first byte and to the last byte (node:http, after warm-up),
 * - first contentful paint in headless Chromium and bytes downloaded (cold cache, every
 *   request counted), on the loopback and on an emulated slow link (400 kbit/s, 400 ms RTT),
 * - the annual report's time to print to PDF (pages, bytes), beside printing the progress
 *   report of the same round.
 *
 *   npm run bench:dashboard   (node scripts/bench-dashboard.js [--runs 20] [--browser-runs 5])
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'browser-runs': { type: 'string', default: '5' },
  },
});
const RUNS = Number(args.runs);
const BROWSER_RUNS = Number(args['browser-runs']);
const SIZE = { cities: 100, rounds: 10, projectsPerCity: 20 };

let mods;
try {
  mods = {
    core: await import('@ascn/core'),
    knowledge: await import('@ascn/knowledge'),
    store: await import('@ascn/store'),
    reports: await import('@ascn/reports'),
    web: await import('../apps/assistant/dist/web.js'),
    docPage: await import('../apps/assistant/dist/doc-page.js'),
    generated: await import('../apps/assistant/dist/dashboard/generated.js'),
    playwright: await import('playwright-core'),
  };
} catch (error) {
  console.error(`Build the packages first (npm run build): ${error.message}`);
  process.exit(1);
}
const { core, knowledge: kb, store: st, reports, web, docPage, generated, playwright } = mods;

const executablePath = reports.chromiumPath();
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
/** The q-quantile of one field of the runs. */
const quantileOf = (runs, key, q) =>
  quantile(
    runs.map((r) => r[key]),
    q,
  );
const ms = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const kb1 = (bytes) => `${(bytes / 1024).toFixed(1)}`;

// ------------------------------------------------------------------ the scratch store
const dir = mkdtempSync(join(tmpdir(), 'ascn-bench-dashboard-'));
const now = new Date();
const store = await st.openStore({ dataDir: join(dir, 'data') });
let t0 = performance.now();
const network = await generated.seedGeneratedNetwork(store, {
  ...SIZE,
  now,
  lastOpen: false,
  seed: 7,
});
const seedMs = performance.now() - t0;
const answers = await store.db
  .selectFrom('statusAnswers')
  .select((eb) => eb.fn.countAll().as('n'))
  .executeTakeFirst();
const knowledge = await kb.openKnowledgeBase({ docsDir: join(ROOT, 'docs'), warn: () => {} });
const assistant = core.createAssistant({ store, knowledge, publicUrl: 'http://localhost' });
const server = web.createWebServer({
  store,
  assistant,
  log: () => {},
  health: () => ({}),
  docs: docPage.docsFolderPages({
    docsDir: join(ROOT, 'docs'),
    indexed: () => knowledge.sections().map((s) => s.path),
  }),
  dashboard: { knowledge, cities: network.cities },
});
// Benchmark only: the generated Secretariat officer is the viewer (sign-in sets request.viewer).
const secretariat = await store.db
  .selectFrom('officers')
  .selectAll()
  .where('id', '=', 'gen-secretariat')
  .executeTakeFirst();
server.addHook('onRequest', async (req) => {
  req.viewer = { officer: secretariat };
});
await server.listen({ port: 0, host: '127.0.0.1' });
const port = server.server.address().port;
const base = `http://127.0.0.1:${port}`;
const latest = Math.max(...network.roundIds);

const PAGES = [
  ['Dashboard, 100 cities (`/dashboard`)', '/dashboard'],
  ['City page, 20 projects × 10 rounds', `/dashboard/cities/${network.cities[40].id}`],
  ['Annual report HTML, 100 cities × 20 projects', `/dashboard/reports/${latest}/annual.html`],
  ['peer: progress report of the same round (`/reports/N.html`)', `/reports/${latest}.html`],
  ['peer: the static chat page (`/`)', '/'],
];

// ------------------------------------------------------------------ server timings
function fetchTimed(path) {
  return new Promise((ok, fail) => {
    const start = performance.now();
    let first = 0;
    let bytes = 0;
    const req = request(`${base}${path}`, (res) => {
      res.once('data', () => {
        first = performance.now() - start;
      });
      res.on('data', (c) => {
        bytes += c.length;
      });
      res.on('end', () =>
        ok({ status: res.statusCode, ttfb: first, total: performance.now() - start, bytes }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

const serverRows = [];
for (const [name, path] of PAGES) {
  for (let i = 0; i < 3; i++) await fetchTimed(path); // warm-up
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await fetchTimed(path));
  if (runs[0].status !== 200) throw new Error(`${path} answered ${runs[0].status}`);
  serverRows.push({
    name,
    bytes: runs[0].bytes,
    ttfb50: quantileOf(runs, 'ttfb', 0.5),
    ttfb90: quantileOf(runs, 'ttfb', 0.9),
    total50: quantileOf(runs, 'total', 0.5),
  });
}

// ------------------------------------------------------------------ in Chromium
const browser = await playwright.chromium.launch({ executablePath, args: reports.CHROMIUM_ARGS });
const SLOW = {
  offline: false,
  latency: 400,
  downloadThroughput: (400 * 1024) / 8,
  uploadThroughput: (400 * 1024) / 8,
};

async function load(path, slow) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (slow) await cdp.send('Network.emulateNetworkConditions', SLOW);
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  await page.goto(`${base}${path}`, { waitUntil: 'load', timeout: 120_000 });
  // The paint entry can come after the load event on a fast load: wait for it (buffered).
  const fcp = await page.evaluate(
    () =>
      new Promise((ok) => {
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) ok(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => ok(Number.NaN), 10_000);
      }),
  );
  const loaded = await page.evaluate(
    () => performance.getEntriesByType('navigation')[0].loadEventEnd,
  );
  const scripts = await page.evaluate(() => document.scripts.length);
  await context.close();
  return { fcp, loaded, bytes, requests, scripts };
}

const browserRows = [];
for (const [name, path] of PAGES) {
  await load(path, false); // warm the server
  const fast = [];
  for (let i = 0; i < BROWSER_RUNS; i++) fast.push(await load(path, false));
  const slow = [];
  for (let i = 0; i < 3; i++) slow.push(await load(path, true));
  browserRows.push({
    name,
    fcp: quantileOf(fast, 'fcp', 0.5),
    slowFcp: quantileOf(slow, 'fcp', 0.5),
    slowLoad: quantileOf(slow, 'loaded', 0.5),
    bytes: fast[0].bytes,
    requests: fast[0].requests,
    scripts: fast[0].scripts,
  });
}
await browser.close();

// ------------------------------------------------------------------ printing PDFs
const annual = await reports.loadAnnualReport(store, latest, { now, cities: network.cities });
const progress = await core.buildReport(store, latest, now);
const pages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
const pdfRows = [];
for (const [name, html] of [
  ['Annual report, 100 cities (printPdf)', reports.annualReportHtml(annual.input)],
  ['peer: progress report of the same round (printPdf)', reports.reportHtml(progress)],
]) {
  const times = [];
  let pdf;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    pdf = await reports.printPdf(html);
    times.push(performance.now() - t0);
  }
  pdfRows.push({
    name,
    html: html.length,
    median: quantile(times, 0.5),
    pages: pages(pdf),
    bytes: pdf.length,
  });
}
const viaServerRuns = [];
for (let i = 0; i < 3; i++)
  viaServerRuns.push(await fetchTimed(`/dashboard/reports/${latest}/annual.pdf`));
const viaServer = viaServerRuns[0];
const serverPdfMs = quantileOf(viaServerRuns, 'total', 0.5);

await server.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

// ------------------------------------------------------------------ report
const environment = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${now.toISOString().slice(0, 10)}`;
console.log(
  `\n## Dashboard (generated data: ${SIZE.cities} cities × ${SIZE.rounds} rounds × ${SIZE.projectsPerCity} projects, ${answers.n} answers; seeded in ${(seedMs / 1000).toFixed(1)} s)\n`,
);
console.log(
  `Server timings: ${RUNS} runs after 3 warm-ups, on the loopback; PGlite in a scratch folder.\n`,
);
console.log('| page | HTML KB | TTFB p50 ms | TTFB p90 ms | last byte p50 ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of serverRows)
  console.log(
    `| ${r.name} | ${kb1(r.bytes)} | ${ms(r.ttfb50)} | ${ms(r.ttfb90)} | ${ms(r.total50)} |`,
  );
console.log(
  `\nIn Chromium at 1280 px, cold cache: first contentful paint (median of ${BROWSER_RUNS}; slow link: median of 3 at 400 kbit/s, 400 ms RTT) and everything downloaded.\n`,
);
console.log(
  '| page | FCP ms | FCP ms, slow link | loaded ms, slow link | KB downloaded | requests | scripts |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of browserRows)
  console.log(
    `| ${r.name} | ${ms(r.fcp)} | ${ms(r.slowFcp)} | ${ms(r.slowLoad)} | ${kb1(r.bytes)} | ${r.requests} | ${r.scripts} |`,
  );
console.log(
  '\nPrinting to PDF with headless Chromium (median of 3; each print starts a browser).\n',
);
console.log('| document | HTML KB | print ms | pages | PDF KB |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of pdfRows)
  console.log(`| ${r.name} | ${kb1(r.html)} | ${ms(r.median)} | ${r.pages} | ${kb1(r.bytes)} |`);
console.log(
  `| Annual report through the server (\`annual.pdf\`, median of 3) | – | ${ms(serverPdfMs)} | – | ${kb1(viaServer.bytes)} |`,
);
console.log(`\n${environment}`);
