import type { RoundReport } from '@ascn/core';
import { PROJECT_STATUSES, type ProjectStatus } from '@ascn/domain';
import type {
  AlignType,
  Heading,
  List,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
} from 'mdast';
import { u } from 'unist-builder';

type CityReport = RoundReport['cities'][number];
/** `reportedBy` is the person who submitted the answer. */
type Answer = CityReport['answers'][number];

export const statusLabel = (status: string) => PROJECT_STATUSES[status as ProjectStatus] ?? status;
export const day = (d: Date) => d.toISOString().slice(0, 10);
export const minute = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);

/**
 * What someone typed, as text nodes: never parsed as Markdown, so `*`, `|`, `<script>` and
 * `[a](javascript:…)` stay characters. Line breaks become `break` nodes: `<br>` in HTML, a
 * space inside a Markdown table cell (where a newline would end the row).
 */
export function typed(value: string | null | undefined): PhrasingContent[] {
  const lines = (value ?? '').split(/\r\n|\r|\n/);
  return lines.flatMap((line, i): PhrasingContent[] =>
    i === 0 ? [u('text', line)] : [u('break'), u('text', line)],
  );
}

export const heading = (depth: 1 | 2 | 3 | 4, children: PhrasingContent[]): Heading =>
  u('heading', { depth }, children);
export const paragraph = (children: PhrasingContent[]): Paragraph => u('paragraph', children);
export const bulletList = (items: PhrasingContent[][]): List =>
  u(
    'list',
    { ordered: false, spread: false },
    items.map((children) => u('listItem', { spread: false }, [paragraph(children)])),
  );

export interface Column<Row> {
  title: string;
  align?: AlignType;
  cell: (row: Row) => PhrasingContent[];
  /** Extra HTML attributes for the cell (ignored by Markdown). */
  properties?: (row: Row) => Record<string, string | string[]>;
}

export function table<Row>(columns: Column<Row>[], rows: Row[]): Table {
  const header: TableRow = u(
    'tableRow',
    columns.map((c) => u('tableCell', [u('text', c.title)])),
  );
  const body = rows.map(
    (row): TableRow =>
      u(
        'tableRow',
        columns.map((c): TableCell => {
          const cell: TableCell = u('tableCell', c.cell(row));
          if (c.properties) cell.data = { hProperties: c.properties(row) };
          return cell;
        }),
      ),
  );
  return u('table', { align: columns.map((c) => c.align ?? null) }, [header, ...body]);
}

export const number = (n: number): PhrasingContent[] => [u('text', String(n))];

/** "A", "A and B", "A, B and C". */
export function names(list: string[]): string {
  return list.length <= 1
    ? (list[0] ?? '')
    : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Who submitted the city's answers; the city's officer when the answers do not say. */
export function reportedBy(city: CityReport): string[] {
  const people = (city.answers as Answer[])
    .map((a) => a.reportedBy?.trim())
    .filter((name): name is string => Boolean(name));
  if (people.length > 0) return [...new Set(people)];
  return city.officer ? [city.officer] : [];
}

/** A city's projects as the reports' tables begin: the project, its status and its progress. */
export const projectColumns: Column<Answer>[] = [
  { title: 'Project', cell: (a) => typed(a.project) },
  {
    title: 'Status',
    cell: (a) => [u('text', statusLabel(a.status))],
    properties: (a) => ({ className: [`s-${a.status}`] }),
  },
  { title: 'Progress', align: 'right', cell: (a) => [u('text', `${a.progress}%`)] },
];

function citySection(city: CityReport): RootContent[] {
  const people = reportedBy(city);
  const answers = city.answers as Answer[];
  return [
    heading(3, [...typed(city.city), u('text', ` (${city.country})`)]),
    ...(people.length > 0 ? [paragraph(typed(`Reported by ${names(people)}.`))] : []),
    table<Answer>(
      [
        ...projectColumns,
        { title: 'Highlights', cell: (a) => typed(a.highlights) },
        { title: 'Blockers', cell: (a) => typed(a.blockers) },
        { title: 'Help needed', cell: (a) => typed(a.helpNeeded) },
      ],
      answers,
    ),
  ];
}

/**
 * The progress report of one status round as one Markdown tree (mdast): the Markdown and the
 * HTML versions are both made from it, so they always say the same.
 */
export function reportTree(report: RoundReport): Root {
  const { round, totals } = report;
  const withOfficer = totals.cities - totals.noOfficer;
  const counts = Object.entries(totals.counts)
    .map(([status, n]) => `${statusLabel(status)} ${n}`)
    .join(', ');
  const answered = report.cities.filter((c) => c.state === 'answered');
  const missing = report.cities.filter((c) => c.state === 'missing');
  const noOfficer = report.cities.filter((c) => c.state === 'no-officer');
  const children: RootContent[] = [
    heading(1, typed(`Progress report: ${round.title}`)),
    paragraph([
      u(
        'text',
        `Round ${round.id}, ${round.status}; opened ${day(round.opensAt)}, closes ${day(round.closesAt)}. Generated ${minute(report.generatedAt)} UTC.`,
      ),
    ]),
    bulletList([
      [
        u(
          'text',
          `Cities answered: ${totals.answered} of ${withOfficer} with an officer (${totals.noOfficer} without a registered officer)`,
        ),
      ],
      [u('text', `Projects reported: ${totals.projects} (${counts})`)],
    ]),
    heading(2, [u('text', 'By focus area')]),
    table<RoundReport['byFocusArea'][number]>(
      [
        { title: 'Focus area', cell: (a) => typed(a.label) },
        { title: 'Projects', align: 'right', cell: (a) => number(a.projects) },
        { title: 'On track', align: 'right', cell: (a) => number(a.counts['on-track']) },
        { title: 'At risk', align: 'right', cell: (a) => number(a.counts['at-risk']) },
        { title: 'Delayed', align: 'right', cell: (a) => number(a.counts.delayed) },
        { title: 'Done', align: 'right', cell: (a) => number(a.counts.done) },
      ],
      report.byFocusArea,
    ),
    heading(2, [u('text', 'By city')]),
    ...(answered.length > 0
      ? answered.flatMap(citySection)
      : [paragraph([u('text', 'No city has answered yet.')])]),
    heading(2, [u('text', 'Missing')]),
    missing.length > 0
      ? bulletList(
          missing.map((c) =>
            typed(
              `${c.city} (${c.country}), ${c.officer ?? 'no officer'}${c.escalated ? ': escalated to the National Representative' : c.nudged ? ': nudged' : ''}`,
            ),
          ),
        )
      : paragraph([u('text', 'Every city with a registered officer has answered.')]),
  ];
  if (noOfficer.length > 0)
    children.push(
      paragraph(typed(`No registered officer: ${noOfficer.map((c) => c.city).join(', ')}.`)),
    );
  return u('root', children);
}
