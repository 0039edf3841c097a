import { readFileSync } from 'node:fs';
import lunr from 'lunr';
import wordListPath from 'word-list';
import { type Additions, NO_ADDITIONS } from './additions.js';
import { CHAT_ABBREVIATIONS, CHAT_FILLERS } from './chat-abbreviations.js';
import {
  COUNTRY_CODES,
  matchGlossary,
  matchSynonyms,
  placeNames,
  synonymWords,
} from './glossary.js';
import {
  type AnswerKind,
  ASKING_OPENERS,
  answerKind,
  asksForContact,
  CLOCK_TIME,
  CONTACT_VERBS,
  isKindWord,
  type ListPosition,
  listPosition,
  maskKindPhrases,
  readClauses,
  secondKind,
  whIs,
  withoutFrames,
} from './question.js';
import { FIELD_BOOSTS, type FieldName, type SearchIndex } from './search-index.js';
import { missShare } from './spoken.js';
import { STOPWORDS, stem, words } from './text.js';
import { WORLD_CITIES } from './world-cities.js';

/** Queries are cut to this many characters… */
export const MAX_QUERY_CHARS = 500;
/** …and to this many content words. */
export const MAX_QUERY_TERMS = 40;
/** Typo tolerance applies to words at least this long (edit distance 1). */
export const FUZZY_MIN_LENGTH = 5;
/** Prefix matching applies to a last word at least this long. */
export const PREFIX_MIN_LENGTH = 3;
/** Each part of a split compound has at least this many letters. */
const COMPOUND_MIN_PART = 3;
/** Longer unknown words are not tried as typos (hashes, codes, runs of random letters)… */
const MAX_TYPO_LENGTH = 20;
/** …and two edits are tried only up to this length: the search space grows fast with length. */
const MAX_TWO_EDIT_LENGTH = 12;
/** A stem in at most this many sections, from a word not in the vocabulary, may be a typo that stems to a rare word. */
const RARE_STEM_DF = 2;
/** At most this many unknown words of a question are tried as typos. */
const MAX_CORRECTIONS = 8;
/** At most this many completions of a prefix or corrections of a typo are tried. */
const MAX_EXPANSIONS = 24;

/**
 * Clause boosts. Exact stems count most; glossary expansions, completions of the last word and
 * typo corrections count less, so an exact match always outranks a fuzzy one.
 */
export const CLAUSE_BOOSTS = { exact: 10, glossary: 5, prefix: 3, fuzzy: 6 } as const;

/** One concept of a query (a content word, or a glossary phrase such as "ha noi") and every way a section can contain it. */
export interface QueryGroup {
  /** The normalised words as typed. */
  readonly word: string;
  /** Their stems; a section has the concept when it has all of them… */
  readonly stems: string[];
  /** …or every stem of one glossary alternative (CSCO ↔ chief smart city officer, timezone ↔ time zone)… */
  readonly alternatives: string[][];
  /** …or one of these completions (last word) or typo corrections (unknown word). */
  readonly variants: string[];
  /** How much the concept says: inverse document frequency; a word the knowledge base lacks weighs `unknownWeight`. */
  readonly weight: number;
  /** True when the knowledge base has no form of this concept at all. */
  readonly unknown: boolean;
  /** True for places and numbers (Makassar, Viet Nam, 2024): they locate a question, they are not its subject. */
  readonly place: boolean;
  /**
   * The share of `weight` that counts against a section lacking the concept (coverage, reach):
   * below 1 for everyday words ("put", "keep"), which fill chat questions; see `missShare`.
   */
  readonly missShare: number;
  /**
   * A place an officer checks a guess with ("sihanoukville is in thailand right?"): the page may
   * hold the right place instead, so a section lacking it is neither declined nor counted short.
   */
  readonly guessed?: boolean;
}

export interface QueryPlan {
  /** The question as read: chat abbreviations the pages never use written out, fillers dropped. */
  readonly query: string;
  /** The kind of answer it asks for, told after typos are corrected ("dilg meainng"). */
  readonly kind: AnswerKind;
  readonly groups: QueryGroup[];
  /** Words of the clauses after the question that ask nothing ("…? dont want to quote it wrongly"). */
  readonly aside: ReadonlySet<string>;
  /** Lunr clauses: term → boost. */
  readonly clauses: Map<string, number>;
  /** The item of a list it asks for ("the 2nd aim"), if any. */
  readonly position?: ListPosition | null;
  /** The kind a second question asks for ("…, and who runs it"), when it differs from `kind`. */
  readonly second?: AnswerKind;
}

/** Lunr's TokenSet constructors, which @types/lunr does not declare. */
const TokenSet = lunr.TokenSet as unknown as {
  fromArray(sortedWords: string[]): lunr.TokenSet;
  fromString(pattern: string): lunr.TokenSet;
  fromFuzzyString(word: string, editDistance: number): lunr.TokenSet;
};

const CHAT_FILLER_WORDS: ReadonlySet<string> = new Set(CHAT_FILLERS);

/**
 * The message with the chat abbreviations the pages never use ("this yr", "tech") written out,
 * the chat fillers ("btw", "fyi", "lah") left out and "what's" read as "what is", so that every
 * reading of the question (its words, its kind, whether it asks about now) sees "this year", and
 * then, when the asker's year is given, that year's number instead (see THIS_YEAR).
 */
function plainChat(searcher: Searcher, text: string, year?: number): string {
  if (ABOUT_YOU.test(text)) return 'what is the ascn assistant';
  // "who made you": the pages do not say, and "made" is no question about the network.
  if (WHO_MADE_YOU.test(text)) return '';
  let plain = text.replace(ADDRESS, ' ').replace(LUNR_FIELD, '').replace(LUNR_MODIFIER, '');
  plain = fullYears(whIs(plain))
    .replace(EURO_TOURNAMENT, 'uefa championship ')
    .replace(CLOCK_24H, (_, h: string) =>
      Number(h) < 12 ? `${Number(h)}am` : `${Number(h) - 12 || 12}pm`,
    );
  return plain
    .replace(CHAT_TOKEN, (token) => {
      const w = token.toLowerCase();
      const country = COUNTRY_CODES.get(w);
      if (country) return country;
      if (isKnown(searcher, w)) return token;
      return CHAT_ABBREVIATIONS.get(w) ?? (CHAT_FILLER_WORDS.has(w) ? '' : token);
    })
    .replace(/ {2,}/g, ' ')
    .replace(THIS_YEAR, (phrase) => (year === undefined ? phrase : String(year)))
    .trim();
}

/**
 * "chair this year?", "this yr's meeting": the asker's year, written out when the knowledge base
 * knows today's date, so that a page's "in 2026" answers it (and a year no page covers is not
 * answered with another year's facts).
 */
const THIS_YEAR = /\bthis year\b/gi;

/** "10:00 singapore time": a clock time, read as "10am" (the minutes do not change the answer). */
const CLOCK_24H = /\b([01]?\d|2[0-3]):[0-5]\d\b/g;

