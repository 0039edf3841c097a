#!/usr/bin/env node
// Time from sharing a practice (addDocuments of one practice-like page) to search returning it,
// on today's knowledge base and on one inflated 10× (~2,000 sections), side by side with a full
// rebuild of the index in the same run; then the fold of the additions into the main index, with
// the longest time the event loop (so a question) was held up while it ran.
//   node scripts/bench-share.js [--json] [--shares 20] [--scale 10]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createKnowledgeBase, openKnowledgeBase } from '@ascn/knowledge';
import { asJson, describeEnvironment, log, option, percentile } from './lib/bench-options.js';
import { DOCS_DIR } from './lib/eval-set.js';
import { inflate } from './lib/inflate.js';

const SHARES = option('--shares', 20);
const SCALE = option('--scale', 10);
const REBUILDS = option('--rebuilds', 5);

const TOPICS = [
  ['rooftop solar panels on public schools', 'cut the schools power bills by a third'],
  ['flood sensors in storm drains', 'warn residents an hour before streets flood'],
  ['night markets closed to cars', 'brought families back to the old town'],
  ['rainwater tanks for clinics', 'kept clinics running through the dry months'],
  ['bicycle lanes painted downtown', 'doubled cycling to work within a year'],
  ['market rooftop gardens', 'cooled the stalls and fed the canteen'],
  ['digital building permits', 'cut the wait for a permit from weeks to days'],
  ['smart streetlights with motion sensors', 'halved the energy used for lighting'],
  ['river cleanup volunteers', 'removed tonnes of plastic each month'],
  ['electric tricycles for tourists', 'replaced noisy engines in the heritage zone'],
  ['open data portal for bus routes', 'let developers build journey planners'],
  ['heat maps for tree planting', 'put shade where children walk to school'],
  ['waste sorting at wet markets', 'turned food waste into compost for parks'],
  ['queue free hospital appointments', 'ended the dawn queues at the city hospital'],
  ['community wifi in public libraries', 'gave students a place to study online'],
  ['air quality monitors at schools', 'closed playgrounds on the worst haze days'],
  ['ferry tickets paid by phone', 'ended cash handling at the piers'],
  ['coastal mangrove replanting', 'protected fishing villages from storm surges'],
  ['landslide warning sirens', 'gave hillside homes time to leave'],
  ['parking sensors in the business district', 'cut circling for parking spaces'],
];

/** A practice page as core builds one from the share form (front matter, Problem, Solution, Results). */
function practice(n) {
  const [topic, result] = TOPICS[n % TOPICS.length];
  const tag = `shared${n}`;
  const title = `Davao City ${topic} ${tag}`;
  return {
    path: `practices/shared/${n}-${tag}.md`,
    question: `${topic} ${tag}`,
    markdown: [
      '---',
      `title: "${title}"`,
      `summary: "A best practice from Davao City shared in chat (Quality Environment)."`,
      `tags: [best-practice, shared, davao-city, quality-environment]`,
      `sources: ["urn:ascn:practice:${n}"]`,
      'updated: 2026-12-01',
      'city: davao-city',
      'focusAreas: [quality-environment]',
      '---',
      '',
      `# ${title}`,
      '',
      'Davao City shared this best practice in Quality Environment. It was shared in chat and has not been reviewed by the ASEAN Secretariat.',
      '',
      '## Problem',
      '',
      `Residents asked the city for ${topic}, which it did not have.`,
      '',
      '## Solution',
      '',
      `The city introduced ${topic} in three districts with local partners.`,
      '',
      '## Results',
      '',
      `The work ${result}.`,
      '',
    ].join('\n'),
  };
}

const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 0.5), p95: percentile(s, 0.95), max: s.at(-1) };
};

/** Shares `SHARES` practices one after the other; each timed from addDocuments to search returning it first. */
function shareThroughAdditions(sections) {
  const kb = createKnowledgeBase(sections, undefined, { foldAt: Number.POSITIVE_INFINITY });
  const ms = [];
  for (let n = 0; n < SHARES; n++) {
    const p = practice(n);
    const t0 = performance.now();
    kb.addDocuments([{ path: p.path, markdown: p.markdown }]);
    const top = kb.search(p.question)[0];
    ms.push(performance.now() - t0);
    if (top?.path !== p.path) throw new Error(`share ${n}: search returned ${top?.path} first`);
  }
  return { kb, ms };
}

