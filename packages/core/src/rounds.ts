import {
  addDays,
  CITIES,
  cityById,
  FOCUS_AREAS,
  type FocusAreaId,
  IsoDate,
  localDate,
  localToUtc,
  MEMBER_STATES,
  type MemberStateCode,
  PROJECT_STATUSES,
  type ProjectStatus,
  type StatusUpdate,
} from '@ascn/domain';
import type { OfficerRow, StatusAnswerRow, StatusRoundRow, Store } from '@ascn/store';
import { BadInput, NotAllowed } from './errors.js';
import { isExampleActor, refuseReal } from './examples.js';
import { statusUpdateForm } from './forms.js';
import { type Actor, requireRole } from './identity.js';
import type { RoundMessagePayload } from './payloads.js';
import { enqueue } from './reminders/outbox.js';
import { officerZone } from './reminders/recipients.js';
import { type Block, heading, link, note } from './reply.js';

type Db = Store['db'];

/** The next working-hours moment for a person: 09:00 local, or now when already in 09:00–17:00. */
export function nextWorkingMoment(now: Date, zone: string): Date {
  const today = localDate(now, zone);
  const nine = localToUtc(today, '09:00', zone);
  const five = localToUtc(today, '17:00', zone);
  if (now < nine) return nine;
  if (now < five) return now;
  return localToUtc(addDays(today, 1), '09:00', zone);
}

