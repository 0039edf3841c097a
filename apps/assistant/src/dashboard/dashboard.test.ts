/**
 * The dashboard's routes on the real web server over embedded PGlite, with generated data
 * (32 cities, 4 rounds, 5 projects each): who sees what, and plain answers to bad input.
 */
import { logQuestion } from '@ascn/core';
import type { Element, Nodes, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_NOW, type TestServer } from './test-server.js';

let t: TestServer;
let noChromium: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  noChromium = await startTestServer({
    cities: 3,
    rounds: 2,
    lastOpen: false,
    chromiumPath: '/nonexistent/chromium',
  });
  await t.store.db
    .insertInto('officers')
    .values([
      { id: 'test-shepherd', name: 'Test Shepherd', role: 'shepherd', example: false },
      {
        id: 'test-nr-nowhere',
        name: 'Test NR without a state',
        role: 'national-representative',
        example: false,
      },
      { id: 'test-csco-nowhere', name: 'Test CSCO without a city', role: 'csco', example: false },
    ])
    .execute();
  for (const query of [
    'weather in yangon?',
    'Weather in Yangon',
    'weather in yangon',
    '<script>alert(1)</script> visa rules',
  ])
    await logQuestion(t.store, {
      query,
      declined: true,
      topPath: null,
      platform: 'web',
      officerId: null,
      userId: 'u',
      at: TEST_NOW,
    });
});

afterAll(async () => {
  await t?.close();
  await noChromium?.close();
});

async function get(path: string, officer?: string, server = t) {
  const res = await fetch(`${server.base}${path}`, {
    headers: officer ? { cookie: (await server.sessionOf(officer)).header } : {},
  });
  const body = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    headers: res.headers,
    body,
    tree: unified().use(rehypeParse).parse(body) as Root,
  };
}

function elements(node: Nodes): Element[] {
  const own = node.type === 'element' ? [node] : [];
  return [
    ...own,
    ...('children' in node ? node.children.flatMap((c) => elements(c as Nodes)) : []),
  ];
}
const text = (node: Nodes): string =>
  node.type === 'text'
    ? node.value
    : 'children' in node
      ? node.children.map((c) => text(c as Nodes)).join('')
      : '';
const cityLinks = (tree: Root) =>
  elements(tree)
    .filter((e) => e.tagName === 'a' && String(e.properties.href).startsWith('dashboard/cities/'))
    .map((e) => String(e.properties.href).replace('dashboard/cities/', ''));

const THAI = ['bangkok', 'chiang-mai', 'chonburi', 'khon-kaen', 'phuket', 'rayong'];
const ROUTES = [
  '/dashboard',
  '/dashboard/cities/bangkok',
  '/dashboard/cities/no-such-city',
  '/dashboard/practices?q=transport',
  '/dashboard/gaps',
  '/dashboard/gaps/page?q=weather',
  '/dashboard/reports/1/annual.html',
  '/dashboard/reports/1/annual.pdf',
  '/dashboard/reports/999/annual.html',
];

