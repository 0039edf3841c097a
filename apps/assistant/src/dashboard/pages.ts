import type { Gap } from '@ascn/core';
import {
  FOCUS_AREAS,
  type FocusAreaId,
  formatInZone,
  MEMBER_STATES,
  PROJECT_STATUSES,
  type ProjectStatus,
  ROLES,
  type Role,
  utcOffsetLabel,
} from '@ascn/domain';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { maySeeEmail, maySeeGaps, type Scope, scopeName } from './access.js';
import { countChart, participationChart, statusByAreaChart } from './charts.js';
import {
  CITY_STATES,
  type CityPage,
  type CityState,
  type CityTile,
  type LibraryHit,
  type Overview,
  type RoundInfo,
  STATUSES,
  type TimelineItem,
} from './data.js';
import { link, type PageContext, page } from './layout.js';

const statusLabel = (s: string) => PROJECT_STATUSES[s as ProjectStatus] ?? s;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const LEGEND_ORDER: CityState[] = [
  'delayed',
  'at-risk',
  'on-track',
  'done',
  'awaiting',
  'missing',
  'no-officer',
  'no-round',
];

/** What a tile says in words (its colour says the same). */
function stateText(t: CityTile): string {
  const n = STATUSES.reduce((sum, k) => sum + t.counts[k], 0);
  const label = CITY_STATES[t.state];
  if (n === 0) return t.round ? `${label}, round ${t.round.id}` : label;
  const bad = t.counts.delayed + t.counts['at-risk'];
  return `${label}: ${bad > 0 ? `${bad} of ${plural(n, 'project')} at risk or delayed` : plural(n, 'project')}, round ${t.round!.id}`;
}

function legend(tiles: CityTile[]): Element {
  const present = LEGEND_ORDER.filter((s) => tiles.some((t) => t.state === s));
  return h(
    'ul.legend',
    { ariaLabel: 'Colour key' },
    present.map((s) =>
      h(`li.st-${s}`, `${CITY_STATES[s]} (${tiles.filter((t) => t.state === s).length})`),
    ),
  );
}

