import { analyze } from './analysis.js';
import {
  type AnswerKind,
  amountNeighbours,
  amountsOf,
  answerKind,
  asksExpansion,
  asksForContact,
  asksForLatest,
  asksForUnknown,
  asksForYear,
  asksShare,
  type Evidence,
  evidenceOf,
  isKindWord,
  kindFit,
  tellsWhom,
} from './question.js';
import {
  groupMatches,
  hasAll,
  isNumber,
  isTopic,
  matchesPlaces,
  type QueryGroup,
  type QueryPlan,
} from './search.js';
import { ITEM_MARKER, STOPWORDS, sentenceLines, stem, words } from './text.js';

/** Answers are cut to about this many characters (whole sentences or list items)… */
export const MAX_ANSWER_CHARS = 600;
/** …and a list asked for as a list (all the Thai cities, the steps of joining) to this many. */
export const MAX_LIST_CHARS = 900;
/** The sentence after the best one is added while the answer stays this short… */
const SHORT_ANSWER = 400;
/** A best sentence shorter than this always gets the one after it. */
const SHORT_SENTENCE = 90;
/** …and a summary ("what happened at …") runs on to about this length. */
const SUMMARY_ANSWER = 450;
/** A sentence that starts by pointing back ("It", "That report") needs the one before it. */
const ANAPHOR =
  /^(?:(?:in|at|from|under|with|for|by|of|on)\s+)?(?:it|its|this|that|these|those|they|them|their|there|the same|such|he|she)\b/i;
/** A sentence that opens with a short form ("The IMD was to monitor…"). */
const OPENING_SHORT_FORM = /^(?:[Tt]he\s+)?([A-Z][A-Z&]+[a-z]?[A-Z]*)\b/;

/**
 * Whether `text` needs the sentence before it, `prev`, to be understood: it points back ("It",
 * "That report"), or opens with a short form that `prev` spells out ("…Directorate (IMD)…").
 */
function pointsBack(text: string, prev: string): boolean {
  if (ANAPHOR.test(text)) return true;
  const short = OPENING_SHORT_FORM.exec(text)?.[1];
  return short !== undefined && prev.includes(`(${short})`);
}
/** How much a sentence that holds the kind of thing asked for (a date for "when") gains. */
const KIND_BONUS = 0.45;
/** Weight of how tightly a section's heading matches the question. */
const HEADING_WEIGHT = 0.3;
/** Bonus when the section's heading asks for the same kind of answer as the question. */
const HEADING_KIND_BONUS = 0.15;
/** A concept whose weight is under this share of the heaviest one's says too little to be a sentence's subject. */
const TELLING_SHARE = 0.25;
/** Share of a concept's weight a sentence gets when only the section's heading holds it. */
const HEADING_SHARE = 0.5;
/** Share of the kind bonus a sentence gets when the sentence next to it holds the kind of thing asked for. */
const NEIGHBOUR_FIT = 0.8;
/** …and when the first sentence of its section does (quoted before it). */
const OPENING_FIT = 0.6;
/** What a sentence that spells out the short form asked about ("DILG: Department of…") gains. */
const SPELLS_OUT = 0.6;
/** How well a sentence about the thing asked, that does not define it, answers "what is". */
const SUBJECT_ONLY_FIT = 0.3;
/** How well an amount of something other than what was asked answers "how many". */
const OTHER_AMOUNT_FIT = 0.7;
/** How well an amount that is no percentage answers "what share of …". */
const OTHER_SHARE_FIT = 0.5;
/** The kinds of answer a section's first sentence gives for the whole section: when, where, who. */
const OPENING_KINDS: ReadonlySet<AnswerKind> = new Set(['date', 'place', 'person']);
/** How well an amount the question itself names ("the Thai three") answers "how many". */
const NAMED_AMOUNT_FIT = 0.3;
/** Share of its content a sentence about where the facts come from keeps ("The date, chair and theme all come from one source"). */
const SOURCE_NOTE_CONTENT = 0.5;
/** What a sentence loses when neither it, its heading nor its page holds a place the question names. */
const PLACE_MISSING = 0.3;
/** What a sentence loses when another sentence of its section holds a number the question names and it does not. */
const NUMBER_MISSING = 0.2;

const bit = (g: number) => (g < 31 ? 1 << g : 0);

/** A sentence (or list item, or table row) of a section, with its terms. */
export interface AnalyzedSentence {
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  /** Stems of its own words only (no glossary expansions): what it spells out. */
  readonly stems: ReadonlySet<string>;
  /** True for list items and table rows, and for the later sentences of a list item. */
  readonly item: boolean;
  /** Index of the first sentence of its list item (its own index when it starts one, or is no item). */
  readonly head: number;
  /** True for a sentence that introduces a list ("…three aims:" followed by items). */
  readonly leadIn: boolean;
  /** A lead-in's items' terms (empty for other sentences): a lead-in holds what its items hold. */
  readonly itemTerms: ReadonlySet<string>;
  readonly evidence: Evidence;
  /**
   * Terms of its subject: the words before its first "is", "has", "was"… (at most five). "The
   * Shepherd advises…" is about the Shepherd; "Indonesia is the Shepherd now" is about Indonesia.
   */
  readonly lead: ReadonlySet<string>;
  /** The latest year it mentions (0 when none). */
  readonly year: number;
  /** It says it gives the present state ("the latest count", "now", "currently"). */
  readonly recent: boolean;
  /** Stems of the words around its amounts (see `amountNeighbours`). */
  readonly counts: ReadonlySet<string>;
  /** Its amounts as digits ("three cities" → 3): which numbers it gives. */
  readonly amounts: ReadonlySet<string>;
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
  /** Every kind it asks for: "Who drafted the ASCF and when was it adopted?" asks who and when. */
  readonly headingKinds: ReadonlySet<AnswerKind>;
  /** True when the heading asks about the present ("Who chairs the ASCN now?"). */
  readonly headingRecent: boolean;
}