describe('who may open the dashboard', () => {
  it('sends a guest to sign in on every page, whatever the address holds', async () => {
    for (const path of ROUTES) {
      const r = await get(path);
      expect(r.status, path).toBe(401);
      expect(r.type).toMatch(/^text\/html/);
      expect(text(r.tree)).toContain('Sign in first: ask the Secretariat for a sign-in link.');
    }
  });

  it('shows the Secretariat, the Chair and the Shepherd every member city, by country', async () => {
    for (const who of ['gen-secretariat', 'gen-chair', 'test-shepherd']) {
      const r = await get('/dashboard', who);
      expect(r.status, who).toBe(200);
      const links = cityLinks(r.tree);
      expect(links).toHaveLength(32);
      expect(links).toContain('cauayan-city');
      const countries = elements(r.tree)
        .filter((e) => e.tagName === 'h3')
        .map(text)
        .filter((h) => /\(\d+\)$/.test(h));
      expect(countries).toHaveLength(10);
      expect(countries).toContain('Philippines (4)');
      expect(countries).toContain('Thailand (6)');
    }
  });

  it('shows a National Representative their own state only', async () => {
    const r = await get('/dashboard', 'gen-nr-th');
    expect(r.status).toBe(200);
    expect(cityLinks(r.tree).sort()).toEqual(THAI);
    expect(text(r.tree)).toContain('Thailand: 6 member cities.');
    expect((await get('/dashboard/cities/chiang-mai', 'gen-nr-th')).status).toBe(200);
    const other = await get('/dashboard/cities/ha-noi', 'gen-nr-th');
    expect(other.status).toBe(403);
    expect(text(other.tree)).toContain('Your role does not give access to this page.');
    expect(text(other.tree)).not.toContain('Ha Noi');
  });

  it('shows a Chief Smart City Officer their own city only', async () => {
    const r = await get('/dashboard', 'gen-csco-bangkok');
    expect(cityLinks(r.tree)).toEqual(['bangkok']);
    expect((await get('/dashboard/cities/bangkok', 'gen-csco-bangkok')).status).toBe(200);
    expect((await get('/dashboard/cities/chiang-mai', 'gen-csco-bangkok')).status).toBe(403);
  });

  it('refuses a representative without a state and an officer without a city', async () => {
    for (const who of ['test-nr-nowhere', 'test-csco-nowhere'])
      expect((await get('/dashboard', who)).status, who).toBe(403);
  });

  it('keeps knowledge gaps for the Secretariat, as the gaps command in chat', async () => {
    expect((await get('/dashboard/gaps', 'gen-secretariat')).status).toBe(200);
    for (const who of ['gen-chair', 'gen-nr-th', 'gen-csco-bangkok']) {
      expect((await get('/dashboard/gaps', who)).status, who).toBe(403);
      expect((await get('/dashboard/gaps/page?q=x', who)).status, who).toBe(403);
      expect(text((await get('/dashboard', who)).tree)).not.toContain('Knowledge gaps');
    }
  });

  it('shows officers’ names to whoever may open the city, and e-mail addresses to the Secretariat only', async () => {
    const secretariat = await get('/dashboard/cities/bangkok', 'gen-secretariat');
    const nr = await get('/dashboard/cities/bangkok', 'gen-nr-th');
    for (const page of [secretariat, nr]) {
      expect(text(page.tree)).toContain('Generated CSCO, Bangkok, Chief Smart City Officer');
      expect(text(page.tree)).toContain('Generated National Representative, Thailand');
      expect(text(page.tree)).not.toContain('Generated CSCO, Chiang Mai');
    }
    expect(secretariat.body).toContain('mailto:csco.bangkok@generated.example');
    expect(nr.body).not.toContain('@generated.example');
  });

  it('scopes the annual report to the reader’s state or city', async () => {
    const closed = t.network.roundIds[2]!;
    const nr = await get(`/dashboard/reports/${closed}/annual.html`, 'gen-nr-th');
    expect(nr.status).toBe(200);
    const cities = elements(nr.tree)
      .filter((e) => e.tagName === 'h3' && String(e.properties.id).startsWith('city-'))
      .map((e) => String(e.properties.id));
    expect(cities.sort()).toEqual(THAI.map((c) => `city-${c}`));
    expect(text(elements(nr.tree).find((e) => e.tagName === 'h1')!)).toContain('(Thailand)');
    const all = await get(`/dashboard/reports/${closed}/annual.html`, 'gen-secretariat');
    expect(
      elements(all.tree).filter(
        (e) => e.tagName === 'h3' && String(e.properties.id).startsWith('city-'),
      ),
    ).toHaveLength(32);
  });
});