function grid(ctx: PageContext, tiles: CityTile[]): ElementContent[] {
  const countries = [...new Set(tiles.map((t) => t.city.country))].sort((a, b) =>
    MEMBER_STATES[a].localeCompare(MEMBER_STATES[b]),
  );
  return countries.flatMap((code) => {
    const mine = tiles
      .filter((t) => t.city.country === code)
      .sort((a, b) => a.city.name.localeCompare(b.city.name));
    return [
      h('h3', `${MEMBER_STATES[code]} (${mine.length})`),
      h(
        'ul.cities',
        mine.map((t) =>
          h(
            'li',
            h(`a.st-${t.state}`, { href: link(ctx, `dashboard/cities/${t.city.id}`) }, [
              h('strong', t.city.name),
              h('span', stateText(t)),
            ]),
          ),
        ),
      ),
    ];
  });
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
/** An all-day date as the organisers give it: "Tue 22 Dec 2026". */
const dayText = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`)).replace(',', '');

function when(item: TimelineItem, zone: string): string {
  const range = item.end ? `${dayText(item.start)} to ${dayText(item.end)}` : dayText(item.start);
  return item.startsAt ? formatInZone(item.startsAt, zone) : range;
}

function timelineList(items: TimelineItem[], zone: string, limit: number): Element {
  if (items.length === 0) return h('p', 'No upcoming meetings or due dates in the calendar.');
  return h(
    'ol.timeline',
    items
      .slice(0, limit)
      .map((t) =>
        h('li', [
          h('time', { dateTime: t.startsAt ? t.startsAt.toISOString() : t.start }, when(t, zone)),
          `${t.title}${t.place ? `, ${t.place}` : ''}${t.example ? ' (example data)' : ''}`,
        ]),
      ),
  );
}

function searchForm(ctx: PageContext, query = ''): Element {
  return h(
    'form.search',
    { action: link(ctx, 'dashboard/practices'), method: 'get', role: 'search' },
    [
      h(
        'label',
        { for: 'q' },
        'Search the best practices (the same search as the assistant in chat)',
      ),
      h('input', { type: 'search', id: 'q', name: 'q', value: query, maxLength: 500 }),
      h('button', { type: 'submit' }, 'Search'),
    ],
  );
}

export interface OverviewExtras {
  zone: string;
  gaps: Gap[];
  /** Closed rounds in scope, newest first, for the annual reports. */
  closedRounds: RoundInfo[];
}

/** The front page: every city in scope by country, what is coming up, charts, library, gaps. */
export function overviewPage(
  ctx: PageContext,
  scope: Scope,
  data: Overview,
  extras: OverviewExtras,
  cityCount: number,
): string {
  const name = scopeName(
    scope,
    data.tiles.map((t) => t.city),
  );
  const lead = name
    ? `${name}: ${plural(data.tiles.length, 'member city', 'member cities')}.`
    : `The whole network: ${plural(cityCount, 'member city', 'member cities')}.`;
  const latest = data.latest;
  const content: ElementContent[] = [
    h('h1', 'ASCN dashboard'),
    h('p.lead', lead),
    h('section', { ariaLabelledBy: 'cities' }, [
      h('h2', { id: 'cities' }, 'Member cities'),
      h(
        'p',
        'Each city is coloured by the worst project status it gave in its latest status round, or by why it gave none. Open a city for its projects, practices, officers and deadlines.',
      ),
      legend(data.tiles),
      ...(data.tiles.length > 0
        ? grid(ctx, data.tiles)
        : [h('p', 'No member city in your part of the network.')]),
    ]),
    h('div.cols', [
      h('section', { ariaLabelledBy: 'coming-up' }, [
        h('h2', { id: 'coming-up' }, 'Coming up'),
        h(
          'p.note',
          `Meetings, due dates and round closings. Times in your zone (${extras.zone}, ${utcOffsetLabel(extras.zone)}); all-day dates as the organisers give them.`,
        ),
        timelineList(data.timeline, extras.zone, 12),
      ]),
      h('section', { ariaLabelledBy: 'library' }, [
        h('h2', { id: 'library' }, 'Best-practice library'),
        searchForm(ctx),
        h('p', h('a', { href: link(ctx, 'dashboard/practices') }, 'All best practices')),
        ...(maySeeGaps(scope)
          ? [
              h('h2', { id: 'gaps' }, 'Knowledge gaps'),
              extras.gaps.length === 0
                ? h('p', 'No declined or thumbs-down questions so far.')
                : h(
                    'ol',
                    extras.gaps
                      .slice(0, 5)
                      .map((g) => h('li', `${g.query} (asked ${plural(g.count, 'time')})`)),
                  ),
              h(
                'p',
                h(
                  'a',
                  { href: link(ctx, 'dashboard/gaps') },
                  'All knowledge gaps, with a page to write for each',
                ),
              ),
            ]
          : []),
      ]),
    ]),
    h('section', { ariaLabelledBy: 'charts' }, [
      h('h2', { id: 'charts' }, 'Charts'),
      h('div.cols', [
        statusByAreaChart(
          'chart-status',
          latest
            ? `Project status by focus area, round ${latest.id} (${latest.status})`
            : 'Project status by focus area',
          data.statusByArea,
        ),
        participationChart(
          'chart-participation',
          'Cities that answered, per status round',
          data.rounds,
        ),
        countChart(
          'chart-projects',
          'Action-plan projects by focus area',
          'Projects',
          data.projectsByArea.map((a) => ({ label: a.label, value: a.projects })),
        ),
        h('div', [
          h('h3', 'Why not by strategic outcome?'),
          h(
            'p',
            'The Framework names three strategic outcomes (a competitive economy, a sustainable environment, a high quality of life) and six focus areas, but it does not say which focus area serves which outcome, and projects record focus areas only. So projects are counted by focus area; a count by outcome would be a guess.',
          ),
        ]),
      ]),
    ]),
    h('section', { ariaLabelledBy: 'reports' }, [
      h('h2', { id: 'reports' }, 'Annual reports'),
      extras.closedRounds.length === 0
        ? h(
            'p',
            'No status round has closed yet; the annual report is written from a closed round.',
          )
        : h(
            'ul',
            extras.closedRounds.map((r) =>
              h('li', [
                h(
                  'a',
                  { href: link(ctx, `dashboard/reports/${r.id}/annual.html`) },
                  `Round ${r.id}: ${r.title}`,
                ),
                ' (',
                h(
                  'a',
                  {
                    href: link(ctx, `dashboard/reports/${r.id}/annual.pdf`),
                    download: `ascn-annual-report-${r.id}.pdf`,
                  },
                  'PDF',
                ),
                ')',
              ]),
            ),
          ),
    ]),
  ];
  return page({ ...ctx, current: 'overview' }, 'Dashboard', content);
}

const areaNames = (ids: string[]) =>
  ids.map((id) => FOCUS_AREAS[id as FocusAreaId] ?? id).join(', ');

/** One city: projects and their status across rounds, practices, officers, deadlines in its zone. */
export function cityPage(ctx: PageContext, scope: Scope, data: CityPage): string {
  const { city } = data;
  const zone = city.timeZone;
  const rounds = data.rounds.slice(-10);
  const history =
    data.projects.length === 0
      ? h('p', 'No action-plan project is registered for this city, and it has reported none.')
      : h('div', [
          h(
            'p.note',
            { id: 'history-note' },
            `Status and progress per round (R1 is round 1), the ${plural(rounds.length, 'latest round')}; a dash means no answer for that project. On a narrow screen the table scrolls sideways.`,
          ),
          h(
            'div.scroll',
            {
              tabIndex: 0,
              role: 'region',
              ariaLabel: 'Project status per round',
              ariaDescribedBy: 'history-note',
            },
            h('table', [
              h(
                'thead',
                h('tr', [
                  h('th', { scope: 'col' }, 'Project'),
                  h('th', { scope: 'col' }, 'Focus areas'),
                  ...rounds.map((r) => h('th', { scope: 'col' }, `R${r.id}`)),
                ]),
              ),
              h(
                'tbody',
                data.projects.map((p) =>
                  h('tr', [
                    h('th', { scope: 'row' }, p.name),
                    h('td', areaNames(p.focusAreas) || '–'),
                    ...rounds.map((r) => {
                      const cell = p.history.get(r.id);
                      return cell
                        ? h(`td.s-${cell.status}`, `${statusLabel(cell.status)}, ${cell.progress}%`)
                        : h('td', '–');
                    }),
                  ]),
                ),
              ),
            ]),
          ),
        ]);
  const answered = rounds.filter((r) => r.answered).length;
  const asked = rounds.filter((r) => r.officer).length;
  const latest = data.tile.round;
  const accounts = data.latestAnswers.filter((a) => a.highlights || a.blockers || a.helpNeeded);
  const showEmail = maySeeEmail(scope);
  const content: ElementContent[] = [
    h('p', h('a', { href: link(ctx, 'dashboard') }, 'All cities')),
    h('h1', city.name),
    h(
      'p.lead',
      `${MEMBER_STATES[city.country]}; time zone ${zone} (${utcOffsetLabel(zone)}); member since ${city.joined}${city.pilot ? ' (pilot city)' : ''}.`,
    ),
    h(
      'p',
      latest
        ? `Latest status round: ${latest.id}, ${latest.title} (${latest.status}). State: ${stateText(data.tile)}.`
        : 'This city has been in no status round yet.',
    ),
    h('section', { ariaLabelledBy: 'projects' }, [
      h('h2', { id: 'projects' }, 'Projects'),
      h(
        'p',
        `Answered ${answered} of the ${plural(asked, 'round')} it was asked in (of those shown).`,
      ),
      history,
      ...(accounts.length > 0 && latest
        ? [
            h('h3', `What the city said in round ${latest.id}`),
            h(
              'ul',
              accounts.map((a) =>
                h('li', [
                  h('strong', `${a.project} (${statusLabel(a.status)}, ${a.progress}%)`),
                  ...(a.highlights ? [h('br'), `Highlights: ${a.highlights}`] : []),
                  ...(a.blockers ? [h('br'), `Blockers: ${a.blockers}`] : []),
                  ...(a.helpNeeded ? [h('br'), `Help requested: ${a.helpNeeded}`] : []),
                ]),
              ),
            ),
          ]
        : []),
    ]),
    h('div.cols', [
      h('section', { ariaLabelledBy: 'deadlines' }, [
        h('h2', { id: 'deadlines' }, 'Upcoming deadlines'),
        h('p.note', `Times in ${city.name}'s zone (${zone}, ${utcOffsetLabel(zone)}).`),
        timelineList(data.timeline, zone, 8),
      ]),
      h('section', { ariaLabelledBy: 'practices' }, [
        h('h2', { id: 'practices' }, 'Best practices'),
        data.practices.length === 0
          ? h('p', 'No best practice from this city in the library yet.')
          : h(
              'ul',
              data.practices.map((p) =>
                h('li', [
                  h('a', { href: link(ctx, `docs/${p.path}`) }, p.title),
                  p.shared ? ' (shared in chat, not reviewed)' : '',
                ]),
              ),
            ),
        h('h2', { id: 'officers' }, 'Officers'),
        data.officers.length === 0
          ? h('p', 'No officer is registered for this city or its member state.')
          : h(
              'ul',
              data.officers.map((o) =>
                h('li', [
                  `${o.name}, ${ROLES[o.role as Role] ?? o.role}${o.example ? ' (example person)' : ''}`,
                  ...(showEmail && o.email
                    ? [' · ', h('a', { href: `mailto:${o.email}` }, o.email)]
                    : []),
                ]),
              ),
            ),
      ]),
    ]),
  ];
  return page(ctx, city.name, content);
}

