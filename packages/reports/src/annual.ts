import type { CityReport, RoundReport } from '@ascn/core';
import { FOCUS_AREAS, type FocusAreaId, PROJECT_STATUSES, type ProjectStatus } from '@ascn/domain';
import type { Heading, PhrasingContent, Root, RootContent } from 'mdast';
import { u } from 'unist-builder';
import {
  bulletList,
  day,
  heading,
  minute,
  names,
  number,
  paragraph,
  projectColumns,
  reportedBy,
  statusLabel,
  table,
  typed,
} from './tree.js';

type Answer = CityReport['answers'][number];

/** One status round of the report's year: which cities were asked (had an officer) and which answered. */
export interface YearRound {
  id: number;
  title: string;
  closesAt: Date;
  /** Cities with an officer when the round opened. */
  asked: string[];
  /** Cities that answered for at least one project. */
  answered: string[];
}

/**
 * What the annual report is made of: the closed round it is written from (core's
 * `buildReport`), the rounds of the year up to and including it, and, when the reader sees
 * part of the network only, the name of that part.
 */
export interface AnnualReportInput {
  report: RoundReport;
  year: YearRound[];
  /** "Thailand", "Bangkok": the reader's part of the network; absent for the whole network. */
  scope?: string;
}

const STATUS_ORDER = Object.keys(PROJECT_STATUSES) as ProjectStatus[];
const zero = (): Record<ProjectStatus, number> => ({
  'on-track': 0,
  'at-risk': 0,
  delayed: 0,
  done: 0,
});
const countsText = (c: Record<ProjectStatus, number>) =>
  STATUS_ORDER.map((s) => `${statusLabel(s)} ${c[s]}`).join(', ');
const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A heading with a fixed id, so the contents can link to it. */
function anchored(depth: 1 | 2 | 3 | 4, text: string, id: string): Heading {
  const node = heading(depth, typed(text));
  node.data = { hProperties: { id } };
  return node;
}

/** A slug for an id attribute: city ids are kebab-case already; focus areas too. */
const idFor = (prefix: string, id: string) => `${prefix}-${id.replace(/[^a-z0-9-]/gi, '-')}`;

interface Entry {
  city: string;
  project: string;
  text: string;
}

/** "Project (City): what was typed", the typed parts kept as text. */
function entryItem(e: Entry, withCity: boolean): PhrasingContent[] {
  return [
    u('strong', typed(withCity ? `${e.city}, ${e.project}` : e.project)),
    u('text', ': '),
    ...typed(e.text),
  ];
}

/** Highlights, blockers and help requested, each a titled list ("None reported." when empty). */
function accounts(
  answers: Array<{ city: string; answer: Answer }>,
  depth: 3 | 4,
  withCity: boolean,
): RootContent[] {
  const kinds: Array<[string, (a: Answer) => string | null]> = [
    ['Highlights', (a) => a.highlights],
    ['Blockers', (a) => a.blockers],
    ['Help requested', (a) => a.helpNeeded],
  ];
  return kinds.flatMap(([title, pick]): RootContent[] => {
    const entries = answers
      .map(({ city, answer }) => ({ city, project: answer.project, text: pick(answer)?.trim() }))
      .filter((e): e is Entry => Boolean(e.text));
    return [
      heading(depth, [u('text', title)]),
      entries.length > 0
        ? bulletList(entries.map((e) => entryItem(e, withCity)))
        : paragraph([u('text', 'None reported.')]),
    ];
  });
}

function participationOf(year: YearRound[], cityId: string) {
  const asked = year.filter((r) => r.asked.includes(cityId));
  const answered = asked.filter((r) => r.answered.includes(cityId));
  return { asked: asked.length, answered: answered.length };
}

