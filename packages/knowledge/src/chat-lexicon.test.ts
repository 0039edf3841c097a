import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHAT_ABBREVIATIONS, CHAT_FILLERS } from './chat-abbreviations.js';
import { PHRASAL } from './chat-lexicon.js';
import { readDocs } from './docs.js';
import { matchGlossary, matchSynonyms } from './glossary.js';
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

  it('expands each chat abbreviation to one other word, and no filler is also an abbreviation', () => {
    for (const [short, full] of CHAT_ABBREVIATIONS) {
      expect(short, short).toMatch(/^[a-z0-9]+$/);
      expect(full, short).toMatch(/^[a-z]+$/);
      expect(full).not.toBe(short);
    }
    expect(new Set(CHAT_FILLERS).size).toBe(CHAT_FILLERS.length);
    expect(CHAT_FILLERS.filter((f) => CHAT_ABBREVIATIONS.has(f))).toEqual([]);
  });

  it('leaves to the glossary the short forms it already has ("govt", "mtg")', () => {
    const both = [...CHAT_ABBREVIATIONS.keys(), ...CHAT_FILLERS].filter(
      (w) => matchGlossary([w]).length > 0 || matchSynonyms([w]).length > 0,
    );
    expect(both).toEqual([]);
  });
});
