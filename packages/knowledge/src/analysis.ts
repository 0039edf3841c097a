import { matchGlossary } from './glossary.js';
import { STOPWORDS, stem, words } from './text.js';

/** Text as the index sees it. */
export interface Analysis {
  /** Normalised words, stopwords included, in order. */
  readonly words: readonly string[];
  /** Stemmed content words, then the stems of glossary expansions (each once). */
  readonly terms: string[];
}

/**
 * Analyses text the way both the index and queries do: words → glossary expansion (CSCO ↔ chief
 * smart city officer, HCMC ↔ Ho Chi Minh City) → stopwords dropped → Porter stems.
 */
export function analyze(text: string): Analysis {
  const ws = words(text);
  const terms: string[] = [];
  for (const w of ws) if (!STOPWORDS.has(w)) terms.push(stem(w));
  const seen = new Set(terms);
  for (const match of matchGlossary(ws)) {
    for (const w of match.expansion) {
      if (STOPWORDS.has(w)) continue;
      const s = stem(w);
      if (!seen.has(s)) {
        seen.add(s);
        terms.push(s);
      }
    }
  }
  return { words: ws, terms };
}

/** The index terms of `text` (stems, glossary expansions included). */
export function tokenize(text: string): string[] {
  return analyze(text).terms;
}
