import { buildReport, type CityReport, type RoundReport, reportTotals } from '@ascn/core';
import { CITIES, type City, MEMBER_STATES } from '@ascn/domain';
import type { Store } from '@ascn/store';
import type { AnnualReportInput, YearRound } from './annual.js';

export type AnnualReportData =
  | { kind: 'ready'; input: AnnualReportInput }
  /** The round is still open: its annual report is made once it closes. */
  | { kind: 'open'; round: { id: number; title: string } }
  | { kind: 'missing' };

export interface LoadAnnualOptions {
  now: Date;
  /** The member cities (default: the network's, `CITIES`); names and countries come from here. */
  cities?: readonly City[];
  /** Keeps only these cities (a National Representative's state, an officer's city). */
  only?: (cityId: string) => boolean;
  /** The name of that part of the network ("Thailand"), shown in the title. */
  scope?: string;
}

/** The report's cities named from `cities`, kept by `only`, with totals counted again. */
function narrow(report: RoundReport, opts: LoadAnnualOptions): RoundReport {
  const known = new Map((opts.cities ?? CITIES).map((c) => [c.id, c]));
  const cities: CityReport[] = report.cities
    .filter((c) => !opts.only || opts.only(c.cityId))
    .map((c) => {
      const city = known.get(c.cityId);
      return city ? { ...c, city: city.name, country: MEMBER_STATES[city.country] } : c;
    })
    .sort((a, b) => a.country.localeCompare(b.country) || a.city.localeCompare(b.city));
  return { ...report, cities, ...reportTotals(cities) };
}

/**
 * Everything the annual report of round `roundId` needs: core's report of that round and the
 * participation in every status round that closed in the twelve months up to it.
 */
export async function loadAnnualReport(
  store: Store,
  roundId: number,
  opts: LoadAnnualOptions,
): Promise<AnnualReportData> {
  const built = await buildReport(store, roundId, opts.now);
  if (!built) return { kind: 'missing' };
  if (built.round.status !== 'closed')
    return { kind: 'open', round: { id: built.round.id, title: built.round.title } };
  const report = narrow(built, opts);
  const end = built.round.closesAt;
  const start = new Date(end);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  const rounds = await store.db
    .selectFrom('statusRounds')
    .select(['id', 'title', 'closesAt'])
    .where('status', '=', 'closed')
    .where('closesAt', '>', start)
    .where('closesAt', '<=', end)
    .orderBy('closesAt')
    .orderBy('id')
    .execute();
  const ids = rounds.map((r) => r.id);
  const [members, answers] = await Promise.all([
    store.db
      .selectFrom('roundCities')
      .select(['roundId', 'cityId'])
      .where('roundId', 'in', ids)
      .where('officerId', 'is not', null)
      .execute(),
    store.db
      .selectFrom('statusAnswers')
      .select(['roundId', 'cityId'])
      .where('roundId', 'in', ids)
      .groupBy(['roundId', 'cityId'])
      .execute(),
  ]);
  const year: YearRound[] = rounds.map((r) => ({
    id: r.id,
    title: r.title,
    closesAt: r.closesAt,
    asked: members.filter((m) => m.roundId === r.id).map((m) => m.cityId),
    answered: answers.filter((a) => a.roundId === r.id).map((a) => a.cityId),
  }));
  return { kind: 'ready', input: { report, year, ...(opts.scope ? { scope: opts.scope } : {}) } };
}
