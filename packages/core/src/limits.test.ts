import { describe, expect, it } from 'vitest';
import { ELLIPSIS, fitText } from './limits.js';

/** The cut as first written (by code points, bisecting with joins): what fitText must still do. */
function reference(text: string, max: number, measure: (s: string) => number = (s) => s.length) {
  if (measure(text) <= max) return text;
  if (measure(ELLIPSIS) > max) return '';
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('') + ELLIPSIS) <= max) lo = mid;
    else hi = mid - 1;
  }
  let cut = chars.slice(0, lo).join('');
  const space = cut.search(/\s\S*$/);
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return cut.trimEnd() + ELLIPSIS;
}

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').length;

/** Deterministic text with spaces, ampersands and emoji (surrogate pairs) in it. */
function sample(seed: number, n: number): string {
  const pieces = ['word', ' ', '&', '<', '🇹🇭', 'é', 'Makassar', '😀', 'x'];
  let out = '';
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += pieces[x % pieces.length];
  }
  return out;
}

describe('fitText', () => {
  it('cuts as before, within the limit, never through an emoji, by length or by escaped length', () => {
    for (let seed = 1; seed < 300; seed++) {
      const text = sample(seed, 5 + (seed % 90));
      for (const max of [1, 2, 3, 10, 37, 75, 300]) {
        const cut = fitText(text, max);
        expect(cut).toBe(reference(text, max));
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        const cutEscaped = fitText(text, max, escaped);
        expect(cutEscaped).toBe(reference(text, max, escaped));
        expect(escaped(cutEscaped)).toBeLessThanOrEqual(max);
      }
    }
  });

  it('ends a cut at a word boundary near the end, with an ellipsis', () => {
    expect(fitText('The annual meeting is held in July every year', 30)).toBe(
      'The annual meeting is held…',
    );
  });
});