/** Splits a section's text into sentences and analyses each (cache the result per section). */
export function analyzeSentences(text: string): AnalyzedSentence[] {
  const parts = sentenceLines(text);
  let listUnknown = false;
  let itemLine = -1;
  let itemHead = -1;
  const units = parts.map(({ text: s, line }, i) => {
    const starts = ITEM_MARKER.test(s);
    if (starts) {
      itemLine = line;
      itemHead = i;
    }
    // "2. Candidature: candidate cities have attended… Three cities attended…": one item.
    const item = starts || line === itemLine;
    const evidence = evidenceOf(s);
    // The items of "Our sources do not give these points:" are things not known.
    if (!item) listUnknown = evidence.notKnown && s.endsWith(':');
    else if (listUnknown) evidence.notKnown = true;
    // An item's marker ("3. ") is no number of the text.
    const analysis = analyze(starts ? s.replace(ITEM_MARKER, '') : s);
    return {
      text: s,
      terms: new Set(analysis.terms),
      stems: new Set(analysis.words.filter((w) => !STOPWORDS.has(w)).map(stem)),
      item,
      head: item ? itemHead : i,
      leadIn: !item && s.endsWith(':') && ITEM_MARKER.test(parts[i + 1]?.text ?? ''),
      itemTerms: NO_TERMS as Set<string>,
      evidence,
      lead: new Set(analyze(subjectWords(analysis.words).join(' ')).terms),
      year: Math.max(0, ...[...s.matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => Number(m[0]))),
      recent: asksForLatest(s),
      counts: evidence.number ? amountNeighbours(s) : new Set<string>(),
      amounts: evidence.number ? amountsOf(s) : new Set<string>(),
    };
  });
  // Once per section, not per question: every question scores a lead-in by its items' terms.
  units.forEach((u, i) => {
    if (!u.leadIn) return;
    const itemTerms = new Set<string>();
    for (let k = i + 1; k < units.length && units[k]!.item; k++)
      for (const t of units[k]!.terms) itemTerms.add(t);
    u.itemTerms = itemTerms;
  });
  return units;
}

const NO_TERMS: ReadonlySet<string> = new Set();

const VERB = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'can', 'may']);

/** The words of a sentence (its marker left out) before its first auxiliary verb, at most five. */
function subjectWords(sentence: readonly string[]): string[] {
  const ws = sentence.slice(0, 5);
  const verb = ws.findIndex((w) => VERB.has(w));
  return verb === -1 ? ws : ws.slice(0, verb);
}

export function analyzeSection(s: {
  text: string;
  headingPath: readonly string[];
  title: string;
  tags: readonly string[];
}): AnalyzedSection {
  const heading = s.headingPath.length > 1 ? s.headingPath[s.headingPath.length - 1]! : s.title;
  let own: ReadonlySet<string> | undefined;
  return {
    units: analyzeSentences(s.text),
    heading: new Set(analyze(s.headingPath.slice(1).join('\n') || s.title).terms),
    context: new Set(analyze(`${s.title}\n${s.tags.join(' ')}`).terms),
    // Only a question that names a place looks at these: analysed on first use.
    get own() {
      own ??= new Set(analyze(`${s.headingPath.join('\n')}\n${s.text}`).terms);
      return own;
    },
    headingStems: [
      ...new Set(
        words(heading)
          .filter((w) => !STOPWORDS.has(w))
          .map(stem),
      ),
    ],
    headingKind: headingKindOf(heading),
    headingKinds: headingKindsOf(heading),
    headingRecent: asksForLatest(heading),
  };
}

/** Headings that name a list rather than ask: "Cities in Thailand", "List of annual meetings". */
const LIST_HEADING = /^(?:list of\b|[a-z]+(?:ies|[^s]s)\b(?! (?:is|are|was|were|has|have)\b))/i;

/**
 * The kind of answer a section's heading promises: a question's kind ("How many cities …?"), a
 * list for a heading that names several things ("Cities in Thailand"), else none.
 */
function headingKindOf(heading: string): AnswerKind {
  if (/\?\s*$/.test(heading)) return answerKind(heading);
  const first = words(heading)[0] ?? '';
  return LIST_HEADING.test(heading.trim()) && !STOPWORDS.has(first) ? 'list' : 'other';
}

/**
 * "What is the Shepherd": a role is defined by what it does, so a section headed "What does the
 * ASCN Shepherd do?" answers a definition question as well as one headed "What is …?".
 */
function definesRole(kind: AnswerKind, section: AnalyzedSection): boolean {
  return kind === 'definition' && section.headingKinds.has('role');
}

/** "…and when was it adopted?": a second question joined to the first. */
const SECOND_QUESTION = /\s+and\s+(?=(?:who|when|where|what|which|how|why)\b)/i;

function headingKindsOf(heading: string): ReadonlySet<AnswerKind> {
  const kinds = new Set<AnswerKind>([headingKindOf(heading)]);
  if (/\?\s*$/.test(heading)) {
    const parts = heading.split(SECOND_QUESTION);
    if (parts.length > 1) for (const part of parts) kinds.add(answerKind(part));
  }
  return kinds;
}

/**
 * Each sentence's scores, by its index in the section: typed arrays, for a question scores the
 * sentences of a dozen sections and objects per sentence were much of what it allocated.
 */
