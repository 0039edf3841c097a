#!/usr/bin/env node
// Typo robustness on the development sets (never the held-out set): each answerable question
// gets one one-letter typo (a letter dropped, two letters swapped or a vowel changed) in one of
// its words of six letters or more, chosen by a fixed seed, and the answer is scored again.
//   node scripts/eval-typos.js [--seed 7]
import { openKnowledgeBase } from '@ascn/knowledge';
import {
  CACHE_FILE,
  CHAT_QUESTIONS_FILE,
  DOCS_DIR,
  EVAL_TODAY,
  loadQuestions,
  QUESTIONS_FILE,
} from './lib/eval-set.js';

const args = process.argv.slice(2);
const at = args.indexOf('--seed');
let seed = at !== -1 ? Number(args[at + 1]) : 7;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

/** `word` with one typo: a letter dropped, two neighbours swapped, or a letter made a vowel. */
function typo(word) {
  const k = 1 + random(word.length - 2);
  const kind = random(3);
  if (kind === 0) return word.slice(0, k) + word.slice(k + 1);
  if (kind === 1) return word.slice(0, k) + word[k + 1] + word[k] + word.slice(k + 2);
  return word.slice(0, k) + 'aeiou'[random(5)] + word.slice(k + 1);
}

const kb = await openKnowledgeBase({
  docsDir: DOCS_DIR,
  cacheFile: CACHE_FILE,
  warn: () => {},
  today: EVAL_TODAY,
});
const questions = [
  ...(await loadQuestions(QUESTIONS_FILE)),
  ...(await loadQuestions(CHAT_QUESTIONS_FILE)),
].filter((q) => q.expect !== null);
let tried = 0;
let carried = 0;
let carriedWithTypo = 0;
let keptBoth = 0;
for (const q of questions) {
  const ws = q.q.split(' ');
  const long = ws.flatMap((w, i) => (/^[a-z]{6,}$/.test(w) ? [i] : []));
  if (long.length === 0) continue;
  const i = long[random(long.length)];
  const typed = [...ws.slice(0, i), typo(ws[i]), ...ws.slice(i + 1)].join(' ');
  const carries = (text) => typeof text === 'string' && q.fact.test(text);
  const before = carries(kb.ask(q.q).answer);
  const after = carries(kb.ask(typed).answer);
  tried++;
  if (before) carried++;
  if (after) carriedWithTypo++;
  if (before && after) keptBoth++;
}
const pct = (a, b) => `${((a / b) * 100).toFixed(1)}%`;
console.log(
  `${tried} answerable development questions with a word of six letters or more, one typo each:\n` +
    `- answer carries the fact without the typo: ${carried} (${pct(carried, tried)})\n` +
    `- with the typo: ${carriedWithTypo} (${pct(carriedWithTypo, tried)})\n` +
    `- kept through the typo: ${keptBoth} of ${carried} (${pct(keptBoth, carried)})`,
);
