import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deepFreeze } from '@ascn/domain';
import { buildAdditions } from './additions.js';
import { analyze } from './analysis.js';
import {
  type AnalyzedSection,
  analyzeSection,
  extractAnswer,
  positionList,
  sectionFit,
} from './answer.js';
import { type DocFile, inDocsDir, linkProblems, parseDocs, readDocs } from './docs.js';
import { buildIndexAside } from './fold.js';
import { glossary } from './glossary.js';
import { parsePage, SECTION_DEPTH } from './markdown.js';
import {
  answersPastForNext,
  asksPersonName,
  asksUnknownAttribute,
  asksUnknownYear,
  countsUnknown,
  holdsTitle,
  holdsYear,
  missesOrdinal,
  mostlyUnknown,
  namesOtherEvent,
  namesPerson,
  namesWho,
  requestsUnknownTask,
  titleAsked,
  VERB_FORM,
  yearAsked,
} from './near-miss.js';
import { asksExpansion, asksForContact, tellsWhom } from './question.js';
import {
  CLAUSE_BOOSTS,
  coverage,
  createSearcher,
  DEFAULT_TUNING,
  groupMatches,
  MAX_QUERY_CHARS,
  matchesPlaces,
  matchesTopic,
  planQuery,
  type QueryPlan,
  runQuery,
  type Searcher,
  type Tuning,
  withAdditions,
} from './search.js';
import {
  buildSearchIndex,
  FIELD_BOOSTS,
  loadSearchIndex,
  type SearchIndex,
  type SerializedSearchIndex,
  serializeSearchIndex,
  tagsText,
} from './search-index.js';
import { messageSentenceWords, STOPWORDS } from './text.js';
import {
  type AddOptions,
  type Answer,
  type DocProblem,
  formatProblem,
  type KnowledgeBase,
  type SearchOptions,
  type SearchResult,
  type Section,
} from './types.js';

const CACHE_FORMAT = 'ascn-knowledge-index';
/** The modules whose code decides what the index holds: a change to any of them invalidates index files. */
const INDEX_MODULES = ['markdown', 'analysis', 'text', 'glossary', 'search-index'];

let fingerprint: string | undefined;

/** Everything the index depends on besides the documents: the indexing code and its settings. */
function settingsFingerprint(): string {
  if (fingerprint === undefined) {
    const code = createHash('sha256');
    for (const name of INDEX_MODULES) {
      for (const ext of ['.js', '.ts']) {
        try {
          code.update(readFileSync(new URL(`./${name}${ext}`, import.meta.url)));
          break;
        } catch {
          // Built package: .js; tests run from source: .ts.
        }
      }
    }
    fingerprint = JSON.stringify({
      code: code.digest('hex'),
      depth: SECTION_DEPTH,
      boosts: FIELD_BOOSTS,
      clauses: CLAUSE_BOOSTS,
      tuning: DEFAULT_TUNING,
      glossary: glossary(),
      stop: [...STOPWORDS],
    });
  }
  return fingerprint;
}

/** Hash of the docs (path and text of every page) and of the index settings. */
export function contentHashOf(files: readonly DocFile[]): string {
  const hash = createHash('sha256').update(settingsFingerprint());
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update('\0').update(f.path).update('\0').update(f.markdown);
  }
  return hash.digest('hex');
}

/**
 * Kinds of answer that no sentence without that kind of thing can give (see `Tuning.requireKind`):
 * a number, a date, a definition ("what is the capital of Thailand" is not answered by a sentence
 * that mentions capitals).
 */
const KIND_REQUIRED: ReadonlySet<string> = new Set(['number', 'date', 'definition']);

/** A question about a task of one's own: "how do I book …", "how to renew …". */
const TASK = /^how (?:(?:do|can|could|should|would|shall)(?: (?:we|you|one))?|to) /;
/** Whether a sentence of the message asks how to do something ("Magandang hapon po. How do I renew…"). */
const asksTask = (message: string) =>
  messageSentenceWords(message).some((ws) => TASK.test(ws.join(' ')));

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;

function limitOf(opts?: SearchOptions): number {
  const n = Math.floor(Number(opts?.limit));
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
}

