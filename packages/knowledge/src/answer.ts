import { analyze } from './analysis.js';
import {
  type AnswerKind,
  answerKind,
  asksForLatest,
  type Evidence,
  evidenceOf,
  isKindWord,
  kindFit,
} from './question.js';
import { groupMatches, type QueryPlan } from './search.js';
import { ITEM_MARKER, STOPWORDS, sentences, stem, words } from './text.js';

/** Answers are cut to about this many characters (whole sentences or list items). */
export const MAX_ANSWER_CHARS = 600;
/** The sentence after the best one is added while the answer stays this short… */
const SHORT_ANSWER = 320;
/** A best sentence shorter than this always gets the one after it. */
const SHORT_SENTENCE = 90;
/** …and a summary ("what happened at …") runs on to about this length. */
const SUMMARY_ANSWER = 450;
/** A sentence that starts by pointing back ("It", "That report") needs the one before it. */
const ANAPHOR =
  /^(?:(?:in|at|from|under|with|for|by|of|on)\s+)?(?:it|its|this|that|these|those|they|them|their|there|the same|such|he|she)\b/i;
/** How much a sentence that holds the kind of thing asked for (a date for "when") gains. */
export const KIND_BONUS = 0.45;
/** Weight of how tightly a section's heading matches the question. */
const HEADING_WEIGHT = 0.3;
/** Bonus when the section's heading asks for the same kind of answer as the question. */
const HEADING_KIND_BONUS = 0.15;
/** Share of a concept's weight a sentence gets when only the section's heading holds it. */
const HEADING_SHARE = 0.5;

const bit = (g: number) => (g < 31 ? 1 << g : 0);

/** A sentence (or list item, or table row) of a section, with its terms. */
export interface AnalyzedSentence {
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  /** True for list items and table rows. */
  readonly item: boolean;
  /** True for a sentence that introduces a list ("…three aims:" followed by items). */
  readonly leadIn: boolean;
  readonly evidence: Evidence;
  /** Terms of its first five words: what the sentence is about when it defines something. */
  readonly lead: ReadonlySet<string>;
  /** The latest year it mentions (0 when none). */
  readonly year: number;
}

/** A section as the answer picker sees it: its sentences and the terms of its heading and title. */
export interface AnalyzedSection {
  readonly units: readonly AnalyzedSentence[];
  /** Terms of the section's heading path (heading and enclosing headings). */
  readonly heading: ReadonlySet<string>;
  /** Terms of the page title and tags: context, not content. */
  readonly context: ReadonlySet<string>;
  /** Terms of the section's own words (title, heading path, text; not the page's tags). */
  readonly own: ReadonlySet<string>;
  /** The heading's own content stems (no glossary expansions), to tell how tightly it matches. */
  readonly headingStems: readonly string[];
  /** The kind of answer the heading asks for, when it is a question ("How many cities …?"). */
  readonly headingKind: AnswerKind;
  /** True when the heading asks about the present ("Who chairs the ASCN now?"). */
  readonly headingRecent: boolean;
}

/** Splits a section's text into sentences and analyses each (cache the result per section). */
export function analyzeSentences(text: string): AnalyzedSentence[] {
  const parts = sentences(text);
  let listUnknown = false;
  return parts.map((s, i) => {
    const item = ITEM_MARKER.test(s);
    const evidence = evidenceOf(s);
    // The items of "Our sources do not give these points:" are things not known.
    if (!item) listUnknown = evidence.notKnown && s.endsWith(':');
    else if (listUnknown) evidence.notKnown = true;
    return {
      text: s,
      terms: new Set(analyze(s).terms),
      item,
      leadIn: !item && s.endsWith(':') && ITEM_MARKER.test(parts[i + 1] ?? ''),
      evidence,
      lead: new Set(analyze(words(s).slice(0, 5).join(' ')).terms),
      year: Math.max(0, ...[...s.matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => Number(m[0]))),
    };
  });
}

