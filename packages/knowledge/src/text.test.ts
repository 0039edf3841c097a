import { describe, expect, it } from 'vitest';
import { HOST_NAME, hostWords, normalize, words } from './text.js';

/**
 * `words` as it was written with the regex that defines a word: the reference for the scanner
 * (without the American spellings folded, which none of these strings spells).
 */
function wordsByRegex(text: string): string[] {
  const out: string[] = [];
  const push = (w: string) => {
    if (w.length > 40) return;
    if (w.length === 1 && !/\d/.test(w)) return;
    if (/^0\d$/.test(w)) out.push(w.slice(1));
    else out.push(w);
  };
  const norm = normalize(text)
    .replace(/['’]s\b/g, '')
    .replace(/(\d)–(?=\d)/g, '$1-')
    .replace(HOST_NAME, hostWords);
  for (const match of norm.matchAll(/[\p{L}\p{M}\p{N}]+(?:[-‐‑][\p{L}\p{M}\p{N}]+)*/gu)) {
    const parts = match[0].split(/[-‐‑]/);
    for (const part of parts) push(part);
    if (parts.length > 1) push(parts.join(''));
  }
  return out;
}

/** Characters that test the edges of a word: hyphens and dashes, marks, digits of other scripts, surrogates. */
const PIECES = [
  'a',
  'Z',
  '0',
  '7',
  '-',
  '‐',
  '‑',
  '–',
  '—',
  ' ',
  '\n',
  "'",
  '’',
  's',
  'é',
  'đ',
  'ß',
  'İ',
  'ﬁ',
  '\u0301',
  '\u0e31',
  'ก',
  '中',
  '😀',
  '\ud800',
  '\udc00',
  '𝐀',
  'M',
  '&',
  'E',
  '.',
  '٣',
  '²',
  'Ⅻ',
  '_',
];

describe('words', () => {
  it('splits text into words as the regex of a word does', () => {
    for (const text of [
      'Well-being of the cities—and well‑being ‐ too',
      'The 2025–2027 term; UTC+08:00, utc+8',
      'Hồ Chí Minh City’s M&E plan (ASCN) 😀 𝐀𝐁 กรุงเทพ 中文',
      'a - b c- -d e--f 0-9 x‐y‐z',
    ])
      expect(words(text)).toEqual(wordsByRegex(text));
    expect(words('well-being')).toEqual(['well', 'being', 'wellbeing']);
  });

  it('reads "don\'t" as the contraction "dont", not as "don" and a stray "t"', () => {
    expect(words("we don't have a plan, it isn’t out")).toEqual([
      'we',
      'dont',
      'have',
      'plan',
      'it',
      'isnt',
      'out',
    ]);
  });

  it('reads "U.S." as the United States (two one-letter words would be dropped)', () => {
    expect(words('Under the U.S. WiSE programme')).toEqual([
      'under',
      'the',
      'united',
      'states',
      'wise',
      'programme',
    ]);
    expect(words('the U.S.-ASEAN Summit')).toEqual(['the', 'united', 'states', 'asean', 'summit']);
  });

  it('reads a cited host name as the site it names, not its top-level labels', () => {
    expect(words('A report on mb.com.ph said so (smartcitysummit.org.vn)')).toEqual([
      'report',
      'on',
      'mb',
      'said',
      'so',
      'smartcitysummit',
    ]);
    // Abbreviations with one-letter parts and a sentence typed without a space are no host names.
    expect(words('e.g. ascn.what is')).toEqual(['ascn', 'what', 'is']);
  });

  it('agrees with the regex on random strings of awkward characters', () => {
    let seed = 2026;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 20000; k++) {
      let text = '';
      for (let n = Math.floor(random() * 12); n > 0; n--)
        text += PIECES[Math.floor(random() * PIECES.length)];
      expect(words(text)).toEqual(wordsByRegex(text));
    }
  });
});