/** "euro 2024": the football championship, not an amount in euros (see SYNONYM_GROUPS). */
const EURO_TOURNAMENT = /\beuro\s+(?=(?:19|20)\d\d\b)/gi;

/** A greeting a message may open with ("hi, …", "hello! …"). */
const GREETING = String.raw`(?:(?:hi|hello|hey)\b[\s,!]*)?`;

/**
 * A message that asks only about the one it is sent to ("who are you", "what can you do", "how do
 * you work"): it asks what the ASCN Assistant is. ("what do you know about the shepherd" asks
 * about the Shepherd, and is not matched.)
 */
const ABOUT_YOU = new RegExp(
  String.raw`^\s*${GREETING}(?:(?:who|what)\s+(?:are|r)\s+(?:you|u)|what\s+(?:can|do)\s+(?:you|u)\s+(?:do|know)|how\s+do\s+(?:you|u)\s+work)\s*[?!.]*\s*$`,
  'i',
);

const WHO_MADE_YOU =
  /^\s*who\s+(?:made|built|created|wrote|developed|designed|programmed)\s+(?:you|u)\s*[?!.]*\s*$/i;

/** A web address or a file path ("https://asean.org/…", "../../etc/passwd"): no words to search. */
const ADDRESS =
  /\b(?:https?:\/\/|www\.)\S+|(?<!\S)(?:\.{0,2}\/(?:[\w.-]+\/)+[\w.-]*|(?:[\w.-]+\/){2,}[\w.-]*)/giu;

/**
 * Lunr's query syntax around words: a field ("title:ascn", "tags:water"), a boost or an edit
 * distance ("ascn^10", "shepard~2"). The field name and the number are no words of the question.
 */
const LUNR_FIELD = /(?<![\p{L}\p{N}])(?:title|heading|body|text|tags?):(?=[^\s:])/giu;
const LUNR_MODIFIER = /(?<=[\p{L}\p{N}*])[\^~]\d*(?:\.\d+)?/gu;

/** "the 2026-35 plan", "2018–25": the second year written out ("2026-2035"), as the pages write it. */
function fullYears(text: string): string {
  return text.replace(YEAR_RANGE, (range, from: string, dash: string, to: string) =>
    Number(to) > Number(from.slice(2)) ? `${from}${dash}${from.slice(0, 2)}${to}` : range,
  );
}

const YEAR_RANGE = /\b((?:19|20)\d\d)(\s*[-–—/]\s*)(\d\d)\b(?![-–—/]?\d)/g;

/** Whether the knowledge base has a form of `w`: its stem, or a glossary or synonym entry. */
function isKnown(searcher: Searcher, w: string): boolean {
  return searcher.has(stem(w)) || matchGlossary([w]).length > 0 || matchSynonyms([w]).length > 0;
}

