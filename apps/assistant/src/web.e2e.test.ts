/**
 * End to end: the real assistant process serves the local web page, and a headless Chromium
 * uses it the way an officer on a phone would: pick a person, ask, get declined, share a
 * best practice (with a validation error first), and find that practice by asking.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const mainJs = join(repo, 'apps/assistant/dist/main.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const inCi = process.env.CI === 'true';
const SKIP_REASON = 'Chromium not installed (apt-get install chromium)';
const SCREENSHOT = '/tmp/ascn-web.png';
const WIDTH = 390;

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
const NAME = 'an officer asks, is declined, shares a practice and finds it (390 px wide)';
const title = haveChromium || inCi ? NAME : `${NAME}; skipped: ${SKIP_REASON}`;

describe('the local web page', () => {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let base = '';
  let log = '';

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
      ASCN_DATA_DIR: dataDir,
      ASCN_DOCS_DIR: join(repo, 'docs'),
      ASCN_CALENDAR_FILE: join(repo, 'network/calendar.json'),
    };
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
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (child) await stop(child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  run(
    title,
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
        expect(href).toMatch(/^\/docs\/[\w./-]+\.md#[\w-]+$/);
        const source = await browser!.newPage({ viewport: { width: WIDTH, height: 844 } });
        try {
          source.on('pageerror', (e) => pageErrors.push(String(e)));
          source.on('request', (r) => {
            if (!r.url().startsWith(base)) external.push(r.url());
          });
          const opened = await source.goto(`${base}${href}`);
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
        expect(pageErrors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => {});
        await page.close();
      }
    },
    120_000,
  );
});
