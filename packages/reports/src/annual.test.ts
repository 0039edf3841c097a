import type { CityReport } from '@ascn/core';
import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import rehypeParse from 'rehype-parse';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { AnnualReportInput } from './annual.js';
import { annualReportHtml, annualReportMarkdown } from './render.js';

type Answer = CityReport['answers'][number];

const HOSTILE =
  '<script>alert(1)</script> [x](javascript:alert(2)) **bold** | pipe\n# not a heading';

function answer(project: string, extra: Partial<Answer> = {}): Answer {
  return {
    project,
    status: 'on-track',
    progress: 50,
    highlights: null,
    blockers: null,
    helpNeeded: null,
    updatedAt: new Date('2026-11-20T00:00:00Z'),
    focusAreas: ['civic-social'],
    reportedBy: 'Example CSCO',
    ...extra,
  };
}

function city(
  cityId: string,
  name: string,
  country: string,
  over: Partial<CityReport>,
): CityReport {
  return {
    cityId,
    city: name,
    country,
    officer: 'Example CSCO',
    state: 'answered',
    nudged: false,
    escalated: false,
    answers: [],
    ...over,
  };
}

function fixture(): AnnualReportInput {
  return {
    report: {
      round: {
        id: 4,
        title: 'Q4 2026 <round>',
        status: 'closed',
        opensAt: new Date('2026-10-01T00:00:00Z'),
        closesAt: new Date('2026-11-30T15:59:00Z'),
        closedAt: new Date('2026-12-01T02:00:00Z'),
      },
      generatedAt: new Date('2026-12-10T05:06:00Z'),
      cities: [
        city('bangkok', 'Bangkok', 'Thailand', {
          answers: [
            answer('Air sensors', {
              status: 'delayed',
              focusAreas: ['quality-environment', 'health-wellbeing'],
              highlights: HOSTILE,
              blockers: 'Sensors held at customs',
              helpNeeded: 'A supplier in the region',
            }),
            answer('Online permits', { status: 'done', highlights: 'Live in all districts' }),
          ],
        }),
        city('yangon', 'Yangon', 'Myanmar', { state: 'missing', nudged: true, escalated: true }),
        city('luang-prabang', 'Luang Prabang', 'Lao PDR', { state: 'no-officer', officer: null }),
      ],
      byFocusArea: [],
      totals: {
        cities: 3,
        answered: 1,
        missing: 1,
        noOfficer: 1,
        projects: 2,
        counts: { 'on-track': 0, 'at-risk': 0, delayed: 1, done: 1 },
      },
    },
    year: [
      {
        id: 2,
        title: 'Q2 2026',
        closesAt: new Date('2026-05-31T00:00:00Z'),
        asked: ['bangkok', 'yangon'],
        answered: ['bangkok', 'yangon'],
      },
      {
        id: 3,
        title: 'Q3 2026',
        closesAt: new Date('2026-08-31T00:00:00Z'),
        asked: ['bangkok', 'yangon'],
        answered: ['yangon'],
      },
      {
        id: 4,
        title: 'Q4 2026 <round>',
        closesAt: new Date('2026-11-30T15:59:00Z'),
        asked: ['bangkok', 'yangon'],
        answered: ['bangkok'],
      },
    ],
  };
}

const parseHtml = (html: string) => unified().use(rehypeParse).parse(html) as HastRoot;
const parseMd = (md: string) => unified().use(remarkParse).use(remarkGfm).parse(md) as MdastRoot;
function elements(node: HastNodes): Element[] {
  const own = node.type === 'element' ? [node] : [];
  return [
    ...own,
    ...('children' in node ? node.children.flatMap((c) => elements(c as HastNodes)) : []),
  ];
}
function text(node: HastNodes | MdastNodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'break') return '\n';
  return 'children' in node
    ? (node.children as Array<HastNodes | MdastNodes>).map(text).join('')
    : '';
}
const section = (html: HastRoot, id: string) => {
  // The text from the heading with this id to the next heading of the same level.
  const main = elements(html).find((e) => e.tagName === 'main')!;
  const kids = main.children.filter((c): c is Element => c.type === 'element');
  const start = kids.findIndex((e) => e.properties.id === id);
  const level = kids[start]!.tagName;
  const end = kids.findIndex(
    (e, i) => i > start && e.tagName <= level && /^h[1-6]$/.test(e.tagName),
  );
  return kids
    .slice(start, end === -1 ? undefined : end)
    .map(text)
    .join('\n');
};