interface Scored {
  /** Idf-weighted share of the question the sentence holds (heading concepts at half weight). */
  readonly content: Float64Array;
  /** How well it (or the sentence after it) holds the kind of answer asked for, 0…1. */
  readonly fit: Float64Array;
  /** Share of the question held by the sentence, its heading and its page title together. */
  readonly reach: Float64Array;
  /** content + KIND_BONUS × how well the sentence fits the kind of answer asked for. */
  readonly score: Float64Array;
  /** Bit g is set when the sentence holds the question's concept g (the first 31 concepts). */
  readonly matched: Int32Array;
}

function scoredFor(n: number): Scored {
  return {
    content: new Float64Array(n),
    fit: new Float64Array(n),
    reach: new Float64Array(n),
    score: new Float64Array(n),
    matched: new Int32Array(n),
  };
}

/** Scores that `sectionFit` reads and forgets at once, reused from section to section. */
let scratch = scoredFor(64);
function scratchFor(n: number): Scored {
  if (scratch.score.length < n) scratch = scoredFor(2 * n);
  return scratch;
}
/** Each sentence's own fit to the kind asked for, reused the same way (see scoreUnits). */
let aloneScratch = new Float64Array(64);

const NONE: readonly number[] = [];

/**
 * The question's concepts' weights for answers of `kind` ("which years", "role of": words that
 * tell the kind of answer weigh nothing), their sum, and which say something ("smart" in "what is
 * smart sisters" is on every page). Once per question and kind: a question is scored against the
 * sentences of many sections.
 */
function weightsOf(
  plan: QueryPlan,
  kind: AnswerKind,
): { weights: number[]; total: number; telling: boolean[] } {
  let byKind = weightsCache.get(plan);
  if (!byKind) {
    byKind = new Map();
    weightsCache.set(plan, byKind);
  }
  let found = byKind.get(kind);
  if (!found) {
    const weights = plan.groups.map((g) => (isKindWord(kind, g.word) ? 0 : g.weight));
    const heaviest = Math.max(0, ...weights);
    found = {
      weights,
      total: weights.reduce((sum, w) => sum + w, 0),
      telling: weights.map((w) => w > 0 && w >= TELLING_SHARE * heaviest),
    };
    byKind.set(kind, found);
  }
  return found;
}
const weightsCache = new WeakMap<
  QueryPlan,
  Map<AnswerKind, { weights: number[]; total: number; telling: boolean[] }>
>();

