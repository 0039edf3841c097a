import lunr from 'lunr';
import type { Postings } from './search.js';
import {
  countSectionTerms,
  type FieldName,
  type SearchIndex,
  sectionFields,
} from './search-index.js';
import type { Section } from './types.js';

/** Lunr's BM25 constants (lunr.Builder's defaults), so additions score like the main index. */
const K1 = 1.2;
const B = 0.75;

/**
 * The index of additions: pages added since the main index was built (shared practices),
 * searched beside it. It is rebuilt on each addition, which costs time in proportion to the
 * additions alone, and its weights are Lunr's BM25 computed with the main index's document
 * frequencies and field lengths, so a section scores here as it would in the main index.
 */
export interface Additions {
  readonly sections: readonly Section[];
  /** `${path}#${anchor}` of each section, in order: a posting's doc number indexes this. */
  readonly refs: readonly string[];
  readonly postings: ReadonlyMap<string, Postings>;
  /** Sections per term (for the query planner's idf). */
  readonly df: ReadonlyMap<string, number>;
  /** Distinct normalised content words, sorted, and their token set (typos, prefixes). */
  readonly words: readonly string[];
  readonly vocabulary: lunr.TokenSet;
}

const TokenSet = lunr.TokenSet as unknown as {
  fromArray(sortedWords: string[]): lunr.TokenSet;
};

export const NO_ADDITIONS: Additions = {
  sections: [],
  refs: [],
  postings: new Map(),
  df: new Map(),
  words: [],
  vocabulary: TokenSet.fromArray([]),
};

const fieldDfCache = new WeakMap<lunr.Index, Map<string, number>>();

/** Number of (field, section) pairs holding `term` in a Lunr index: what lunr.idf counts (cached per index). */
function lunrFieldDf(index: lunr.Index, term: string): number {
  let cache = fieldDfCache.get(index);
  if (!cache) {
    cache = new Map();
    fieldDfCache.set(index, cache);
  }
  let n = cache.get(term);
  if (n === undefined) {
    const posting = (index as unknown as { invertedIndex: Record<string, Record<string, object>> })
      .invertedIndex[term];
    n = 0;
    if (posting)
      for (const field in posting) if (field !== '_index') n += Object.keys(posting[field]!).length;
    cache.set(term, n);
  }
  return n;
}

/** Builds the additions index for `sections` against the main index `main`. */
export function buildAdditions(
  sections: readonly Section[],
  main: SearchIndex,
  boosts: Readonly<Record<FieldName, number>>,
): Additions {
  if (sections.length === 0) return NO_ADDITIONS;
  const analyzed = sections.map((s) => sectionFields(s));
  const fieldDf = new Map<string, number>();
  const df = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const fields of analyzed) {
    countSectionTerms(fields, vocabulary, df);
    for (const a of Object.values(fields))
      for (const t of new Set(a.terms)) fieldDf.set(t, (fieldDf.get(t) ?? 0) + 1);
  }
  // The main index's statistics, as its own weights were computed with them: an added section
  // scores as it would have had it been in the main index when it was built. A term the main
  // index lacks counts the additions that hold it.
  const documentCount = main.n;
  const idfCache = new Map<string, number>();
  const idf = (term: string) => {
    let v = idfCache.get(term);
    if (v === undefined) {
      const withTerm = lunrFieldDf(main.index, term) || (fieldDf.get(term) ?? 0);
      v = Math.log(1 + Math.abs((documentCount - withTerm + 0.5) / (withTerm + 0.5)));
      idfCache.set(term, v);
    }
    return v;
  };
  const byTerm = new Map<string, Map<number, number>>();
  analyzed.forEach((fields, doc) => {
    for (const [field, a] of Object.entries(fields) as [FieldName, { terms: string[] }][]) {
      const tf = new Map<string, number>();
      for (const t of a.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      const norm = 1 - B + B * (a.terms.length / (main.avgFieldLength[field] || 1));
      for (const [t, f] of tf) {
        const score =
          Math.round(((idf(t) * (K1 + 1) * f) / (K1 * norm + f)) * boosts[field] * 1000) / 1000;
        const docs = byTerm.get(t) ?? new Map<number, number>();
        docs.set(doc, (docs.get(doc) ?? 0) + score);
        byTerm.set(t, docs);
      }
    }
  });
  const postings = new Map<string, Postings>();
  for (const [t, docs] of byTerm)
    postings.set(t, {
      docs: Uint32Array.from(docs.keys()),
      weights: Float64Array.from(docs.values()),
    });
  const words = [...vocabulary].sort();
  return {
    sections,
    refs: sections.map((s) => s.id),
    postings,
    df,
    words,
    vocabulary: TokenSet.fromArray(words),
  };
}
