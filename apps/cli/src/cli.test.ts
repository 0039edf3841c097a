import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addEvent, cancelEvent } from '@ascn/core';
import { openStore, upsertOfficer } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'apps/cli/bin/ascn.js');
const temp = mkdtempSync(join(tmpdir(), 'ascn-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function ascn(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ASCN_DATA_DIR: join(temp, 'data'), ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('ascn ask', () => {
  it('prints a readable answer with its source', () => {
    const r = ascn(['ask', 'when was the ASCN launched?']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2018/);
    expect(r.out).toMatch(/Source: .+ \(docs\/network\/overview\.md#/);
  });

  it('follows the JSON contract of DESIGN.md', () => {
    const r = ascn(['ask', '--json', 'what does a csco do']);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['query', 'answer', 'results']);
    expect(json.query).toBe('what does a csco do');
    expect(typeof json.answer).toBe('string');
    expect(json.results[0]).toEqual({
      title: expect.any(String),
      path: 'governance/roles.md',
      heading: expect.any(String),
      score: expect.any(Number),
      text: expect.any(String),
    });
    const scores = json.results.map((x: { score: number }) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('answers a batch with one JSON line per input line, bad input included, and exits 0', () => {
    const bytes = Array.from({ length: 300 }, (_, i) =>
      String.fromCharCode((i * 7919) % 0xd7ff || 1),
    ).join('');
    const lines = [
      'what are the six focus areas?',
      '',
      '    ',
      'x'.repeat(100_000),
      bytes.replace(/[\r\n]/g, ' '),
      '🏙️🚦🌧️',
      'เมืองอัจฉริยะอาเซียนคืออะไร',
      'Mạng lưới thành phố thông minh ASEAN là gì?',
      'Apa itu jaringan kota pintar ASEAN?',
      ':^~*+-',
      'title:framework^10 +ascf -csco~2 *',
    ];
    const r = ascn(['ask', '--json'], { input: `${lines.join('\n')}\n` });
    expect(r.code).toBe(0);
    const out = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    expect(out[0].answer).toMatch(/Civic/);
    for (const i of [1, 2, 3, 4, 5, 9]) expect(out[i]).toMatchObject({ answer: null });
    expect(out.every((o) => Array.isArray(o.results))).toBe(true);
  });

  it('asks for a question when given a blank one', () => {
    const r = ascn(['ask'], { input: '   \n' });
    expect(r).toMatchObject({
      code: 0,
      out: 'Type a question, for example: ascn ask "what are the six focus areas?"\n',
    });
  });

  it('prints a plain decline for a question the knowledge base cannot answer', () => {
    const r = ascn(['ask', 'what is the wifi password at the secretariat']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/could not find that/);
  });
});

describe('ascn docs check', () => {
  it('passes on the shipped knowledge base', () => {
    const r = ascn(['docs', 'check']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('reports a broken page as file:line: message and exits 1', () => {
    const docs = join(temp, 'docs');
    cpSync(join(ROOT, 'docs/network'), join(docs, 'network'), { recursive: true });
    writeFileSync(
      join(docs, 'broken.md'),
      '---\ntitle: Broken\nsummary: A page with problems for the test.\ntags: [x]\nsources: []\nupdated: 2026-11-30\n---\n\n# Broken\n\nSee [nowhere](missing.md) and [no anchor](network/overview.md#no-such-heading).\n',
    );
    const r = ascn(['docs', 'check'], { env: { ASCN_DOCS_DIR: docs } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/broken\.md:\d+: .*sources/);
    expect(r.out).toMatch(/broken\.md:11: .*missing\.md/);
    expect(r.out).toMatch(/broken\.md:11: .*no-such-heading/);
  });
});

describe('ascn deadlines', () => {
  it('lists upcoming events in the reader zone as JSON, examples labelled', () => {
    const r = ascn(['deadlines', '--json', '--tz', 'Asia/Yangon']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.example || row.source).toBeTruthy();
    expect(rows.map((x: { daysUntil: number }) => x.daysUntil).every((d: number) => d >= 0)).toBe(
      true,
    );
  });

  it('shows events added, moved and cancelled with admin, from the store', async () => {
    const dataDir = join(temp, 'deadlines-data');
    const store = await openStore({ dataDir });
    await addEvent(store.db, {
      id: 'added-in-chat',
      kind: 'report-due',
      title: 'Added in chat (example)',
      start: '2099-01-15',
      timeZone: 'Asia/Jakarta',
      example: true,
    });
    await store.close();
    const added = ascn(['deadlines', '--json'], { env: { ASCN_DATA_DIR: dataDir } });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out).map((r: { id: string }) => r.id)).toContain('added-in-chat');
    const again = await openStore({ dataDir });
    await cancelEvent(again.db, 'added-in-chat');
    await again.close();
    const cancelled = ascn(['deadlines', '--json'], { env: { ASCN_DATA_DIR: dataDir } });
    expect(JSON.parse(cancelled.out).map((r: { id: string }) => r.id)).not.toContain(
      'added-in-chat',
    );
  });

  it('ends quietly when its reader stops reading (a pipe to head)', () => {
    // Enough output (200 answers with their sections) that writes go on after head has left.
    const cmd = `yes "what is the ascn" | head -200 | "${process.execPath}" "${BIN}" ask --json | head -1`;
    const r = spawnSync('sh', ['-c', cmd], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ASCN_DATA_DIR: join(temp, 'data') },
    });
    expect(r.stdout).toContain('"query"');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('refuses an unknown zone in plain words', () => {
    const r = ascn(['deadlines', '--tz', 'Mars/Olympus']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('--tz: "Mars/Olympus" is not an IANA time zone (for example Asia/Yangon)\n');
  });

  it('names the file, field and reason of a broken calendar', () => {
    const file = join(temp, 'calendar.json');
    const calendar = JSON.parse(readFileSync(join(ROOT, 'network/calendar.json'), 'utf8'));
    calendar.events[0].timeZone = 'Asia/Atlantis';
    writeFileSync(file, JSON.stringify(calendar));
    const r = ascn(['deadlines'], { env: { ASCN_CALENDAR_FILE: file } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('calendar.json: events[0].timeZone: not an IANA time zone');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('configuration and the database commands', () => {
  it('names a bad variable and stops', () => {
    const r = ascn(['ask', 'x'], { env: { DATABASE_URL: 'mysql://nope' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('DATABASE_URL: expected a postgres:// or postgresql:// URL');
  });

  it('says there is no round yet and lists no gaps on a new database', () => {
    expect(ascn(['report'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('no status round yet'),
    });
    expect(ascn(['gaps'])).toMatchObject({
      code: 0,
      out: 'No unanswered or thumbs-down questions so far.\n',
    });
  });

  it('grants a one-time sign-in link, lists it and revokes it', async () => {
    const added = ascn([
      'officer',
      'add',
      'csco-hanoi',
      '--name',
      'Lan',
      '--role',
      'csco',
      '--city',
      'Hanoi',
    ]);
    expect(added).toMatchObject({
      code: 0,
      out: 'Registered Lan (csco-hanoi) as Chief Smart City Officer for Ha Noi. Give them a sign-in link: ascn access grant csco-hanoi\n',
    });
    expect(ascn(['officer', 'add', 'x', '--name', 'Xi', '--role', 'csco'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('ascn officer: cityId: a Chief Smart City Officer needs a city'),
    });
    expect(ascn(['officer', 'add', 'x', '--name', 'X', '--role', 'king']).code).toBe(2);
    const store = await openStore({ dataDir: join(temp, 'data') });
    await upsertOfficer(store.db, {
      id: 'demo-x',
      name: 'Example',
      role: 'secretariat',
      example: true,
    });
    await store.close();
    const env = { PUBLIC_URL: 'https://ascn.example.org' };

    const granted = ascn(['access', 'grant', 'csco-hanoi', '--expires', '2d'], { env });
    expect(granted.code, granted.err).toBe(0);
    const [url, about] = granted.out.split('\n');
    expect(url).toMatch(/^https:\/\/ascn\.example\.org\/signin\/[A-Za-z0-9_-]{43}$/);
    const linkId = /Sign-in link (link-[0-9a-f]+) for csco-hanoi: works once, until (\S+)\./.exec(
      about!,
    );
    expect(linkId).not.toBeNull();
    const hours = (Date.parse(linkId![2]!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47);
    expect(hours).toBeLessThanOrEqual(48);

    const listed = ascn(['access', 'list', '--json']);
    const entries = JSON.parse(listed.out) as Array<{ linkId: string; state: string }>;
    expect(entries).toEqual([expect.objectContaining({ linkId: linkId![1], state: 'unused' })]);
    // Only the token's hash is in the database.
    const check = await openStore({ dataDir: join(temp, 'data') });
    const rows = await check.db.selectFrom('signInLinks').selectAll().execute();
    await check.close();
    expect(JSON.stringify(rows)).not.toContain(url!.split('/').at(-1));

    expect(ascn(['access', 'revoke', linkId![1]!]).out).toBe(
      `Revoked 1 sign-in link and ended 0 sessions of csco-hanoi (link ${linkId![1]}).\n`,
    );
    const plain = ascn(['access', 'list']).out;
    expect(plain).toContain(`${linkId![1]}  csco-hanoi`);
    expect(plain).toContain('revoked');

    expect(ascn(['access', 'grant', 'nobody'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('there is no officer "nobody"'),
    });
    expect(ascn(['access', 'grant', 'demo-x'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('"demo-x" is an example person'),
    });
    for (const bad of ['forever', '0d', '400d', '30m'])
      expect(ascn(['access', 'grant', 'csco-hanoi', '--expires', bad]), bad).toMatchObject({
        code: 2,
        err: expect.stringContaining('is not a duration such as 30d or 12h'),
      });
    expect(ascn(['access', 'revoke', 'nobody'])).toMatchObject({ code: 1 });
    expect(ascn(['access', 'frobnicate']).code).toBe(2);
    // Each store command starts a process that opens the embedded database: slow on a busy machine.
  }, 240_000);

  it('chats through the same core in the terminal', () => {
    const typo = ascn(['chat', '--as', 'nobody'], { input: 'help\n' });
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('there is no registered officer "nobody"');
    const r = ascn(['chat'], { input: 'help\nwhat is the scgw\n' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Guest (not registered).');
    expect(r.out).toContain('WHAT I CAN DO');
    expect(r.out).toMatch(/Governance Workshop/i);
  });
});

describe('ascn report --annual and --pdf', () => {
  const dataDir = join(temp, 'annual-data');
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const haveChromium = existsSync(chromium);
  const env = { ASCN_DATA_DIR: dataDir };

  beforeAll(async () => {
    const store = await openStore({ dataDir });
    await store.db
      .insertInto('officers')
      .values({
        id: 'example-csco',
        name: 'Example CSCO, Bangkok',
        role: 'csco',
        cityId: 'bangkok',
        example: true,
      })
      .execute();
    for (const [id, status] of [
      [1, 'closed'],
      [2, 'open'],
    ] as const) {
      await store.db
        .insertInto('statusRounds')
        .values({
          id,
          title: `Example round ${id}`,
          opensAt: '2026-10-01T00:00:00Z',
          closesAt: `2026-1${id}-01T00:00:00Z`,
          status,
          closedAt: status === 'closed' ? '2026-11-01T00:00:00Z' : null,
          nudgeAfterHours: 48,
          escalateAfterHours: 96,
          createdBy: 'example',
        })
        .execute();
      await store.db
        .insertInto('roundCities')
        .values({ roundId: id, cityId: 'bangkok', officerId: 'example-csco' })
        .execute();
    }
    await store.db
      .insertInto('statusAnswers')
      .values({
        roundId: 1,
        cityId: 'bangkok',
        project: 'Example: air sensors',
        status: 'at-risk',
        progress: 40,
        highlights: 'Twenty sensors installed',
        blockers: null,
        helpNeeded: 'A maintenance partner',
        officerId: 'example-csco',
      })
      .execute();
    await store.close();
    // Opening an embedded database on disk is slow on a busy machine.
  }, 240_000);

  it('writes the annual report of the latest closed round as Markdown', () => {
    const r = ascn(['report', '--annual'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain('# Annual report: Example round 1');
    expect(r.out).toContain('**Example: air sensors**: A maintenance partner');
  });

  it('refuses an open round, a missing one and a number out of range, plainly', () => {
    expect(ascn(['report', '2', '--pdf'], { env })).toMatchObject({
      code: 1,
      err: expect.stringContaining('status round 2 (Example round 2) is still open'),
    });
    expect(ascn(['report', '9', '--annual'], { env })).toMatchObject({
      code: 1,
      err: 'ascn report: there is no status round 9\n',
    });
    expect(ascn(['report', '99999999999', '--pdf'], { env })).toMatchObject({
      code: 2,
      err: 'ascn report: "99999999999" is not a round number\n',
    });
  });

  it('names CHROMIUM_PATH and exits 2 when there is no Chromium to print with', () => {
    const out = join(temp, 'none.pdf');
    const r = ascn(['report', '1', '--pdf', '--out', out], {
      env: { ...env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Chromium was not found at /nonexistent/chromium');
    expect(r.err).toContain('CHROMIUM_PATH');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  (haveChromium || process.env.CI === 'true' ? it : it.skip)(
    `prints the annual report to a PDF with headless Chromium${haveChromium || process.env.CI === 'true' ? '' : `; skipped: no Chromium at ${chromium}`}`,
    () => {
      const out = join(temp, 'annual.pdf');
      const r = ascn(['report', '1', '--pdf', '--out', out], { env });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(`wrote ${out}\n`);
      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
  );
});
