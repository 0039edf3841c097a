import { PROJECT_STATUSES, type ProjectStatus } from '@ascn/domain';
import type { Element, ElementContent } from 'hast';
import { h, s } from 'hastscript';
import { type Counts, STATUSES } from './data.js';

/** Fills that read apart on white and for the common colour-vision differences (the table says it in words). */
export const STATUS_FILL: Record<ProjectStatus, string> = {
  'on-track': '#1e7d32',
  'at-risk': '#c77700',
  delayed: '#b3261e',
  done: '#1a5fb4',
};

const WIDTH = 400;
const LABEL = 14;

/**
 * A chart as a figure: its caption, an inline SVG (role img, named by its title and a one-line
 * summary) and the same numbers as a table, so nothing is told by colour or shape alone.
 */
function figure(
  id: string,
  caption: string,
  summary: string,
  svg: Element,
  table: Element,
): Element {
  return h('figure', { id }, [
    h('figcaption', { id: `${id}-caption` }, caption),
    svg,
    h('p.note', { id: `${id}-summary` }, summary),
    h('details', [h('summary', 'The numbers as a table'), h('div.scroll', table)]),
  ]);
}

function svgFrame(id: string, height: number, children: ElementContent[]): Element {
  return s(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      height,
      role: 'img',
      'aria-labelledby': `${id}-caption ${id}-summary`,
      fontFamily: 'system-ui, sans-serif',
      fontSize: 12,
    },
    children,
  );
}

const th = (text: string, numeric = false) => h(numeric ? 'th.n' : 'th', { scope: 'col' }, text);
const td = (text: string | number, numeric = true) => h(numeric ? 'td.n' : 'td', String(text));
const sum = (c: Counts) => STATUSES.reduce((n, k) => n + c[k], 0);

/** Horizontal bars, one per row, split by project status; the total at the end of each bar. */
export function statusByAreaChart(
  id: string,
  caption: string,
  rows: Array<{ label: string; counts: Counts }>,
): Element {
  const max = Math.max(1, ...rows.map((r) => sum(r.counts)));
  const row = 40;
  const usable = WIDTH - 40;
  const legend = STATUSES.map((k, i) =>
    s('g', { transform: `translate(${i * 95},0)` }, [
      s('rect', { x: 0, y: 2, width: 10, height: 10, fill: STATUS_FILL[k] }),
      s('text', { x: 14, y: 11 }, PROJECT_STATUSES[k]),
    ]),
  );
  const bars = rows.map((r, i) => {
    const y = 22 + i * row;
    let x = 0;
    const parts = STATUSES.filter((k) => r.counts[k] > 0).map((k) => {
      const w = (r.counts[k] / max) * usable;
      const rect = s('rect', { x, y: y + LABEL + 2, width: w, height: 16, fill: STATUS_FILL[k] });
      x += w;
      return rect;
    });
    return s('g', [
      s('text', { x: 0, y: y + LABEL - 2 }, r.label),
      ...parts,
      s('text', { x: x + 4, y: y + LABEL + 14 }, String(sum(r.counts))),
    ]);
  });
  const total = rows.reduce((n, r) => n + sum(r.counts), 0);
  const summary =
    rows.length === 0
      ? 'No project status reported yet.'
      : `${total} project answers in ${rows.length} focus areas; the most in ${[...rows].sort((a, b) => sum(b.counts) - sum(a.counts))[0]!.label}. A project in two focus areas counts in both.`;
  const table = h('table', [
    h(
      'thead',
      h('tr', [
        th('Focus area'),
        ...STATUSES.map((k) => th(PROJECT_STATUSES[k], true)),
        th('Total', true),
      ]),
    ),
    h(
      'tbody',
      rows.map((r) =>
        h('tr', [
          h('th', { scope: 'row' }, r.label),
          ...STATUSES.map((k) => td(r.counts[k])),
          td(sum(r.counts)),
        ]),
      ),
    ),
  ]);
  return figure(
    id,
    caption,
    summary,
    svgFrame(id, 26 + rows.length * row, [s('g', legend), ...bars]),
    table,
  );
}

/** Vertical bars: the share of asked cities that answered, per round. */
export function participationChart(
  id: string,
  caption: string,
  rounds: Array<{ id: number; title: string; asked: number; answered: number }>,
): Element {
  const height = 160;
  const base = 130;
  const shown = rounds.slice(-12);
  const step = shown.length > 0 ? (WIDTH - 10) / shown.length : 0;
  const share = (r: { asked: number; answered: number }) =>
    r.asked === 0 ? 0 : r.answered / r.asked;
  const bars = shown.map((r, i) => {
    const hgt = share(r) * 100;
    const x = 5 + i * step;
    const w = Math.min(40, step * 0.7);
    return s('g', [
      s('rect', { x, y: base - hgt, width: w, height: hgt, fill: '#1a5fb4' }),
      s(
        'text',
        { x: x + w / 2, y: base - hgt - 4, textAnchor: 'middle' },
        `${Math.round(share(r) * 100)}%`,
      ),
      s('text', { x: x + w / 2, y: base + 16, textAnchor: 'middle' }, `R${r.id}`),
    ]);
  });
  const axis = s('line', { x1: 0, x2: WIDTH, y1: base, y2: base, stroke: '#555' });
  const last = shown.at(-1);
  const summary = last
    ? `Round ${last.id}: ${last.answered} of ${last.asked} cities with an officer answered (${Math.round(share(last) * 100)}%). ${shown.length} rounds shown.`
    : 'No status round yet.';
  const table = h('table', [
    h('thead', h('tr', [th('Round'), th('Asked', true), th('Answered', true), th('Share', true)])),
    h(
      'tbody',
      rounds.map((r) =>
        h('tr', [
          h('th', { scope: 'row' }, `${r.id}: ${r.title}`),
          td(r.asked),
          td(r.answered),
          td(`${Math.round(share(r) * 100)}%`),
        ]),
      ),
    ),
  ]);
  return figure(id, caption, summary, svgFrame(id, height, [axis, ...bars]), table);
}

/** Horizontal bars of one count per row. */
export function countChart(
  id: string,
  caption: string,
  column: string,
  rows: Array<{ label: string; value: number }>,
): Element {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const row = 40;
  const bars = rows.map((r, i) => {
    const y = i * row;
    const w = (r.value / max) * (WIDTH - 50);
    return s('g', [
      s('text', { x: 0, y: y + LABEL - 2 }, r.label),
      s('rect', { x: 0, y: y + LABEL + 2, width: w, height: 16, fill: '#0d2a4a' }),
      s('text', { x: w + 4, y: y + LABEL + 14 }, String(r.value)),
    ]);
  });
  const total = rows.reduce((n, r) => n + r.value, 0);
  const summary =
    rows.length === 0
      ? 'Nothing recorded yet.'
      : `${total} in all, across ${rows.length} rows; the most in ${[...rows].sort((a, b) => b.value - a.value)[0]!.label}.`;
  const table = h('table', [
    h('thead', h('tr', [th('Focus area'), th(column, true)])),
    h(
      'tbody',
      rows.map((r) => h('tr', [h('th', { scope: 'row' }, r.label), td(r.value)])),
    ),
  ]);
  return figure(id, caption, summary, svgFrame(id, Math.max(20, rows.length * row), bars), table);
}
