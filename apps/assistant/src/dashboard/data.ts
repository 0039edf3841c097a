import { activeEvents } from '@ascn/core';
import {
  type CalendarEvent,
  type City,
  eventStartsAt,
  FOCUS_AREAS,
  type FocusAreaId,
  PROJECT_STATUSES,
  type ProjectStatus,
  upcomingEvents,
} from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import type { OfficerRow, Store } from '@ascn/store';
import { covers, type Scope } from './access.js';

type Db = Store['db'];
export type Counts = Record<ProjectStatus, number>;
export const STATUSES = Object.keys(PROJECT_STATUSES) as ProjectStatus[];
export const zeroCounts = (): Counts => ({ 'on-track': 0, 'at-risk': 0, delayed: 0, done: 0 });

/**
 * A city's state in its latest status round: the worst status it reported (delayed, at risk,
 * on track, all done), or why there is none: the round is open and it has not answered yet,
 * it did not answer a closed round, it had no officer, or it has been in no round.
 */
export type CityState = ProjectStatus | 'awaiting' | 'missing' | 'no-officer' | 'no-round';
export const CITY_STATES: Record<CityState, string> = {
  delayed: 'Delayed',
  'at-risk': 'At risk',
  'on-track': 'On track',
  done: 'Done',
  awaiting: 'Not answered yet (round open)',
  missing: 'Did not answer',
  'no-officer': 'No registered officer',
  'no-round': 'In no round yet',
};

export interface RoundInfo {
  id: number;
  title: string;
  status: 'open' | 'closed';
  closesAt: Date;
}

export interface CityTile {
  city: City;
  state: CityState;
  /** The round the state is from. */
  round: RoundInfo | null;
  counts: Counts;
}

export interface RoundParticipation extends RoundInfo {
  /** Cities in scope with an officer in this round. */
  asked: number;
  answered: number;
}

export interface TimelineItem {
  id: string;
  title: string;
  kind: string;
  /** Local date(s) in the event's own zone. */
  start: string;
  end: string | null;
  /** The instant it starts, when it has a start time (else it is an all-day date). */
  startsAt: Date | null;
  zone: string;
  place: string | null;
  example: boolean;
}

export interface Overview {
  tiles: CityTile[];
  rounds: RoundParticipation[];
  /** The round the "status by focus area" chart is about: the latest one in scope. */
  latest: RoundInfo | null;
  statusByArea: Array<{ id: string; label: string; counts: Counts }>;
  projectsByArea: Array<{ id: string; label: string; projects: number }>;
  timeline: TimelineItem[];
}

const AREA_ORDER = [...Object.keys(FOCUS_AREAS), 'unassigned'];
const areaLabel = (id: string) =>
  FOCUS_AREAS[id as FocusAreaId] ?? (id === 'unassigned' ? 'No focus area recorded' : id);

/**
 * A city's state from its latest round: the worst status it reported (delayed beats at risk
 * beats on track beats done: the city's colour is its worst project), else why there is none.
 */
function cityState(
  round: { status: 'open' | 'closed' } | null | undefined,
  officer: boolean,
  counts: Counts,
): CityState {
  if (!round) return 'no-round';
  for (const s of ['delayed', 'at-risk', 'on-track', 'done'] as const) if (counts[s] > 0) return s;
  if (!officer) return 'no-officer';
  return round.status === 'open' ? 'awaiting' : 'missing';
}

async function allRounds(db: Db): Promise<RoundInfo[]> {
  return db
    .selectFrom('statusRounds')
    .select(['id', 'title', 'status', 'closesAt'])
    .orderBy('id')
    .execute();
}