export function analyzeSection(s: {
  text: string;
  headingPath: readonly string[];
  title: string;
  tags: readonly string[];
}): AnalyzedSection {
  const heading = s.headingPath.length > 1 ? s.headingPath[s.headingPath.length - 1]! : s.title;
  return {
    units: analyzeSentences(s.text),
    heading: new Set(analyze(s.headingPath.slice(1).join('\n') || s.title).terms),
    context: new Set(analyze(`${s.title}\n${s.tags.join(' ')}`).terms),
    own: new Set(analyze(`${s.headingPath.join('\n')}\n${s.text}`).terms),
    headingStems: [
      ...new Set(
        words(heading)
          .filter((w) => !STOPWORDS.has(w))
          .map(stem),
      ),
    ],
    headingKind: /\?\s*$/.test(heading) ? answerKind(heading) : 'other',
    headingRecent: asksForLatest(heading),
  };
}

interface Scored {
  /** Idf-weighted share of the question the sentence holds (heading concepts at half weight). */
  content: number;
  /** How well it (or the sentence after it) holds the kind of answer asked for, 0…1. */
  fit: number;
  /** Share of the question held by the sentence, its heading and its page title together. */
  reach: number;
  /** content + KIND_BONUS × how well the sentence fits the kind of answer asked for. */
  score: number;
  /** Bit g is set when the sentence holds the question's concept g (the first 31 concepts). */
  matched: number;
}

function scoreUnits(
  plan: QueryPlan,
  section: AnalyzedSection,
  kind: AnswerKind,
): { scored: Scored[]; total: number } {
  // "which years", "role of": such words tell the kind of answer; they are not content to look for.
  const weights = plan.groups.map((g) => (isKindWord(kind, g.word) ? 0 : g.weight));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const inHeading = plan.groups.map((g) => groupMatches(g, section.heading));
  const inContext = plan.groups.map((g) => groupMatches(g, section.context));
  const { units } = section;
  const latest = latestOf(plan);
  const newest = latest ? Math.max(0, ...units.map((u) => u.year)) : 0;
  const scored = units.map((u, i) => {
    // A list lead-in holds what its items hold (at half weight: an item that holds it all wins).
    let itemTerms: Set<string> | undefined;
    if (u.leadIn) {
      itemTerms = new Set();
      for (let k = i + 1; k < units.length && units[k]!.item; k++)
        for (const t of units[k]!.terms) itemTerms.add(t);
    }
    const terms = u.terms;
    let own = 0;
    let heading = 0;
    let reached = 0;
    let topical = false;
    let named = false;
    let placed = false;
    let subject = false;
    let matched = 0;
    plan.groups.forEach((group, g) => {
      if (groupMatches(group, terms)) {
        own += weights[g]!;
        matched |= bit(g);
        if (weights[g]! > 0 && groupMatches(group, u.lead)) subject = true;
      } else if (itemTerms && groupMatches(group, itemTerms)) {
        heading += weights[g]!;
        matched |= bit(g);
      } else if (inHeading[g]) heading += weights[g]!;
      // Reach counts the sentence's own words (not its list's), its heading and its page.
      const here = inHeading[g] || groupMatches(group, u.terms);
      if (here || inContext[g]) reached += weights[g]!;
      if (here && !group.place && weights[g]! > 0) topical = true;
      if (group.place && !/^\d/.test(group.word)) {
        named = true;
        if (here || inContext[g]) placed = true;
      }
    });
    const elsewhere = named && !placed;
    const content = total === 0 ? 0 : (own + HEADING_SHARE * heading) / total;
    // A sentence that holds only the question's places ("Khon Kaen") reaches none of it.
    // …and so does one that holds none of the places the question names ("capital" without "Japan").
    const reach = total === 0 || !topical || elsewhere ? 0 : reached / total;
    // A sentence whose next one holds the thing asked for is nearly as good: both are quoted.
    const next = units[i + 1];
    let fit = Math.max(
      unitFit(kind, u),
      next && !u.item && !next.item ? 0.8 * unitFit(kind, next) : 0,
    );
    // "What does the Shepherd do": a sentence that starts with the thing asked about.
    if ((kind === 'definition' || kind === 'howto') && subject) fit = Math.max(fit, 0.8);
    if (kind === 'role' && subject) fit = 1;
    // The first sentence of a section usually says what it is about.
    const first = i === 0 ? (kind === 'other' || kind === 'summary' ? 0.1 : 0.02) : 0;
    const recent = newest > 0 && u.year === newest ? 0.15 : 0;
    return { content, fit, reach, score: content + KIND_BONUS * fit + first + recent, matched };
  });
  return { scored, total };
}