function scoreUnits(
  plan: QueryPlan,
  section: AnalyzedSection,
  kind: AnswerKind,
  into: Scored = scoredFor(section.units.length),
): { scored: Scored; total: number } {
  const { weights, total, telling } = weightsOf(plan, kind);
  const inHeading = plan.groups.map((g) => groupMatches(g, section.heading));
  // Numbers the question names ("the 6th meeting", "in 2026") that some sentence of the section
  // holds but the heading does not: a sentence without them is about another one.
  const numbered = plan.groups.map(
    (g, k) =>
      g.place &&
      isNumber(g) &&
      !inHeading[k] &&
      section.units.some((u) => groupMatches(g, u.terms)),
  );
  // …unless it points back to an earlier sentence with the number and holds a telling concept
  // of the question that no sentence with the number holds: "who was Mandalay's CSCO in 2018" is
  // answered by "The same article named Ye Myat Thu as Mandalay's CSCO at that time", after the
  // sentence that dates the article.
  const numberedAt = numbered.map((on, k) =>
    on
      ? section.units.flatMap((u, i) => (groupMatches(plan.groups[k]!, u.terms) ? [i] : []))
      : NONE,
  );
  const inContext = plan.groups.map((g) => groupMatches(g, section.context));
  const { units } = section;
  const latest = latestOf(plan);
  const yearOk = yearOf(plan);
  let newest = 0;
  if (latest) for (const u of units) newest = Math.max(newest, u.year);
  const opening = units[0] && !units[0].item && !units[0].leadIn ? units[0] : undefined;
  // How well each sentence alone holds the kind of answer asked for. "How many USASCP projects":
  // an amount of the thing asked about beats any other amount ("five committed collaborators").
  // "How many cities after the Thai three joined": a sentence whose only amounts are numbers the
  // question itself names ("three candidature cities") does not give the number asked for.
  const namedAmounts = namedNumbers(plan);
  const unknownAsked = unknownOf(plan);
  const contactAsked = contactOf(plan);
  const exampleAsked = exampleOf(plan);
  const clockAsked = clockOf(plan);
  // A place's short form spelled out ("Bandar Seri Begawan (BSB)") defines the place, not the
  // project asked about, unless the question asks what the short form stands for.
  const expansion = expansionOf(plan);
  // "source of the 34 cities figure": then the sentence about the source is the answer.
  const asksSource = plan.groups.some((g) => g.stems.includes('sourc'));
  // "Which ministry leads ascn for lao pdr": when no sentence holds both the place asked about and
  // the kind of answer, the sentence that says it is not known for that place answers.
  const placeUnknown =
    kind === 'person' &&
    placeAskedOf(plan) &&
    !units.some((u) => matchesPlaces(plan, u.terms) && unitFit(kind, u, yearOk) >= 1);
  if (aloneScratch.length < units.length) aloneScratch = new Float64Array(2 * units.length);
  const alone = aloneScratch;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    let fit = unitFit(kind, u, yearOk);
    if (kind === 'number' && fit === 1 && u.evidence.number) {
      if (u.amounts.size > 0 && [...u.amounts].every((a) => namedAmounts.has(a)))
        fit = NAMED_AMOUNT_FIT;
      else if (!countsAsked(plan, u)) fit = OTHER_AMOUNT_FIT;
      // "What share of the region's growth": a percentage, not a count of people (a section
      // whose best sentence has no percentage ranks below one whose has).
      if (shareOf(plan) && !PERCENTAGE.test(u.text)) fit = Math.min(fit, OTHER_SHARE_FIT);
    }
    // "For which countries is no lead agency recorded": the sentence that says what is not known.
    if ((unknownAsked || (placeUnknown && matchesPlaces(plan, u.terms))) && u.evidence.notKnown)
      fit = 1;
    // "Who can give me the draft": the sentence that says whom to ask.
    if (contactAsked) fit = tellsWhom(u.text) ? 1 : Math.min(fit, 0.5);
    // "if it's 10am in Singapore, what time is it in Yangon": the sentence that converts a clock
    // time, not a zone's offset alone.
    if (kind === 'zone' && clockAsked && !CLOCK.test(u.text)) fit = Math.min(fit, 0.6);
    // "Example project that fits the quality environment area": the sentence that gives one
    // ("water projects such as …"), not the one that says what the area is.
    if (exampleAsked && EXAMPLE_CUE.test(u.text)) fit = Math.max(fit, 1);
    // …and one that only lists examples ("Examples of single-source facts are …") does not say
    // what a thing is or how it is done when no example is asked for.
    else if (!exampleAsked && EXAMPLES_ONLY.test(u.text)) fit = Math.min(fit, 0.5);
    alone[i] = fit;
  }
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    // A list lead-in holds what its items hold (at half weight: an item that holds it all wins).
    const itemTerms = u.leadIn ? u.itemTerms : undefined;
    const terms = u.terms;
    let own = 0;
    let heading = 0;
    let reached = 0;
    // What reach is a share of: the question's weights, an everyday word that the sentence, its
    // heading and its page all lack counting only its missShare.
    let reachable = 0;
    let topical = false;
    let named = false;
    let placed = false;
    let subject = false;
    let spells = false;
    let matched = 0;
    let otherNumber = false;
    // A plain loop: a closure per sentence would allocate its captured counters on the heap.
    for (let g = 0; g < plan.groups.length; g++) {
      const group = plan.groups[g]!;
      const inTerms = groupMatches(group, terms);
      if (
        numbered[g] &&
        !inTerms &&
        !(
          ANAPHOR.test(u.text) &&
          numberedAt[g]![0]! < i &&
          plan.groups.some(
            (other, k) =>
              telling[k] &&
              !numbered[k] &&
              groupMatches(other, terms) &&
              !numberedAt[g]!.some((h) => groupMatches(other, units[h]!.terms)),
          )
        )
      )
        otherNumber = true;
      if (inTerms) {
        own += weights[g]!;
        matched |= bit(g);
        if (telling[g] && groupMatches(group, u.lead)) subject = true;
        if (telling[g] && (!group.place || expansion) && spellsOut(group, u.stems)) spells = true;
      } else if (itemTerms && groupMatches(group, itemTerms)) {
        heading += weights[g]!;
        matched |= bit(g);
      } else if (inHeading[g]) heading += weights[g]!;
      // Reach counts the sentence's own words (not its list's), its heading and its page.
      const here = inHeading[g] || inTerms;
      if (here || inContext[g]) reached += weights[g]!;
      reachable += here || inContext[g] ? weights[g]! : weights[g]! * group.missShare;
      if (here && isTopic(group, kind) && weights[g]! > 0) topical = true;
      if (group.place && !isNumber(group) && !group.guessed) {
        named = true;
        if (here || inContext[g]) placed = true;
      }
    }
    const elsewhere = named && !placed;
    const content =
      (total === 0 ? 0 : (own + HEADING_SHARE * heading) / total) *
      (SOURCE_NOTE.test(u.text) && !asksSource ? SOURCE_NOTE_CONTENT : 1);
    // A sentence that holds only the question's places ("Khon Kaen") reaches none of it.
    // …and so does one that holds none of the places the question names ("capital" without "Japan").
    const reach = reachable === 0 || !topical || elsewhere ? 0 : reached / reachable;
    // A sentence whose next (or previous) one holds the thing asked for is nearly as good: both
    // are quoted ("G20 countries were invited to the meeting" after the meeting's date).
    const next = units[i + 1];
    const prev = units[i - 1];
    let fit = Math.max(
      alone[i]!,
      next && !u.item && !next.item ? NEIGHBOUR_FIT * alone[i + 1]! : 0,
      prev && !u.item && !prev.item && !prev.leadIn ? NEIGHBOUR_FIT * alone[i - 1]! : 0,
      // …and so is one whose section's first sentence does: it says what "the meeting" is.
      i > 1 && !u.item && opening && OPENING_KINDS.has(kind) ? OPENING_FIT * alone[0]! : 0,
    );
    // "What does the Shepherd do": a sentence that starts with the thing asked about, or one that
    // spells out the short form asked about ("Department of the Interior and Local Government
    // (DILG)"). A definition of something else ("Manila's e-government services is one of…" for
    // "dilg meaning") is half one.
    if (kind === 'definition') {
      if (spells) fit = 1;
      else if (subject) fit = fit > 0 || definesRole(kind, section) ? 1 : SUBJECT_ONLY_FIT;
      else fit = Math.min(fit, 0.5);
    }
    if (kind === 'howto' && subject) fit = Math.max(fit, 0.8);
    if (kind === 'role' && subject) fit = 1;
    // The first sentence of a section usually says what it is about.
    const first = i === 0 ? (kind === 'other' || kind === 'summary' ? 0.1 : 0.02) : 0;
    // "How many cities now": the sentence with the newest year, or one that says it is the latest.
    const recent = latest
      ? (newest > 0 && u.year === newest ? 0.15 : 0) + (u.recent ? 0.15 : 0)
      : 0;
    // A sentence about somewhere else than the place the question names answers it less well.
    const away = (elsewhere ? PLACE_MISSING : 0) + (otherNumber ? NUMBER_MISSING : 0);
    // "dilg meaning": the sentence that spells the short form out is the answer.
    const spelled = kind === 'definition' && spells ? SPELLS_OUT : 0;
    into.content[i] = content;
    into.fit[i] = fit;
    into.reach[i] = reach;
    into.score[i] = content + KIND_BONUS * fit + first + recent + spelled - away;
    into.matched[i] = matched;
  }
  return { scored: into, total };
}