describe('what the pages say', () => {
  it('colours each city by the worst status of its latest round, in words too', async () => {
    const r = await get('/dashboard', 'gen-secretariat');
    const latest = Math.max(...t.network.roundIds);
    const rows = await t.store.db
      .selectFrom('statusAnswers')
      .select(['cityId', 'status'])
      .where('roundId', '=', latest)
      .execute();
    const withOfficer = new Set(Object.keys(t.network.officers.csco));
    const order = ['delayed', 'at-risk', 'on-track', 'done'];
    const words: Record<string, string> = {
      delayed: 'Delayed',
      'at-risk': 'At risk',
      'on-track': 'On track',
      done: 'Done',
      awaiting: 'Not answered yet (round open)',
      'no-officer': 'No registered officer',
    };
    const tiles = elements(r.tree).filter(
      (e) => e.tagName === 'a' && String(e.properties.href).startsWith('dashboard/cities/'),
    );
    const seen = new Set<string>();
    for (const tile of tiles) {
      const id = String(tile.properties.href).replace('dashboard/cities/', '');
      const statuses = rows.filter((row) => row.cityId === id).map((row) => row.status);
      const expected =
        statuses.length > 0
          ? order.find((s) => statuses.includes(s))!
          : withOfficer.has(id)
            ? 'awaiting'
            : 'no-officer';
      expect(tile.properties.className, id).toEqual([`st-${expected}`]);
      expect(text(tile)).toContain(words[expected]);
      seen.add(expected);
    }
    // The generated data has every kind, so the rule was tried on each.
    expect(seen.size).toBeGreaterThanOrEqual(4);
    const legend = elements(r.tree).find((e) => e.properties.ariaLabel === 'Colour key')!;
    expect(text(legend)).toMatch(/No registered officer \(\d+\)/);
  });

  it('draws every chart with a caption, a summary and a table of the same numbers', async () => {
    const r = await get('/dashboard', 'gen-secretariat');
    const figures = elements(r.tree).filter((e) => e.tagName === 'figure');
    expect(figures.map((f) => f.properties.id)).toEqual([
      'chart-status',
      'chart-participation',
      'chart-projects',
    ]);
    for (const f of figures) {
      const svg = elements(f).find((e) => e.tagName === 'svg')!;
      expect(svg.properties.role).toBe('img');
      expect(svg.properties.ariaLabelledBy).toEqual([
        `${f.properties.id}-caption`,
        `${f.properties.id}-summary`,
      ]);
      expect(elements(f).some((e) => e.tagName === 'table')).toBe(true);
    }
    const participation = elements(figures[1]!)
      .filter((e) => e.tagName === 'tr')
      .slice(1)
      .map((row) =>
        elements(row)
          .filter((c) => c.tagName === 'td')
          .map(text),
      );
    const first = t.network.roundIds[0]!;
    const answered = await t.store.db
      .selectFrom('statusAnswers')
      .select('cityId')
      .distinct()
      .where('roundId', '=', first)
      .execute();
    expect(participation[0]).toEqual([
      '29',
      String(answered.length),
      `${Math.round((answered.length / 29) * 100)}%`,
    ]);
    expect(text(r.tree)).toContain('Why not by strategic outcome?');
  });

  it('shows a city’s projects across rounds and its deadlines in the city’s zone', async () => {
    const r = await get('/dashboard/cities/yangon', 'gen-secretariat');
    const all = text(r.tree);
    expect(all).toContain('time zone Asia/Yangon (UTC+6:30)');
    expect(all).toContain("Times in Yangon's zone (Asia/Yangon, UTC+6:30).");
    // 09:30 in Manila is 08:00 in Yangon.
    expect(all).toMatch(/08:00 \(UTC\+6:30\)Generated annual meeting \(example\)/);
    const table = elements(r.tree).find((e) => e.tagName === 'table')!;
    const header = elements(table)
      .filter((e) => e.tagName === 'th' && e.properties.scope === 'col')
      .map(text);
    expect(header).toEqual(['Project', 'Focus areas', ...t.network.roundIds.map((id) => `R${id}`)]);
    expect(
      elements(table).filter((e) => e.tagName === 'th' && e.properties.scope === 'row'),
    ).toHaveLength(5);
  });

  it('searches the best practices as the assistant does, and only practice pages', async () => {
    const r = await get('/dashboard/practices?q=bus%20rapid%20transit', 'gen-csco-bangkok');
    const hits = elements(r.tree).filter(
      (e) => e.tagName === 'a' && String(e.properties.href).includes('docs/'),
    );
    expect(String(hits[0]!.properties.href)).toMatch(
      /^\.\.\/docs\/practices\/cebu-city-bus-rapid-transit\.md#/,
    );
    for (const hit of hits)
      expect(String(hit.properties.href)).toMatch(/^\.\.\/docs\/(practices|shared)\//);
    const all = await get('/dashboard/practices', 'gen-csco-bangkok');
    expect(text(all.tree)).toMatch(/All 13 practice pages/);
  });

  it('lists knowledge gaps most asked first, each with a page skeleton that keeps the question as text', async () => {
    const r = await get('/dashboard/gaps', 'gen-secretariat');
    const rows = elements(r.tree)
      .filter((e) => e.tagName === 'tbody')
      .flatMap((b) => elements(b).filter((e) => e.tagName === 'tr'));
    expect(rows.map((row) => text(elements(row).find((e) => e.tagName === 'th')!))).toEqual([
      'weather in yangon?',
      '<script>alert(1)</script> visa rules',
    ]);
    const write = elements(rows[1]!).find((e) => e.tagName === 'a')!;
    const skeleton = await get(`/dashboard/${String(write.properties.href)}`, 'gen-secretariat');
    expect(skeleton.status).toBe(200);
    expect(elements(skeleton.tree).some((e) => e.tagName === 'script' && !e.properties.src)).toBe(
      false,
    );
    const markdown = text(elements(skeleton.tree).find((e) => e.tagName === 'pre')!);
    expect(markdown).toMatch(/^---\ntitle: /);
    expect(markdown).toContain('sources: []');
    expect(markdown).toContain('## \\<script>alert(1)\\</script> visa rules?');
    expect(text(skeleton.tree)).toMatch(/docs\/[a-z-]+\/script-alert-1-script-visa-rules\.md/);
  });

  it('serves its style sheet and script with a content hash, cached for a year; pages are not cached', async () => {
    const r = await get('/dashboard', 'gen-secretariat');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const css = elements(r.tree).find((e) => e.tagName === 'link')!;
    const asset = await fetch(`${t.base}/${String(css.properties.href)}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/css/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const name of ['dashboard.0000.css', '__proto__', 'constructor', 'toString'])
      expect((await fetch(`${t.base}/dashboard/assets/${name}`)).status, name).toBe(404);
  });
});

describe('bad input', () => {
  it('answers an unknown city with a plain 404 that shows what was typed as text', async () => {
    for (const id of ['atlantis', 'BANGKOK', '%3Cscript%3Ealert(1)%3C%2Fscript%3E']) {
      const r = await get(`/dashboard/cities/${id}`, 'gen-secretariat');
      expect(r.status, id).toBe(404);
      expect(text(r.tree)).toContain('There is no member city with the id');
      expect(elements(r.tree).filter((e) => e.tagName === 'script')).toEqual([]);
    }
    expect(text((await get('/dashboard/cities/%3Cb%3E', 'gen-secretariat')).tree)).toContain(
      'id “<b>”',
    );
    // Longer than the router takes for a path segment (100 characters): its own plain 404.
    const long = await get(`/dashboard/cities/${'a'.repeat(300)}`, 'gen-secretariat');
    expect([long.status, long.body]).toEqual([404, '{"error":"Not found."}']);
  });

  it('answers a round out of range, unknown or still open with a plain 404', async () => {
    const open = Math.max(...t.network.roundIds);
    const cases: Array<[string, string]> = [
      ['abc', 'is not a status round'],
      ['0', 'is not a status round'],
      ['-1', 'is not a status round'],
      ['2147483648', 'is not a status round'],
      ['99999999999999999999', 'is not a status round'],
      ['1.5', 'is not a status round'],
      ['999', 'There is no status round 999.'],
      [String(open), 'is still open; its annual report is written once it closes.'],
    ];
    for (const [round, says] of cases)
      for (const file of ['annual.html', 'annual.pdf']) {
        const r = await get(`/dashboard/reports/${round}/${file}`, 'gen-secretariat');
        expect(r.status, `${round}/${file}`).toBe(404);
        expect(text(r.tree)).toContain(says);
      }
    expect((await get('/dashboard/reports/1/annual.docx', 'gen-secretariat')).status).toBe(404);
  });

  it('refuses a repeated or missing query plainly', async () => {
    expect((await get('/dashboard/practices?q=a&q=b', 'gen-secretariat')).status).toBe(400);
    for (const q of ['', '?q=', `?q=${'x'.repeat(501)}`, '?q=%00'])
      expect((await get(`/dashboard/gaps/page${q}`, 'gen-secretariat')).status, q).toBe(400);
    // A long search is cut, not refused.
    expect(
      (await get(`/dashboard/practices?q=${'water '.repeat(200)}`, 'gen-secretariat')).status,
    ).toBe(200);
  });

  it('says plainly that the PDF cannot be printed without Chromium, naming CHROMIUM_PATH', async () => {
    const round = noChromium.network.roundIds[1]!;
    const r = await get(`/dashboard/reports/${round}/annual.pdf`, 'gen-secretariat', noChromium);
    expect(r.status).toBe(503);
    expect(r.type).toMatch(/^text\/html/);
    expect(text(r.tree)).toContain('Chromium was not found at /nonexistent/chromium');
    expect(text(r.tree)).toContain('CHROMIUM_PATH');
    expect(r.body).not.toMatch(/\n\s+at /);
    const page = await get(
      `/dashboard/reports/${round}/annual.html`,
      'gen-secretariat',
      noChromium,
    );
    expect(page.status).toBe(200);
    const button = elements(page.tree).find(
      (e) => e.tagName === 'a' && text(e) === 'Download PDF',
    )!;
    expect(button.properties.href).toBe('annual.pdf');
  });
});
