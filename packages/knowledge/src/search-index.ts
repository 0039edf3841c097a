import { FOCUS_AREAS, type FocusAreaId } from '@ascn/domain';
import lunr from 'lunr';
import { type Analysis, analyze } from './analysis.js';
import { STOPWORDS } from './text.js';
import type { Section } from './types.js';

/** Field boosts: a match in a section's heading says most about it; title, tags and body count alike. */
export const FIELD_BOOSTS = { title: 1, heading: 3, tags: 1, body: 1 } as const;
export type FieldName = keyof typeof FIELD_BOOSTS;

/** The Lunr index plus what query planning needs beside it. */
export interface SearchIndex {
  readonly index: lunr.Index;
  /** Every distinct normalised content word (unstemmed), sorted: the vocabulary for typos and prefixes. */
  readonly words: readonly string[];
  /** Number of sections each term occurs in. */
  readonly df: ReadonlyMap<string, number>;
  /** Number of sections. */
  readonly n: number;
  /** Average number of terms per field, as Lunr's BM25 uses it (for scoring additions alike). */
  readonly avgFieldLength: Readonly<Record<FieldName, number>>;
}

export interface SerializedSearchIndex {
  lunr: object;
  words: string[];
  df: Array<[string, number]>;
  n: number;
  avgFieldLength: Record<FieldName, number>;
}

/** The text indexed for a section's tags: the tags, with focus-area ids also by their label. */
export function tagsText(tags: readonly string[]): string {
  return `${tags.map((t) => FOCUS_AREAS[t as FocusAreaId] ?? t).join(' ')} ${tags.join(' ')}`;
}

/** A section's fields as the index sees them. */
export function sectionFields(section: Section): Record<FieldName, Analysis> {
  return {
    title: analyze(section.title),
    heading: analyze(section.heading),
    tags: analyze(tagsText(section.tags)),
    body: analyze(section.text),
  };
}

/**
 * Adds a section's content words (as written: typos and prefixes are matched against them) to
 * `vocabulary`, and counts each of its terms once in `df` (sections per term).
 */
export function countSectionTerms(
  fields: Readonly<Record<FieldName, Analysis>>,
  vocabulary: Set<string>,
  df: Map<string, number>,
): void {
  const seen = new Set<string>();
  for (const a of Object.values(fields)) {
    for (const w of a.words) if (!STOPWORDS.has(w)) vocabulary.add(w);
    for (const t of a.terms) seen.add(t);
  }
  for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
}

/** Builds the Lunr index over title, heading, body and tags, with our analysis in place of Lunr's pipeline. */
export function buildSearchIndex(
  sections: readonly Section[],
  boosts: Readonly<Record<FieldName, number>> = FIELD_BOOSTS,
): SearchIndex {
  const builder = new lunr.Builder();
  builder.pipeline.reset();
  builder.searchPipeline.reset();
  builder.metadataWhitelist = [];
  builder.ref('id');
  for (const [field, boost] of Object.entries(boosts)) builder.field(field, { boost });

  const vocabulary = new Set<string>();
  const df = new Map<string, number>();
  const lengths: Record<FieldName, number> = { title: 0, heading: 0, tags: 0, body: 0 };
  for (const section of sections) {
    const fields = sectionFields(section);
    for (const f of Object.keys(lengths) as FieldName[]) lengths[f] += fields[f].terms.length;
    countSectionTerms(fields, vocabulary, df);
    // Lunr's tokenizer keeps array elements as they are: the analysis is ours, not Lunr's.
    builder.add({
      id: section.id,
      title: fields.title.terms,
      heading: fields.heading.terms,
      tags: fields.tags.terms,
      body: fields.body.terms,
    });
  }
  const avgFieldLength = { ...lengths };
  for (const f of Object.keys(avgFieldLength) as FieldName[])
    avgFieldLength[f] = sections.length === 0 ? 0 : lengths[f] / sections.length;
  return {
    index: builder.build(),
    words: [...vocabulary].sort(),
    df,
    n: sections.length,
    avgFieldLength,
  };
}

export function serializeSearchIndex(si: SearchIndex): SerializedSearchIndex {
  return {
    lunr: si.index.toJSON(),
    words: [...si.words],
    df: [...si.df],
    n: si.n,
    avgFieldLength: { ...si.avgFieldLength },
  };
}

export function loadSearchIndex(data: SerializedSearchIndex): SearchIndex {
  return {
    index: lunr.Index.load(data.lunr),
    words: data.words,
    df: new Map(data.df),
    n: data.n,
    avgFieldLength: data.avgFieldLength,
  };
}