function citySection(city: CityReport, year: YearRound[]): RootContent[] {
  const answers = city.answers as Answer[];
  const people = reportedBy(city);
  const part = participationOf(year, city.cityId);
  const thisRound =
    city.state === 'answered'
      ? `Answered this round for ${plural(answers.length, 'project')}${people.length > 0 ? `; reported by ${names(people)}` : ''}.`
      : city.state === 'missing'
        ? `Did not answer this round${city.escalated ? ' (escalated to the National Representative)' : city.nudged ? ' (nudged)' : ''}.`
        : 'No registered officer this round.';
  const counts = zero();
  for (const a of answers) counts[a.status as ProjectStatus]++;
  return [
    anchored(3, `${city.city} (${city.country})`, idFor('city', city.cityId)),
    paragraph(
      typed(
        `${thisRound} Participation over the year: answered ${part.answered} of ${plural(part.asked, 'round')} it was asked in.`,
      ),
    ),
    ...(answers.length > 0
      ? [
          paragraph([u('text', `Projects: ${countsText(counts)}.`)]),
          table(projectColumns, answers),
          ...accounts(
            answers.map((answer) => ({ city: city.city, answer })),
            4,
            false,
          ),
        ]
      : []),
  ];
}

interface AreaAccount {
  id: string;
  label: string;
  counts: Record<ProjectStatus, number>;
  cities: Set<string>;
  answers: Array<{ city: string; answer: Answer }>;
}