/** The best-practice library, searched like a question in chat. */
export function libraryPage(ctx: PageContext, query: string, hits: LibraryHit[]): string {
  const content: ElementContent[] = [
    h('h1', 'Best-practice library'),
    h(
      'p.lead',
      'Practices from the knowledge base and those officers shared in chat (shared ones are not reviewed).',
    ),
    searchForm(ctx, query),
    h(
      'h2',
      { id: 'results' },
      query
        ? `${plural(hits.length, 'page')} for “${query}”`
        : `All ${plural(hits.length, 'practice page')}`,
    ),
    hits.length === 0
      ? h('p', 'Nothing in the library matches. Try other words, or fewer.')
      : h(
          'ul.hits',
          hits.map((hit) =>
            h('li', [
              h(
                'a',
                {
                  href: link(
                    ctx,
                    `docs/${hit.path}${hit.sections[0] ? `#${hit.sections[0].anchor}` : ''}`,
                  ),
                },
                hit.title,
              ),
              [hit.city, hit.shared ? 'shared in chat, not reviewed' : null].filter(Boolean)
                .length > 0
                ? ` (${[hit.city, hit.shared ? 'shared in chat, not reviewed' : null].filter(Boolean).join('; ')})`
                : '',
              ...hit.sections
                .slice(0, 1)
                .map((s) =>
                  h(
                    'p',
                    s.text.length > 240
                      ? `${s.text.slice(0, 240).replace(/\s+\S*$/, '')}…`
                      : s.text,
                  ),
                ),
            ]),
          ),
        ),
  ];
  return page(
    { ...ctx, current: 'practices' },
    query ? `Best practices: ${query}` : 'Best practices',
    content,
  );
}

