import { analyze } from './analysis.js';
import { groupMatches, type QueryPlan } from './search.js';
import { ITEM_MARKER, sentences } from './text.js';

/** Answers are cut to about this many characters (whole sentences or list items). */
export const MAX_ANSWER_CHARS = 600;
/** A best sentence shorter than this gets the sentence after it too. */
const SHORT_SENTENCE = 90;

/** A sentence (or list item, or table row) of a section, with its terms. */
export interface AnalyzedSentence {
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  /** True for list items and table rows. */
  readonly item: boolean;
}

/** Splits a section's text into sentences and analyses each (cache the result per section). */
export function analyzeSentences(text: string): AnalyzedSentence[] {
  return sentences(text).map((s) => ({
    text: s,
    terms: new Set(analyze(s).terms),
    item: ITEM_MARKER.test(s),
  }));
}

interface Scored {
  score: number;
  matched: Set<number>;
}

function scoreSentence(plan: QueryPlan, terms: ReadonlySet<string>): Scored {
  let score = 0;
  const matched = new Set<number>();
  plan.groups.forEach((group, i) => {
    if (groupMatches(group, terms)) {
      score += group.weight;
      matched.add(i);
    }
  });
  return { score, matched };
}

/** Joins answer parts, list items on lines of their own, up to the length cap. */
function join(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    const next = out === '' ? part : ITEM_MARKER.test(part) ? `${out}\n${part}` : `${out} ${part}`;
    if (out !== '' && next.length > MAX_ANSWER_CHARS) break;
    out = next;
  }
  if (out.length > MAX_ANSWER_CHARS) {
    const cut = out.slice(0, MAX_ANSWER_CHARS);
    out = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_ANSWER_CHARS / 2))}…`;
  }
  return out;
}

/**
 * The one or two sentences of a section that answer the query. Each sentence is scored by the
 * query concepts it contains (weighted by idf); the best wins, the earlier one on ties, so a
 * section's opening sentence is preferred. The next sentence is added when the best is short or
 * the next holds query concepts the best lacks. Lists are quoted as lists: a sentence that
 * introduces one ("…three aims:") brings its items, and an item brings its lead-in (and the
 * whole list when other items hold query concepts it lacks).
 */
export function extractAnswer(plan: QueryPlan, text: string | readonly AnalyzedSentence[]): string {
  const units = typeof text === 'string' ? analyzeSentences(text) : text;
  if (units.length === 0) return '';
  const scored = units.map((u) => scoreSentence(plan, u.terms));
  let best = 0;
  for (let i = 1; i < units.length; i++)
    if (scored[i]!.score > scored[best]!.score + 1e-9) best = i;

  const runFrom = (i: number) => {
    let end = i;
    while (end < units.length && units[end]!.item) end++;
    return end;
  };
  const texts = (from: number, to: number) => units.slice(from, to).map((u) => u.text);
  const unit = units[best]!;

  if (!unit.item && unit.text.endsWith(':') && units[best + 1]?.item) {
    return join([unit.text, ...texts(best + 1, runFrom(best + 1))]);
  }
  if (unit.item) {
    let start = best;
    while (start > 0 && units[start - 1]!.item) start--;
    const end = runFrom(best);
    const lead = start > 0 && units[start - 1]!.text.endsWith(':') ? [units[start - 1]!.text] : [];
    // The whole list when other items hold query concepts this one lacks ("competitive economy …
    // quality of life"); else just this item ("hcmc utc offset" → the row with Ho Chi Minh).
    const own = scored[best]!.matched;
    const spans = scored.slice(start, end).some((s) => [...s.matched].some((g) => !own.has(g)));
    return join(spans ? [...lead, ...texts(start, end)] : [...lead, unit.text]);
  }
  const parts = [unit.text];
  const next = units[best + 1];
  if (next !== undefined && !next.item) {
    const adds = [...scored[best + 1]!.matched].some((g) => !scored[best]!.matched.has(g));
    if (unit.text.length < SHORT_SENTENCE || adds) parts.push(next.text);
  }
  return join(parts);
}