/** Meetings and due dates not over yet, and the closing of every open round, soonest first. */
export async function timeline(db: Db, rounds: RoundInfo[], now: Date): Promise<TimelineItem[]> {
  const events: TimelineItem[] = upcomingEvents(await activeEvents(db), now).map(
    (e: CalendarEvent) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      start: e.start,
      end: e.end ?? null,
      startsAt: e.time ? eventStartsAt(e) : null,
      zone: e.timeZone,
      place: e.place ?? null,
      example: e.example,
    }),
  );
  const closings: TimelineItem[] = rounds
    .filter((r) => r.status === 'open' && r.closesAt > now)
    .map((r) => ({
      id: `round-${r.id}`,
      title: `Status round ${r.id} closes: ${r.title}`,
      kind: 'deadline',
      start: r.closesAt.toISOString().slice(0, 10),
      end: null,
      startsAt: r.closesAt,
      zone: 'UTC',
      place: null,
      example: false,
    }));
  const at = (t: TimelineItem) => (t.startsAt ?? new Date(`${t.start}T00:00:00Z`)).getTime();
  return [...events, ...closings].sort((a, b) => at(a) - at(b));
}

/** Everything the dashboard's front page shows, for the cities the scope covers. */
export async function loadOverview(
  store: Store,
  scope: Scope,
  cities: readonly City[],
  now: Date,
): Promise<Overview> {
  const db = store.db;
  const mine = cities.filter((c) => covers(scope, c));
  const ids = mine.map((c) => c.id);
  const only = scope.kind !== 'all';
  const rounds = await allRounds(db);
  if (only && ids.length === 0)
    return {
      tiles: [],
      rounds: [],
      latest: null,
      statusByArea: [],
      projectsByArea: [],
      timeline: await timeline(db, rounds, now),
    };
  const [members, answered, projects] = await Promise.all([
    db
      .selectFrom('roundCities')
      .select(['roundId', 'cityId', 'officerId'])
      .$if(only, (q) => q.where('cityId', 'in', ids))
      .execute(),
    db
      .selectFrom('statusAnswers')
      .select((eb) => ['roundId', 'cityId', 'status', eb.fn.countAll<number>().as('n')])
      .$if(only, (q) => q.where('cityId', 'in', ids))
      .groupBy(['roundId', 'cityId', 'status'])
      .execute(),
    db
      .selectFrom('projects')
      .select(['cityId', 'focusAreas'])
      .$if(only, (q) => q.where('cityId', 'in', ids))
      .execute(),
  ]);
  const inScope = new Set(ids);
  const byRound = new Map(rounds.map((r) => [r.id, r]));
  // (round, city) → counts of the statuses it reported
  const counts = new Map<string, Counts>();
  for (const a of answered) {
    if (!inScope.has(a.cityId)) continue;
    const key = `${a.roundId}|${a.cityId}`;
    const c = counts.get(key) ?? zeroCounts();
    if (a.status in c) c[a.status as ProjectStatus] += Number(a.n);
    counts.set(key, c);
  }
  const latestOf = new Map<string, { roundId: number; officer: boolean }>();
  const participation = new Map<number, { asked: number; answered: number }>();
  for (const m of members) {
    if (!inScope.has(m.cityId)) continue;
    const seen = latestOf.get(m.cityId);
    if (!seen || m.roundId > seen.roundId)
      latestOf.set(m.cityId, { roundId: m.roundId, officer: m.officerId !== null });
    const p = participation.get(m.roundId) ?? { asked: 0, answered: 0 };
    if (m.officerId !== null) p.asked++;
    if (counts.has(`${m.roundId}|${m.cityId}`)) p.answered++;
    participation.set(m.roundId, p);
  }
  const tiles: CityTile[] = mine.map((city) => {
    const latest = latestOf.get(city.id);
    const round = latest ? (byRound.get(latest.roundId) ?? null) : null;
    const c = (latest && counts.get(`${latest.roundId}|${city.id}`)) || zeroCounts();
    const state = cityState(round, latest?.officer ?? false, c);
    return { city, state, round, counts: c };
  });
  const latestId = Math.max(0, ...[...latestOf.values()].map((l) => l.roundId));
  const latest = byRound.get(latestId) ?? null;

  // Status by focus area in the latest round: each answer, with its project's focus areas.
  const statusByArea = new Map<string, Counts>();
  if (latest) {
    const rows = await db
      .selectFrom('statusAnswers as a')
      .leftJoin('projects as p', (j) =>
        j.onRef('p.cityId', '=', 'a.cityId').onRef('p.name', '=', 'a.project'),
      )
      .select(['a.cityId', 'a.status', 'p.focusAreas'])
      .where('a.roundId', '=', latest.id)
      .$if(only, (q) => q.where('a.cityId', 'in', ids))
      .execute();
    for (const r of rows) {
      if (!inScope.has(r.cityId) || !(r.status in PROJECT_STATUSES)) continue;
      const areas = r.focusAreas && r.focusAreas.length > 0 ? r.focusAreas : ['unassigned'];
      for (const area of areas) {
        const c = statusByArea.get(area) ?? zeroCounts();
        c[r.status as ProjectStatus]++;
        statusByArea.set(area, c);
      }
    }
  }
  const projectsByArea = new Map<string, number>();
  for (const p of projects) {
    if (!inScope.has(p.cityId)) continue;
    for (const area of p.focusAreas.length > 0 ? p.focusAreas : ['unassigned'])
      projectsByArea.set(area, (projectsByArea.get(area) ?? 0) + 1);
  }
  const sortAreas = <T>(m: Map<string, T>) =>
    [...m.entries()].sort((a, b) => AREA_ORDER.indexOf(a[0]) - AREA_ORDER.indexOf(b[0]));

  return {
    tiles,
    rounds: rounds
      .filter((r) => participation.has(r.id))
      .map((r) => ({ ...r, ...participation.get(r.id)! })),
    latest,
    statusByArea: sortAreas(statusByArea).map(([id, c]) => ({
      id,
      label: areaLabel(id),
      counts: c,
    })),
    projectsByArea: sortAreas(projectsByArea).map(([id, n]) => ({
      id,
      label: areaLabel(id),
      projects: n,
    })),
    timeline: await timeline(db, rounds, now),
  };
}

