import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PHRASAL } from './chat-lexicon.js';
import { readDocs } from './docs.js';
import { stem, words } from './text.js';

const SHIPPED_DOCS = fileURLToPath(new URL('../../../docs', import.meta.url));

describe('the chat lexicon', () => {
  it('maps phrases of two words or more, each once, to one to four formal words', () => {
    const phrases = PHRASAL.map(([phrase]) => phrase);
    expect(new Set(phrases).size).toBe(phrases.length);
    for (const [phrase, formal] of PHRASAL) {
      expect(words(phrase).length, phrase).toBeGreaterThanOrEqual(2);
      expect(formal.length, phrase).toBeGreaterThanOrEqual(1);
      expect(formal.length, phrase).toBeLessThanOrEqual(4);
      for (const f of formal) expect(f, phrase).toMatch(/^[a-z]+$/);
    }
  });

  it('maps only to words the shipped pages use', async () => {
    const pages = await readDocs(SHIPPED_DOCS);
    const stems = new Set(pages.flatMap((p) => words(p.markdown).map(stem)));
    const missing = PHRASAL.flatMap(([, formal]) => formal).filter((f) => !stems.has(stem(f)));
    expect(missing).toEqual([]);
  });
});