/** How well one sentence fits the kind of answer asked for, 0…1. */
function unitFit(kind: AnswerKind, u: AnalyzedSentence): number {
  // "Our sources do not publish these points:" answers no how-to and is no list of the thing.
  const unknown = u.evidence.notKnown;
  if (kind === 'list') return unknown ? 0 : u.leadIn || u.item ? 1 : listLike(u.text) ? 0.6 : 0;
  if (kind === 'howto') return unknown ? 0 : u.leadIn || u.item ? 1 : kindFit(kind, u.evidence);
  if (kind === 'date' && u.evidence.date && !u.evidence.fullDate) return 0.6;
  return kindFit(kind, u.evidence);
}

/** A sentence that enumerates ("A, B, C and D"). */
function listLike(text: string): boolean {
  return (text.match(/,/g)?.length ?? 0) >= 2 && /\band\b/.test(text);
}

/** How well a section answers the question: its best sentence's score, and how much of the question that sentence reaches. */
export interface SectionFit {
  readonly score: number;
  readonly reach: number;
  readonly best: number;
  /** How well the best sentence holds the kind of answer asked for, 0…1. */
  readonly kindFit: number;
}

export function sectionFit(
  plan: QueryPlan,
  section: AnalyzedSection,
  kind: AnswerKind = answerKind(plan.query),
): SectionFit {
  const { scored } = scoreUnits(plan, section, kind);
  let best = -1;
  let reach = 0;
  for (let i = 0; i < scored.length; i++) {
    if (best === -1 || scored[i]!.score > scored[best]!.score + 1e-9) best = i;
    reach = Math.max(reach, scored[i]!.reach);
  }
  return {
    score: (best === -1 ? 0 : scored[best]!.score) + headingFit(plan, section, kind),
    reach,
    best,
    kindFit: best === -1 ? 0 : scored[best]!.fit,
  };
}

const latestCache = new WeakMap<QueryPlan, boolean>();

/** Whether the plan's question asks about now (computed once per plan). */
function latestOf(plan: QueryPlan): boolean {
  let latest = latestCache.get(plan);
  if (latest === undefined) {
    latest = asksForLatest(plan.query);
    latestCache.set(plan, latest);
  }
  return latest;
}

const askedCache = new WeakMap<QueryPlan, Set<string>>();

/** Every term a plan looks for: its stems, alternatives and variants (computed once per plan). */
function askedTerms(plan: QueryPlan): Set<string> {
  let asked = askedCache.get(plan);
  if (!asked) {
    asked = new Set();
    for (const g of plan.groups) {
      for (const t of g.stems) asked.add(t);
      for (const alt of g.alternatives) for (const t of alt) asked.add(t);
      for (const t of g.variants) asked.add(t);
    }
    askedCache.set(plan, asked);
  }
  return asked;
}

/**
 * How tightly the section's heading matches the question: the share of the question it holds
 * times the share of its own words the question asks about, plus a little when both ask for the
 * same kind of answer ("how many cities …" and the heading "How many cities are in the ASCN now?").
 */
function headingFit(plan: QueryPlan, section: AnalyzedSection, kind: AnswerKind): number {
  const total = plan.groups.reduce((sum, g) => sum + g.weight, 0);
  if (total === 0) return 0;
  let held = 0;
  for (const g of plan.groups) if (groupMatches(g, section.heading)) held += g.weight;
  const asked = askedTerms(plan);
  const stems = section.headingStems;
  const precision =
    stems.length === 0 ? 0 : stems.filter((t) => asked.has(t)).length / stems.length;
  // A heading that asks another kind of question ("Why was it set up?" for "when was it set
  // up") is a weaker match than one that asks the same.
  const specific = (k: AnswerKind) => k !== 'other' && k !== 'summary';
  const sameKind =
    specific(kind) && section.headingKind === kind
      ? HEADING_KIND_BONUS
      : specific(kind) && specific(section.headingKind)
        ? -HEADING_KIND_BONUS
        : 0;
  const recent = section.headingRecent && latestOf(plan) ? HEADING_KIND_BONUS : 0;
  return HEADING_WEIGHT * (held / total) * precision + sameKind + recent;
}

