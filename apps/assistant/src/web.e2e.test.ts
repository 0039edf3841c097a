/**
 * End to end: the real assistant process serves the local web page, and a headless Chromium
 * uses it the way people would: a guest picks an example person, asks, is declined, and may
 * not share; an officer signs in with the link `ascn access grant` printed, shares a best
 * practice (with a validation error first), finds it by asking, and signs out. Expired, used
 * and revoked links are refused; a page is forbidden without the right role; a form on
 * another site cannot post to the assistant.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '@ascn/reports';
import { grantSignInLink, openStore } from '@ascn/store';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const mainJs = join(repo, 'apps/assistant/dist/main.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const inCi = process.env.CI === 'true';
const SKIP_REASON = 'Chromium not installed (apt-get install chromium)';
const SCREENSHOT = '/tmp/ascn-web.png';
const SCREENSHOT_SIGNED_IN = '/tmp/ascn-web-signed-in-390.png';
const SCREENSHOT_DESKTOP = '/tmp/ascn-web-signed-in-1280.png';
const WIDTH = 390;
const cli = join(repo, 'apps/cli/bin/ascn.js');

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the assistant exited with code ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the assistant did not answer ${base}/health within 60 s:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      ok();
    });
    child.kill('SIGTERM');
  });
}

const run = haveChromium || inCi ? it : it.skip;
const title = (name: string) => (haveChromium || inCi ? name : `${name}; skipped: ${SKIP_REASON}`);

/** Who the page's server thinks is signed in, asked from the page itself. */
function sessionOf(page: Page): Promise<unknown> {
  return page.evaluate(async () => (await fetch('/api/session')).json());
}