/** How many distinct questions' answers are kept (see `ask`). */
const ANSWERS_KEPT = 2000;

/** Fold the additions into the main index once they hold this many sections (see `fold`). */
export const DEFAULT_FOLD_AT = 64;

interface KbInit {
  sections: Section[];
  si: SearchIndex;
  /** Anchors of every page, to check the links of added documents. */
  anchors: Map<string, Set<string>>;
  contentHash: string;
  tuning?: Partial<Tuning>;
  foldAt?: number;
  /** How many distinct questions' answers are kept (default ANSWERS_KEPT; 0 keeps none). */
  answersKept?: number;
  /** Today's date: "this year" in a question is its year (default: the system clock). */
  today?: () => Date;
}

function makeKnowledgeBase(init: KbInit): KnowledgeBase {
  const boosts = init.tuning?.fieldBoosts ?? FIELD_BOOSTS;
  const foldAt = init.foldAt ?? DEFAULT_FOLD_AT;
  const today = init.today ?? (() => new Date());
  const yearNow = () => today().getUTCFullYear();
  // The main index and its sections; the additions (pages added since it was built) beside it;
  // the pages of the main index that an addition replaced.
  let main = { sections: init.sections, si: init.si };
  let base = createSearcher(main.si, init.tuning);
  let added: Section[] = [];
  let replaced = new Set<string>();
  let searcher: Searcher = base;
  let sections = init.sections;
  let byId = new Map(sections.map((s) => [s.id, s]));
  let folding: Promise<void> | undefined;
  let contentHash = init.contentHash;
  const anchors = init.anchors;
  const termsCache = new Map<string, Set<string>>();
  const sentenceCache = new Map<string, AnalyzedSection>();
  const sentencesOf = (s: Section): AnalyzedSection => {
    let analyzed = sentenceCache.get(s.id);
    if (!analyzed) {
      analyzed = analyzeSection(s);
      if (sentenceCache.size >= 5000) sentenceCache.clear();
      sentenceCache.set(s.id, analyzed);
    }
    return analyzed;
  };

  const termsOf = (id: string): Set<string> => {
    let terms = termsCache.get(id);
    if (!terms) {
      const s = byId.get(id);
      terms = s ? sectionTerms(s) : new Set();
      termsCache.set(id, terms);
    }
    return terms;
  };

  const guard = <T>(what: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      // Never a crash at question time; but say so, it is a bug.
      process.stderr.write(`@ascn/knowledge: ${what} failed: ${(error as Error).stack ?? error}\n`);
      return fallback;
    }
  };

  /**
   * The ranked hits for a plan: Lunr's best sections re-ranked by coverage (runQuery), then by how
   * well each one's best sentence answers the question (its concepts and the kind of answer asked
   * for), so the section that answers beats a page that only shares words with the question.
   */
  const rank = (plan: QueryPlan, limit: number) => {
    const { kind } = plan;
    const { fitWeight, fitDepth, minReach, requireKind, unquotableFactor } = searcher.tuning;
    const needsKind = requireKind && KIND_REQUIRED.has(kind);
    // "what does JAIF stand for": the entry that defines it beats a sentence that only uses it.
    const expansion = kind === 'definition' && asksExpansion(plan.query);
    const hits = runQuery(searcher, plan, termsOf, Math.max(limit, fitDepth)).flatMap((hit) => {
      const s = byId.get(hit.ref);
      if (!s) return [];
      const fit = sectionFit(plan, sentencesOf(s), kind);
      // A section about somewhere else than the place the question names ranks below those about it.
      const elsewhere = matchesPlaces(plan, sentencesOf(s).own)
        ? 1
        : searcher.tuning.elsewhereFactor;
      // So does one that could not be quoted: no sentence holds enough of the question, or none
      // holds the number or date asked for.
      const listed = plan.position ? positionList(plan, sentencesOf(s)) !== null : false;
      const quotable = fit.reach >= minReach && (listed || !(needsKind && fit.kindFit === 0));
      // …and one whose best sentence holds the number or date asked for only weakly (another
      // amount, or in the sentence next to it) ranks a little below one that holds it.
      // (A time zone asked for must be in the best sentence itself: the sentence before or after
      // it holding one is weak too, "sihanoukville time zone" is the city's row, not the page's
      // opening sentence followed by the range of offsets.)
      const weak =
        !listed &&
        fit.kindFit > 0 &&
        (((kind === 'number' || kind === 'date' || (kind === 'definition' && expansion)) &&
          fit.kindFit < 0.6) ||
          (kind === 'zone' && fit.kindFit < 1) ||
          (kind === 'role' && fit.kindFit < 0.6));
      const factor =
        elsewhere * (quotable ? 1 : unquotableFactor) * (weak ? (1 + unquotableFactor) / 2 : 1);
      return [{ section: s, score: hit.score * (1 + fitWeight * fit.score) * factor, fit, listed }];
    });
    // "What is the 2nd aim": when some section holds the list asked about, one without a list
    // cannot say which item is second.
    if (hits.some((h) => h.listed))
      for (const h of hits) if (!h.listed) h.score *= unquotableFactor;
    // "Who can give me the draft": a section that says whom to ask beats one that does not.
    if (asksForContact(plan.query)) {
      const tells = hits.map((h) => sentencesOf(h.section).units.some((u) => tellsWhom(u.text)));
      if (tells.some(Boolean))
        hits.forEach((h, i) => {
          if (!tells[i]) h.score *= unquotableFactor;
        });
    }
    hits.sort((a, b) => b.score - a.score);
    preferNotKnownSection(plan, hits);
    return { kind, hits: hits.slice(0, limit) };
  };

  /**
   * "any budget figure for the BSB clean river project": the page's intro shares the project's
   * name and wins on it, but only the page's "what is not known" section names the budget. When
   * the intro is first and a "not known" section of its page holds every concept the intro holds
   * and more, that section answers the question: it goes first. (Tried for any section of the
   * page, this took details the intro answers away from it.)
   */
  const preferNotKnownSection = (
    plan: QueryPlan,
    hits: Array<{ section: Section; score: number; fit: { reach: number } }>,
  ) => {
    const top = hits[0];
    if (!top || top.section.heading !== top.section.title) return;
    const groups = plan.groups.filter((g) => g.weight > 0 && g.missShare >= 0.5 && !g.place);
    const held = (s: Section) => {
      const terms = termsOf(s.id);
      return groups.map((g) => groupMatches(g, terms));
    };
    const topHeld = held(top.section);
    const at = hits.findIndex((h, i) => {
      if (i === 0 || h.section.path !== top.section.path) return false;
      if (h.fit.reach < searcher.tuning.minReach || !NOT_KNOWN_HEADING.test(h.section.heading))
        return false;
      const mine = held(h.section);
      return mine.every((m, g) => m || !topHeld[g]) && mine.some((m, g) => m && !topHeld[g]);
    });
    if (at > 0) hits.unshift(...hits.splice(at, 1));
  };

  const toResults = (hits: ReturnType<typeof rank>['hits']): SearchResult[] =>
    hits.map(({ section: s, score }) => ({
      title: s.title,
      path: s.path,
      heading: s.heading,
      anchor: s.anchor,
      score,
      text: s.text,
    }));

  const search = (query: string, opts?: SearchOptions): SearchResult[] =>
    guard('search', [], () => {
      const plan = planQuery(searcher, queryText(query), yearNow());
      return toResults(rank(plan, limitOf(opts)).hits);
    });

  // Officers ask the same questions again and again ("who chairs the ascn"), and an answer
  // depends only on the question and the index: answers are kept until a page is added, replaced
  // or folded (refresh clears them). Frozen, because every caller gets the same object.
  const answers = new Map<string, Answer>();
  const answersKept = init.answersKept ?? ANSWERS_KEPT;
  const ask = (query: string, opts?: SearchOptions): Answer => {
    // (The year is part of the key: "chair this year?" asked on New Year's Day is a new question.)
    const thisYear = yearNow();
    const key = `${limitOf(opts)}\u0000${thisYear}\u0000${typeof query === 'string' ? query : queryText(query)}`;
    const kept = answers.get(key);
    if (kept) {
      // Most recently used last, so the oldest is the first one dropped.
      answers.delete(key);
      answers.set(key, kept);
      return kept;
    }
    const answer = deepFreeze(answerOf(query, thisYear, opts));
    if (answersKept === 0) return answer;
    if (answers.size >= answersKept) answers.delete(answers.keys().next().value as string);
    answers.set(key, answer);
    return answer;
  };

  const answerOf = (query: string, thisYear: number, opts?: SearchOptions): Answer => {
    // The query as searched: long input is cut (see MAX_QUERY_CHARS), so it is echoed cut too.
    const asked = queryText(query).slice(0, MAX_QUERY_CHARS);
    return guard('ask', { query: asked, answer: null, citation: null, results: [] }, () => {
      const plan = planQuery(searcher, asked, thisYear);
      const { kind, hits } = rank(plan, limitOf(opts));
      const results = toResults(hits);
      const decline: Answer = { query: asked, answer: null, citation: null, results };
      const best = hits[0];
      if (!best) return decline;
      const top = best.section;
      // The decline rule: the best section must hold enough of the question, and more than its
      // places, and one of its sentences (with its heading) must hold most of it.
      const terms = termsOf(top.id);
      const t = searcher.tuning;
      if (coverage(plan, terms) < t.minCoverage) return decline;
      if (best.fit.reach < t.minReach) return decline;
      // (The item of a list asked for, "the 2nd aim", is quoted whatever the kind.)
      if (t.requireKind && KIND_REQUIRED.has(kind) && best.fit.kindFit === 0 && !best.listed)
        return decline;
      if (t.requireTopic && !matchesTopic(plan, terms)) return decline;
      // "how do I renew my passport": a how-to about a thing the knowledge base has never seen.
      // …and "how do I book a meeting room" (its verb), "what is the eu green deal" (the head
      // of the thing to define): a task or a thing named by a word the pages have never seen.
      // (Words of an aside after the question, "drafting a footnote", are not its object.)
      const content = plan.groups.filter((g) => g.weight > 0 && !plan.aside.has(g.word));
      if (
        t.requireObject &&
        ((kind === 'howto' &&
          ((asksTask(asked) && content[0]?.unknown) || content.at(-1)?.unknown)) ||
          (kind === 'definition' &&
            content.at(-1)?.unknown &&
            !VERB_FORM.test(content.at(-1)!.word)))
      )
        return decline;
      if (t.requirePlaces && !matchesPlaces(plan, terms)) return decline;
      // A year the pages never mention, a thing to count, a task or an attribute they have never heard of.
      if (
        asksUnknownYear(plan) ||
        countsUnknown(plan) ||
        requestsUnknownTask(plan) ||
        mostlyUnknown(plan) ||
        asksUnknownAttribute(plan, terms, top.text)
      )
        return decline;
      // "when is the next APEC leaders meeting": another body's event.
      if (namesOtherEvent(plan, searcher.unknownNameWeight) || namesWho(plan.query)) return decline;
      const answer = extractAnswer(plan, sentencesOf(top), kind);
      if (!answer) return decline;
      // Near misses: the answer shares the question's words in another sense.
      // "who is the dilg secretary" is not answered by the DILG Undersecretary or a Deputy
      // Secretary-General, nor "director of …" by a Directorate.
      // (A title in a clause after the question, "need it for the mayor's briefing", is not asked for.)
      const title = titleAsked(plan.query, kind, plan.aside);
      if (title && !holdsTitle(answer, title, plan.query)) return decline;
      // "sumedang csco name": an answer that names no person does not give it.
      if (asksPersonName(plan.query) && !namesPerson(answer)) return decline;
      // "where was the 4th asean-japan hlm": an answer about the 2nd and the 6th is about others.
      // (The answer's sentences are the section's: its heading and text hold every word of it.)
      if (!plan.position && missesOrdinal(plan.query, [top.heading, top.text])) return decline;
      // "next jcm meeting date": a sentence about past meetings does not give it.
      if (kind === 'date' && answersPastForNext(plan.query, answer, thisYear)) return decline;
      // "who hosts the summit in 2027" is not answered by a term "2025–2027".
      const year = yearAsked(plan.query);
      if (year && ![answer, top.title, top.heading, top.text].some((x) => holdsYear(x, year)))
        return decline;
      return {
        query: asked,
        answer,
        citation: { title: top.title, heading: top.heading, path: top.path, anchor: top.anchor },
        results,
      };
    });
  };

  /**
   * Makes the searcher and the section list reflect `main`, `added` and `replaced`; the analyses
   * cached for the sections of `changedPaths` are dropped (the others stay valid).
   */
  const refresh = (changedPaths: ReadonlySet<string>) => {
    const hidden = new Set(main.sections.filter((s) => replaced.has(s.path)).map((s) => s.id));
    searcher = withAdditions(base, buildAdditions(added, main.si, boosts), hidden);
    sections = [...main.sections.filter((s) => !replaced.has(s.path)), ...added];
    byId = new Map(sections.map((s) => [s.id, s]));
    answers.clear();
    for (const cache of [termsCache, sentenceCache])
      for (const id of cache.keys())
        if (changedPaths.has(id.slice(0, id.lastIndexOf('#')))) cache.delete(id);
  };

  /**
   * Adds or replaces pages. Every page is checked first (links may point to each other); then
   * the pages go into the index of additions, searched beside the main index: nothing of the
   * main index is rebuilt. Without `onBroken` it is all or none (the first broken page throws);
   * with it, broken pages are reported and skipped and the good ones added.
   */
  const addDocuments = (
    docs: ReadonlyArray<{ path: string; markdown: string }>,
    options: AddOptions = {},
  ): Section[] => {
    const { onBroken } = options;
    const known = new Map(anchors);
    const parsed: Array<{ path: string; markdown: string; page: ReturnType<typeof parsePage> }> =
      [];
    for (const doc of docs) {
      let path: string;
      try {
        path = checkDocPath(doc?.path);
        if (typeof doc.markdown !== 'string')
          throw new Error(`cannot add ${path}: markdown must be a string`);
      } catch (error) {
        if (!onBroken) throw error;
        const name = typeof doc?.path === 'string' ? doc.path : '(no path)';
        onBroken(name, [{ file: name, line: 1, message: (error as Error).message }]);
        continue;
      }
      const page = parsePage(path, doc.markdown);
      known.set(path, new Set(page.anchors));
      parsed.push({ path, markdown: doc.markdown, page });
    }
    const good: typeof parsed = [];
    for (const p of parsed) {
      const problems = [...p.page.problems, ...linkProblems(p.page, known)];
      if (p.page.sections.length === 0)
        problems.push({ file: p.path, line: 1, message: 'the page has no text to search' });
      if (problems.length === 0) {
        good.push(p);
        continue;
      }
      if (onBroken) {
        onBroken(p.path, problems);
        continue;
      }
      throw new Error(
        `cannot add ${p.path}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map(formatProblem).join('\n')}`,
      );
    }
    if (good.length === 0) return [];
    // A page given twice counts once, the last copy winning, as two single adds would.
    const last = [...new Map(good.map((p) => [p.path, p])).values()];
    const paths = new Set(last.map((p) => p.path));
    added = [...added.filter((s) => !paths.has(s.path)), ...last.flatMap((p) => p.page.sections)];
    const mainPaths = new Set(main.sections.map((s) => s.path));
    replaced = new Set([...replaced, ...[...paths].filter((p) => mainPaths.has(p))]);
    refresh(paths);
    for (const { path, page } of last) anchors.set(path, new Set(page.anchors));
    for (const { path, markdown } of good)
      contentHash = createHash('sha256')
        .update(contentHash)
        .update('\0')
        .update(path)
        .update('\0')
        .update(markdown)
        .digest('hex');
    if (added.length >= foldAt && !folding)
      fold().catch((error) =>
        process.stderr.write(`@ascn/knowledge: folding the additions failed: ${error}\n`),
      );
    return last.flatMap((p) => p.page.sections);
  };

  const addDocument = (doc: { path: string; markdown: string }): Section[] => addDocuments([doc]);

  /**
   * Folds the additions into the main index: the new main index is built aside (a worker thread),
   * while questions are still answered from the old main index and the additions; then one swap.
   * Pages added while the fold runs stay in the additions.
   */
  const fold = (): Promise<void> => {
    folding ??= (async () => {
      try {
        const snapshot = sections;
        const folded = new Set(added);
        if (folded.size === 0 && replaced.size === 0) return;
        const si = await buildIndexAside(snapshot, boosts);
        const next = createSearcher(si, init.tuning);
        const mainPaths = new Set(snapshot.map((s) => s.path));
        main = { sections: snapshot, si };
        base = next;
        added = added.filter((s) => !folded.has(s));
        // A page added again during the fold replaces the copy just folded in.
        replaced = new Set(added.map((s) => s.path).filter((p) => mainPaths.has(p)));
        refresh(new Set());
      } finally {
        folding = undefined;
      }
    })();
    return folding;
  };

  return {
    search,
    ask,
    addDocument,
    addDocuments,
    fold,
    pendingAdditions: () => added.length,
    sections: () => sections,
    get contentHash() {
      return contentHash;
    },
  };
}

