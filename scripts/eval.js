#!/usr/bin/env node
// Evaluates the knowledge base on eval/questions.jsonl: hit@1, hit@3 and MRR over answerable
// questions, declines over unanswerable ones, and the misses to tune on.
//   node scripts/eval.js [--json] [--docs DIR] [--questions FILE]
import { openKnowledgeBase } from '@ascn/knowledge';
import { CACHE_FILE, DOCS_DIR, loadQuestions, QUESTIONS_FILE, score } from './lib/eval-set.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i !== -1 && args[i + 1] ? args[i + 1] : fallback;
};
const asJson = args.includes('--json');
const docsDir = option('--docs', DOCS_DIR);
const questionsFile = option('--questions', QUESTIONS_FILE);

const warnings = [];
const kb = await openKnowledgeBase({
  docsDir,
  cacheFile: docsDir === DOCS_DIR ? CACHE_FILE : undefined,
  warn: (m) => warnings.push(m),
});
const questions = await loadQuestions(questionsFile);
const answers = questions.map((question) => kb.ask(question.q, { limit: 5 }));
const summary = score(
  questions,
  answers.map((a) => ({ paths: a.results.map((r) => r.path), declined: a.answer === null })),
);

// Stricter than hit@1: an answer was given (not declined) and it cites an expected page.
let answeredCorrectly = 0;
questions.forEach((question, i) => {
  const citation = answers[i].citation;
  if (question.expect !== null && citation && question.expect.includes(citation.path))
    answeredCorrectly++;
});
summary.answeredAt1 = summary.answerable === 0 ? 0 : answeredCorrectly / summary.answerable;

const pct = (x) => `${(x * 100).toFixed(1)}%`;
if (asJson) {
  console.log(
    JSON.stringify(
      { sections: kb.sections().length, questions: questions.length, warnings, ...summary },
      null,
      2,
    ),
  );
} else {
  for (const w of warnings) console.error(w);
  console.log(
    `Knowledge base: ${kb.sections().length} sections; eval set: ${questions.length} questions`,
  );
  console.log(
    `answerable ${summary.answerable}: hit@1 ${pct(summary.hitAt1)}  hit@3 ${pct(summary.hitAt3)}  MRR ${summary.mrr.toFixed(3)}  false declines ${summary.falseDeclines}  answered with the right page ${pct(summary.answeredAt1)}`,
  );
  console.log(
    `unanswerable ${summary.unanswerable}: declined ${summary.declined}/${summary.unanswerable} (${pct(summary.declinedRate)})`,
  );
  if (summary.misses.length > 0) {
    console.log(`\nMisses (${summary.misses.length}):`);
    for (const m of summary.misses) {
      const expected = m.expected === null ? 'decline' : m.expected.join(' | ');
      const got = `${m.declined ? 'declined; ' : ''}${m.got.length ? m.got.join(', ') : '(no results)'}`;
      const rank = m.expected === null ? 'answered' : m.rank ? `rank ${m.rank}` : 'not in top 5';
      console.log(
        `- [line ${m.line}] ${JSON.stringify(m.q)}\n    expected: ${expected}\n    got (${rank}): ${got}`,
      );
    }
  }
}