/**
 * Whether a sentence spells a concept out: it has the concept's own stems and every stem of one
 * of its longer alternatives ("DILG" and "Department of the Interior and Local Government").
 * Loops, not every/some: this runs for concepts of every sentence scored.
 */
function spellsOut(group: QueryGroup, stems: ReadonlySet<string>): boolean {
  if (!hasAll(group.stems, stems)) return false;
  for (const alt of group.alternatives) if (alt.length > 1 && hasAll(alt, stems)) return true;
  return false;
}

/** Whether a sentence's amounts sit next to a word of the question (its stems or alternatives). */
function countsAsked(plan: QueryPlan, u: AnalyzedSentence): boolean {
  const asked = askedTerms(plan);
  for (const t of u.counts) if (asked.has(t)) return true;
  return false;
}

/** How well one sentence fits the kind of answer asked for, 0…1 (`yearOk`: a year alone answers "which year"). */
function unitFit(kind: AnswerKind, u: AnalyzedSentence, yearOk = false): number {
  const unknown = u.evidence.notKnown;
  // "Our sources do not publish these points:" is no list of the thing, though each of its
  // items says that one thing is not known ("the names of the ten SGAC cities").
  if (kind === 'list') {
    if (u.leadIn) return unknown ? 0 : 1;
    if (u.item) return unknown ? 0.6 : 1;
    return unknown ? 0.6 : listLike(u.text);
  }
  if (kind === 'howto') return unknown ? 0 : u.leadIn || u.item ? 1 : kindFit(kind, u.evidence);
  if (kind === 'date' && u.evidence.date && !u.evidence.fullDate) return yearOk ? 1 : 0.6;
  // "The date, chair and theme all come from one source (Phnom Penh Post)": a sentence about
  // where a fact comes from holds a name, but not the fact asked for.
  if (SOURCE_NOTE.test(u.text)) return SOURCE_NOTE_FIT * kindFit(kind, u.evidence);
  return kindFit(kind, u.evidence);
}

/** A sentence whose subject is where the facts around it come from ("That figure comes from one report"). */
const SOURCE_NOTE =
  /^(?:(?:the|this|that|these|those|each|all|both|our)\b[^;:.]{0,60}?)\b(?:comes?|came|rests?|all come) (?:from|on) (?:one|a single|two)\b/i;
/** How well such a sentence answers, as a share of what its words alone would give. */
const SOURCE_NOTE_FIT = 0.5;

/** A run of names: "Bandar Seri Begawan, Siem Reap and Kuala Lumpur". */
const NAME = String.raw`(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’&.-]*)*`;
const NAMES = new RegExp(String.raw`${NAME}(?:,\s+${NAME})+,?\s+(?:and|or)\s+${NAME}`);

/** Three or more short items in a row, "a, b, c and d" (not clauses set off by commas). */
const SHORT_ITEMS =
  /(?:^|[,;:]\s*)(?:(?:[^,;:()]|\([^)]*\)){1,60},\s+){2,}(?:and\s+|or\s+)?(?:[^,;:()]|\([^)]*\)){0,60}?\b(?:and|or)\b/;

/** A sentence that enumerates: names ("Bandar Seri Begawan, Siem Reap and Kuala Lumpur") 0.8, other things ("A, B, C and D") 0.6. */
function listLike(text: string): number {
  if (NAMES.test(text)) return 0.8;
  return SHORT_ITEMS.test(text) ? 0.6 : 0;
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
  kind: AnswerKind = plan.kind,
): SectionFit {
  const n = section.units.length;
  const { scored } = scoreUnits(plan, section, kind, scratchFor(n));
  let best = -1;
  let reach = 0;
  for (let i = 0; i < n; i++) {
    if (best === -1 || scored.score[i]! > scored.score[best]! + 1e-9) best = i;
    reach = Math.max(reach, scored.reach[i]!);
  }
  // A number the question names ("the 2026 meeting") that only the page's title holds, not the
  // section's heading or text: the section is about another one.
  const numberAbsent = plan.groups.some(
    (g) =>
      g.place &&
      isNumber(g) &&
      !groupMatches(g, section.heading) &&
      !section.units.some((u) => groupMatches(g, u.terms)),
  );
  const listed = positionList(plan, section) ? POSITION_BONUS : 0;
  return {
    score:
      (best === -1 ? 0 : scored.score[best]!) +
      headingFit(plan, section, kind) -
      (numberAbsent ? NUMBER_MISSING : 0) +
      listed,
    reach,
    best,
    kindFit: best === -1 ? 0 : scored.fit[best]!,
  };
}

/** `derive` of a plan, computed once per plan (a question's plan is scored against many sections). */
function perPlan<T>(derive: (plan: QueryPlan) => T): (plan: QueryPlan) => T {
  const cache = new WeakMap<QueryPlan, T>();
  return (plan) => {
    if (cache.has(plan)) return cache.get(plan) as T;
    const value = derive(plan);
    cache.set(plan, value);
    return value;
  };
}

/** Whether the plan's question names a place it asks about (not a guess to check, not a number). */
const placeAskedOf = perPlan((plan) =>
  plan.groups.some((g) => g.place && !g.guessed && !isNumber(g)),
);

/** Whether the plan's question asks about now. */
const latestOf = perPlan((plan) => asksForLatest(plan.query));

