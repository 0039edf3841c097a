// Shared by scripts/eval.js and scripts/bench.js: the eval sets and their metrics.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DOCS_DIR = `${ROOT}docs`;
/** The development set: tune on this one. */
export const QUESTIONS_FILE = `${ROOT}eval/questions.jsonl`;
/** The development set's second part, written in officers' chat phrasing (see eval/README.md). */
export const CHAT_QUESTIONS_FILE = `${ROOT}eval/dev-chat.jsonl`;
/** The held-out set: measured, never tuned on (see eval/README.md). */
export const HELDOUT_FILE = `${ROOT}eval/heldout.jsonl`;
/**
 * Every question file `npm run eval` scores, in the order it prints them (see eval/README.md):
 * - dev: development files: look at their misses and tune on them;
 * - validation: figures only, to accept or reject a change of the round before the held-out sets
 *   are scored; its misses are never printed;
 * - heldout: measured once a round, never tuned on.
 */
export const EVAL_SETS = [
  ['dev', 'questions.jsonl', 'Development set'],
  ['dev', 'dev-chat.jsonl', 'Development set, chat part'],
  ['dev', 'dev-officers.jsonl', 'Development set, officers part'],
  ['dev', 'dev-round4.jsonl', 'Development set, fourth-round part'],
  ['dev', 'dev-round5.jsonl', 'Development set, fifth-round part'],
  ['dev', 'dev-round6.jsonl', 'Development set, sixth-round part'],
  ['dev', 'dev-round7.jsonl', 'Development set, seventh-round part'],
  ['dev', 'dev-round8.jsonl', 'Development set, eighth-round part'],
  ['dev', 'dev-round9.jsonl', 'Development set, ninth-round part'],
  ['dev', 'dev-round10.jsonl', 'Development set, tenth-round part'],
  ['dev', 'dev-round11.jsonl', 'Development set, eleventh-round part'],
  ['dev', 'dev-round12.jsonl', 'Development set, twelfth-round part'],
  ['dev', 'dev-round13.jsonl', 'Development set, thirteenth-round part'],
  ['dev', 'dev-round13b.jsonl', 'Development set, thirteenth-round second part'],
  ['dev', 'dev-round14.jsonl', 'Development set, fourteenth-round part'],
  ['dev', 'dev-round14b.jsonl', 'Development set, fourteenth-round second part'],
  ['dev', 'dev-round15.jsonl', 'Development set, fifteenth-round part'],
  ['dev', 'dev-round15b.jsonl', 'Development set, fifteenth-round second part'],
  ['dev', 'dev-round16.jsonl', 'Development set, sixteenth-round part'],
  ['validation', 'valid-round8.jsonl', 'Validation set of the eighth round'],
  ['validation', 'valid-round9.jsonl', 'Validation set of the ninth round'],
  ['validation', 'valid-round10.jsonl', 'Validation set of the tenth round'],
  ['validation', 'valid-round11.jsonl', 'Validation set of the eleventh round'],
  ['validation', 'valid-round12.jsonl', 'Validation set of the twelfth round'],
  ['validation', 'valid-round13.jsonl', 'Validation set of the thirteenth round'],
  ['validation', 'valid-round14.jsonl', 'Validation set of the fourteenth round'],
  ['validation', 'valid-round15.jsonl', 'Validation set of the fifteenth round'],
  ['validation', 'valid-round16.jsonl', 'Validation set of the sixteenth round'],
  ['heldout', 'heldout.jsonl', 'Held-out set'],
  ['heldout', 'heldout-2.jsonl', 'Second held-out set'],
  ['heldout', 'heldout-3.jsonl', 'Third held-out set'],
  ['heldout', 'heldout-4.jsonl', 'Fourth held-out set'],
  ['heldout', 'heldout-5.jsonl', 'Fifth held-out set'],
  ['heldout', 'heldout-6.jsonl', 'Sixth held-out set'],
  ['heldout', 'heldout-7.jsonl', 'Seventh held-out set'],
  ['heldout', 'heldout-8.jsonl', 'Eighth held-out set'],
  ['heldout', 'heldout-9.jsonl', 'Ninth held-out set'],
  ['heldout', 'heldout-10.jsonl', 'Tenth held-out set'],
  ['heldout', 'heldout-11.jsonl', 'Eleventh held-out set'],
  ['heldout', 'heldout-12.jsonl', 'Twelfth held-out set'],
].map(([role, name, label]) => ({
  key: name.replace(/\.jsonl$/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase()),
  label: `${label} (eval/${name})`,
  file: `${ROOT}eval/${name}`,
  role,
}));
export const CACHE_FILE = `${ROOT}build/knowledge-index.json`;
/**
 * The day the eval questions are asked on: the knowledge base as checked on 1 December 2026, so
 * "this year" in a question is 2026 whenever the eval runs (the assistant uses the real clock).
 */