/** The peer: the whole index rebuilt with the new page, then the same search. */
function shareThroughRebuild(sections, base) {
  const ms = [];
  for (let n = 0; n < REBUILDS; n++) {
    const p = practice(SHARES + n);
    const t0 = performance.now();
    const scratch = createKnowledgeBase(base);
    scratch.addDocuments([{ path: p.path, markdown: p.markdown }]);
    const pageSections = scratch.sections().filter((s) => s.path === p.path);
    const rebuilt = createKnowledgeBase([...sections, ...pageSections]);
    const top = rebuilt.search(p.question)[0];
    ms.push(performance.now() - t0);
    if (top?.path !== p.path) throw new Error(`rebuild ${n}: search returned ${top?.path} first`);
    globalThis.gc?.();
  }
  return ms;
}

/** Folds the additions of `kb`, measuring the fold and the longest event-loop delay meanwhile. */
async function foldTimed(kb) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A question every millisecond while the fold runs: each must be answered.
  let answered = 0;
  const asking = setInterval(() => {
    if (kb.search(practice(0).question)[0]?.path === practice(0).path) answered++;
  }, 1);
  histogram.enable();
  const t0 = performance.now();
  await kb.fold();
  const ms = performance.now() - t0;
  histogram.disable();
  clearInterval(asking);
  return { ms, maxDelayMs: histogram.max / 1e6, answeredDuring: answered };
}

const started = performance.now();
const kb0 = await openKnowledgeBase({ docsDir: DOCS_DIR, warn: (m) => log(m) });
const today = [...kb0.sections()];
const sizes = [
  { label: `today's knowledge base`, sections: today },
  { label: `${SCALE}× (perturbed copies)`, sections: inflate(today, SCALE) },
];
const rows = [];
for (const size of sizes) {
  log(`${size.label}: ${size.sections.length} sections`);
  const { kb, ms } = shareThroughAdditions(size.sections);
  const rebuild = shareThroughRebuild(size.sections, today.slice(0, 1));
  const fold = await foldTimed(kb);
  if (kb.search(practice(1).question)[0]?.path !== practice(1).path)
    throw new Error('a shared practice was lost by the fold');
  rows.push({
    label: size.label,
    sections: size.sections.length,
    additions: stats(ms),
    rebuild: stats(rebuild),
    fold,
  });
  log(
    `  additions p50 ${stats(ms).p50.toFixed(2)} ms; rebuild p50 ${stats(rebuild).p50.toFixed(0)} ms; fold ${fold.ms.toFixed(0)} ms, max delay ${fold.maxDelayMs.toFixed(1)} ms`,
  );
  globalThis.gc?.();
}
const environment = describeEnvironment();
const seconds = (performance.now() - started) / 1000;

if (asJson) {
  console.log(
    JSON.stringify({ environment, shares: SHARES, rebuilds: REBUILDS, rows, seconds }, null, 2),
  );
} else {
  const f = (x, d = 1) => x.toFixed(d);
  console.log(`### Sharing a practice until search returns it first, ms\n`);
  console.log(
    `| knowledge base | sections | index of additions p50 | p95 | max | peer: full rebuild p50 | p95 | max | fold of ${SHARES} shares | longest wait for a question during the fold |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.sections} | ${f(r.additions.p50, 2)} | ${f(r.additions.p95, 2)} | ${f(r.additions.max, 2)} | ${f(r.rebuild.p50, 0)} | ${f(r.rebuild.p95, 0)} | ${f(r.rebuild.max, 0)} | ${f(r.fold.ms, 0)} | ${f(r.fold.maxDelayMs, 1)} |`,
    );
  }
  console.log(
    `\n${SHARES} practices shared one after the other (the additions grow from 1 to ${SHARES} pages); the full rebuild is timed ${REBUILDS} times per size. ${environment}; ${f(seconds, 0)} s.`,
  );
}