export async function openRound(
  store: Store,
  actor: Actor,
  input: {
    title: string;
    closes: string;
    eventId?: string;
    nudgeAfterHours?: number;
    escalateAfterHours?: number;
  },
  now: Date,
): Promise<StatusRoundRow> {
  const secretariat = requireRole(actor, 'secretariat');
  // A round an example person opens is an example round: only example people take part.
  const example = secretariat.example;
  const zone = officerZone(secretariat);
  if (!IsoDate.safeParse(input.closes).success)
    throw new BadInput('closes= must be a date as YYYY-MM-DD', 'For example: closes=2027-06-30');
  const closesAt = localToUtc(input.closes, '23:59', zone);
  if (closesAt <= now) throw new BadInput('The closing date must be in the future.');
  if (input.title.trim().length < 3)
    throw new BadInput('Give the round a title of at least 3 characters.');
  const nudgeAfter = input.nudgeAfterHours ?? 48;
  const escalateAfter = input.escalateAfterHours ?? 96;
  if (!(nudgeAfter > 0 && escalateAfter > nudgeAfter))
    throw new BadInput('escalate= must be more hours than nudge=, and both above 0.');

  return store.db.transaction().execute(async (trx) => {
    const round = await trx
      .insertInto('statusRounds')
      .values({
        title: input.title.trim(),
        eventId: input.eventId ?? null,
        opensAt: now,
        closesAt,
        nudgeAfterHours: nudgeAfter,
        escalateAfterHours: escalateAfter,
        createdBy: secretariat.id,
        example,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const officers = await trx
      .selectFrom('officers')
      .selectAll()
      .where('removedAt', 'is', null)
      .where('example', '=', example)
      .execute();
    const cscoByCity = new Map(
      officers.filter((o) => o.role === 'csco' && o.cityId).map((o) => [o.cityId!, o]),
    );
    await trx
      .insertInto('roundCities')
      .values(
        CITIES.map((c) => ({
          roundId: round.id,
          cityId: c.id,
          officerId: cscoByCity.get(c.id)?.id ?? null,
        })),
      )
      .execute();
    for (const m of roundMessages(round, officers, cscoByCity, now))
      await enqueue(trx, {
        dedupeKey: m.dedupeKey,
        kind: m.kind,
        recipient: { kind: 'officer', id: m.recipientId },
        dueAt: m.dueAt,
        expiresAt: round.closesAt,
        payload: m.payload,
      });
    return round;
  });
}

interface RoundMessage {
  dedupeKey: string;
  kind: 'status-prompt' | 'nudge' | 'escalation';
  recipientId: string;
  dueAt: Date;
  payload: RoundMessagePayload;
}

/** The prompt, nudge and escalation for every city with an officer, each at a working hour in the reader's zone. */
function roundMessages(
  round: StatusRoundRow,
  officers: OfficerRow[],
  cscoByCity: Map<string, OfficerRow>,
  now: Date,
): RoundMessage[] {
  const out: RoundMessage[] = [];
  const closes = round.closesAt;
  const about = {
    v: 1 as const,
    roundId: round.id,
    roundTitle: round.title,
    closesAt: closes.toISOString(),
  };
  for (const [cityId, csco] of cscoByCity) {
    const city = cityById(cityId)!;
    const zone = officerZone(csco);
    const promptAt = nextWorkingMoment(now, zone);
    const nudgeAt = nextWorkingMoment(
      new Date(promptAt.getTime() + round.nudgeAfterHours * 3_600_000),
      zone,
    );
    const escalateAt = new Date(promptAt.getTime() + round.escalateAfterHours * 3_600_000);
    out.push({
      dedupeKey: `round:${round.id}:prompt:${cityId}`,
      kind: 'status-prompt',
      recipientId: csco.id,
      dueAt: promptAt,
      payload: { ...about, type: 'status-prompt', cityId },
    });
    if (nudgeAt < closes)
      out.push({
        dedupeKey: `round:${round.id}:nudge:${cityId}`,
        kind: 'nudge',
        recipientId: csco.id,
        dueAt: nudgeAt,
        payload: { ...about, type: 'status-nudge', cityId },
      });
    const representatives = officers.filter(
      (o) => o.role === 'national-representative' && o.country === city.country,
    );
    const escalateTo =
      representatives.length > 0
        ? representatives
        : officers.filter((o) => o.role === 'secretariat');
    for (const nr of escalateTo) {
      const at = nextWorkingMoment(escalateAt, officerZone(nr));
      if (at >= closes) continue;
      out.push({
        dedupeKey: `round:${round.id}:escalate:${cityId}:${nr.id}`,
        kind: 'escalation',
        recipientId: nr.id,
        dueAt: at,
        payload: { ...about, type: 'status-escalation', cityId, officerName: csco.name },
      });
    }
  }
  return out;
}

/**
 * The open round (the newest, when several are). `example` picks among example rounds (true)
 * or real ones (false); left out, any.
 */
export async function currentRound(
  db: Db,
  now: Date,
  options: { example?: boolean } = {},
): Promise<StatusRoundRow | undefined> {
  let query = db
    .selectFrom('statusRounds')
    .selectAll()
    .where('status', '=', 'open')
    .where('closesAt', '>', now);
  if (options.example !== undefined) query = query.where('example', '=', options.example);
  return query.orderBy('id', 'desc').executeTakeFirst();
}

/** The open round an actor takes part in: an example round for an example person, else a real one. */
export function currentRoundFor(db: Db, actor: Actor, now: Date) {
  return currentRound(db, now, { example: isExampleActor(actor) });
}

export async function roundById(db: Db, id: number): Promise<StatusRoundRow | undefined> {
  return db.selectFrom('statusRounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An example person may not act on a real round (one an officer who is not an example opened). */
export async function refuseRealRound(db: Db, actor: Actor, roundId: number): Promise<void> {
  if (!isExampleActor(actor)) return;
  const round = await roundById(db, roundId);
  if (round && !round.example) refuseReal(actor, `round ${roundId}`);
}

/** The status form for an officer's city, listing the city's action-plan projects. */
export async function statusFormFor(store: Store, actor: Actor, now: Date) {
  const officer = requireRole(actor, 'csco');
  const round = await currentRoundFor(store.db, actor, now);
  if (!round)
    throw new BadInput(
      'No status round is open right now.',
      'The Secretariat opens one before each meeting.',
    );
  const projects = await store.db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('cityId', '=', officer.cityId!)
    .orderBy('name')
    .execute();
  return {
    round,
    form: statusUpdateForm(
      { roundId: round.id },
      projects.map((p) => ({ id: String(p.id), name: p.name })),
    ),
  };
}

/** The projects a city reports on (its action-plan projects), by name. */
export async function cityProjects(db: Db, cityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('projects')
    .select('name')
    .where('cityId', '=', cityId)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

/** Stores (or replaces) a city's answer for one project while the round is open. */
export async function submitStatus(
  store: Store,
  actor: Actor,
  roundId: number,
  update: StatusUpdate,
  now: Date,
): Promise<{ answer: StatusAnswerRow; edited: boolean }> {
  const officer = requireRole(actor, 'csco');
  const cityId = officer.cityId;
  if (!cityId)
    throw new NotAllowed('Your registration has no city; ask the Secretariat to fix it.');
  if (!Number.isSafeInteger(roundId) || roundId <= 0 || roundId > 2_147_483_647)
    throw new BadInput('That status form is out of date; type "status" to open it again.');
  // A city files only for its own projects (when it has a list, the list is enforced).
  const projects = await cityProjects(store.db, cityId);
  if (projects.length > 0 && !projects.includes(update.project))
    throw new BadInput(
      `"${update.project}" is not one of ${cityById(cityId)?.name ?? cityId}'s projects.`,
      `Its projects: ${projects.join('; ')}`,
    );
  return store.db.transaction().execute(async (trx) => {
    const round = await trx
      .selectFrom('statusRounds')
      .selectAll()
      .where('id', '=', roundId)
      .forUpdate()
      .executeTakeFirst();
    if (!round) throw new BadInput(`There is no status round ${roundId}.`);
    // Example people answer example rounds only; real officers real ones.
    if (round.example !== officer.example)
      throw new NotAllowed(
        officer.example
          ? `Example people act only on example data, and round ${roundId} is real.`
          : `Round ${roundId} is an example round; type "status" for the open round.`,
      );
    if (round.status !== 'open' || round.closesAt <= now)
      throw new BadInput(`The round "${round.title}" is closed; answers can no longer be changed.`);
    const values = {
      status: update.status,
      progress: update.progress,
      highlights: update.highlights ?? null,
      blockers: update.blockers ?? null,
      helpNeeded: update.helpNeeded ?? null,
      officerId: officer.id,
      updatedAt: now,
    };
    const before = await trx
      .selectFrom('statusAnswers')
      .select('id')
      .where('roundId', '=', roundId)
      .where('cityId', '=', cityId)
      .where('project', '=', update.project)
      .executeTakeFirst();
    const answer = await trx
      .insertInto('statusAnswers')
      .values({ roundId, cityId, project: update.project, submittedAt: now, ...values })
      .onConflict((c) => c.columns(['roundId', 'cityId', 'project']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    // The city has answered: its pending nudge and escalations are no longer needed.
    await trx
      .updateTable('deliveries')
      .set({ status: 'dropped', lastError: 'city answered', updatedAt: now })
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.or([
          eb('dedupeKey', '=', `round:${roundId}:prompt:${cityId}`),
          eb('dedupeKey', '=', `round:${roundId}:nudge:${cityId}`),
          eb('dedupeKey', 'like', `round:${roundId}:escalate:${cityId}:%`),
        ]),
      )
      .execute();
    return { answer, edited: before !== undefined };
  });
}

export async function closeRound(
  store: Store,
  actor: Actor,
  roundId: number,
  now: Date,
): Promise<StatusRoundRow> {
  requireRole(actor, 'secretariat');
  await refuseRealRound(store.db, actor, roundId);
  return store.db.transaction().execute(async (trx) => {
    const round = await trx
      .updateTable('statusRounds')
      .set({ status: 'closed', closedAt: now })
      .where('id', '=', roundId)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!round) throw new BadInput(`There is no open status round ${roundId}.`);
    await trx
      .updateTable('deliveries')
      .set({ status: 'dropped', lastError: 'round closed', updatedAt: now })
      .where('status', '=', 'pending')
      .where('dedupeKey', 'like', `round:${roundId}:%`)
      .execute();
    return round;
  });
}

// ---------------------------------------------------------------- the report

export interface CityReport {
  cityId: string;
  city: string;
  country: string;
  officer: string | null;
  state: 'answered' | 'missing' | 'no-officer';
  nudged: boolean;
  escalated: boolean;
  answers: Array<
    Pick<
      StatusAnswerRow,
      'project' | 'status' | 'progress' | 'highlights' | 'blockers' | 'helpNeeded' | 'updatedAt'
    > & {
      focusAreas: string[];
      /** Who submitted (or last changed) this answer: the person, not the city's latest officer. */
      reportedBy: string | null;
    }
  >;
}

export interface RoundReport {
  round: Pick<StatusRoundRow, 'id' | 'title' | 'status' | 'opensAt' | 'closesAt' | 'closedAt'>;
  generatedAt: Date;
  cities: CityReport[];
  byFocusArea: Array<{
    focusArea: string;
    label: string;
    counts: Record<ProjectStatus, number>;
    projects: number;
  }>;
  totals: {
    cities: number;
    answered: number;
    missing: number;
    noOfficer: number;
    projects: number;
    counts: Record<ProjectStatus, number>;
  };
}

const zeroCounts = (): Record<ProjectStatus, number> => ({
  'on-track': 0,
  'at-risk': 0,
  delayed: 0,
  done: 0,
});

/** A report's totals and its counts per focus area, from its cities (also after narrowing them). */
export function reportTotals(
  cities: readonly CityReport[],
): Pick<RoundReport, 'totals' | 'byFocusArea'> {
  const totals = {
    cities: cities.length,
    answered: 0,
    missing: 0,
    noOfficer: 0,
    projects: 0,
    counts: zeroCounts(),
  };
  const byArea = new Map<string, { counts: Record<ProjectStatus, number>; projects: number }>();
  for (const c of cities) {
    if (c.state === 'answered') totals.answered++;
    else if (c.state === 'missing') totals.missing++;
    else totals.noOfficer++;
    for (const a of c.answers) {
      totals.projects++;
      totals.counts[a.status as ProjectStatus]++;
      for (const area of a.focusAreas.length > 0 ? a.focusAreas : ['unassigned']) {
        const entry = byArea.get(area) ?? { counts: zeroCounts(), projects: 0 };
        entry.projects++;
        entry.counts[a.status as ProjectStatus]++;
        byArea.set(area, entry);
      }
    }
  }
  const order = [...Object.keys(FOCUS_AREAS), 'unassigned'];
  const byFocusArea = [...byArea.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([focusArea, v]) => ({
      focusArea,
      label: FOCUS_AREAS[focusArea as FocusAreaId] ?? 'No focus area recorded',
      ...v,
    }));
  return { totals, byFocusArea };
}

/**
 * A round's report. `cityIds` limits it to those cities (a National Representative's state, a
 * city's own officer); the totals then count those cities only.
 */
export async function buildReport(
  store: Store,
  roundId: number,
  now: Date,
  options: { cityIds?: ReadonlySet<string> } = {},
): Promise<RoundReport | undefined> {
  const db = store.db;
  const round = await roundById(db, roundId);
  if (!round) return undefined;
  const [members, answers, projects, officers, sent] = await Promise.all([
    db.selectFrom('roundCities').selectAll().where('roundId', '=', roundId).execute(),
    db
      .selectFrom('statusAnswers')
      .selectAll()
      .where('roundId', '=', roundId)
      .orderBy('project')
      .execute(),
    db.selectFrom('projects').select(['cityId', 'name', 'focusAreas']).execute(),
    db.selectFrom('officers').select(['id', 'name']).execute(),
    db
      .selectFrom('deliveries')
      .select(['dedupeKey'])
      .where('dedupeKey', 'like', `round:${roundId}:%`)
      .where('status', '=', 'sent')
      .execute(),
  ]);
  const sentKeys = new Set(sent.map((s) => s.dedupeKey));
  const officerName = new Map(officers.map((o) => [o.id, o.name]));
  const focusOf = new Map(projects.map((p) => [`${p.cityId}|${p.name}`, p.focusAreas]));
  const cities: CityReport[] = members
    .filter((m) => !options.cityIds || options.cityIds.has(m.cityId))
    .map((m) => {
      const city = cityById(m.cityId);
      const own = answers.filter((a) => a.cityId === m.cityId);
      return {
        cityId: m.cityId,
        city: city?.name ?? m.cityId,
        country: city ? MEMBER_STATES[city.country as MemberStateCode] : '',
        officer: m.officerId ? (officerName.get(m.officerId) ?? m.officerId) : null,
        state: own.length > 0 ? 'answered' : m.officerId ? 'missing' : 'no-officer',
        nudged: sentKeys.has(`round:${roundId}:nudge:${m.cityId}`),
        escalated: [...sentKeys].some((k) =>
          k.startsWith(`round:${roundId}:escalate:${m.cityId}:`),
        ),
        answers: own.map((a) => ({
          project: a.project,
          status: a.status,
          progress: a.progress,
          highlights: a.highlights,
          blockers: a.blockers,
          helpNeeded: a.helpNeeded,
          updatedAt: a.updatedAt,
          focusAreas: focusOf.get(`${a.cityId}|${a.project}`) ?? [],
          reportedBy: officerName.get(a.officerId) ?? a.officerId,
        })),
      } satisfies CityReport;
    })
    .sort((a, b) => a.country.localeCompare(b.country) || a.city.localeCompare(b.city));
  const { totals, byFocusArea } = reportTotals(cities);
  const { id, title, status, opensAt, closesAt, closedAt } = round;
  return {
    round: { id, title, status, opensAt, closesAt, closedAt },
    generatedAt: now,
    cities,
    byFocusArea,
    totals,
  };
}

const statusLabel = (s: string) => PROJECT_STATUSES[s as ProjectStatus] ?? s;

/** A short chat version of the report. */
export function reportBlocks(r: RoundReport, htmlUrl?: string): Block[] {
  const t = r.totals;
  return [
    heading(`Progress report: ${r.round.title}`),
    {
      kind: 'fields',
      fields: [
        { label: 'Answered', value: `${t.answered} of ${t.cities - t.noOfficer} cities` },
        { label: 'Projects', value: String(t.projects) },
        ...Object.entries(t.counts).map(([k, v]) => ({ label: statusLabel(k), value: String(v) })),
      ],
    },
    {
      kind: 'list',
      items: r.cities
        .filter((c) => c.state === 'missing')
        .map(
          (c) => `Missing: ${c.city}${c.escalated ? ' (escalated)' : c.nudged ? ' (nudged)' : ''}`,
        ),
    },
    ...(htmlUrl ? [note(['Full report: ', link(htmlUrl, htmlUrl)])] : []),
  ];
}
