import type { RoundReport } from '@ascn/core';
import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot, Table } from 'mdast';
import rehypeParse from 'rehype-parse';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { reportHtml, reportMarkdown } from './render.js';

type CityReport = RoundReport['cities'][number];
type Answer = CityReport['answers'][number];

/** Things officers have typed that are markup somewhere. */
const HOSTILE = [
  'Line one | with a pipe\n**bold** and _emphasis_',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  '[a link](javascript:alert(3)) and ![img](https://evil.example/x.png)',
  'https://evil.example/phish www.evil.example mail@evil.example',
  '# not a heading\n- not a list\n> not a quote\n```\nnot code',
  '<b>bold</b> &amp; &lt; `code` | last',
];

const counts = (c: Partial<Record<'on-track' | 'at-risk' | 'delayed' | 'done', number>>) => ({
  'on-track': 0,
  'at-risk': 0,
  delayed: 0,
  done: 0,
  ...c,
});

function answer(project: string, text: string, extra: Partial<Answer> = {}): Answer {
  return {
    project,
    status: 'at-risk',
    progress: 40,
    highlights: text,
    blockers: text,
    helpNeeded: text,
    updatedAt: new Date('2026-12-09T00:00:00Z'),
    focusAreas: ['health-and-well-being'],
    reportedBy: null,
    ...extra,
  };
}

function city(cityId: string, name: string, over: Partial<CityReport>): CityReport {
  return {
    cityId,
    city: name,
    country: 'Thailand',
    officer: null,
    state: 'answered',
    nudged: false,
    escalated: false,
    answers: [],
    ...over,
  };
}

function fixture(answers: Answer[], over: Partial<CityReport> = {}): RoundReport {
  return {
    round: {
      id: 7,
      title: 'Q4 <b>2026</b> | *round*',
      status: 'open',
      opensAt: new Date('2026-12-01T02:00:00Z'),
      closesAt: new Date('2026-12-18T10:00:00Z'),
      closedAt: null,
    },
    generatedAt: new Date('2026-12-10T05:06:00Z'),
    cities: [
      city('bangkok', 'Bangkok', { officer: 'Latest Registered Officer', answers, ...over }),
      city('yangon', 'Yangon', {
        country: 'Myanmar',
        officer: 'Example CSCO, Yangon',
        state: 'missing',
        nudged: true,
        escalated: true,
      }),
      city('luang-prabang', 'Luang Prabang', { country: 'Lao PDR', state: 'no-officer' }),
    ],
    byFocusArea: [
      {
        focusArea: 'health-and-well-being',
        label: 'Health and Well-being',
        counts: counts({ 'at-risk': answers.length }),
        projects: answers.length,
      },
    ],
    totals: {
      cities: 3,
      answered: 1,
      missing: 1,
      noOfficer: 1,
      projects: answers.length,
      counts: counts({ 'at-risk': answers.length }),
    },
  };
}

const parseMarkdown = (md: string) =>
  unified().use(remarkParse).use(remarkGfm).parse(md) as MdastRoot;
const parseHtml = (html: string) => unified().use(rehypeParse).parse(html) as HastRoot;

function mdNodes(node: MdastNodes): MdastNodes[] {
  return [node, ...('children' in node ? node.children.flatMap((c) => mdNodes(c)) : [])];
}
function mdText(node: MdastNodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'break') return '\n';
  return 'children' in node ? node.children.map((c) => mdText(c)).join('') : '';
}
function elements(node: HastNodes): Element[] {
  const own = node.type === 'element' ? [node] : [];
  const kids = 'children' in node ? node.children : [];
  // A <template>'s content (hast keeps it apart) is inert; the report has none anyway.
  return [...own, ...kids.flatMap((c) => elements(c as HastNodes))];
}
function htmlText(node: HastNodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map((c) => htmlText(c as HastNodes)).join('') : '';
}

const MARKUP_NODES = [
  'linkReference',
  'image',
  'imageReference',
  'html',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'code',
  'blockquote',
];