/** Sentences without a heading or page around them. */
const bare = (units: readonly AnalyzedSentence[]): AnalyzedSection => ({
  units,
  heading: new Set(),
  context: new Set(),
  own: new Set(),
  headingStems: [],
  headingKind: 'other',
  headingRecent: false,
});

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
 * The sentences of a section that answer the query. Each sentence is scored by the query
 * concepts it holds (idf-weighted; a concept only the heading holds counts half) plus a bonus
 * when it holds the kind of thing asked for: a number for "how many", a date for "when", a person
 * or body for "who", a list for "which cities", a definition for "what is"; a sentence saying
 * the thing is not known gets part of that bonus. The best wins, the earlier one on ties. The
 * next sentence is added when the best is short, holds concepts the best lacks, or holds the kind
 * of thing the best lacks. A list lead-in brings its items; an item brings its lead-in (and the
 * whole list when the question asks for a list or other items hold concepts it lacks).
 */
export function extractAnswer(
  plan: QueryPlan,
  input: string | readonly AnalyzedSentence[] | AnalyzedSection,
  kind: AnswerKind = answerKind(plan.query),
): string {
  const section: AnalyzedSection =
    typeof input === 'string'
      ? bare(analyzeSentences(input))
      : Array.isArray(input)
        ? bare(input as AnalyzedSentence[])
        : (input as AnalyzedSection);
  const { units } = section;
  if (units.length === 0) return '';
  const { scored } = scoreUnits(plan, section, kind);
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

  if (unit.leadIn) return join([unit.text, ...texts(best + 1, runFrom(best + 1))]);
  if (unit.item) {
    let start = best;
    while (start > 0 && units[start - 1]!.item) start--;
    const end = runFrom(best);
    const lead = start > 0 && units[start - 1]!.leadIn ? [units[start - 1]!.text] : [];
    // The whole list when asked for one, or when other items hold query concepts this one lacks
    // ("competitive economy … quality of life"); else just this item ("hcmc utc offset").
    const own = scored[best]!.matched;
    const spans = scored.slice(start, end).some((s) => (s.matched & ~own) !== 0);
    return join(kind === 'list' || spans ? [...lead, ...texts(start, end)] : [...lead, unit.text]);
  }
  // A sentence that points back ("It adopted…", "That report…") brings the one before it.
  const from = best > 0 && ANAPHOR.test(unit.text) && !units[best - 1]!.item ? best - 1 : best;
  const parts = texts(from, best + 1);
  const limit = kind === 'summary' ? SUMMARY_ANSWER : SHORT_ANSWER;
  for (let i = best + 1; i < units.length && !units[i]!.item; i++) {
    const next = units[i]!;
    const length = parts.join(' ').length + next.text.length + 1;
    const adds = (scored[i]!.matched & ~scored[best]!.matched) !== 0;
    const kindMissing =
      i === best + 1 && unitFit(kind, next) >= 0.6 && unitFit(kind, unit) < unitFit(kind, next);
    const short = i === best + 1 && unit.text.length < SHORT_SENTENCE;
    if (next.leadIn) {
      if (i === best + 1 && (kind === 'list' || kind === 'howto' || length < limit))
        parts.push(next.text, ...texts(i + 1, runFrom(i + 1)));
      break;
    }
    if (length > MAX_ANSWER_CHARS) break;
    if (length <= limit || short || (i === best + 1 && (adds || kindMissing)))
      parts.push(next.text);
    else break;
    if (kind !== 'summary' && i >= best + 1) break;
  }
  return join(parts);
}