/** Whether the plan's question asks what a short form stands for ("dilg meaning", "bsb full form"). */
const expansionOf = perPlan((plan) => asksExpansion(plan.query));
/** A clock time: "10am", "3 pm", "10:00" (not a UTC offset, "+06:30"). */
const CLOCK = /\b\d{1,2}(?::\d\d)?\s*(?:am|pm)\b|(?<![+−-])\b\d{1,2}:\d\d\b/i;
const clockOf = perPlan((plan) => CLOCK.test(plan.query));
/** Whether the plan's question asks for an example ("example project that fits …", "for instance"). */
const exampleOf = perPlan((plan) => /\b(?:examples?|instances?|e\.?g)\b/i.test(plan.query));
/** A sentence that opens by giving examples: "Examples of … are", "For example, …". */
const EXAMPLES_ONLY = /^(?:examples?\b|for (?:example|instance)\b)/i;
/** A sentence that gives examples: "projects such as …", "for example …", "Examples among … are". */
const EXAMPLE_CUE = /\b(?:such as|for example|for instance|e\.g\.|examples?)\b/i;

/** Whether the plan's question asks for a share ("what share of growth", "what percent of projects"). */
const shareOf = perPlan(
  (plan) => plan.kind === 'number' && plan.groups.some((g) => asksShare(g.word)),
);
/** A percentage in a sentence: "40%", "about 26 per cent". */
const PERCENTAGE = /\d\s*%|\bper\s?cent\b/i;

/** Whether the plan's question asks what is not known ("which countries have no lead agency recorded"). */
const unknownOf = perPlan((plan) => asksForUnknown(plan.query));

/** The numbers a plan's question names, as digits ("the thai three" → 3). */
const namedNumbers = perPlan((plan) => amountsOf(plan.query));

/** Whether the plan's question asks whom to turn to ("who can give me the draft"). */
const contactOf = perPlan((plan) => asksForContact(plan.query));

/** Whether the plan's question is answered by a year alone ("which year", "since when"). */
const yearOf = perPlan((plan) => asksForYear(plan.query));

/** Every term a plan looks for: its stems, alternatives and variants. */
const askedTerms = perPlan((plan) => {
  const asked = new Set<string>();
  for (const g of plan.groups) {
    for (const t of g.stems) asked.add(t);
    for (const alt of g.alternatives) for (const t of alt) asked.add(t);
    for (const t of g.variants) asked.add(t);
  }
  return asked;
});

/**
 * How tightly the section's heading matches the question: the share of the question it holds
 * times the share of its own words the question asks about, plus a little when both ask for the
 * same kind of answer ("how many cities …" and the heading "How many cities are in the ASCN now?").
 */
function headingFit(plan: QueryPlan, section: AnalyzedSection, kind: AnswerKind): number {
  const match = headingMatch(plan, section);
  // A heading that asks another kind of question ("Why was it set up?" for "when was it set
  // up") is a weaker match than one that asks the same.
  const specific = (k: AnswerKind) => k !== 'other' && k !== 'summary';
  const sameKind =
    specific(kind) && (section.headingKinds.has(kind) || definesRole(kind, section))
      ? HEADING_KIND_BONUS
      : specific(kind) && specific(section.headingKind)
        ? -HEADING_KIND_BONUS
        : 0;
  const recent = section.headingRecent && latestOf(plan) ? HEADING_KIND_BONUS : 0;
  return HEADING_WEIGHT * match + sameKind + recent;
}

/**
 * How tightly a section's heading matches the question, 0…1: the share of the question it holds
 * times the share of its own words the question asks about.
 */
function headingMatch(plan: QueryPlan, section: AnalyzedSection): number {
  const total = plan.groups.reduce((sum, g) => sum + g.weight, 0);
  if (total === 0) return 0;
  let held = 0;
  for (const g of plan.groups) if (groupMatches(g, section.heading)) held += g.weight;
  const asked = askedTerms(plan);
  const stems = section.headingStems;
  const precision =
    stems.length === 0 ? 0 : stems.filter((t) => asked.has(t)).length / stems.length;
  return (held / total) * precision;
}

/** What a section gains when it holds the list whose item the question asks for ("the 2nd aim"). */
const POSITION_BONUS = 0.5;

/**
 * The list of a section whose n-th item the question asks for ("what is the 2nd aim", "the fourth
 * focus area"): a list of at least n items whose lead-in, the sentence before it or the section's
 * heading names what the question counts. Returns the lead-in's index and the item heads, or null.
 */
export function positionList(
  plan: QueryPlan,
  section: AnalyzedSection,
): { lead: number; items: number[] } | null {
  const position = plan.position;
  if (!position) return null;
  const { units } = section;
  for (let i = 0; i < units.length; i++) {
    if (!units[i]!.leadIn) continue;
    const items: number[] = [];
    for (let k = i + 1; k < units.length && units[k]!.item; k++)
      if (units[k]!.head === k) items.push(k);
    if (items.length < position.n) continue;
    const names = (u: AnalyzedSentence | undefined) =>
      u !== undefined && position.nouns.some((t) => u.stems.has(t));
    if (
      names(units[i]) ||
      (i > 0 && !units[i - 1]!.item && names(units[i - 1])) ||
      position.nouns.some((t) => section.headingStems.includes(t))
    )
      return { lead: i, items };
  }
  return null;
}

/** Sentences without a heading or page around them. */
const bare = (units: readonly AnalyzedSentence[]): AnalyzedSection => ({
  units,
  heading: new Set(),
  context: new Set(),
  own: new Set(),
  headingStems: [],
  headingKind: 'other',
  headingKinds: new Set(['other']),
  headingRecent: false,
});