/** Any value as query text; never throws (a value that cannot be turned into text is no query). */
function queryText(query: unknown): string {
  if (typeof query === 'string') return query;
  try {
    return String(query ?? '');
  } catch {
    return '';
  }
}

/** A section heading that says what the pages do not know ("What is not known about the project?"). */
const NOT_KNOWN_HEADING = /\bnot known\b/i;

/** Every term of a section, in any field: what coverage and the decline rule look at. */
function sectionTerms(s: Section): Set<string> {
  return new Set(analyze([s.title, s.heading, tagsText(s.tags), s.text].join('\n')).terms);
}

/** A document path must be relative, inside the docs, posix, ending in `.md`. */
function checkDocPath(path: unknown): string {
  if (typeof path !== 'string' || path.trim() === '')
    throw new Error('cannot add a document without a path');
  const p = path.trim();
  if (
    !/\.md$/i.test(p) ||
    p.startsWith('/') ||
    p.includes('\\') ||
    p.split('/').some((part) => part === '..' || part === '.' || part === '')
  ) {
    throw new Error(
      `cannot add ${p}: the path must be relative to the docs directory and end in .md (e.g. practices/makassar-waste.md)`,
    );
  }
  return p;
}

function anchorsFromSections(sections: readonly Section[]): Map<string, Set<string>> {
  const anchors = new Map<string, Set<string>>();
  for (const s of sections) {
    const set = anchors.get(s.path) ?? new Set<string>();
    set.add(s.anchor);
    anchors.set(s.path, set);
  }
  return anchors;
}