/** The questions the assistant could not answer, most asked first, each with a page to write. */
export function gapsPage(ctx: PageContext, gaps: Gap[]): string {
  const content: ElementContent[] = [
    h('h1', 'Knowledge gaps'),
    h(
      'p.lead',
      'Questions the assistant declined, or whose answer someone marked 👎, most asked first. Each links to a page skeleton to write the missing answer.',
    ),
    gaps.length === 0
      ? h('p', 'No declined or thumbs-down questions so far.')
      : h('div.scroll', { tabIndex: 0, role: 'region', ariaLabel: 'Knowledge gaps' }, [
          h('table', [
            h(
              'thead',
              h(
                'tr',
                ['Question', 'Asked', 'Declined', '👎', 'Last asked', 'Write'].map((t, i) =>
                  h(i > 0 && i < 4 ? 'th.n' : 'th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              gaps.map((g) =>
                h('tr', [
                  h('th', { scope: 'row' }, g.query),
                  h('td.n', String(g.count)),
                  h('td.n', String(g.declined)),
                  h('td.n', String(g.thumbsDown)),
                  h('td', g.lastAsked.toISOString().slice(0, 10)),
                  h(
                    'td',
                    h(
                      'a',
                      {
                        href: `${link(ctx, 'dashboard/gaps/page')}?${new URLSearchParams({ q: g.query })}`,
                      },
                      ['Write the page', h('span.vh', ` for “${g.query}”`)],
                    ),
                  ),
                ]),
              ),
            ),
          ]),
        ]),
  ];
  return page({ ...ctx, current: 'gaps' }, 'Knowledge gaps', content);
}

/** A Markdown skeleton of the missing page, to copy into the repository's docs/ folder. */
export function skeletonPage(
  ctx: PageContext,
  question: string,
  file: string,
  markdown: string,
): string {
  const content: ElementContent[] = [
    h('p', h('a', { href: link(ctx, 'dashboard/gaps') }, 'All knowledge gaps')),
    h('h1', 'Write the missing page'),
    h('p', ['For the question “', question, '”.']),
    h('ol', [
      h('li', [
        'Save the text below in the repository as ',
        h('code', file),
        ' (or in the folder that fits the topic better).',
      ]),
      h(
        'li',
        'Answer the question under its heading in two or three plain sentences, and add the sources you used: the docs check refuses a page without one.',
      ),
      h('li', [
        'Run ',
        h('code', 'npx ascn docs check'),
        ', then open a pull request. The assistant answers from the page once it is merged and deployed.',
      ]),
    ]),
    h('pre', { id: 'skeleton', tabIndex: 0, ariaLabel: 'Markdown skeleton' }, h('code', markdown)),
    h('p', [
      h(
        'button',
        { type: 'button', dataCopy: 'skeleton', ariaControls: 'copy-status', hidden: true },
        'Copy the Markdown',
      ),
      ' ',
      h('span', { id: 'copy-status', role: 'status' }),
    ]),
  ];
  return page({ ...ctx, current: 'gaps' }, 'Write the missing page', content, { script: true });
}