/** Joins answer parts, list items on lines of their own, up to `cap` characters. */
function join(parts: readonly string[], cap = MAX_ANSWER_CHARS): string {
  let out = '';
  for (const part of parts) {
    const next = out === '' ? part : ITEM_MARKER.test(part) ? `${out}\n${part}` : `${out} ${part}`;
    if (out !== '' && next.length > cap) break;
    out = next;
  }
  if (out.length > cap) {
    const cut = out.slice(0, cap);
    out = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), cap / 2))}…`;
  }
  return out;
}

const length = (parts: readonly string[]) =>
  parts.reduce((n, p) => n + p.length + 1, parts.length > 0 ? -1 : 0);

/**
 * The sentences of a section that answer the query. Each sentence is scored by the query
 * concepts it holds (idf-weighted; a concept only the heading holds counts half) plus a bonus
 * when it holds the kind of thing asked for: a number for "how many", a date for "when", a person
 * or body for "who", a list for "which cities", a definition for "what is"; a sentence saying
 * the thing is not known gets part of that bonus, and a sentence about somewhere else than the
 * place the question names loses some. The best wins, the earlier one on ties.
 *
 * Around the best sentence: the next one is added when the best is short, holds concepts the best
 * lacks, or holds the kind of thing the best lacks (else the one before, when it holds it); a
 * sentence that points back brings the one before. A list is quoted with its lead-in: whole when
 * the question asks for a list or steps, else only the items that hold what the question names
 * ("2026" picks the 2026 row of the table of Chairs).
 */
export function extractAnswer(
  plan: QueryPlan,
  input: string | readonly AnalyzedSentence[] | AnalyzedSection,
  kind: AnswerKind = plan.kind,
): string {
  const section: AnalyzedSection =
    typeof input === 'string'
      ? bare(analyzeSentences(input))
      : Array.isArray(input)
        ? bare(input as AnalyzedSentence[])
        : (input as AnalyzedSection);
  const { units } = section;
  if (units.length === 0) return '';
  // "What is the 2nd aim": the lead-in and that item of the list.
  const listed = positionList(plan, section);
  if (listed) {
    const head = listed.items[plan.position!.n - 1]!;
    const item: string[] = [];
    for (
      let k = head;
      k < units.length && units[k]!.item && (k === head || units[k]!.head === head);
      k++
    )
      item.push(units[k]!.text);
    return join([units[listed.lead]!.text, ...item]);
  }
  const { scored } = scoreUnits(plan, section, kind);
  let best = 0;
  for (let i = 1; i < units.length; i++)
    if (scored.score[i]! > scored.score[best]! + 1e-9) best = i;
  const unit = units[best]!;
  if (unit.leadIn || unit.item) return listAnswer(plan, units, scored, best, kind);

  const yearOk = yearOf(plan);
  const texts = (from: number, to: number) => units.slice(from, to).map((u) => u.text);
  // A sentence that points back ("It adopted…", "That report…") brings the one before it.
  const from =
    best > 0 && pointsBack(unit.text, units[best - 1]!.text) && !units[best - 1]!.item
      ? best - 1
      : best;
  const parts = texts(from, best + 1);
  const limit = kind === 'summary' ? SUMMARY_ANSWER : SHORT_ANSWER;
  const bestFit = unitFit(kind, unit, yearOk);
  let kindAfter = false;
  for (let i = best + 1; i < units.length && !units[i]!.item; i++) {
    const next = units[i]!;
    const total = length(parts) + next.text.length + 1;
    const adds = (scored.matched[i]! & ~scored.matched[best]!) !== 0;
    const kindMissing =
      i === best + 1 && unitFit(kind, next, yearOk) >= 0.6 && bestFit < unitFit(kind, next, yearOk);
    const short = i === best + 1 && unit.text.length < SHORT_SENTENCE;
    if (next.leadIn) {
      if (i === best + 1 && (kind === 'list' || kind === 'howto' || total < limit)) {
        let end = i + 1;
        while (end < units.length && units[end]!.item) end++;
        parts.push(next.text, ...texts(i + 1, end));
      }
      break;
    }
    if (total > MAX_ANSWER_CHARS) break;
    if (total <= limit || short || (i === best + 1 && (adds || kindMissing))) {
      parts.push(next.text);
      if (kindMissing) kindAfter = true;
    } else break;
    if (kind !== 'summary' && i >= best + 1) break;
  }
  const prev = from > 0 ? units[from - 1]! : undefined;
  const quotable = prev && !prev.item && !prev.leadIn;
  // The kind of thing asked for is in the sentence before, or in the section's first sentence
  // ("G20 countries were invited to the meeting" after the sentence that dates the meeting):
  // quote that one first.
  const specific = kind !== 'other' && kind !== 'summary';
  const context = [prev, from > 1 && OPENING_KINDS.has(kind) ? units[0] : undefined].find(
    (u) => u && !u.item && !u.leadIn && unitFit(kind, u, yearOk) >= 0.6,
  );
  if (
    context &&
    specific &&
    !kindAfter &&
    bestFit < 0.6 &&
    length(parts) + context.text.length < MAX_ANSWER_CHARS
  )
    parts.unshift(context.text);
  // A short sentence standing alone ("The ministers agreed to create a consultative body") gets
  // the one before it, which says what it is about…
  else if (quotable && parts.length === 1 && unit.text.length < SHORT_SENTENCE) {
    parts.unshift(prev.text);
    // …and the one before that when it points back too ("It was hosted by…").
    const before = from > 1 ? units[from - 2]! : undefined;
    if (
      before &&
      !before.item &&
      !before.leadIn &&
      ANAPHOR.test(prev.text) &&
      length(parts) + before.text.length < MAX_ANSWER_CHARS
    )
      parts.unshift(before.text);
  }
  // Still no sentence with the date, number, place or body asked for, while another sentence of
  // the section that shares the question's words holds one: quote it too, in the page's order.
  const quoted = (u: AnalyzedSentence) => parts.includes(u.text);
  // "what is WiSE, and who runs it": the second question's thing too, from another sentence.
  const { second } = plan;
  if (second && !units.some((u) => quoted(u) && unitFit(second, u, yearOk) >= 1)) {
    const wide = widened(
      units,
      scored,
      parts,
      (u) => unitFit(second, u, yearOk) >= 1 && !u.evidence.notKnown,
    );
    if (wide) return wide;
  }
  if (WIDEN_KINDS.has(kind) && !kindAfter) {
    const carries = (u: AnalyzedSentence) => unitFit(kind, u, yearOk) >= 1 && !u.evidence.notKnown;
    if (!units.some((u) => quoted(u) && carries(u))) {
      const wide = widened(units, scored, parts, carries);
      if (wide) return wide;
    }
  }
  // "who is thailand's NR today": the quoted sentences tell the past ("In 2019 … was …"), and
  // another sentence of the section says the present is not known ("Our sources do not say who
  // holds the role today"): quote that one too, though it shares none of the question's words.
  if (latestOf(plan) && !units.some((u) => quoted(u) && u.recent)) {
    const wide = widened(units, scored, parts, (u) => u.evidence.notKnown && u.recent, true);
    if (wide) return wide;
  }
  // The thing asked for is not given, and another sentence of the section that shares the
  // question's words says it is not known ("Our sources do not name the ten cities it supports"):
  // quote that one too, in the page's order, so the officer learns it is not known.
  if (!units.some((u) => quoted(u) && (unitFit(kind, u, yearOk) >= 1 || u.evidence.notKnown))) {
    const wide = widened(units, scored, parts, (u) => u.evidence.notKnown);
    if (wide) return wide;
  }
  return join(parts);
}

/**
 * The answer `parts` with one more sentence of the section, in the page's order: the best-scored
 * one that `wanted` accepts, shares the question's words (unless `wordsOptional`) and is not quoted
 * yet (no list item or lead-in). Undefined when there is none, or when the answer would grow past
 * `WIDE_ANSWER`.
 */
function widened(
  units: readonly AnalyzedSentence[],
  scored: Scored,
  parts: readonly string[],
  wanted: (u: AnalyzedSentence) => boolean,
  wordsOptional = false,
): string | undefined {
  const quoted = units.map((u) => parts.includes(u.text));
  let pick = -1;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (quoted[i] || u.item || u.leadIn || !wanted(u)) continue;
    if (!wordsOptional && scored.content[i]! <= 0) continue;
    if (pick === -1 || scored.score[i]! > scored.score[pick]!) pick = i;
  }
  if (pick === -1 || length(parts) + units[pick]!.text.length + 1 > WIDE_ANSWER) return undefined;
  return join(units.flatMap((u, i) => (quoted[i] || i === pick ? [u.text] : [])));
}

/** Kinds of answer a sentence of the section is added for when the quoted ones lack it. */
const WIDEN_KINDS: ReadonlySet<AnswerKind> = new Set(['number', 'date', 'place', 'person']);
/** …while the answer stays this short. */
const WIDE_ANSWER = 480;

/**
 * A list (or table) around its best unit: the lead-in and the items that answer. A question that
 * asks for a list or for steps gets every item. Any other gets the items that hold a place or a
 * number it names which the other items lack (the 2026 row of the table of Chairs, the Vientiane
 * row of the water pairings); else, from a lead-in, the whole list; else the best item, or the
 * whole list when other items hold concepts of the question that the best lacks. Items are quoted
 * whole while the answer stays under the cap, else by their first sentence.
 */
function listAnswer(
  plan: QueryPlan,
  units: readonly AnalyzedSentence[],
  scored: Scored,
  best: number,
  kind: AnswerKind,
): string {
  const unit = units[best]!;
  let start = unit.leadIn ? best + 1 : unit.head;
  while (start > 0 && units[start - 1]!.item) start--;
  let end = start;
  while (end < units.length && units[end]!.item) end++;
  const lead = start > 0 && units[start - 1]!.leadIn ? [units[start - 1]!.text] : [];
  const items: number[][] = [];
  for (let i = start; i < end; i++) {
    if (units[i]!.head === i || items.length === 0) items.push([i]);
    else items.at(-1)!.push(i);
  }
  const matchedOf = (item: readonly number[]) => item.reduce((m, i) => m | scored.matched[i]!, 0);
  const held = items.map(matchedOf);
  const common = held.reduce((a, m) => a & m, ~0);
  const some = held.reduce((a, m) => a | m, 0);
  let locators = 0;
  plan.groups.forEach((g, k) => {
    if (g.place) locators |= bit(k);
  });
  const telling = some & ~common & locators;
  const own = unit.item ? (held[items.findIndex((it) => it.includes(best))] ?? 0) : 0;
  let chosen: number[][];
  const whole = kind === 'list' || kind === 'howto';
  if (whole) chosen = items;
  else if (telling !== 0) chosen = items.filter((_, k) => (held[k]! & telling) !== 0);
  else if (unit.leadIn || (some & ~own) !== 0) chosen = items;
  else chosen = items.filter((it) => it.includes(best));
  const cap = whole ? MAX_LIST_CHARS : MAX_ANSWER_CHARS;
  const render = (full: boolean) => [
    ...lead,
    ...chosen.flatMap((it) =>
      full || it.includes(best) ? it.map((i) => units[i]!.text) : [units[it[0]!]!.text],
    ),
  ];
  const parts = render(true);
  return join(length(parts) <= cap ? parts : render(false), cap);
}
