import { ADVERBS } from './adverbs.js';
import { RARE_SURPRISAL, SPOKEN_COUNTS, SPOKEN_TOTAL } from './spoken-words.js';

/**
 * How much a question's word that a section lacks counts against that section, from how often
 * people say the word (SUBTLEX-US counts; see spoken-words.ts).
 *
 * The knowledge base weighs a word by how rare it is in the pages, and the pages are formal prose:
 * officers' everyday words ("put together", "on the table", "i keep hearing about", "nothing comes
 * up") are rare there, so they weighed like the question's subject, and a section that answers was
 * declined for lacking them. A word rare in everyday speech ("shepherd", "gdp", "password") is
 * likely the subject: missing, it counts in full. The commonest ("put", "keep", "come") count
 * `COMMON_MISS_SHARE`; in between, the share grows with the word's surprisal, ln(total / count).
 * An adverb ("originally", "exactly", "sometime": WordNet's words that are never nouns or verbs)
 * says how or when, not what is asked about, however rare: it counts as little as the commonest.
 * Only misses are discounted: a common word that a section holds counts in full for it.
 */
export function missShare(word: string): number {
  if (adverbs().has(word) || PRECISION.has(word)) return COMMON_MISS_SHARE;
  const count = spokenCounts().get(word);
  if (count === undefined) return 1;
  const surprisal = Math.log(SPOKEN_TOTAL / count);
  const share = (surprisal - COMMON_SURPRISAL) / (RARE_SURPRISAL - COMMON_SURPRISAL);
  return Math.min(1, Math.max(COMMON_MISS_SHARE, share));
}

/**
 * Adjectives that ask for precision, not for a thing ("exact launch date", "full title", "the
 * complete list"): like an adverb, they say how the answer should be, not what it is about.
 */
const PRECISION = new Set(['exact', 'precise', 'specific', 'full', 'complete']);

/** At this surprisal or under (said once in 400 words or more often), a miss counts the least… */
const COMMON_SURPRISAL = 6;
/** …this share of the word's weight. */
const COMMON_MISS_SHARE = 0.3;

let counts: Map<string, number> | undefined;
let adverbSet: Set<string> | undefined;

function adverbs(): Set<string> {
  adverbSet ??= new Set(ADVERBS.split('|'));
  return adverbSet;
}

function spokenCounts(): Map<string, number> {
  if (!counts) {
    counts = new Map();
    const parts = SPOKEN_COUNTS.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) counts.set(parts[i]!, Number(parts[i + 1]));
  }
  return counts;
}
