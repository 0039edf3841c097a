// Shared by scripts/eval.js and scripts/bench.js: the eval set and its metrics.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DOCS_DIR = `${ROOT}docs`;
export const QUESTIONS_FILE = `${ROOT}eval/questions.jsonl`;
export const CACHE_FILE = `${ROOT}build/knowledge-index.json`;

/** Reads `{"q": "...", "expect": ["path.md"] | null}` lines; reports bad lines by number. */
export async function loadQuestions(file = QUESTIONS_FILE) {
  const text = await readFile(file, 'utf8');
  const questions = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let item;
    try {
      item = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not JSON (${error.message})`);
    }
    if (typeof item.q !== 'string' || !(item.expect === null || Array.isArray(item.expect))) {
      throw new Error(`${file}:${i + 1}: expected {"q": string, "expect": [paths] | null}`);
    }
    questions.push({ q: item.q, expect: item.expect, line: i + 1 });
  });
  return questions;
}

/**
 * Scores one run. `outcomes[i]` is `{ paths: string[] (best first), declined: boolean }` for
 * `questions[i]`. Answerable questions give hit@1, hit@3 and MRR (rank of the first result whose
 * path is expected; a declined question has no results, so it is a miss); unanswerable ones
 * count as correct when declined.
 */
export function score(questions, outcomes) {
  let answerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let falseDeclines = 0;
  let unanswerable = 0;
  let declined = 0;
  const misses = [];
  questions.forEach((question, i) => {
    const { paths, declined: wasDeclined } = outcomes[i];
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
        });
      return;
    }
    answerable++;
    if (wasDeclined) falseDeclines++;
    const rank = paths.findIndex((p) => question.expect.includes(p)) + 1;
    if (rank === 1) hit1++;
    if (rank >= 1 && rank <= 3) hit3++;
    if (rank >= 1) rr += 1 / rank;
    if (rank !== 1) {
      misses.push({
        q: question.q,
        line: question.line,
        expected: question.expect,
        got: paths.slice(0, 3),
        rank: rank || null,
        declined: wasDeclined,
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
    falseDeclines,
    declined,
    declinedRate: ratio(declined, unanswerable),
    misses,
  };
}