export interface HistoryCell {
  status: string;
  progress: number;
}

export interface CityPage {
  city: City;
  tile: CityTile;
  /** The rounds the city was in, oldest first, and whether it answered each. */
  rounds: Array<RoundInfo & { officer: boolean; answered: boolean }>;
  /** Its projects, each with its answer per round (by round id). */
  projects: Array<{ name: string; focusAreas: string[]; history: Map<number, HistoryCell> }>;
  /** The latest answer's typed accounts, per project. */
  latestAnswers: Array<{
    project: string;
    status: string;
    progress: number;
    highlights: string | null;
    blockers: string | null;
    helpNeeded: string | null;
  }>;
  officers: OfficerRow[];
  practices: Array<{ path: string; title: string; shared: boolean }>;
  timeline: TimelineItem[];
}

/** Knowledge-base pages about best practices: the curated `practices/` and those shared in chat. */
export const isPracticePage = (path: string) =>
  path.startsWith('practices/') || path.startsWith('shared/');

/** Everything the page of one city shows. */
export async function loadCity(
  store: Store,
  knowledge: KnowledgeBase,
  city: City,
  now: Date,
): Promise<CityPage> {
  const db = store.db;
  const rounds = await allRounds(db);
  const [members, answers, projects, officers] = await Promise.all([
    db
      .selectFrom('roundCities')
      .select(['roundId', 'officerId'])
      .where('cityId', '=', city.id)
      .execute(),
    db
      .selectFrom('statusAnswers')
      .select(['roundId', 'project', 'status', 'progress', 'highlights', 'blockers', 'helpNeeded'])
      .where('cityId', '=', city.id)
      .orderBy('project')
      .execute(),
    db
      .selectFrom('projects')
      .select(['name', 'focusAreas'])
      .where('cityId', '=', city.id)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('officers')
      .selectAll()
      .where('removedAt', 'is', null)
      .where((eb) =>
        eb.or([
          eb('cityId', '=', city.id),
          eb.and([eb('role', '=', 'national-representative'), eb('country', '=', city.country)]),
        ]),
      )
      .orderBy('role')
      .orderBy('name')
      .execute(),
  ]);
  const byRound = new Map(rounds.map((r) => [r.id, r]));
  const answeredRounds = new Set(answers.map((a) => a.roundId));
  const mine = members
    .map((m) => ({
      ...byRound.get(m.roundId)!,
      officer: m.officerId !== null,
      answered: answeredRounds.has(m.roundId),
    }))
    .filter((r) => r.id !== undefined)
    .sort((a, b) => a.id - b.id);
  const history = new Map<string, { focusAreas: string[]; history: Map<number, HistoryCell> }>();
  for (const p of projects) history.set(p.name, { focusAreas: p.focusAreas, history: new Map() });
  for (const a of answers) {
    const entry = history.get(a.project) ?? { focusAreas: [], history: new Map() };
    entry.history.set(a.roundId, { status: a.status, progress: a.progress });
    history.set(a.project, entry);
  }
  const last = mine.at(-1);
  const counts = zeroCounts();
  const latestAnswers = last ? answers.filter((a) => a.roundId === last.id) : [];
  for (const a of latestAnswers) if (a.status in counts) counts[a.status as ProjectStatus]++;
  const state = cityState(last, last?.officer ?? false, counts);
  const pages = new Map<string, { path: string; title: string; shared: boolean }>();
  for (const s of knowledge.sections())
    if (isPracticePage(s.path) && s.tags.includes(city.id) && !pages.has(s.path))
      pages.set(s.path, { path: s.path, title: s.title, shared: s.path.startsWith('shared/') });
  return {
    city,
    tile: { city, state, round: last ?? null, counts },
    rounds: mine,
    projects: [...history.entries()].map(([name, v]) => ({ name, ...v })),
    latestAnswers,
    officers,
    practices: [...pages.values()].sort((a, b) => a.title.localeCompare(b.title)),
    timeline: await timeline(db, rounds, now),
  };
}