export const EVAL_TODAY = () => new Date('2026-12-01T00:00:00Z');

/** Endings officers add in chat ("… pls", "… thanks"). */
const CHAT_ENDINGS = ['', '?', ' pls', ' please', ' thanks', ' la', ' ah', '??', ' !', ' ya'];

/**
 * The chat benches' "every question different" load: the two older development files'
 * questions with each chat ending, more distinct texts than the knowledge base keeps answers
 * for, so every one is searched afresh.
 */
export async function distinctChatQuestions() {
  const questions = [
    ...(await loadQuestions(QUESTIONS_FILE)),
    ...(await loadQuestions(CHAT_QUESTIONS_FILE)),
  ];
  return CHAT_ENDINGS.flatMap((ending) => questions.map((q) => `${q.q}${ending}`));
}

/**
 * Reads `{"q": "...", "expect": ["path.md"] | null, "fact": "regex source"}` lines; reports bad
 * lines by number. `fact` is required when `expect` is a list (compiled case-insensitive).
 */
export async function loadQuestions(file = QUESTIONS_FILE) {
  const text = await readFile(file, 'utf8');
  const questions = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let item;
    try {
      item = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not JSON (${error.message})`);
    }
    if (typeof item.q !== 'string' || !(item.expect === null || Array.isArray(item.expect))) {
      throw new Error(`${where}: expected {"q": string, "expect": [paths] | null, "fact": regex}`);
    }
    let fact = null;
    if (item.expect !== null) {
      if (typeof item.fact !== 'string' || item.fact === '')
        throw new Error(`${where}: an answerable question needs "fact", a regex source`);
      try {
        fact = new RegExp(item.fact, 'i');
      } catch (error) {
        throw new Error(`${where}: "fact" is not a valid regex (${error.message})`);
      }
    }
    questions.push({ q: item.q, expect: item.expect, fact, line: i + 1 });
  });
  return questions;
}

/**
 * Scores one run. `outcomes[i]` is `{ paths: string[] (best first), declined: boolean,
 * answer: string | null }` for `questions[i]`.
 * - Answerable questions give hit@1, hit@3 and MRR (rank of the first result whose path is
 *   expected; a declined question has no answer, so it is a miss for "fact"), "fact" (the
 *   answer text matches the question's fact pattern) and false declines.
 * - Out-of-scope questions (`expect: null`) count as correct when declined.
 */
export function score(questions, outcomes) {
  let answerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let facts = 0;
  let falseDeclines = 0;
  let unanswerable = 0;
  let declined = 0;
  const misses = [];
  questions.forEach((question, i) => {
    const { paths, declined: wasDeclined, answer } = outcomes[i];
    if (question.expect === null) {
      unanswerable++;
      if (wasDeclined) declined++;
      else
        misses.push({
          q: question.q,
          line: question.line,
          expected: null,
          got: paths.slice(0, 3),
          rank: null,
          answer,
        });
      return;
    }
    answerable++;
    if (wasDeclined) falseDeclines++;
    const rank = paths.findIndex((p) => question.expect.includes(p)) + 1;
    const carries = !wasDeclined && typeof answer === 'string' && question.fact.test(answer);
    if (rank === 1) hit1++;
    if (rank >= 1 && rank <= 3) hit3++;
    if (rank >= 1) rr += 1 / rank;
    if (carries) facts++;
    if (rank !== 1 || !carries) {
      misses.push({
        q: question.q,
        line: question.line,
        expected: question.expect,
        got: paths.slice(0, 3),
        rank: rank || null,
        declined: wasDeclined,
        fact: question.fact.source,
        carries,
        answer,
      });
    }
  });
  const ratio = (a, b) => (b === 0 ? 0 : a / b);
  return {
    answerable,
    unanswerable,
    hitAt1: ratio(hit1, answerable),
    hitAt3: ratio(hit3, answerable),
    mrr: ratio(rr, answerable),
    factRate: ratio(facts, answerable),
    falseDeclines,
    falseDeclineRate: ratio(falseDeclines, answerable),
    declined,
    declinedRate: ratio(declined, unanswerable),
    misses,
  };
}
