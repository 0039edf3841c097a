import { openStore, type Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnnualReport } from './load.js';

let store: Store;
const now = new Date('2026-12-10T00:00:00Z');

beforeAll(async () => {
  store = await openStore({ inMemory: true });
  await store.db
    .insertInto('officers')
    .values([
      {
        id: 'csco-bkk',
        name: 'Example CSCO, Bangkok',
        role: 'csco',
        cityId: 'bangkok',
        example: true,
      },
      {
        id: 'csco-ygn',
        name: 'Example CSCO, Yangon',
        role: 'csco',
        cityId: 'yangon',
        example: true,
      },
    ])
    .execute();
  await store.db
    .insertInto('projects')
    .values([
      {
        cityId: 'bangkok',
        name: 'Air sensors',
        focusAreas: ['quality-environment'],
        example: true,
      },
      { cityId: 'yangon', name: 'Flood warning', focusAreas: ['safety-security'], example: true },
    ])
    .execute();
  const rounds: Array<[number, string, string, 'open' | 'closed']> = [
    [1, 'Last year', '2025-11-15T00:00:00Z', 'closed'],
    [2, 'Q2', '2026-05-31T00:00:00Z', 'closed'],
    [3, 'Q3', '2026-08-31T00:00:00Z', 'closed'],
    [4, 'Q4', '2026-11-30T00:00:00Z', 'closed'],
    [5, 'Next', '2027-02-28T00:00:00Z', 'open'],
  ];
  for (const [id, title, closes, status] of rounds) {
    await store.db
      .insertInto('statusRounds')
      .values({
        id,
        title,
        opensAt: new Date(new Date(closes).getTime() - 30 * 86_400_000),
        closesAt: closes,
        status,
        closedAt: status === 'closed' ? closes : null,
        nudgeAfterHours: 48,
        escalateAfterHours: 96,
        createdBy: 'example',
      })
      .execute();
    await store.db
      .insertInto('roundCities')
      .values([
        { roundId: id, cityId: 'bangkok', officerId: 'csco-bkk' },
        { roundId: id, cityId: 'yangon', officerId: 'csco-ygn' },
        { roundId: id, cityId: 'luang-prabang', officerId: null },
      ])
      .execute();
  }
  const answer = (roundId: number, cityId: string, project: string, officerId: string) => ({
    roundId,
    cityId,
    project,
    status: 'at-risk',
    progress: 30,
    highlights: `highlight ${roundId}`,
    blockers: null,
    helpNeeded: null,
    officerId,
  });
  await store.db
    .insertInto('statusAnswers')
    .values([
      answer(1, 'bangkok', 'Air sensors', 'csco-bkk'),
      answer(2, 'bangkok', 'Air sensors', 'csco-bkk'),
      answer(2, 'yangon', 'Flood warning', 'csco-ygn'),
      answer(3, 'yangon', 'Flood warning', 'csco-ygn'),
      answer(4, 'bangkok', 'Air sensors', 'csco-bkk'),
    ])
    .execute();
});

afterAll(async () => {
  await store?.close();
});

describe('loadAnnualReport', () => {
  it('takes a closed round and the rounds that closed in the twelve months up to it', async () => {
    const data = await loadAnnualReport(store, 4, { now });
    if (data.kind !== 'ready') throw new Error(`expected a report, got ${data.kind}`);
    expect(data.input.year.map((r) => [r.id, r.asked.sort(), r.answered.sort()])).toEqual([
      [2, ['bangkok', 'yangon'], ['bangkok', 'yangon']],
      [3, ['bangkok', 'yangon'], ['yangon']],
      [4, ['bangkok', 'yangon'], ['bangkok']],
    ]);
    const bangkok = data.input.report.cities.find((c) => c.cityId === 'bangkok')!;
    expect(bangkok.answers.map((a) => [a.project, a.focusAreas, a.highlights])).toEqual([
      ['Air sensors', ['quality-environment'], 'highlight 4'],
    ]);
    expect(data.input.report.cities.map((c) => c.country)).toEqual([
      'Lao PDR',
      'Myanmar',
      'Thailand',
    ]);
  });

  it('says a round is still open, or not there at all', async () => {
    expect(await loadAnnualReport(store, 5, { now })).toEqual({
      kind: 'open',
      round: { id: 5, title: 'Next' },
    });
    expect(await loadAnnualReport(store, 99, { now })).toEqual({ kind: 'missing' });
  });

  it('keeps only the cities of a reader’s part of the network, with totals counted for them', async () => {
    const data = await loadAnnualReport(store, 4, {
      now,
      only: (id) => id === 'yangon',
      scope: 'Myanmar',
    });
    if (data.kind !== 'ready') throw new Error('expected a report');
    expect(data.input.scope).toBe('Myanmar');
    expect(data.input.report.cities.map((c) => [c.cityId, c.state])).toEqual([
      ['yangon', 'missing'],
    ]);
    expect(data.input.report.totals).toMatchObject({
      cities: 1,
      answered: 0,
      missing: 1,
      projects: 0,
    });
  });

  it('names cities from the list it is given (generated networks have cities of their own)', async () => {
    const data = await loadAnnualReport(store, 4, {
      now,
      cities: [
        {
          id: 'bangkok',
          name: 'Generated city 1',
          aliases: [],
          country: 'VN',
          timeZone: 'Asia/Ho_Chi_Minh',
          joined: 2018,
          pilot: false,
        },
      ],
    });
    if (data.kind !== 'ready') throw new Error('expected a report');
    const bangkok = data.input.report.cities.find((c) => c.cityId === 'bangkok')!;
    expect([bangkok.city, bangkok.country]).toEqual(['Generated city 1', 'Viet Nam']);
  });
});
