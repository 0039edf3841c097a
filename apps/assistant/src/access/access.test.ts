/**
 * Sign-in and every gate of the web server, in-process on the real assistant over embedded
 * PGlite: one-time links, the session cookie, sign-out, cross-site requests, and what a guest,
 * an example person and each role may read (messages, the directory, reports).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createAssistant,
  fakeClock,
  type Incoming,
  registerOfficer,
  seedDemo,
  seedEvents,
} from '@ascn/core';
import { parseCalendarFile } from '@ascn/domain';
import { openKnowledgeBase } from '@ascn/knowledge';
import { grantSignInLink, openStore, removeOfficer, revokeAccess, type Store } from '@ascn/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsFolderPages } from '../doc-page.js';
import { addWebMessage } from '../test-web-messages.js';
import { createWebServer } from '../web.js';
import { CSRF_HEADER, SESSION_COOKIE } from './session.js';

const DOCS = fileURLToPath(new URL('../../../../docs/', import.meta.url));
const SECRET = 'access-test-secret-'.repeat(3);
const PUBLIC_URL = 'http://ascn.test';
const DAY = 86_400_000;

let store: Store;
const servers: FastifyInstance[] = [];
let base = '';
let realRound = 0;
let exampleRound = 0;

async function serve(
  opts: { publicUrl?: string; signInLimit?: { max: number; windowMs: number } } = {},
) {
  const knowledge = await openKnowledgeBase({ docsDir: DOCS, warn: () => {} });
  const assistant = createAssistant({ store, knowledge, publicUrl: PUBLIC_URL });
  const server = createWebServer({
    store,
    assistant,
    log: () => {},
    health: () => ({}),
    docs: docsFolderPages({ docsDir: DOCS, indexed: () => [] }),
    closeGraceMs: 200,
    access: {
      secret: SECRET,
      publicUrl: () => opts.publicUrl ?? PUBLIC_URL,
      ...(opts.signInLimit ? { signInLimit: opts.signInLimit } : {}),
    },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  store = await openStore({ inMemory: true });
  await seedDemo(store);
  const calendar = fileURLToPath(new URL('../../../../network/calendar.json', import.meta.url));
  await seedEvents(store.db, parseCalendarFile(calendar, readFileSync(calendar, 'utf8')));
  for (const o of [
    { id: 'sec-real', name: 'Siti of the Secretariat', role: 'secretariat' as const },
    { id: 'chair-real', name: 'The Chair', role: 'ascn-chair' as const, country: 'MY' as const },
    {
      id: 'nr-th',
      name: 'Thai Representative',
      role: 'national-representative' as const,
      country: 'TH' as const,
    },
    { id: 'csco-bangkok', name: 'Bangkok Officer', role: 'csco' as const, cityId: 'bangkok' },
    {
      id: 'csco-hanoi',
      name: 'Ha Noi Officer',
      role: 'csco' as const,
      cityId: 'ha-noi',
      email: 'lan@example.org',
    },
  ])
    await registerOfficer(store, o);
  // A real round (opened by the real Secretariat) and an example one, with answers.
  const knowledge = await openKnowledgeBase({ docsDir: DOCS, warn: () => {} });
  const core = createAssistant({ store, knowledge, clock: fakeClock('2026-12-01T03:00:00Z') });
  const as = (userId: string): Incoming => ({
    platform: 'web',
    workspaceId: 'local',
    userId,
    where: { kind: 'channel', channelId: 'general' },
    eventId: `setup:${userId}:${Math.random()}`,
  });
  await core.handle(as('sec-real'), 'admin round open title="Real round" closes=2027-05-31');
  await core.handle(
    as('demo-secretariat'),
    'admin round open title="Example round" closes=2027-05-31',
  );
  const rounds = await store.db.selectFrom('statusRounds').select(['id', 'example']).execute();
  realRound = rounds.find((r) => !r.example)!.id;
  exampleRound = rounds.find((r) => r.example)!.id;
  const answer = (roundId: number, cityId: string, project: string, officerId: string) =>
    store.db
      .insertInto('statusAnswers')
      .values({
        roundId,
        cityId,
        project,
        status: 'on-track',
        progress: 50,
        officerId,
        highlights: `${project} highlight`,
      })
      .execute();
  await answer(realRound, 'bangkok', 'Bangkok canal sensors', 'csco-bangkok');
  await answer(realRound, 'phuket', 'Phuket smart buses', 'nr-th');
  await answer(realRound, 'ha-noi', 'Ha Noi open data', 'csco-hanoi');
  await answer(exampleRound, 'yangon', 'Example: online permits', 'demo-csco-yangon');
  // Every test here signs in from 127.0.0.1: the limit has its own server below.
  base = await serve({ signInLimit: { max: 10_000, windowMs: 60_000 } });
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await store?.close();
});

/** A browser of one person: its cookie and the page's CSRF token. */
interface Browser {
  cookie: string;
  csrf: string;
}