describe('the progress report', () => {
  const answers = HOSTILE.map((text, i) => answer(`Project ${i} | ${text.split('\n')[0]}`, text));
  const report = fixture(answers);

  it('shows what officers typed as text in the Markdown, and its tables stay tables', () => {
    const md = reportMarkdown(report);
    const tree = parseMarkdown(md);
    const kinds = new Set(mdNodes(tree).map((n) => n.type));
    for (const kind of MARKUP_NODES) expect(kinds, `a ${kind} node in:\n${md}`).not.toContain(kind);
    // GFM viewers turn a typed web or mail address into a link (an "autolink literal"): that is
    // GFM's reading of plain text, and it only ever links the address itself, never a
    // `[text](javascript:…)` someone wrote.
    for (const link of mdNodes(tree).filter((n) => n.type === 'link')) {
      expect(link.url).toMatch(/^(https?:\/\/|mailto:)/);
      expect(link.url.replace(/^mailto:|^http:\/\/(?=www\.)/, '')).toBe(mdText(link));
    }

    const tables = mdNodes(tree).filter((n): n is Table => n.type === 'table');
    expect(tables).toHaveLength(2);
    const [areas, bangkok] = tables;
    expect(areas!.children.map((r) => r.children.map(mdText))).toEqual([
      ['Focus area', 'Projects', 'On track', 'At risk', 'Delayed', 'Done'],
      ['Health and Well-being', '6', '0', '6', '0', '0'],
    ]);
    expect(bangkok!.children).toHaveLength(1 + HOSTILE.length);
    bangkok!.children.slice(1).forEach((row, i) => {
      expect(row.children).toHaveLength(6);
      // A line break cannot live in a Markdown table cell: it reads as a space there.
      const flat = HOSTILE[i]!.replace(/\n/g, ' ');
      expect(row.children.map(mdText)).toEqual([
        `Project ${i} | ${HOSTILE[i]!.split('\n')[0]}`,
        'At risk',
        '40%',
        flat,
        flat,
        flat,
      ]);
    });
    const h1 = tree.children.find((n) => n.type === 'heading' && n.depth === 1);
    expect(mdText(h1!)).toBe('Progress report: Q4 <b>2026</b> | *round*');
  });

  it('shows what officers typed as text in the HTML, line breaks kept, and its tables stay tables', () => {
    const html = reportHtml(report);
    const tree = parseHtml(html);
    const names = new Set(elements(tree).map((e) => e.tagName));
    for (const tag of ['script', 'img', 'a', 'b', 'strong', 'em', 'code', 'blockquote', 'pre'])
      expect(names, `a <${tag}> in the HTML`).not.toContain(tag);
    for (const e of elements(tree))
      for (const name of Object.keys(e.properties))
        expect(name, `<${e.tagName}> has ${name}`).not.toMatch(/^on/i);

    const tables = elements(tree).filter((e) => e.tagName === 'table');
    expect(tables).toHaveLength(2);
    const rows = elements(tables[1]!).filter((e) => e.tagName === 'tr');
    expect(rows).toHaveLength(1 + HOSTILE.length);
    rows.slice(1).forEach((row, i) => {
      const cells = elements(row).filter((e) => e.tagName === 'td');
      expect(cells.map((c) => htmlText(c))).toEqual([
        `Project ${i} | ${HOSTILE[i]!.split('\n')[0]}`,
        'At risk',
        '40%',
        HOSTILE[i],
        HOSTILE[i],
        HOSTILE[i],
      ]);
      expect(cells[1]!.properties.className).toEqual(['s-at-risk']);
    });
    const title = elements(tree).find((e) => e.tagName === 'title');
    expect(htmlText(title!)).toBe('Progress report: Q4 <b>2026</b> | *round*');
    const h1 = elements(tree).find((e) => e.tagName === 'h1');
    expect(htmlText(h1!)).toBe('Progress report: Q4 <b>2026</b> | *round*');
  });

  it('says the same in both: totals, who is missing and who has no officer', () => {
    const md = reportMarkdown(report);
    const html = htmlText(parseHtml(reportHtml(report)));
    for (const line of [
      'Round 7, open; opened 2026-12-01, closes 2026-12-18. Generated 2026-12-10 05:06 UTC.',
      'Cities answered: 1 of 2 with an officer (1 without a registered officer)',
      'Projects reported: 6 (On track 0, At risk 6, Delayed 0, Done 0)',
      'Yangon (Myanmar), Example CSCO, Yangon: escalated to the National Representative',
      'No registered officer: Luang Prabang.',
    ]) {
      expect(md).toContain(line);
      expect(html).toContain(line);
    }
  });

  it('names who submitted the answers, each once, not the city’s latest officer', () => {
    const two = fixture([
      answer('A', 'x', { reportedBy: 'Somchai <Deputy>' }),
      answer('B', 'y', { reportedBy: 'Anong' }),
      answer('C', 'z', { reportedBy: 'Somchai <Deputy>' }),
    ]);
    const sentence = 'Reported by Somchai <Deputy> and Anong.';
    expect(mdText(parseMarkdown(reportMarkdown(two)))).toContain(sentence);
    expect(htmlText(parseHtml(reportHtml(two)))).toContain(sentence);
    expect(reportMarkdown(two)).not.toContain('Latest Registered Officer');
  });

  it('falls back to the city’s officer when the answers do not say who submitted them', () => {
    const old = fixture([answer('A', 'x'), answer('B', 'y', { reportedBy: null })]);
    expect(reportMarkdown(old)).toContain('Reported by Latest Registered Officer.');
    const nobody = fixture([answer('A', 'x')], { officer: null });
    expect(reportMarkdown(nobody)).not.toContain('Reported by');
  });

  it('says plainly when no city has answered and when nobody is missing', () => {
    const empty = fixture([], { state: 'missing' });
    empty.cities = empty.cities.filter((c) => c.state !== 'missing');
    const md = reportMarkdown(empty);
    expect(md).toContain('No city has answered yet.');
    expect(md).toContain('Every city with a registered officer has answered.');
  });
});