/** An in-memory knowledge base over `sections` (for tests and the bench; `tuning` for experiments). */
export function createKnowledgeBase(
  sections: Section[],
  tuning?: Partial<Tuning>,
  options: { foldAt?: number; answersKept?: number; today?: () => Date } = {},
): KnowledgeBase {
  const hash = createHash('sha256')
    .update(settingsFingerprint())
    .update(JSON.stringify(sections))
    .digest('hex');
  return makeKnowledgeBase({
    sections: [...sections],
    si: buildSearchIndex(sections, tuning?.fieldBoosts),
    anchors: anchorsFromSections(sections),
    contentHash: hash,
    ...(tuning ? { tuning } : {}),
    ...(options.foldAt !== undefined ? { foldAt: options.foldAt } : {}),
    ...(options.answersKept !== undefined ? { answersKept: options.answersKept } : {}),
    ...(options.today ? { today: options.today } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Building from the docs directory, and the prebuilt index file

interface CacheFile {
  format: typeof CACHE_FORMAT;
  contentHash: string;
  sections: Section[];
  anchors: Array<[string, string[]]>;
  problems: DocProblem[];
  skipped: string[];
  index: SerializedSearchIndex;
}

interface Built {
  cache: CacheFile;
  si: SearchIndex;
}

function buildFromFiles(files: readonly DocFile[], contentHash: string): Built {
  const { pages, problems } = parseDocs(files);
  const skipped = pages.filter((p) => p.broken).map((p) => p.path);
  const sections = pages.filter((p) => !p.broken).flatMap((p) => p.sections);
  const si = buildSearchIndex(sections);
  return {
    si,
    cache: {
      format: CACHE_FORMAT,
      contentHash,
      sections,
      anchors: pages.map((p) => [p.path, p.anchors]),
      problems,
      skipped,
      index: serializeSearchIndex(si),
    },
  };
}

async function readCache(cacheFile: string): Promise<CacheFile | undefined> {
  try {
    const data = JSON.parse(await readFile(cacheFile, 'utf8')) as Partial<CacheFile>;
    if (
      data?.format !== CACHE_FORMAT ||
      typeof data.contentHash !== 'string' ||
      !Array.isArray(data.sections)
    )
      return undefined;
    return data as CacheFile;
  } catch {
    return undefined; // missing or unreadable: rebuild
  }
}

async function writeCache(cacheFile: string, cache: CacheFile): Promise<void> {
  await mkdir(dirname(cacheFile), { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(cache));
  await rename(tmp, cacheFile);
}

function warnProblems(docsDir: string, cache: CacheFile, warn: (message: string) => void): void {
  for (const p of inDocsDir(docsDir, cache.problems)) warn(`warning: ${formatProblem(p)}`);
  for (const path of cache.skipped)
    warn(
      `warning: ${inDocsDir(docsDir, [{ file: path, line: 1, message: '' }])[0]!.file}: page skipped until its front matter is fixed`,
    );
}

export interface OpenOptions {
  docsDir: string;
  /** Prebuilt index; used when its content hash matches the docs, else rebuilt and rewritten. */
  cacheFile?: string;
  /** Where warnings about broken pages go (default: stderr). */
  warn?: (message: string) => void;
  /** Fold added pages into the main index once they hold this many sections (default 64). */
  foldAt?: number;
  /** Today's date: "this year" in a question is its year (default: the system clock). */
  today?: () => Date;
}

const stderrWarn = (message: string) => {
  process.stderr.write(`${message}\n`);
};

/**
 * Opens the knowledge base of `docsDir`: loads the prebuilt index from `cacheFile` when its
 * content hash matches the docs, else builds it (and writes `cacheFile` when given). Broken pages
 * are skipped with a warning.
 */
export async function openKnowledgeBase(opts: OpenOptions): Promise<KnowledgeBase> {
  const warn = opts.warn ?? stderrWarn;
  const files = await readDocs(opts.docsDir);
  const contentHash = contentHashOf(files);
  if (opts.cacheFile) {
    const cached = await readCache(opts.cacheFile);
    if (cached && cached.contentHash === contentHash) {
      try {
        const si = loadSearchIndex(cached.index);
        warnProblems(opts.docsDir, cached, warn);
        return makeKnowledgeBase({
          sections: cached.sections,
          si,
          anchors: new Map(cached.anchors.map(([p, a]) => [p, new Set(a)])),
          contentHash,
          ...(opts.foldAt !== undefined ? { foldAt: opts.foldAt } : {}),
          ...(opts.today ? { today: opts.today } : {}),
        });
      } catch {
        // A damaged index file: rebuild below.
      }
    }
  }
  const built = buildFromFiles(files, contentHash);
  warnProblems(opts.docsDir, built.cache, warn);
  if (opts.cacheFile) {
    try {
      await writeCache(opts.cacheFile, built.cache);
    } catch (error) {
      warn(
        `warning: could not write the index file ${opts.cacheFile}: ${(error as Error).message}`,
      );
    }
  }
  return makeKnowledgeBase({
    sections: built.cache.sections,
    si: built.si,
    anchors: new Map(built.cache.anchors.map(([p, a]) => [p, new Set(a)])),
    contentHash,
    ...(opts.foldAt !== undefined ? { foldAt: opts.foldAt } : {}),
    ...(opts.today ? { today: opts.today } : {}),
  });
}

/**
 * Builds the index of `docsDir` and writes it to `cacheFile` (for `ascn index` and the build
 * step). Pages with problems are reported; the caller fails the build when there are any.
 */
export async function buildIndexFile(opts: {
  docsDir: string;
  cacheFile: string;
}): Promise<{ sections: number; problems: DocProblem[] }> {
  const files = await readDocs(opts.docsDir);
  const built = buildFromFiles(files, contentHashOf(files));
  await writeCache(opts.cacheFile, built.cache);
  return {
    sections: built.cache.sections.length,
    problems: inDocsDir(opts.docsDir, built.cache.problems),
  };
}