export interface LibraryHit {
  path: string;
  title: string;
  /** The best matching sections of the page, best first. */
  sections: Array<{ heading: string; anchor: string; text: string }>;
  city: string | null;
  shared: boolean;
}

/**
 * The best-practice library: the assistant's own search (the same ranking as a question in
 * chat), kept to practice pages and grouped by page; without a query, every practice page.
 */
export function searchLibrary(
  knowledge: KnowledgeBase,
  query: string,
  cities: readonly City[],
): LibraryHit[] {
  const names = new Map(cities.map((c) => [c.id, c.name]));
  const cityOf = (tags: readonly string[]) => tags.map((t) => names.get(t)).find(Boolean) ?? null;
  const tagsOf = new Map<string, readonly string[]>();
  for (const s of knowledge.sections()) if (!tagsOf.has(s.path)) tagsOf.set(s.path, s.tags);
  const hits = new Map<string, LibraryHit>();
  if (query.trim()) {
    for (const r of knowledge.search(query, { limit: 50 })) {
      if (!isPracticePage(r.path)) continue;
      const hit = hits.get(r.path) ?? {
        path: r.path,
        title: r.title,
        sections: [],
        city: cityOf(tagsOf.get(r.path) ?? []),
        shared: r.path.startsWith('shared/'),
      };
      hit.sections.push({ heading: r.heading, anchor: r.anchor, text: r.text });
      hits.set(r.path, hit);
    }
    return [...hits.values()];
  }
  for (const s of knowledge.sections())
    if (isPracticePage(s.path) && !hits.has(s.path))
      hits.set(s.path, {
        path: s.path,
        title: s.title,
        sections: [],
        city: cityOf(s.tags),
        shared: s.path.startsWith('shared/'),
      });
  return [...hits.values()].sort((a, b) => a.title.localeCompare(b.title));
}