const grant = async (officerId: string, expiresInMs = DAY, now = new Date()) => {
  const r = await grantSignInLink(store.db, {
    officerId,
    expiresAt: new Date(now.getTime() + expiresInMs),
    now,
  });
  if (!r.ok) throw new Error(r.reason);
  return r.link;
};

/** Opens the link's page, presses its button as a browser would, and keeps the cookie. */
async function signIn(officerId: string, at = base): Promise<Browser> {
  const { token } = await grant(officerId);
  const page = await fetch(`${at}/signin/${token}`);
  expect(page.status).toBe(200);
  const posted = await fetch(`${at}/signin/${token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    },
  });
  expect(posted.status).toBe(303);
  const cookie = posted.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const jar = cookie.split(';')[0]!;
  const session = (await (
    await fetch(`${at}/api/session`, { headers: { cookie: jar } })
  ).json()) as {
    csrfToken: string;
  };
  return { cookie: jar, csrf: session.csrfToken };
}

const get = (path: string, who?: Browser) =>
  fetch(`${base}${path}`, { headers: who ? { cookie: who.cookie } : {} });
const post = (path: string, body: unknown, who?: Browser, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(who ? { cookie: who.cookie, [CSRF_HEADER]: who.csrf } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
const chat = async (text: string, who?: Browser, officerId?: string) => {
  const res = await post('/api/chat', { text, ...(officerId ? { officerId } : {}) }, who);
  return { status: res.status, body: JSON.stringify(await res.json()) };
};

describe('signing in with a one-time link', () => {
  it('shows whom the link signs in, then starts a session in a signed, http-only, Lax cookie', async () => {
    const { token } = await grant('csco-hanoi');
    const page = await fetch(`${base}/signin/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<strong>Ha Noi Officer</strong>');
    expect(html).toContain(`<form method="post" action="/signin/${token}">`);
    // Looking at the page (a link preview does) uses nothing: the session starts on the button.
    const posted = await fetch(`${base}/signin/${token}`, { method: 'POST', redirect: 'manual' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/');
    const cookie = posted.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain('Secure');
    const jar = cookie.split(';')[0]!;
    const session = await (await fetch(`${base}/api/session`, { headers: { cookie: jar } })).json();
    expect(session).toMatchObject({
      officer: { id: 'csco-hanoi', name: 'Ha Noi Officer', role: 'csco', cityId: 'ha-noi' },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    // The cookie's value is the session id with a signature; only its hash is stored.
    const sessionId = decodeURIComponent(jar.split('=')[1]!).split('.')[0]!;
    const stored = JSON.stringify(await store.db.selectFrom('webSessions').selectAll().execute());
    expect(stored).not.toContain(sessionId);
    expect(await (await fetch(`${base}/api/session`)).json()).toEqual({
      officer: null,
      csrfToken: null,
    });
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const httpsBase = await serve({ publicUrl: 'https://ascn.example.org' });
    const { token } = await grant('csco-hanoi');
    const posted = await fetch(`${httpsBase}/signin/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://ascn.example.org' },
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.getSetCookie().join()).toMatch(/HttpOnly; Secure; SameSite=Lax/);
  });

  it('refuses a used, an expired, a revoked and an unknown link with a plain page, and signs nobody in', async () => {
    const used = await grant('csco-bangkok');
    await fetch(`${base}/signin/${used.token}`, { method: 'POST', redirect: 'manual' });
    const expired = await grant('csco-bangkok', 1000, new Date(Date.now() - 5000));
    const revoked = await grant('csco-bangkok');
    await revokeAccess(store.db, revoked.linkId, new Date());
    for (const [token, status, words] of [
      [used.token, 410, 'This sign-in link has already been used'],
      [expired.token, 410, 'This sign-in link has expired'],
      [revoked.token, 410, 'This sign-in link was revoked'],
      ['A'.repeat(43), 404, 'This sign-in link is not valid'],
      ['not-a-token', 404, 'This sign-in link is not valid'],
    ] as const)
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${base}/signin/${token}`, { method, redirect: 'manual' });
        expect(res.status, `${method} ${words}`).toBe(status);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(await res.text()).toContain(`<h1>${words}</h1>`);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
  });

  it('limits sign-in attempts per address', async () => {
    const limited = await serve({ signInLimit: { max: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${limited}/signin/${'B'.repeat(43)}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const refused = await fetch(`${limited}/signin/${(await grant('csco-hanoi')).token}`);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many sign-in attempts came from your address.');
    // The rest of the page is not limited.
    expect((await fetch(`${limited}/api/session`)).status).toBe(200);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const me = await signIn('csco-bangkok');
    expect((await chat('whoami', me)).body).toContain('Bangkok Officer');
    const out = await post('/api/signout', {}, me);
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    const after = await (await get('/api/session', me)).json();
    expect(after).toEqual({ officer: null, csrfToken: null });
    expect((await chat('whoami', { cookie: me.cookie, csrf: '' })).body).toContain(
      'You are not registered',
    );
  });

  it('treats a forged or tampered cookie as a guest', async () => {
    const me = await signIn('sec-real');
    const [name, value] = me.cookie.split('=') as [string, string];
    const tampered = `${name}=${value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`;
    expect(await (await get('/api/session', { cookie: tampered, csrf: '' })).json()).toEqual({
      officer: null,
      csrfToken: null,
    });
    const unsigned = `${SESSION_COOKIE}=${'C'.repeat(43)}`;
    expect(await (await get('/api/session', { cookie: unsigned, csrf: '' })).json()).toMatchObject({
      officer: null,
    });
  });

  it('ends the sessions of a removed officer and of revoked access', async () => {
    await registerOfficer(store, {
      id: 'csco-cebu',
      name: 'Cebu Officer',
      role: 'csco',
      cityId: 'cebu-city',
    });
    const cebu = await signIn('csco-cebu');
    await removeOfficer(store.db, 'csco-cebu', new Date());
    expect(await (await get('/api/session', cebu)).json()).toMatchObject({ officer: null });
    const chair = await signIn('chair-real');
    await revokeAccess(store.db, 'chair-real', new Date());
    expect(await (await get('/api/session', chair)).json()).toMatchObject({ officer: null });
  });
});

describe('cross-site requests', () => {
  it('refuses a signed-in request without the page’s token, and takes it with the token', async () => {
    const me = await signIn('csco-hanoi');
    const without = await post('/api/chat', { text: 'whoami' }, undefined, { cookie: me.cookie });
    expect(without.status).toBe(403);
    expect(await without.json()).toEqual({
      error: 'This request is missing the page’s security token; reload the page and try again.',
    });
    const wrong = await post('/api/chat', { text: 'whoami' }, { ...me, csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect((await post('/api/chat', { text: 'whoami' }, me)).status).toBe(200);
    // Sign-out is a state change too.
    expect((await post('/api/signout', {}, undefined, { cookie: me.cookie })).status).toBe(403);
    expect(await (await get('/api/session', me)).json()).toMatchObject({
      officer: { id: 'csco-hanoi' },
    });
  });

  it('refuses what a page on another site sends, signed in or not, and stores nothing', async () => {
    const me = await signIn('sec-real');
    const before = await store.db.selectFrom('questions').select('id').execute();
    const sites: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'http://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of sites) {
      for (const who of [undefined, me]) {
        const res = await post('/api/chat', { text: 'what is the scgw' }, who, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(await res.json()).toEqual({
          error: 'This request came from another site and was refused.',
        });
      }
      const form = await fetch(`${base}/signin/${(await grant('csco-hanoi')).token}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(403);
      expect(form.headers.getSetCookie()).toEqual([]);
    }
    expect(await store.db.selectFrom('questions').select('id').execute()).toEqual(before);
    // The page's own origin, by PUBLIC_URL or by the address it was reached at, is welcome.
    for (const origin of [PUBLIC_URL, base])
      expect((await post('/api/chat', { text: 'help' }, me, { origin })).status).toBe(200);
  });
});

describe('the web chat as a signed-in officer', () => {
  it('acts as themselves, with their own role, and as no one else', async () => {
    const me = await signIn('csco-bangkok');
    expect((await chat('whoami', me)).body).toContain(
      'Bangkok Officer, Chief Smart City Officer, Bangkok',
    );
    // Their own round: the real one.
    expect((await chat('status', me)).body).toContain('Status round \\"Real round\\"');
    const other = await chat('whoami', me, 'demo-csco-yangon');
    expect(other.status).toBe(403);
    expect(other.body).toContain(
      'You are signed in as Bangkok Officer; sign out to try the example people.',
    );
    expect((await chat('whoami', me, 'csco-bangkok')).status).toBe(200);
    expect((await chat('admin round close 1', me)).body).toContain('Only the ASEAN Secretariat');
  });

  it('lets a guest act as the example people only, on example data only', async () => {
    expect((await chat('whoami', undefined, 'csco-bangkok')).status).toBe(403);
    const close = await chat(`admin round close ${realRound}`, undefined, 'demo-secretariat');
    expect(close.body).toContain(
      `Example people act only on example data, and round ${realRound} is real.`,
    );
    const remove = await chat('admin officer remove csco-hanoi', undefined, 'demo-secretariat');
    expect(remove.body).toContain('officer csco-hanoi is real');
    const cancel = await chat(
      'admin event cancel ascn-annual-meeting-2025',
      undefined,
      'demo-secretariat',
    );
    expect(cancel.body).toContain('event ascn-annual-meeting-2025 is real');
    const open = await chat(
      'admin round open title="Guest round" closes=2027-05-31',
      undefined,
      'demo-secretariat',
    );
    expect(open.body).toContain('Opened status round');
    const opened = await store.db
      .selectFrom('statusRounds')
      .select('example')
      .where('title', '=', 'Guest round')
      .executeTakeFirstOrThrow();
    expect(opened.example).toBe(true);
    expect((await chat(`report ${realRound}`, undefined, 'demo-nr-myanmar')).body).toContain(
      'is real',
    );
  });
});

describe('what is readable, by whom', () => {
  beforeAll(async () => {
    await addWebMessage(store, 'a:hanoi', 'officer', 'csco-hanoi', 'for the Ha Noi officer only');
    await addWebMessage(
      store,
      'a:yangon',
      'officer',
      'demo-csco-yangon',
      'for the example CSCO of Yangon',
    );
    await addWebMessage(store, 'a:channel', 'channel', 'web:general', 'posted in the web channel');
  });

  const inbox = async (query: string, who?: Browser) => {
    const res = await get(`/api/inbox${query}`, who);
    return { status: res.status, body: JSON.stringify(await res.json()) };
  };

  it('shows an officer’s messages to that officer signed in, and to nobody else', async () => {
    const hanoi = await signIn('csco-hanoi');
    const own = await inbox('', hanoi);
    expect(own.body).toContain('for the Ha Noi officer only');
    expect(own.body).toContain('posted in the web channel');
    expect(own.body).not.toContain('for the example CSCO of Yangon');
    const bangkok = await signIn('csco-bangkok');
    expect((await inbox('', bangkok)).body).not.toContain('for the Ha Noi officer only');
    expect((await inbox('?officerId=csco-hanoi', bangkok)).status).toBe(403);
    const guest = await inbox('?officerId=csco-hanoi');
    expect(guest.status).toBe(403);
    expect(guest.body).not.toContain('for the Ha Noi officer only');
    expect((await inbox('?officerId=demo-csco-yangon')).body).toContain(
      'for the example CSCO of Yangon',
    );
  });

  it('lists the example people to guests and officers, and the whole directory to the Secretariat', async () => {
    const ids = async (who?: Browser) =>
      (await (await get('/api/officers', who)).json()) as Array<{
        id: string;
        example: boolean;
        email?: string | null;
      }>;
    const guest = await ids();
    expect(guest.every((o) => o.example)).toBe(true);
    expect(guest.some((o) => 'email' in o)).toBe(false);
    const hanoi = await ids(await signIn('csco-hanoi'));
    expect(hanoi.filter((o) => !o.example).map((o) => o.id)).toEqual(['csco-hanoi']);
    const secretariat = await ids(await signIn('sec-real'));
    expect(secretariat.map((o) => o.id)).toEqual(
      expect.arrayContaining(['csco-bangkok', 'nr-th', 'demo-secretariat']),
    );
    expect(secretariat.find((o) => o.id === 'csco-hanoi')?.email).toBe('lan@example.org');
  });

  it('shows an example round’s report to anyone', async () => {
    const res = await get(`/reports/${exampleRound}.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Example: online permits');
  });

  it('asks a guest to sign in for a real round’s report, in plain words', async () => {
    const html = await get(`/reports/${realRound}.html`);
    expect(html.status).toBe(401);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await html.text();
    expect(page).toContain('<h1>Sign in to read this report</h1>');
    expect(page).not.toContain('canal sensors');
    const md = await get(`/reports/${realRound}.md`);
    expect(md.status).toBe(401);
    expect(md.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await md.text()).not.toContain('canal sensors');
  });

  it('shows a real round’s report whole to the Secretariat and the Chair, a state’s cities to its Representative, a city to its officer', async () => {
    const read = async (who: Browser, format = 'html') => {
      const res = await get(`/reports/${realRound}.${format}`, who);
      expect(res.status).toBe(200);
      return res.text();
    };
    for (const id of ['sec-real', 'chair-real']) {
      const whole = await read(await signIn(id));
      for (const project of ['Bangkok canal sensors', 'Phuket smart buses', 'Ha Noi open data'])
        expect(whole, id).toContain(project);
    }
    const thai = await read(await signIn('nr-th'), 'md');
    expect(thai).toContain('Bangkok canal sensors');
    expect(thai).toContain('Phuket smart buses');
    expect(thai).not.toContain('Ha Noi');
    const hanoi = await read(await signIn('csco-hanoi'));
    expect(hanoi).toContain('Ha Noi open data');
    expect(hanoi).not.toContain('Bangkok');
    expect(hanoi).not.toContain('Phuket');
  });

  it('keeps who has access to the Secretariat: 401 for a guest, 403 for another role', async () => {
    const guest = await get('/access');
    expect(guest.status).toBe(401);
    const csco = await get('/access', await signIn('csco-bangkok'));
    expect(csco.status).toBe(403);
    expect(await csco.text()).toContain('<h1>This page is for the ASEAN Secretariat</h1>');
    const sec = await get('/access', await signIn('sec-real'));
    expect(sec.status).toBe(200);
    const page = await sec.text();
    expect(page).toContain('Bangkok Officer (csco-bangkok)');
    expect(page).toContain('<td>revoked</td>');
  });
});
