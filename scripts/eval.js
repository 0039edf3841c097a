#!/usr/bin/env node
// Evaluates @ascn/knowledge beside MiniSearch and plain Lunr, in one run, on every question file:
// the development files (eval/questions.jsonl, eval/dev-*.jsonl: tune on them) and the held-out sets
// (eval/heldout*.jsonl: measured, never tuned on) and the round's validation set (figures only), as
// EVAL_SETS lists them. Reports hit@1, hit@3, MRR, "answer carries the fact",
// out-of-scope declines and false declines; lists the development sets' misses of @ascn/knowledge (ask) to tune on.
// The held-out and validation sets' misses are not printed, on purpose.
//   node scripts/eval.js [--json] [--docs DIR] [--no-misses] [--dev-only]
import { openKnowledgeBase } from '@ascn/knowledge';
import { engines, runAsk } from './lib/engines.js';
import {
  CACHE_FILE,
  DOCS_DIR,
  EVAL_SETS,
  EVAL_TODAY,
  loadQuestions,
  score,
} from './lib/eval-set.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i !== -1 && args[i + 1] ? args[i + 1] : fallback;
};
const asJson = args.includes('--json');
const showMisses = !args.includes('--no-misses');
const docsDir = option('--docs', DOCS_DIR);

const warnings = [];
const kb = await openKnowledgeBase({
  docsDir,
  cacheFile: docsDir === DOCS_DIR ? CACHE_FILE : undefined,
  warn: (m) => warnings.push(m),
  today: EVAL_TODAY,
});
const sections = [...kb.sections()];
// --dev-only leaves the held-out sets out: the development files and the round's validation set.
const sets = EVAL_SETS.map((set) => ({ ...set })).filter(
  (set) => set.role !== 'heldout' || !args.includes('--dev-only'),
);
for (const set of sets) set.questions = await loadQuestions(set.file);
// All development files together, for one development figure (its misses are listed per file).
const isDev = (s) => s.role === 'dev';
sets.splice(sets.filter(isDev).length, 0, {
  key: 'devAll',
  label: 'Development set, all parts',
  questions: sets.filter(isDev).flatMap((s) => s.questions),
  role: 'combined',
});

// Ours runs on the knowledge base as the assistant opens it (prebuilt index); the others are
// built from its sections.
const runners = Object.entries(engines).map(([key, engine]) => ({
  key,
  label: engine.label,
  run: key === 'ours' ? runAsk(kb) : engine.build(sections),
}));

const results = {};
for (const set of sets) {
  results[set.key] = {};
  for (const r of runners) {
    results[set.key][r.key] = score(
      set.questions,
      set.questions.map((q) => r.run(q.q)),
    );
  }
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
if (asJson) {
  console.log(
    JSON.stringify(
      {
        sections: sections.length,
        warnings,
        sets: Object.fromEntries(
          sets.map((set) => [
            set.key,
            Object.fromEntries(
              runners.map((r) => [
                r.key,
                {
                  label: r.label,
                  ...results[set.key][r.key],
                  misses: isDev(set) ? results[set.key][r.key].misses : undefined,
                },
              ]),
            ),
          ]),
        ),
      },
      null,
      2,
    ),
  );
} else {
  for (const w of warnings) console.error(w);
  console.log(`Knowledge base: ${sections.length} sections\n`);
  for (const set of sets) {
    const any = results[set.key].ours;
    console.log(
      `### ${set.label}: ${any.answerable} answerable, ${any.unanswerable} out of scope\n`,
    );
    console.log(
      '| Engine | hit@1 | hit@3 | MRR | answer carries the fact | out of scope declined | answerable wrongly declined |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const r of runners) {
      const s = results[set.key][r.key];
      console.log(
        `| ${r.label} | ${pct(s.hitAt1)} | ${pct(s.hitAt3)} | ${s.mrr.toFixed(3)} | ${pct(s.factRate)} | ${s.declined}/${s.unanswerable} (${pct(s.declinedRate)}) | ${s.falseDeclines} (${pct(s.falseDeclineRate)}) |`,
      );
    }
    console.log('');
  }
  console.log(
    '"Answer carries the fact": the text a person reads matches the question\'s `fact` pattern. ' +
      'For @ascn/knowledge (ask) that is its answer (one or two sentences or a list); for the ' +
      'search-only row and the peers, which pick no answer, it is the whole text of the top ' +
      'section (generous to them). A decline is `answer: null` for ask and no results at all ' +
      'for the others; a declined answerable question carries no fact.',
  );
  for (const set of sets.filter(isDev)) {
    const dev = results[set.key].ours;
    if (!showMisses || dev.misses.length === 0) continue;
    console.log(`\nMisses of @ascn/knowledge (ask), ${set.label} (${dev.misses.length}):`);
    for (const m of dev.misses) {
      if (m.expected === null) {
        console.log(
          `- [line ${m.line}] ${JSON.stringify(m.q)}\n    expected: decline\n    answered: ${JSON.stringify(m.answer)} (${m.got.join(', ')})`,
        );
        continue;
      }
      const rank = m.rank ? `rank ${m.rank}` : 'not in top 5';
      console.log(
        `- [line ${m.line}] ${JSON.stringify(m.q)}\n    expected: ${m.expected.join(' | ')}; fact /${m.fact}/\n    got (${rank}${m.declined ? ', declined' : ''}${m.carries ? '' : ', fact missing'}): ${m.got.join(', ') || '(no results)'}\n    answer: ${JSON.stringify(m.answer)}`,
      );
    }
  }
}