/** Runs the real CLI on the assistant's data; its first output line, and the rest. */
function ascn(env: NodeJS.ProcessEnv, ...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ascn ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Registers two real officers and grants their links with the CLI, as the Secretariat would,
 * before the assistant starts (the embedded database serves one process at a time).
 */
function prepareSignIn(env: NodeJS.ProcessEnv, dataDir: string): Links {
  const e = { ...env, ASCN_DATA_DIR: dataDir };
  ascn(
    e,
    'officer',
    'add',
    'csco-bangkok',
    '--name',
    'Bangkok Officer',
    '--role',
    'csco',
    '--city',
    'Bangkok',
  );
  ascn(e, 'officer', 'add', 'sec-real', '--name', 'Secretariat Officer', '--role', 'secretariat');
  const link = (officer: string) =>
    ascn(e, 'access', 'grant', officer, '--expires', '1d').split('\n')[0]!;
  const revoked = ascn(e, 'access', 'grant', 'csco-bangkok');
  const revokedId = /Sign-in link (link-[0-9a-f]+)/.exec(revoked)![1]!;
  ascn(e, 'access', 'revoke', revokedId);
  return {
    bangkok: link('csco-bangkok'),
    bangkokAgain: link('csco-bangkok'),
    secretariat: link('sec-real'),
    secretariatAgain: link('sec-real'),
    revoked: revoked.split('\n')[0]!,
    expired: '',
  };
}

/** The sign-in links prepared before the assistant starts (the embedded database is its own then). */
interface Links {
  bangkok: string;
  bangkokAgain: string;
  secretariat: string;
  secretariatAgain: string;
  revoked: string;
  expired: string;
}

describe('the local web page', () => {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let base = '';
  let log = '';
  let links: Links;
  let evil: Server | undefined;

  beforeAll(async () => {
    if (!haveChromium) {
      if (!inCi) console.warn(`web.e2e: skipped: ${SKIP_REASON}`);
      return;
    }
    if (!existsSync(mainJs))
      throw new Error(
        `${mainJs} is missing; build first: npx turbo run build --filter=@ascn/assistant...`,
      );
    dataDir = mkdtempSync(join(tmpdir(), 'ascn-web-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: base,
      ASCN_DATA_DIR: dataDir,
      ASCN_DOCS_DIR: join(repo, 'docs'),
      ASCN_CALENDAR_FILE: join(repo, 'network/calendar.json'),
    };
    delete env.ASCN_SESSION_SECRET;
    // The web page must work with no chat platform configured.
    for (const name of [
      'DATABASE_URL',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'DISCORD_TOKEN',
      'DISCORD_APPLICATION_ID',
    ])
      delete env[name];
    links = prepareSignIn(env, dataDir);
    // An expired link: granted a day ago for an hour.
    const store = await openStore({ dataDir });
    const dayAgo = new Date(Date.now() - 86_400_000);
    const expired = await grantSignInLink(store.db, {
      officerId: 'csco-bangkok',
      expiresAt: new Date(dayAgo.getTime() + 3_600_000),
      now: dayAgo,
    });
    await store.close();
    if (!expired.ok) throw new Error(expired.reason);
    links.expired = `${base}/signin/${expired.link.token}`;

    child = spawn(process.execPath, [mainJs], {
      cwd: repo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    await waitForHealth(base, child, () => log.slice(-4000));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
    });
  }, 300_000);

  afterAll(async () => {
    evil?.close();
    await browser?.close().catch(() => {});
    if (child) await stop(child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  run(
    title(
      'a guest asks, is declined and may not share; an officer signs in, shares, finds it and signs out (390 px)',
    ),
    async () => {
      if (!haveChromium)
        throw new Error(`${SKIP_REASON}: ${chromiumPath} does not exist (CI=true must not skip)`);
      const page = await browser!.newPage({ viewport: { width: WIDTH, height: 844 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base)) external.push(r.url());
      });
      const overflow = () => page.evaluate<number>('document.scrollingElement.scrollWidth');

      try {
        await page.goto(`${base}/`);
        await expect.poll(() => page.title()).toContain('ASCN Assistant');
        await page.getByRole('heading', { name: 'ASCN Assistant', level: 1 }).waitFor();
        expect(await page.locator('.banner').first().textContent()).toMatch(/example/i);

        // Pick a person; the choice is remembered across a reload.
        const picker = page.getByLabel('You are');
        await picker.selectOption({ label: 'Example CSCO, Bangkok' });
        await page.reload();
        await expect.poll(() => picker.inputValue()).toBe('demo-csco-bangkok');

        const box = page.getByLabel('Ask a question or type a command');
        const answers = page.locator('#log .message.assistant');

        /** Types into the box, presses Enter, and returns the reply that came back. */
        async function say(words: string): Promise<Locator> {
          const before = await answers.count();
          await box.fill(words);
          await box.press('Enter');
          await expect.poll(() => answers.count(), { timeout: 20_000 }).toBe(before + 1);
          const answer = answers.nth(before);
          await expect.poll(() => box.inputValue()).toBe('');
          return answer;
        }

        // A question the knowledge base answers, with its source.
        const framework = await say('what are the six focus areas of the framework?');
        const citation = framework.locator('.citation');
        await citation.waitFor();
        expect(await citation.textContent()).toMatch(/Source: .+docs\/[\w./-]+\.md/);
        expect(
          (await framework.locator('.reply-text').first().textContent())?.length,
        ).toBeGreaterThan(20);

        // The source is a link that opens the cited section of the page.
        const href = await citation.locator('a.citation-link').getAttribute('href');
        // PUBLIC_URL is this server, so the reply's absolute link is used as it is.
        expect(href?.startsWith(`${base}/docs/`)).toBe(true);
        expect(href?.slice(base.length)).toMatch(/^\/docs\/[\w./-]+\.md#[\w-]+$/);
        const source = await browser!.newPage({ viewport: { width: WIDTH, height: 844 } });
        try {
          source.on('pageerror', (e) => pageErrors.push(String(e)));
          source.on('request', (r) => {
            if (!r.url().startsWith(base)) external.push(r.url());
          });
          const opened = await source.goto(href!);
          expect(opened?.status()).toBe(200);
          const target = source.locator(':target');
          expect(await target.evaluate((e) => e.tagName)).toMatch(/^H[1-6]$/);
          expect(await citation.locator('cite').textContent()).toContain(
            (await target.textContent())?.trim(),
          );
          expect(
            await source.evaluate<number>('document.scrollingElement.scrollWidth'),
          ).toBeLessThanOrEqual(WIDTH);
        } finally {
          await source.close();
        }

        // A question it cannot answer: declined, no source.
        const worldCup = await say('who won the world cup');
        expect(await worldCup.textContent()).toMatch(
          /could not find|not .*knowledge base|rather not guess/i,
        );
        expect(await worldCup.locator('.citation').count()).toBe(0);

        // An example person may not share: a practice reaches the knowledge base and real channels.
        const refused = await say('share');
        expect(await refused.textContent()).toContain('Example people cannot share practices');
        expect(await refused.locator('form').count()).toBe(0);

        // The officer signs in with the link `ascn access grant` printed for them.
        const signInPage = await page.goto(links.bangkok);
        expect(signInPage?.status()).toBe(200);
        await page.getByRole('button', { name: 'Sign in as Bangkok Officer' }).click();
        await page.waitForURL(`${base}/`);
        await page.locator('#me-name', { hasText: 'Bangkok Officer' }).waitFor();
        expect(await page.locator('#signed-in').textContent()).toContain(
          'Signed in as Bangkok Officer',
        );
        // The role as the server names it (GET /api/session gives its label).
        expect(await page.locator('#me-details').textContent()).toContain(
          'Chief Smart City Officer',
        );
        expect(await page.getByLabel('You are').isVisible()).toBe(false);
        expect(await page.locator('#banner').textContent()).toContain('Signed in.');
        const whoami = await say('whoami');
        expect(await whoami.textContent()).toContain(
          'Bangkok Officer, Chief Smart City Officer, Bangkok',
        );

        // Share a best practice: first with a problem that is too short.
        const token = `zx${randomBytes(4).toString('hex')}`;
        const practiceTitle = `Rainwater sensors for flood warnings ${token}`;
        const shared = await say('share');
        const form = shared.locator('form');
        await form.waitFor();
        const field = (label: string) => form.getByLabel(label, { exact: false }).first();
        const titleBox = form.getByRole('textbox', { name: /^Title/ });
        await titleBox.fill(practiceTitle);
        expect(await form.getByRole('combobox', { name: /^City/ }).inputValue()).toBe('bangkok');
        const firstArea = form.locator('fieldset input[type="checkbox"]').first();
        await firstArea.check();
        const problem = form.getByRole('textbox', { name: /^Problem/ });
        await problem.fill('Floods');
        const solution = form.getByRole('textbox', { name: /^Solution/ });
        const solutionText = `Rainwater sensors ${token} in canals send flood warnings to residents by SMS.`;
        await solution.fill(solutionText);
        await field('Results').fill('Warnings reach residents forty minutes earlier.');
        expect(await overflow()).toBeLessThanOrEqual(WIDTH);

        await form.getByRole('button', { name: 'Share' }).click();
        const problemError = form.locator('.field-error:not([hidden])');
        await problemError.first().waitFor();
        expect(await problemError.count()).toBe(1);
        expect(await problemError.textContent()).toMatch(/problem/i);
        const errorId = await problemError.getAttribute('id');
        expect(await problem.getAttribute('aria-describedby')).toContain(errorId);
        expect(await problem.getAttribute('aria-invalid')).toBe('true');
        // What the person typed is still there.
        expect(await titleBox.inputValue()).toBe(practiceTitle);
        expect(await solution.inputValue()).toBe(solutionText);
        expect(await problem.inputValue()).toBe('Floods');
        expect(await firstArea.isChecked()).toBe(true);

        // Fix it and share.
        await problem.fill(
          `Flash floods in ${token} districts come with little warning after heavy rainwater.`,
        );
        await form.getByRole('button', { name: 'Share' }).click();
        await expect.poll(() => shared.textContent(), { timeout: 20_000 }).toContain(practiceTitle);
        expect(await shared.locator('form').count()).toBe(0);
        expect(await shared.textContent()).toMatch(/shared/i);

        // The practice is searchable at once, cited from the shared part of the knowledge base.
        const found = await say(`rainwater sensors for flood warnings ${token}`);
        const foundCitation = found.locator('.citation');
        await foundCitation.waitFor();
        expect(await foundCitation.locator('.citation-path').textContent()).toMatch(
          /^docs\/shared\/[\w.-]+\.md/,
        );

        expect(await overflow()).toBeLessThanOrEqual(WIDTH);
        await page.screenshot({ path: SCREENSHOT_SIGNED_IN, fullPage: true });
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.screenshot({ path: SCREENSHOT_DESKTOP, fullPage: true });
        await page.setViewportSize({ width: WIDTH, height: 844 });

        // Sign out, with the keyboard: the session ends and the page offers the example people.
        await page.locator('#sign-out').focus();
        await page.keyboard.press('Enter');
        await page.getByLabel('You are').waitFor();
        expect(await page.locator('#signed-in').isVisible()).toBe(false);
        expect(await sessionOf(page)).toEqual({ officer: null, csrfToken: null });
        expect(pageErrors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => {});
        await page.close();
      }
    },
    120_000,
  );

  run(
    title('refuses an expired, a used and a revoked link with a plain page'),
    async () => {
      const page = await browser!.newPage({ viewport: { width: WIDTH, height: 844 } });
      try {
        // The first test used links.bangkok.
        for (const [link, heading] of [
          [links.expired, 'This sign-in link has expired'],
          [links.bangkok, 'This sign-in link has already been used'],
          [links.revoked, 'This sign-in link was revoked'],
        ] as const) {
          const res = await page.goto(link);
          expect(res?.status(), heading).toBe(410);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
          expect(await page.getByRole('button').count()).toBe(0);
        }
        expect(await sessionOf(page)).toEqual({ officer: null, csrfToken: null });
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  run(
    title('forbids a page without the right role, and a real report without sign-in'),
    async () => {
      const secretariat = await browser!.newContext({ viewport: { width: WIDTH, height: 844 } });
      const officer = await browser!.newContext({ viewport: { width: WIDTH, height: 844 } });
      const guest = await browser!.newContext({ viewport: { width: WIDTH, height: 844 } });
      try {
        const sec = await secretariat.newPage();
        await sec.goto(links.secretariat);
        await sec.getByRole('button', { name: /^Sign in as/ }).click();
        await sec.locator('#me-name', { hasText: 'Secretariat Officer' }).waitFor();
        // The real Secretariat opens a real round from the web chat.
        await sec
          .getByLabel('Ask a question or type a command')
          .fill('admin round open title="Real round" closes=2027-06-30');
        await sec.keyboard.press('Enter');
        const opened = sec.locator('#log .message.assistant', { hasText: 'Opened status round' });
        await opened.waitFor({ timeout: 20_000 });
        const round = /Opened status round (\d+)/.exec((await opened.textContent()) ?? '')![1]!;
        const access = await sec.goto(`${base}/access`);
        expect(access?.status()).toBe(200);
        expect(await sec.locator('table').textContent()).toContain(
          'Bangkok Officer (csco-bangkok)',
        );

        const bangkok = await officer.newPage();
        await bangkok.goto(links.bangkokAgain);
        await bangkok.getByRole('button', { name: 'Sign in as Bangkok Officer' }).click();
        await bangkok.locator('#me-name', { hasText: 'Bangkok Officer' }).waitFor();
        const forbidden = await bangkok.goto(`${base}/access`);
        expect(forbidden?.status()).toBe(403);
        expect(await bangkok.getByRole('heading', { level: 1 }).textContent()).toBe(
          'This page is for the ASEAN Secretariat',
        );
        // Their own city's part of the real round's report.
        const own = await bangkok.goto(`${base}/reports/${round}.html`);
        expect(own?.status()).toBe(200);
        expect(await bangkok.locator('body').textContent()).toContain('Bangkok');
        expect(await bangkok.locator('body').textContent()).not.toContain('Yangon');

        const anonymous = await guest.newPage();
        const refused = await anonymous.goto(`${base}/reports/${round}.html`);
        expect(refused?.status()).toBe(401);
        expect(await anonymous.getByRole('heading', { level: 1 }).textContent()).toBe(
          'Sign in to read this report',
        );
      } finally {
        await secretariat.close();
        await officer.close();
        await guest.close();
      }
    },
    90_000,
  );

  run(
    title('refuses a form that a page on another site posts to the assistant'),
    async () => {
      // A page on another origin (another port) with forms aimed at the assistant.
      const evilPort = await freePort();
      evil = createHttpServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="en"><body>
          <form id="signout" method="post" action="${base}/api/signout"><button>Win a prize</button></form>
          <form id="chat" method="post" enctype="text/plain" action="${base}/api/chat">
            <input type="hidden" name='{"text":"admin round open title=\\"Forged\\" closes=2027-06-30","x":"' value='"}'>
            <button>Claim</button></form>
        </body></html>`);
      });
      await new Promise<void>((ok) => evil!.listen(evilPort, '127.0.0.1', () => ok()));
      const evilBase = `http://localhost:${evilPort}`;

      const context = await browser!.newContext({ viewport: { width: WIDTH, height: 844 } });
      try {
        const page = await context.newPage();
        // Signed in as the Secretariat in this browser.
        await page.goto(links.secretariatAgain);
        await page.getByRole('button', { name: /^Sign in as/ }).click();
        await page.locator('#me-name', { hasText: 'Secretariat Officer' }).waitFor();
        for (const form of ['#signout', '#chat']) {
          await page.goto(`${evilBase}/`);
          const [response] = await Promise.all([
            page.waitForNavigation(),
            page.locator(`${form} button`).click(),
          ]);
          expect(response?.status(), form).toBe(403);
          expect(await page.locator('body').textContent()).toContain(
            'This request came from another site and was refused.',
          );
        }
        // Nothing was done: still signed in, and no round was opened by the forged post.
        await page.goto(`${base}/`);
        expect(await sessionOf(page)).toMatchObject({ officer: { id: 'sec-real' } });
        const reply = await page.evaluate(async () => {
          const { csrfToken } = (await (await fetch('/api/session')).json()) as {
            csrfToken: string;
          };
          const res = await fetch('/api/chat', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
            body: JSON.stringify({ text: 'report' }),
          });
          return res.text();
        });
        expect(reply).toContain('Progress report: Real round');
        expect(reply).not.toMatch(/forged/i);
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});