/** A chat token: letters and digits ("b4", "yr"), not part of a longer word or code. */
// (A possessive ending is no part of the word: "vn's plan" is Viet Nam's.)
const CHAT_TOKEN = /(?<![\p{L}\p{N}'’-])[a-z0-9]+(?=['’]s\b|(?![\p{L}\p{N}'’-]))/giu;

/** The knobs of ranking and declining; the defaults are tuned on the eval set. */
export interface Tuning {
  /**
   * A word the knowledge base has never seen weighs this share of the rarest known word's
   * weight. Such words are often the very subject the knowledge base lacks (weather,
   * population, visa), but also chat noise and synonyms, so they weigh less than a rare known word.
   */
  unknownWeight: number;
  /**
   * An unknown word that is no English word either (a name or an acronym the pages lack: "apec",
   * "perth") weighs this share of the rarest known word's weight: it names the thing asked about.
   */
  unknownNameWeight: number;
  /** Whether a section's missing everyday words count less against it (`missShare`). */
  spokenMisses: boolean;
  /** Decline when the top section covers less than this share of the question (idf-weighted). */
  minCoverage: number;
  /**
   * Also decline when the top section matches only places and numbers of the question:
   * "population of Ha Noi" is not about anything a page on Ha Noi explains.
   */
  requireTopic: boolean;
  /** Also decline when the top section does not mention a place the question names (the answer would be about somewhere else). */
  requirePlaces: boolean;
  /**
   * Also decline a how-to question whose last word (its object: "renew my passport", "install
   * zoom") is a word the knowledge base has never seen.
   */
  requireObject: boolean;
  /**
   * Coordination: a result's Lunr score is multiplied by `coordFloor + (1 - coordFloor) × coverage`,
   * so a section holding more of the question's concepts outranks one that repeats a few.
   */
  coordFloor: number;
  /** How many of Lunr's top results are re-ranked that way. */
  rerankDepth: number;
  /** Lunr field boosts (applied when the index is built). */
  fieldBoosts: Readonly<Record<FieldName, number>>;
  /** A hit's score is multiplied by 1 + fitWeight × how well its best sentence answers (0…1.5). */
  fitWeight: number;
  /** How many hits are re-ranked by their best sentence. */
  fitDepth: number;
  /**
   * Decline a question that asks for a number, a date or a definition when the answer would hold
   * none (nor say that it is not known): "how many people live in Singapore" is not answered by a
   * sentence about the lives of citizens, nor "what is the capital of Thailand" by one that
   * mentions capitals.
   */
  requireKind: boolean;
  /** A section that lacks a place the question names has its score multiplied by this. */
  elsewhereFactor: number;
  /**
   * A section that could not be quoted as an answer (no sentence reaches `minReach` of the
   * question, or none holds the number or date asked for) has its score multiplied by this.
   */
  unquotableFactor: number;
  /**
   * Decline when no sentence of the best section, with its heading and page title, holds at
   * least this share of the question (idf-weighted): words scattered over a section are no answer.
   */
  minReach: number;
}

export const DEFAULT_TUNING: Readonly<Tuning> = {
  unknownWeight: 0.6,
  unknownNameWeight: 1,
  spokenMisses: true,
  minCoverage: 0.45,
  requireTopic: true,
  requirePlaces: true,
  requireObject: true,
  coordFloor: 0,
  rerankDepth: 20,
  fieldBoosts: FIELD_BOOSTS,
  fitWeight: 3,
  fitDepth: 10,
  minReach: 0.45,
  requireKind: true,
  elsewhereFactor: 0.5,
  unquotableFactor: 0.5,
};

/** Everything query planning needs from an index, prepared once per index. */
export interface Searcher {
  readonly si: SearchIndex;
  /** Token set of the main index's vocabulary, for prefix and typo expansion. */
  readonly vocabulary: lunr.TokenSet;
  /** Pages added since the main index was built, searched beside it. */
  readonly additions: Additions;
  /** Main-index sections replaced by additions (same page path): never returned. */
  readonly hidden: ReadonlySet<string>;
  readonly maxIdf: number;
  readonly tuning: Readonly<Tuning>;
  readonly scorer: Scorer;
  /** Weight of a query word the knowledge base does not know at all… */
  readonly unknownWeight: number;
  /** …and of one that is no English word either (a name, an acronym). */
  readonly unknownNameWeight: number;
  idf(term: string): number;
  has(term: string): boolean;
  /** Sections holding `term`, main index and additions together. */
  df(term: string): number;
}

export function createSearcher(si: SearchIndex, tuning: Partial<Tuning> = {}): Searcher {
  const scorer = createScorer(si.index);
  const vocabulary = TokenSet.fromArray([...si.words]);
  return withAdditions({ si, vocabulary, scorer, tuning }, NO_ADDITIONS, new Set());
}

/** A searcher over the same main index with another index of additions (cheap: nothing of the main index is rebuilt). */
export function withAdditions(
  base: Pick<Searcher, 'si' | 'vocabulary' | 'scorer'> & { tuning: Partial<Tuning> },
  additions: Additions,
  hidden: ReadonlySet<string>,
): Searcher {
  const t = { ...DEFAULT_TUNING, ...base.tuning };
  const { si } = base;
  const invertedIndex = (si.index as unknown as { invertedIndex: Record<string, unknown> })
    .invertedIndex;
  const n = si.n + additions.sections.length;
  const df = (term: string) => (si.df.get(term) ?? 0) + (additions.df.get(term) ?? 0);
  return {
    si,
    vocabulary: base.vocabulary,
    additions,
    hidden,
    scorer: base.scorer,
    maxIdf: Math.log((n + 1) / 0.5),
    tuning: t,
    unknownWeight: t.unknownWeight * Math.log((n + 1) / 0.5),
    unknownNameWeight: t.unknownNameWeight * Math.log((n + 1) / 0.5),
    idf: (term) => Math.log((n + 1) / (df(term) + 0.5)),
    has: (term) => Object.hasOwn(invertedIndex, term) || additions.postings.has(term),
    df,
  };
}

/** Words of the main index's and the additions' vocabularies that `set` accepts. */
function vocabularyMatching(searcher: Searcher, set: lunr.TokenSet): string[] {
  const found = searcher.vocabulary.intersect(set).toArray();
  if (searcher.additions.words.length > 0)
    for (const w of searcher.additions.vocabulary.intersect(set).toArray())
      if (!found.includes(w)) found.push(w);
  return found;
}

function expand(searcher: Searcher, set: lunr.TokenSet, word: string): string[] {
  // Typos rarely hit the first letter; requiring it keeps "buses" from becoming "uses".
  const found = vocabularyMatching(searcher, set).filter((w) => w[0] === word[0]);
  const stems = new Set<string>();
  // Shortest first: the closest completions of a prefix.
  for (const w of found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    if (w === word) continue;
    const s = stem(w);
    if (searcher.has(s)) stems.add(s);
    if (stems.size >= MAX_EXPANSIONS) break;
  }
  return [...stems];
}

const PLACES = placeNames();
/**
 * The world's cities of 100,000 people or more: one the pages never name ("perth") is where the
 * question is, outside the network, never a typo of a page's word ("penh").
 */
const WORLD_CITY_NAMES: ReadonlySet<string> = new Set(WORLD_CITIES.split('|'));

/** Words after which "us" is the United States: "the us", "which us agency", "does the us fund". */
const COUNTRY_US_BEFORE = new Set(['the', 'which', 'what', 'a', 'an', 'and', 'or', 'with']);
/** "phuket us partner", "our us counterpart": nouns that "US" describes; the pronoun "us" comes before none. */
const US_NOUNS = new Set(
  'partner partners utility utilities counterpart counterparts funding fund funds programme program embassy government side'.split(
    ' ',
  ),
);

/** Pronouns that can stand between a verb and its particle ("sign it up"), and those particles. */
const OBJECT_PRONOUNS = new Set(
  'it itself us ourselves them themselves me myself him her you'.split(' '),
);
const PARTICLES = new Set(['up', 'in', 'out', 'off', 'over', 'down', 'back']);
/**
 * Verbs that say little once the rest of their phrase is dropped as stopwords (come about, take
 * place); compared as stems, so "came", "took" and "went" are these too.
 */
const LIGHT_VERBS = new Set(['come', 'take', 'go', 'put', 'set']);

interface DraftGroup {
  words: string[];
  stems: string[];
  alternatives: string[][];
  variants: string[];
  /** True when a word of the concept is a typo correction: it counts less than an exact word. */
  fuzzy: boolean;
}

const sameTerms = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

let english: Set<string> | undefined;

/**
 * Whether `word` is an English word (word-list's 274,000 words, read on first use): such a word
 * is never "corrected" into a word of the knowledge base, because it is more likely the very
 * thing the knowledge base does not cover (hotel, password, weather) than a typo.
 */
export function isEnglishWord(word: string): boolean {
  if (!english) {
    try {
      english = new Set(readFileSync(wordListPath, 'utf8').split('\n'));
    } catch {
      english = new Set();
    }
  }
  return english.has(word);
}

/**
 * The closest vocabulary words to `word` within `distance` edits (same first letter): first those
 * that share sections with the question's other words (`context`: "servies" beside "manila
 * government" is services, not series), then the most frequent.
 */
function corrections(
  searcher: Searcher,
  word: string,
  distance: number,
  context: readonly string[] = [],
): string[] {
  const found = vocabularyMatching(searcher, TokenSet.fromFuzzyString(word, distance)).filter(
    (w) => w !== word && w[0] === word[0] && searcher.has(stem(w)),
  );
  const df = (w: string) => searcher.df(stem(w));
  const theirs = found.length > 0 ? sectionsOf(searcher, context) : undefined;
  const together = new Map(found.map((w) => [w, sharedSections(searcher, stem(w), theirs)]));
  return found.sort(
    (a, b) => together.get(b)! - together.get(a)! || df(b) - df(a) || (a < b ? -1 : 1),
  );
}

/**
 * The sections of the main index that hold at least one of `terms`, marked by number (told once
 * for all the corrections of a word); undefined when there are none.
 */
function sectionsOf(searcher: Searcher, terms: readonly string[]): Uint8Array | undefined {
  const { postings, refs } = searcher.scorer;
  let marks: Uint8Array | undefined;
  for (const t of terms) {
    const docs = postings.get(t)?.docs;
    if (!docs || docs.length === 0) continue;
    marks ??= new Uint8Array(refs.length);
    for (let i = 0; i < docs.length; i++) marks[docs[i]!] = 1;
  }
  return marks;
}

/** How many sections of the main index hold `term` and are marked in `theirs`. */
function sharedSections(searcher: Searcher, term: string, theirs: Uint8Array | undefined): number {
  const mine = searcher.scorer.postings.get(term);
  if (!mine || !theirs) return 0;
  let n = 0;
  for (let i = 0; i < mine.docs.length; i++) n += theirs[mine.docs[i]!]!;
  return n;
}

/** Whether two words are at most one edit apart (insertion, deletion, substitution or swap of neighbours). */
export function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return (
      a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    );
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const wordSets = new WeakMap<object, Set<string>>();

/** Whether `word` occurs as written in the main index or the additions. */
function inVocabulary(searcher: Searcher, word: string): boolean {
  let set = wordSets.get(searcher.si);
  if (!set) {
    set = new Set(searcher.si.words);
    wordSets.set(searcher.si, set);
  }
  return set.has(word) || searcher.additions.words.includes(word);
}

/**
 * The word of the pages that `word` spells with one letter doubled or undoubled ("twining" →
 * twinning, "begining" → beginning), if the pages hold it as written.
 */
function doubledLetter(searcher: Searcher, word: string): string | undefined {
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    const forms =
      word[i + 1] === c
        ? [word.slice(0, i) + word.slice(i + 1)]
        : [word.slice(0, i + 1) + c + word.slice(i + 1)];
    for (const f of forms) if (inVocabulary(searcher, f) && searcher.has(stem(f))) return f;
  }
  return undefined;
}

/** The word of the pages that `word` spells with two neighbouring letters swapped, if any. */
function swappedLetters(searcher: Searcher, word: string): string | undefined {
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const form = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    if (inVocabulary(searcher, form) && searcher.has(stem(form))) return form;
  }
  return undefined;
}

/** A word of the synonym groups one edit from `word` (five letters or more, same first letter). */
function officerWordNear(word: string): string | undefined {
  return synonymWords().find(
    (s) => s.length >= FUZZY_MIN_LENGTH && s[0] === word[0] && oneEditApart(word, s),
  );
}

/** An English adverb made of an English word and "-ly" (directly, basically, legally, easily). */
function isAdverb(word: string): boolean {
  if (word.length < 6 || !word.endsWith('ly') || !isEnglishWord(word)) return false;
  const base = word.slice(0, -2);
  return (
    isEnglishWord(base) ||
    (word.endsWith('ally') && isEnglishWord(word.slice(0, -4))) ||
    (word.endsWith('ily') && isEnglishWord(`${word.slice(0, -3)}y`))
  );
}

/** American endings and their British forms, as the pages spell them. */
const US_TO_UK: readonly [RegExp, string][] = [
  [/iz(e|es|ed|ing|ation|ations)$/, 'is$1'],
  [/yz(e|es|ed|ing)$/, 'ys$1'],
  [/^(program)(s?)$/, '$1me$2'],
  [/([^aeiou])er(s?)$/, '$1re$2'],
  [/([^aeiou])or(s?)$/, '$1our$2'],
  [/([aeiou])l(ed|ing)$/, '$1ll$2'],
];

/**
 * The British spelling the pages use for an American one ("urbanization" → urbanisation,
 * "program" → programme): when the pages lack the word as typed, or hold the British form at
 * least five times as often.
 */
function britishSpelling(searcher: Searcher, word: string): string | undefined {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return undefined;
  const typed = searcher.df(stem(word));
  for (const [us, uk] of US_TO_UK) {
    if (!us.test(word)) continue;
    const form = word.replace(us, uk);
    const df = searcher.df(stem(form));
    if (form !== word && df > 0 && (typed === 0 || df >= 5 * typed)) return form;
  }
  return undefined;
}

/** Stopwords long enough to be mistyped ("eaxctly", "soands", "nmber"). */
const LONG_STOPWORDS = [...STOPWORDS].filter((w) => w.length >= 4 && /^[a-z]+$/.test(w));

/** The stopword one edit away from `word`, if any: a mistyped "exactly" is no unknown subject. */
function mistypedStopword(word: string): string | undefined {
  return LONG_STOPWORDS.find((s) => oneEditApart(word, s));
}

/**
 * The ways `word` splits into two words the index knows, as their stems (timezone → time zone,
 * masterplan → master plan); none when it is no such compound.
 */
function compoundSplits(searcher: Searcher, word: string): string[][] {
  const splits: string[][] = [];
  if (word.length < 2 * COMPOUND_MIN_PART) return splits;
  for (let cut = COMPOUND_MIN_PART; cut <= word.length - COMPOUND_MIN_PART; cut++) {
    const parts = [word.slice(0, cut), word.slice(cut)];
    if (parts.some((p) => STOPWORDS.has(p))) continue;
    const stems = parts.map(stem);
    if (stems.every((t) => searcher.has(t))) splits.push(stems);
  }
  return splits;
}

/**
 * Turns any text into a query plan; never throws. Lunr syntax characters are just text here,
 * and punctuation and case change nothing. Content words become concepts (glossary phrases such
 * as "Ho Chi Minh City" are one concept); each is searched by its stem, its glossary and synonym
 * alternatives, and — when the index lacks it — by splitting a compound (timezone → time zone),
 * correcting a typo (the most frequent word within one edit, else two, for words of five letters
 * or more) or, for the last word, completing it as a prefix. `year` is the asker's year, which
 * "this year" in the question stands for (left as words when not given).
 */
export function planQuery(searcher: Searcher, input: unknown, year?: number): QueryPlan {
  let text = '';
  try {
    text = typeof input === 'string' ? input : String(input ?? '');
  } catch {
    // A value that cannot be turned into text is no query.
  }
  const query = plainChat(searcher, withoutFrames(text.slice(0, MAX_QUERY_CHARS)), year);
  const ws = words(query).map((w) => {
    // A code the index does not know ("ascn9") is taken for its letters: the number is an ordinal.
    const code = /^([a-z]{3,})\d{1,2}$/.exec(w);
    return code && !searcher.has(w) ? code[1]! : w;
  });
  // "sign itself up", "set it up": the particle back beside its verb, so "sign up" is one phrase.
  for (let i = 0; i + 2 < ws.length; i++)
    if (OBJECT_PRONOUNS.has(ws[i + 1]!) && PARTICLES.has(ws[i + 2]!))
      ws.splice(i + 1, 2, ws[i + 2]!, ws[i + 1]!);
  // "the us", "which us department", "us funding": the United States, not the pronoun; "twinned
  // with us cities" too, but not "which cities are in the network with us".
  for (let i = ws.length - 1; i >= 0; i--)
    if (
      ws[i] === 'us' &&
      (i === 0
        ? ws.length > 1
        : (COUNTRY_US_BEFORE.has(ws[i - 1]!) && (ws[i - 1] !== 'with' || i < ws.length - 1)) ||
          US_NOUNS.has(ws[i + 1] ?? ''))
    )
      ws.splice(i, 1, 'united', 'states');
  const lettersOnly = (w: string) => /^[a-z]+$/.test(w);
  const known = (w: string) => isKnown(searcher, w);
  // A hyphenated word is also joined ("e-services" → services, eservices): a joined form the
  // knowledge base does not know is dropped, its parts are searched. One it knows is searched
  // too, but a section with only the parts lacks nothing ("a project funded through JAIF"
  // answers "who implemented the jaif-funded project").
  const joined = new Set<string>();
  for (let i = ws.length - 1; i > 0; i--) {
    const w = ws[i]!;
    const before = ws[i - 1]!;
    if (w.length > before.length && w.endsWith(before))
      if (known(w)) joined.add(w);
      else ws.splice(i, 1);
  }

  // Typos: an unknown word becomes the word it most likely misspells, before anything else, so
  // that glossary and synonyms apply to the corrected word (philipine → philippine → Philippines).
  const corrected = new Set<number>();
  const last = ws.length - 1;
  let tries = 0;
  // The question's other words that tell sections apart (not "city", which is everywhere).
  const stemsOf = (skip: number) =>
    ws.flatMap((x, k) =>
      k === skip || STOPWORDS.has(x) || searcher.df(stem(x)) * 4 > searcher.si.n ? [] : [stem(x)],
    );
  // American spellings of the pages' British words: urbanization, program, center.
  for (let i = 0; i < ws.length; i++) {
    const uk = britishSpelling(searcher, ws[i]!);
    if (uk) ws[i] = uk;
  }
  // Two unknown words side by side are more likely a name the pages lack ("timor leste") than
  // two typos: neither is corrected two letters away.
  const typed = [...ws];
  const unknownAt = (k: number) => {
    const x = typed[k];
    return (
      x !== undefined &&
      lettersOnly(x) &&
      x.length >= 3 &&
      !STOPWORDS.has(x) &&
      !known(x) &&
      !isEnglishWord(x)
    );
  };
  for (let i = 0; i < ws.length && tries < MAX_CORRECTIONS; i++) {
    const w = ws[i]!;
    if (STOPWORDS.has(w) || !lettersOnly(w) || w.length < FUZZY_MIN_LENGTH) continue;
    if (known(w)) {
      // A typo whose stem happens to exist ("meeing" → "mee", from a name) is still a typo when a
      // word one letter away is far more common ("meeting").
      const rare = searcher.df(stem(w)) <= RARE_STEM_DF && !inVocabulary(searcher, w);
      const better =
        rare && !isEnglishWord(w) ? corrections(searcher, w, 1, stemsOf(i))[0] : undefined;
      if (better && searcher.df(stem(better)) >= 10 * Math.max(1, searcher.df(stem(w)))) {
        ws[i] = better;
        corrected.add(i);
      }
      continue;
    }
    // A country or a city the pages never name ("france", "perth") is where the question is, not
    // a typo of a page word ("finance", "penh").
    if (PLACES.has(w) || WORLD_CITY_NAMES.has(w)) continue;
    const stop = isEnglishWord(w) ? undefined : mistypedStopword(w);
    if (stop) {
      ws[i] = stop;
      continue;
    }
    // A compound of two known words (timezone) is split later, unless it is one letter away from
    // a known word: "mandaly" is Mandalay, not "mand" + "aly".
    const compound = compoundSplits(searcher, w).length > 0;
    // The last word may be unfinished: completing it comes first (see below)…
    if (i === last && !compound && expand(searcher, TokenSet.fromString(`${w}*`), w).length > 0) {
      // …unless it is a pages' word with two letters swapped, the commonest slip ("reporting
      // chian" is the chain, not Chiang Mai).
      const swap = swappedLetters(searcher, w);
      if (swap) {
        ws[i] = swap;
        corrected.add(i);
      }
      continue;
    }
    if (w.length > MAX_TYPO_LENGTH) continue;
    tries++;
    const englishWord = isEnglishWord(w);
    // An English word the pages lack is more likely the subject they do not cover than a typo,
    // unless it is a pages' word with a letter doubled or undoubled ("twining", "begining").
    const best = englishWord
      ? doubledLetter(searcher, w)
      : (corrections(searcher, w, 1, stemsOf(i))[0] ??
        // A typo of a word the pages put otherwise: "mandatroy" is "mandatory" (binding).
        officerWordNear(w) ??
        (!compound && w.length <= MAX_TWO_EDIT_LENGTH && !unknownAt(i - 1) && !unknownAt(i + 1)
          ? corrections(searcher, w, 2, stemsOf(i))[0]
          : undefined));
    if (best) {
      ws[i] = best;
      corrected.add(i);
    }
  }

  // The kind of answer, told from the corrected words ("dilg meainng" asks for a meaning); then
  // the words that only tell it ("full form", "how long") are no longer searched.
  // …or from the clause that asks, when the message opens with something else (its words as typed:
  // the corrected words have lost the commas between clauses). An amount or a clock time asked
  // anywhere still decides: "if the call is at 10am singapore time, what time is that in yangon".
  // (Not from the sentences before the question: "Hi, budget officer at Da Nang DOC. …is there a
  // common ASCN fund" asks for no amount.)
  const { asking, aside, aboutSender, context } = readClauses(query);
  const whole = answerKind(ws.filter((w) => !context.has(w)).join(' '));
  const clauseKind = asking === query ? 'other' : answerKind(asking);
  const kind =
    clauseKind !== 'other' && whole !== 'number' && whole !== 'zone' ? clauseKind : whole;
  // "the 2nd aim": the ordinal says which item of a list, it is no word to search for.
  const position = listPosition(ws.join(' '));
  // "who should my city contact to get in": whom to turn to is the answer; "contact" is no topic.
  const contact = asksForContact(ws.join(' '));
  ws.splice(0, ws.length, ...maskKindPhrases(ws));
  const isContent = (i: number) => !STOPWORDS.has(ws[i]!);
  const matches = [...matchGlossary(ws), ...matchSynonyms(ws)].sort(
    (a, b) => b.end - b.start - (a.end - a.start),
  );

  // Glossary phrases of two or more content words are single concepts, longest first.
  const spanOf = new Map<number, DraftGroup>();
  for (const m of matches) {
    const idx: number[] = [];
    for (let i = m.start; i < m.end; i++) if (isContent(i)) idx.push(i);
    if (idx.length < 2 || idx.some((i) => spanOf.has(i))) continue;
    const group: DraftGroup = {
      words: idx.map((i) => ws[i]!),
      stems: idx.map((i) => stem(ws[i]!)),
      alternatives: [],
      variants: [],
      fuzzy: idx.some((i) => corrected.has(i)),
    };
    for (const i of idx) spanOf.set(i, group);
  }

  const groups: DraftGroup[] = [];
  const groupAt = new Map<number, DraftGroup>();
  for (let i = 0; i < ws.length; i++) {
    if (!isContent(i)) continue;
    let group = spanOf.get(i) ?? {
      words: [ws[i]!],
      stems: [stem(ws[i]!)],
      alternatives: [],
      variants: [],
      fuzzy: corrected.has(i),
    };
    const same = groups.find((g) => sameTerms(g.stems, group.stems));
    if (same) group = same;
    else if (groups.length < MAX_QUERY_TERMS) groups.push(group);
    else continue;
    groupAt.set(i, group);
  }

  // "role of", "which years": words that only say what kind of answer is wanted are no search terms.
  const kindOnly = (g: DraftGroup) =>
    g.words.length === 1 &&
    (isKindWord(kind, g.words[0]!) ||
      g.words[0] === position?.word ||
      (contact && CONTACT_VERBS.has(g.words[0]!)));
  const clauses = new Map<string, number>();
  const addClause = (term: string, boost: number) => {
    if (!searcher.has(term)) return;
    clauses.set(term, Math.max(clauses.get(term) ?? 0, boost));
  };
  // A concept of several terms spreads its boost over them, so "Ho Chi Minh City" weighs no more than "Makassar".
  for (const group of groups) {
    if (kindOnly(group)) continue;
    for (const s of group.stems)
      addClause(s, (group.fuzzy ? CLAUSE_BOOSTS.fuzzy : CLAUSE_BOOSTS.exact) / group.stems.length);
  }

  const phraseGroups = new Map<string, DraftGroup>();
  for (const m of matches) {
    const stems = m.expansion.filter((w) => !STOPWORDS.has(w)).map(stem);
    // "came about" without its "about" is just "came": no alternative for "set up".
    if (m.expansion.length > 1 && stems.length === 1 && LIGHT_VERBS.has(stems[0]!)) continue;
    // An alternative the index cannot match (every stem must occur somewhere) is no help.
    if (stems.length === 0 || !stems.every((t) => searcher.has(t))) continue;
    const touched = new Set<DraftGroup>();
    for (let i = m.start; i < m.end; i++) {
      const group = groupAt.get(i);
      if (group) touched.add(group);
    }
    // "get into the network", "came in": a phrase of small words that names a concept is one.
    if (touched.size === 0 && m.end - m.start >= 2) {
      const key = `${m.start}:${m.end}`;
      let group = phraseGroups.get(key);
      if (!group && groups.length < MAX_QUERY_TERMS) {
        group = {
          words: [ws.slice(m.start, m.end).join(' ')],
          stems,
          alternatives: [],
          variants: [],
          fuzzy: false,
        };
        phraseGroups.set(key, group);
        groups.push(group);
        for (let i = m.start; i < m.end; i++) groupAt.set(i, group);
      }
      if (group) touched.add(group);
    }
    for (const group of touched) {
      if (!group.alternatives.some((a) => sameTerms(a, stems))) group.alternatives.push(stems);
    }
    if ([...touched].some((g) => !kindOnly(g)))
      for (const s of stems) addClause(s, CLAUSE_BOOSTS.glossary / stems.length);
  }

  // Two names of one thing ("Saigon … Ho Chi Minh City") are one concept.
  for (let a = 0; a < groups.length; a++) {
    for (let b = groups.length - 1; b > a; b--) {
      const A = groups[a]!;
      const B = groups[b]!;
      const names = (x: DraftGroup, y: DraftGroup) =>
        x.alternatives.some((alt) => sameTerms(alt, y.stems));
      if (!names(A, B) && !names(B, A)) continue;
      A.words.push(...B.words);
      for (const alt of [B.stems, ...B.alternatives]) {
        if (!sameTerms(alt, A.stems) && !A.alternatives.some((x) => sameTerms(x, alt)))
          A.alternatives.push(alt);
      }
      groups.splice(b, 1);
      for (const [i, g] of groupAt) if (g === B) groupAt.set(i, A);
    }
  }

  const single = (g: DraftGroup | undefined) => (g && g.words.length === 1 ? g : undefined);

  // Prefix: a last word the index does not know may be unfinished ("governance worksh").
  const lastGroup = single(groupAt.get(last));
  const lastWord = lastGroup?.words[0];
  if (
    lastGroup &&
    lastWord &&
    !corrected.has(last) &&
    !known(lastWord) &&
    lastWord.length >= PREFIX_MIN_LENGTH &&
    /^[a-z0-9]+$/.test(lastWord)
  ) {
    for (const s of expand(searcher, TokenSet.fromString(`${lastWord}*`), lastWord)) {
      if (s === lastGroup.stems[0] || lastGroup.variants.includes(s)) continue;
      lastGroup.variants.push(s);
      addClause(s, CLAUSE_BOOSTS.prefix);
    }
  }

  // A compound the docs write as two words: timezone → time zone, masterplan → master plan.
  for (const group of groups) {
    const word = group.words[0]!;
    if (
      group.words.length > 1 ||
      searcher.has(group.stems[0]!) ||
      group.alternatives.length > 0 ||
      !lettersOnly(word)
    )
      continue;
    for (const stems of compoundSplits(searcher, word)) {
      group.alternatives.push(stems);
      for (const t of stems) addClause(t, CLAUSE_BOOSTS.glossary / stems.length);
    }
  }

  const asideGroups = new Set<QueryGroup>();
  const contextGroups = new Set<QueryGroup>();
  const choice = choiceWords(words(query));
  // Whether a concept stands somewhere in the question that `where` accepts (by word position).
  const standsWhere = (g: DraftGroup, where: (i: number) => boolean) => {
    for (const [i, x] of groupAt) if (x === g && where(i)) return true;
    return false;
  };
  const checking = checksGuess(ws);
  const plan: QueryGroup[] = groups.map((g) => {
    const known = g.stems.filter((t) => searcher.has(t));
    let weight: number;
    let unknown = false;
    if (known.length > 0) {
      weight = Math.max(...known.map(searcher.idf));
      // A concept is as common as its commonest name: "originally" is rare in the pages, but
      // "first", its synonym, is not.
      for (const alt of g.alternatives)
        if (alt.every((t) => searcher.has(t)))
          weight = Math.min(weight, Math.max(...alt.map(searcher.idf)));
    } else if (g.alternatives.length > 0)
      weight = Math.max(...g.alternatives.map((alt) => Math.max(...alt.map(searcher.idf))));
    else if (g.variants.length > 0) weight = Math.max(...g.variants.map(searcher.idf));
    else if (g.words.length === 1 && (isAdverb(g.words[0]!) || CLOCK_TIME.test(g.words[0]!))) {
      // "can my city apply directly", "basically": an adverb the pages lack says how, not what.
      weight = 0;
    } else {
      const name = g.words.length === 1 && lettersOnly(g.words[0]!) && !isEnglishWord(g.words[0]!);
      weight = name ? searcher.unknownNameWeight : searcher.unknownWeight;
      unknown = true;
    }
    if (kindOnly(g)) weight = 0;
    // "how many cities now, still 31?": the number guessed is not what a sentence should hold.
    if (
      kind === 'number' &&
      g.words.length === 1 &&
      /^\d+$/.test(g.words[0]!) &&
      !/^(?:19|20)\d\d$/.test(g.words[0]!) &&
      standsWhere(g, (i) => ws[i - 1] === 'still' || ws[i + 1] === 'right' || ws[i - 1] === 'or')
    )
      weight = 0;
    const word = g.words.join(' ');
    const isAside = g.words.every((w) => aside.has(w));
    const isContext = g.words.every((w) => context.has(w));
    const place =
      !g.words.every((w) => aboutSender.has(w)) &&
      (PLACES.has(word) ||
        (unknown && WORLD_CITY_NAMES.has(word)) ||
        /^\d+(st|nd|rd|th|s)?$/.test(word));
    const guessed =
      checking &&
      place &&
      !/^\d/.test(word) &&
      standsWhere(g, (i) => ws[i - 1] === 'in' || ws[i - 1] === 'at');
    const group = {
      word,
      guessed,
      stems: g.stems,
      alternatives: g.alternatives,
      variants: g.variants,
      weight,
      unknown,
      place,
      missShare:
        (searcher.tuning.spokenMisses && g.words.length === 1 ? missShare(word) : 1) *
        (!place && isAside ? ASIDE_MISS_SHARE : 1) *
        ((!place && g.words.every((w) => choice.has(w))) || guessed ? CHOICE_MISS_SHARE : 1) *
        (g.words.length === 1 && joined.has(word) ? 0 : 1),
    };
    if (isAside) asideGroups.add(group);
    if (isContext) contextGroups.add(group);
    return group;
  });
  // "is cauayan in thailand": the other place is what the guess is about, its subject.
  if (plan.some((g) => g.guessed))
    plan.forEach((g, i) => {
      if (g.place && !g.guessed && !/^\d/.test(g.word)) plan[i] = { ...g, place: false };
    });
  // The words of an aside ("drafting a footnote") are searched for, but weigh less: they are not
  // what is asked.
  if (asideGroups.size > 0) {
    const stemsOf = (g: QueryGroup) => [...g.stems, ...g.alternatives.flat(), ...g.variants];
    const asked = new Set(plan.filter((g) => !asideGroups.has(g)).flatMap(stemsOf));
    for (const g of asideGroups) {
      for (const t of stemsOf(g)) {
        const boost = clauses.get(t);
        if (boost !== undefined && !asked.has(t))
          clauses.set(t, boost * (contextGroups.has(g) ? CONTEXT_BOOST : ASIDE_BOOST));
      }
    }
  }
  const second = secondKind(asking, kind);
  return { query, kind, groups: plan, aside, clauses, position, ...(second ? { second } : {}) };
}

/**
 * "is this an official asean thing or just a helper tool": the words of the last alternative of
 * a choice, not said before it. The page holds one alternative, often not the officer's guess.
 */
function choiceWords(ws: readonly string[]): ReadonlySet<string> {
  const at = ws.lastIndexOf('or');
  if (at < 2 || at === ws.length - 1) return NO_CHOICE;
  const before = new Set(ws.slice(0, at));
  return new Set(ws.slice(at + 1).filter((w) => !before.has(w)));
}
const NO_CHOICE: ReadonlySet<string> = new Set();

/** "…is in thailand right?", "is it true that…", "is cauayan in thailand": a guess to check. */
function checksGuess(ws: readonly string[]): boolean {
  const lastWord = ws.at(-1);
  return (
    ASKING_OPENERS.has(ws[0] ?? '') ||
    lastWord === 'right' ||
    lastWord === 'correct' ||
    ws.join(' ').includes('is it true')
  );
}

/** What a missing word of a choice's last alternative counts (see `choiceWords`). */
const CHOICE_MISS_SHARE = 0.5;

/** …and the words of the sentences before the question, which often name what it is about. */
const CONTEXT_BOOST = 0.5;

/** How much an aside's words weigh in the search, against the question's own. */
const ASIDE_BOOST = 0.7;

/** What a missing word of a clause that asks nothing counts (see `readClauses`). */
const ASIDE_MISS_SHARE = 0.1;

/** Whether a section whose terms are `terms` contains the concept of `group`. */
export function groupMatches(group: QueryGroup, terms: ReadonlySet<string>): boolean {
  // Loops rather than every/some: this runs for every concept of every sentence ranked.
  if (hasAll(group.stems, terms)) return true;
  for (const alt of group.alternatives) if (hasAll(alt, terms)) return true;
  for (const s of group.variants) if (terms.has(s)) return true;
  return false;
}

/** Whether `terms` holds every one of `stems`. */
export function hasAll(stems: readonly string[], terms: ReadonlySet<string>): boolean {
  for (const s of stems) if (!terms.has(s)) return false;
  return true;
}

/**
 * Whether a concept is a number ("2026", "6th") rather than a named place. A char test, not a regex
 * literal: this runs for concepts of every sentence scored, and each evaluation of a literal
 * allocates a RegExp.
 */
export function isNumber(group: QueryGroup): boolean {
  const c = group.word.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** Whether a section matches some concept of the query other than a place or a number. */
export function matchesTopic(plan: QueryPlan, terms: ReadonlySet<string>): boolean {
  return plan.groups.some((group) => isTopic(group, plan.kind) && groupMatches(group, terms));
}

/**
 * Whether a concept of the question is its subject rather than where it is: places and numbers
 * locate a question, except a place's short form asked to be spelt out ("bsb full form").
 */
export function isTopic(group: QueryGroup, kind: AnswerKind): boolean {
  return (
    !group.place || (kind === 'definition' && group.alternatives.length > 0 && !isNumber(group))
  );
}

/** Whether a section mentions every place (city, member state) the query names. */
export function matchesPlaces(plan: QueryPlan, terms: ReadonlySet<string>): boolean {
  return plan.groups.every(
    (group) => !group.place || group.guessed || isNumber(group) || groupMatches(group, terms),
  );
}

/**
 * Share of the query's content (weighted by idf) that a section's terms cover, 0…1; a concept the
 * section lacks counts its `missShare` of its weight.
 */
export function coverage(plan: QueryPlan, terms: ReadonlySet<string>): number {
  let total = 0;
  let covered = 0;
  for (const group of plan.groups) {
    if (groupMatches(group, terms)) {
      covered += group.weight;
      total += group.weight;
    } else total += group.weight * group.missShare;
  }
  return total === 0 ? 0 : covered / total;
}

export interface Hit {
  readonly ref: string;
  readonly score: number;
  /** Share of the query the section covers (re-ranked hits only). */
  readonly coverage?: number;
}

/**
 * Lunr's scoring of a query made only of optional term clauses, computed straight from the
 * index's field vectors: a section scores Σ_fields (q · v_field) / |q|, exactly what
 * `index.query(q => q.term(t, { boost }))` gives, without building Lunr's per-match metadata
 * (which makes a query on a large index take a second instead of a millisecond).
 */
export interface Scorer {
  readonly refs: readonly string[];
  readonly postings: ReadonlyMap<string, Postings>;
  /** The `k` best sections for `clauses` (term → boost), best first. */
  top(clauses: ReadonlyMap<string, number>, k: number): Hit[];
}

/** A term's sections (numbers into a `refs` list) and its weight in each. */
export interface Postings {
  docs: Uint32Array;
  weights: Float64Array;
}

/** Postings to score: a main index's or the additions'. */
export interface PostingSource {
  readonly refs: readonly string[];
  readonly postings: ReadonlyMap<string, Postings>;
}

/** Per source, reused by every query: scores, which sections are touched, and the touched ones in order. */
const scratch = new WeakMap<
  PostingSource,
  { scores: Float64Array; seen: Uint8Array; touched: Uint32Array }
>();

/** The `k` best of one source for `clauses`, scaled by `scale`, skipping `hidden` refs. */
function topOf(
  source: PostingSource,
  clauses: ReadonlyMap<string, number>,
  k: number,
  scale: number,
  hidden?: ReadonlySet<string>,
): Hit[] {
  const n = source.refs.length;
  let buffers = scratch.get(source);
  if (!buffers || buffers.scores.length < n) {
    buffers = {
      scores: new Float64Array(n),
      seen: new Uint8Array(n),
      touched: new Uint32Array(n),
    };
    scratch.set(source, buffers);
  }
  // A common word of a large index touches most sections: a buffer filled in place, not an array
  // grown one push at a time (and thrown away after every query).
  const { scores, seen, touched } = buffers;
  let count = 0;
  for (const [term, boost] of clauses) {
    const p = source.postings.get(term);
    if (!p) continue;
    const { docs, weights } = p;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (seen[d] === 0) {
        seen[d] = 1;
        touched[count++] = d;
      }
      scores[d]! += boost * weights[i]!;
    }
  }
  let candidates = touched.subarray(0, count);
  if (hidden && hidden.size > 0)
    candidates = candidates.filter((d) => !hidden.has(source.refs[d]!));
  const best = topK(candidates, scores, k);
  const hits = best.map((d) => ({ ref: source.refs[d]!, score: scores[d]! * scale }));
  if (count * 4 > n) {
    scores.fill(0);
    seen.fill(0);
  } else
    for (let i = 0; i < count; i++) {
      const d = touched[i]!;
      scores[d] = 0;
      seen[d] = 0;
    }
  return hits;
}

/** Lunr's query norm: the clauses any source can match count. */
function queryScale(
  sources: readonly PostingSource[],
  clauses: ReadonlyMap<string, number>,
): number {
  let norm = 0;
  for (const [term, boost] of clauses)
    if (sources.some((s) => s.postings.has(term))) norm += boost * boost;
  return norm > 0 ? 1 / Math.sqrt(norm) : 0;
}

/**
 * The `k` best sections over several sources (the main index and the additions), scored alike,
 * best first; `hidden` refs (main sections replaced by an addition) are skipped.
 */
function topAcross(
  sources: readonly { source: PostingSource; hidden?: ReadonlySet<string> }[],
  clauses: ReadonlyMap<string, number>,
  k: number,
): Hit[] {
  const scale = queryScale(
    sources.map((s) => s.source),
    clauses,
  );
  const all = sources.flatMap(({ source, hidden }) =>
    source.refs.length === 0 ? [] : topOf(source, clauses, k, scale, hidden),
  );
  return all.sort((a, b) => b.score - a.score).slice(0, k);
}

export function createScorer(index: lunr.Index): Scorer {
  const internals = index as unknown as {
    invertedIndex: Record<string, { _index: number }>;
    fieldVectors: Record<string, { elements: number[] }>;
  };
  const termOfIndex = new Map<number, string>();
  for (const term of Object.keys(internals.invertedIndex))
    termOfIndex.set(internals.invertedIndex[term]!._index, term);
  const refs: string[] = [];
  const docOf = new Map<string, number>();
  // Sum each term's weight over the fields of a section: the query vector is the same for every field.
  const acc = new Map<string, Map<number, number>>();
  for (const [fieldRef, vector] of Object.entries(internals.fieldVectors)) {
    const ref = fieldRef.slice(fieldRef.indexOf('/') + 1);
    let doc = docOf.get(ref);
    if (doc === undefined) {
      doc = refs.length;
      refs.push(ref);
      docOf.set(ref, doc);
    }
    const el = vector.elements;
    for (let i = 0; i < el.length; i += 2) {
      const term = termOfIndex.get(el[i]!);
      if (term === undefined) continue;
      let byDoc = acc.get(term);
      if (!byDoc) {
        byDoc = new Map();
        acc.set(term, byDoc);
      }
      byDoc.set(doc, (byDoc.get(doc) ?? 0) + el[i + 1]!);
    }
  }
  const postings = new Map<string, Postings>();
  for (const [term, byDoc] of acc) {
    postings.set(term, {
      docs: Uint32Array.from(byDoc.keys()),
      weights: Float64Array.from(byDoc.values()),
    });
  }
  const scorer: Scorer = {
    refs,
    postings,
    top: (clauses, k) => topAcross([{ source: scorer }], clauses, k),
  };
  return scorer;
}

/** The `k` entries of `items` with the highest `scores`, best first (ties: earlier ref first). */
function topK(items: Uint32Array, scores: Float64Array, k: number): number[] {
  const better = (a: number, b: number) =>
    scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const order = (a: number, b: number) => (better(a, b) ? -1 : better(b, a) ? 1 : 0);
  if (items.length <= k * 4) return Array.from(items).sort(order).slice(0, k);
  // A min-heap of the best k so far; its root, the worst of them, is the bar to clear.
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[m]!, heap[l]!)) m = l;
      if (r < heap.length && better(heap[m]!, heap[r]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  let bar = -Infinity;
  for (let j = 0; j < items.length; j++) {
    const d = items[j]!;
    if (heap.length < k) {
      heap.push(d);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!better(heap[p]!, heap[i]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
      if (heap.length === k) bar = scores[heap[0]!]!;
    } else if (scores[d]! >= bar && better(d, heap[0]!)) {
      heap[0] = d;
      down(0);
      bar = scores[heap[0]!]!;
    }
  }
  return heap.sort(order);
}

/** The same ranking through Lunr's own query API (reference for tests; slow on large indexes). */
export function lunrQuery(index: lunr.Index, clauses: ReadonlyMap<string, number>): Hit[] {
  if (clauses.size === 0) return [];
  return index
    .query((q) => {
      for (const [term, boost] of clauses) q.term(term, { boost, usePipeline: false });
    })
    .map((r) => ({ ref: r.ref, score: r.score }));
}

/**
 * Runs a plan: the best `depth` sections by Lunr score, re-ranked by coverage (score × (coordFloor
 * + (1 − coordFloor) × coverage); `termsOf(ref)` gives a section's terms), best first.
 */
export function runQuery(
  searcher: Searcher,
  plan: QueryPlan,
  termsOf: (ref: string) => ReadonlySet<string>,
  depth: number = searcher.tuning.rerankDepth,
): Hit[] {
  if (plan.clauses.size === 0) return [];
  const { coordFloor } = searcher.tuning;
  const hits = topAcross(
    [{ source: searcher.scorer, hidden: searcher.hidden }, { source: searcher.additions }],
    plan.clauses,
    Math.max(depth, searcher.tuning.rerankDepth),
  ).map((h) => {
    const cov = coverage(plan, termsOf(h.ref));
    return { ref: h.ref, score: h.score * (coordFloor + (1 - coordFloor) * cov), coverage: cov };
  });
  return hits.sort((a, b) => b.score - a.score).slice(0, depth);
}