describe('the annual report', () => {
  const html = parseHtml(annualReportHtml(fixture()));

  it('gives each focus area its highlights, blockers and help requested, naming city and project', () => {
    const environment = section(html, 'area-quality-environment');
    expect(environment).toContain('1 project in 1 city: On track 0, At risk 0, Delayed 1, Done 0.');
    expect(environment).toContain('Bangkok, Air sensors: Sensors held at customs');
    expect(environment).toContain('Bangkok, Air sensors: A supplier in the region');
    // A project in two focus areas is told in both.
    expect(section(html, 'area-health-wellbeing')).toContain('Sensors held at customs');
    const civic = section(html, 'area-civic-social');
    expect(civic).toContain('Bangkok, Online permits: Live in all districts');
    expect(civic).toMatch(/Blockers\nNone reported\./);
  });

  it('gives each city its projects, its accounts and its participation over the year', () => {
    const bangkok = section(html, 'city-bangkok');
    expect(bangkok).toContain('Answered this round for 2 projects; reported by Example CSCO.');
    expect(bangkok).toContain('answered 2 of 3 rounds it was asked in');
    expect(bangkok).toContain('Online permits: Live in all districts');
    const yangon = section(html, 'city-yangon');
    expect(yangon).toContain(
      'Did not answer this round (escalated to the National Representative).',
    );
    expect(yangon).toContain('answered 2 of 3 rounds');
    expect(section(html, 'city-luang-prabang')).toContain('No registered officer this round.');
  });

  it('counts participation per round and per member state', () => {
    const participation = section(html, 'participation');
    const tables = elements(html).filter((e) => e.tagName === 'table');
    const rows = elements(tables[0]!)
      .filter((e) => e.tagName === 'tr')
      .map((r) =>
        elements(r)
          .filter((c) => c.tagName === 'td' || c.tagName === 'th')
          .map(text),
      );
    expect(rows).toEqual([
      ['Round', 'Closed', 'Asked', 'Answered', 'Rate'],
      ['2: Q2 2026', '2026-05-31', '2', '2', '100%'],
      ['3: Q3 2026', '2026-08-31', '2', '1', '50%'],
      ['4: Q4 2026 <round>', '2026-11-30', '2', '1', '50%'],
    ]);
    expect(participation).toContain('Thailand');
    const summary = section(html, 'summary');
    expect(summary).toContain(
      'Cities that answered this round: 1 of 2 with a registered officer (50%); 1 without one.',
    );
    expect(summary).toContain(
      'Answers over the year: 4 of 6 requests (67%); 0 cities answered every round they were asked in.',
    );
  });

  it('keeps what officers typed as text in the HTML and in the Markdown', () => {
    const tags = new Set(elements(html).map((e) => e.tagName));
    expect(tags).not.toContain('script');
    expect(
      elements(html)
        .filter((e) => e.tagName === 'a')
        .map((a) => a.properties.href),
    ).toEqual(['#summary', '#participation', '#by-focus-area', '#by-city']);
    expect(text(html)).toContain(HOSTILE);
    const md = parseMd(annualReportMarkdown(fixture()));
    const nodes = (n: MdastNodes): MdastNodes[] => [
      n,
      ...('children' in n ? n.children.flatMap(nodes) : []),
    ];
    expect(
      nodes(md)
        .filter((n) => n.type === 'link')
        .map((n) => (n as { url: string }).url),
    ).toEqual(['#summary', '#participation', '#by-focus-area', '#by-city']);
    expect(nodes(md).filter((n) => n.type === 'html')).toEqual([]);
    expect(text(md)).toContain(HOSTILE.split('\n')[0]);
  });

  it('names the part of the network a scoped report covers, and shows the given header', () => {
    const scoped = { ...fixture(), scope: 'Thailand' };
    const page = parseHtml(
      annualReportHtml(scoped, { header: [h('a.button', { href: 'annual.pdf' }, 'Download PDF')] }),
    );
    const title = elements(page).find((e) => e.tagName === 'title')!;
    expect(text(title)).toBe('Annual report: Q4 2026 <round> (Thailand)');
    expect(text(page)).toContain('Cities of Thailand only: 3 member cities.');
    const header = elements(page).find((e) => e.tagName === 'header')!;
    expect(text(header)).toBe('Download PDF');
  });
});