/** Projects by focus area, from the cities in the report (a project in two areas counts in both). */
function byFocusArea(cities: CityReport[]): AreaAccount[] {
  const areas = new Map<string, AreaAccount>();
  for (const city of cities)
    for (const answer of city.answers as Answer[])
      for (const id of answer.focusAreas.length > 0 ? answer.focusAreas : ['unassigned']) {
        const area = areas.get(id) ?? {
          id,
          label: FOCUS_AREAS[id as FocusAreaId] ?? 'No focus area recorded',
          counts: zero(),
          cities: new Set<string>(),
          answers: [],
        };
        area.counts[answer.status as ProjectStatus]++;
        area.cities.add(city.cityId);
        area.answers.push({ city: city.city, answer });
        areas.set(id, area);
      }
  const order = [...Object.keys(FOCUS_AREAS), 'unassigned'];
  return [...areas.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

const total = (c: Record<ProjectStatus, number>) => STATUS_ORDER.reduce((n, s) => n + c[s], 0);

/**
 * The annual report as one Markdown tree (mdast): from a closed status round, an account of
 * the network per focus area and per city (highlights, blockers, help requested) and its
 * participation over the year. What officers typed stays text (see `typed`).
 */
export function annualReportTree(input: AnnualReportInput): Root {
  const { report, year, scope } = input;
  const { round } = report;
  const cities = report.cities;
  const inReport = new Set(cities.map((c) => c.cityId));
  const answered = cities.filter((c) => c.state === 'answered');
  const withOfficer = cities.filter((c) => c.state !== 'no-officer');
  const projectCounts = zero();
  for (const c of cities) for (const a of c.answers) projectCounts[a.status as ProjectStatus]++;
  const areas = byFocusArea(cities);
  const rounds = year.map((r) => ({
    ...r,
    asked: r.asked.filter((id) => inReport.has(id)),
    answered: r.answered.filter((id) => inReport.has(id)),
  }));
  const first = rounds[0];
  const askedAll = rounds.reduce((n, r) => n + r.asked.length, 0);
  const answeredAll = rounds.reduce((n, r) => n + r.answered.length, 0);
  const everyRound = cities.filter((c) => {
    const p = participationOf(rounds, c.cityId);
    return p.asked > 0 && p.answered === p.asked;
  });
  const countries = [...new Set(cities.map((c) => c.country))];

  const contents = [
    ['summary', 'Summary'],
    ['participation', 'Participation'],
    ['by-focus-area', 'By focus area'],
    ['by-city', 'By city'],
  ] as const;

  const children: RootContent[] = [
    heading(1, typed(`Annual report: ${round.title}${scope ? ` (${scope})` : ''}`)),
    paragraph(
      typed(
        `From status round ${round.id}, ${round.title}, which closed ${day(round.closedAt ?? round.closesAt)}. ` +
          `The year covered: ${plural(rounds.length, 'status round')} closing from ${first ? day(first.closesAt) : day(round.closesAt)} to ${day(round.closesAt)}. ` +
          `${scope ? `Cities of ${scope} only` : 'The whole network'}: ${plural(cities.length, 'member city', 'member cities')}. Generated ${minute(report.generatedAt)} UTC.`,
      ),
    ),
    heading(2, [u('text', 'Contents')]),
    bulletList(contents.map(([id, title]) => [u('link', { url: `#${id}` }, [u('text', title)])])),
    anchored(2, 'Summary', 'summary'),
    bulletList([
      [
        u(
          'text',
          `Cities that answered this round: ${answered.length} of ${withOfficer.length} with a registered officer (${percent(answered.length, withOfficer.length)}); ${cities.length - withOfficer.length} without one.`,
        ),
      ],
      [u('text', `Projects reported: ${total(projectCounts)} (${countsText(projectCounts)}).`)],
      [
        u(
          'text',
          `Answers over the year: ${answeredAll} of ${askedAll} requests (${percent(answeredAll, askedAll)}); ${plural(everyRound.length, 'city', 'cities')} answered every round they were asked in.`,
        ),
      ],
      [
        u(
          'text',
          `Blockers reported: ${cities.reduce((n, c) => n + c.answers.filter((a) => a.blockers?.trim()).length, 0)}; help requested: ${cities.reduce((n, c) => n + c.answers.filter((a) => a.helpNeeded?.trim()).length, 0)}.`,
        ),
      ],
    ]),
    anchored(2, 'Participation', 'participation'),
    paragraph([
      u(
        'text',
        'Cities asked (those with a registered officer) and cities that answered, per status round of the year.',
      ),
    ]),
    table<(typeof rounds)[number]>(
      [
        { title: 'Round', cell: (r) => typed(`${r.id}: ${r.title}`) },
        { title: 'Closed', cell: (r) => [u('text', day(r.closesAt))] },
        { title: 'Asked', align: 'right', cell: (r) => number(r.asked.length) },
        { title: 'Answered', align: 'right', cell: (r) => number(r.answered.length) },
        {
          title: 'Rate',
          align: 'right',
          cell: (r) => [u('text', percent(r.answered.length, r.asked.length))],
        },
      ],
      rounds,
    ),
    paragraph([u('text', 'Per member state, this round and over the year.')]),
    table<string>(
      [
        { title: 'Member state', cell: (country) => typed(country) },
        {
          title: 'Cities',
          align: 'right',
          cell: (country) => number(cities.filter((c) => c.country === country).length),
        },
        {
          title: 'Answered this round',
          align: 'right',
          cell: (country) => number(answered.filter((c) => c.country === country).length),
        },
        {
          title: 'Answers over the year',
          align: 'right',
          cell: (country) => {
            const ids = cities.filter((c) => c.country === country).map((c) => c.cityId);
            const parts = ids.map((id) => participationOf(rounds, id));
            const yes = parts.reduce((n, p) => n + p.answered, 0);
            const asked = parts.reduce((n, p) => n + p.asked, 0);
            return [u('text', `${yes} of ${asked} (${percent(yes, asked)})`)];
          },
        },
      ],
      countries,
    ),
    anchored(2, 'By focus area', 'by-focus-area'),
    ...(areas.length > 0
      ? [
          table<AreaAccount>(
            [
              { title: 'Focus area', cell: (a) => typed(a.label) },
              { title: 'Cities', align: 'right', cell: (a) => number(a.cities.size) },
              { title: 'Projects', align: 'right', cell: (a) => number(total(a.counts)) },
              ...STATUS_ORDER.map((s) => ({
                title: statusLabel(s),
                align: 'right' as const,
                cell: (a: AreaAccount) => number(a.counts[s]),
              })),
            ],
            areas,
          ),
          ...areas.flatMap((area): RootContent[] => [
            anchored(3, area.label, idFor('area', area.id)),
            paragraph([
              u(
                'text',
                `${plural(total(area.counts), 'project')} in ${plural(area.cities.size, 'city', 'cities')}: ${countsText(area.counts)}.`,
              ),
            ]),
            ...accounts(area.answers, 4, true),
          ]),
        ]
      : [paragraph([u('text', 'No project was reported this round.')])]),
    anchored(2, 'By city', 'by-city'),
    ...(cities.length > 0
      ? cities.flatMap((c) => citySection(c, rounds))
      : [paragraph([u('text', 'No member city in this report.')])]),
  ];
  return u('root', children);
}
