/// <reference lib="dom" />
/**
 * The dashboard in headless Chromium, on generated data (32 cities, 4 rounds, 5 projects
 * each): the grid and a city page at desktop (1280 px) and phone (390 px) widths, reached
 * with the keyboard; pages refused to the wrong role; the annual report's PDF downloaded and
 * its first page rendered to an image (pdftoppm); axe-core finds no serious or critical
 * violation. Screenshots, the PDF and the page image are kept in apps/assistant/test-artifacts/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumPath } from '@ascn/reports';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const executablePath = chromiumPath();
const haveChromium = existsSync(executablePath);
const inCi = process.env.CI === 'true';
const havePdftoppm = spawnSync('pdftoppm', ['-v']).error === undefined;
const SKIP = `Chromium not found at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`;
const run = haveChromium || inCi ? it : it.skip;
const named = (name: string) => (haveChromium || inCi ? name : `${name}; skipped: ${SKIP}`);

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium && !inCi) {
    console.warn(`dashboard.e2e: skipped: ${SKIP}`);
    return;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestServer();
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function as(
  officer: string | null,
  width: number,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 844 : 900 },
    acceptDownloads: true,
  });
  // The officer's real session (signed in through a granted link); a download sends it too.
  if (officer) {
    const { name, value } = await t.sessionOf(officer);
    await context.addCookies([{ name, value, url: t.base }]);
  }
  return { context, page: await context.newPage() };
}

/** axe-core in the page (run through the debugging protocol, so the page's CSP does not apply). */
async function seriousViolations(page: Page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string;
              help: string;
              nodes: Array<{ target: string[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
}

/** The page is no wider than the screen (wide tables scroll inside their own box). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('the dashboard in a browser', () => {
  run(named('shows every city on one grid and opens one with the keyboard (1280 px)'), async () => {
    const { context, page } = await as('gen-secretariat', 1280);
    await page.goto(`${t.base}/dashboard`);
    const tiles = page.locator('ul.cities a');
    expect(await tiles.count()).toBe(32);
    await expect
      .poll(() => page.getByRole('link', { name: /Cauayan City/ }).isVisible())
      .toBe(true);
    // Each tile says its state in words, not by colour alone.
    for (const label of await tiles.allInnerTexts())
      expect(label).toMatch(
        /\n(Delayed|At risk|On track|Done|Not answered yet|Did not answer|No registered officer|In no round yet)/,
      );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-1280.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard only: the skip link first, then on to the first city, Enter opens it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to the content',
    );
    let focused = '';
    for (let i = 0; i < 20 && !focused.includes('dashboard/cities/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href') ?? '',
      );
    }
    const name = await page.evaluate(
      () => document.activeElement?.querySelector('strong')?.textContent,
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/cities\//);
    expect(await page.locator('h1').textContent()).toBe(name);
    await context.close();
  });

  run(
    named('fits a phone (390 px): the grid and a city page, without sideways scrolling'),
    async () => {
      const { context, page } = await as('gen-secretariat', 390);
      await page.goto(`${t.base}/dashboard`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-390.png'), fullPage: true });
      await page.getByRole('link', { name: /^Yangon/ }).click();
      await page.waitForURL(/\/dashboard\/cities\/yangon$/);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(await page.locator('table th[scope=row]').count()).toBe(5);
      await page.screenshot({ path: join(ARTIFACTS, 'city-yangon-390.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    },
  );

  run(
    named('shows a city page at desktop width with its history, practices and officers'),
    async () => {
      const { context, page } = await as('gen-secretariat', 1280);
      await page.goto(`${t.base}/dashboard/cities/cebu-city`);
      expect(await page.locator('h1').textContent()).toBe('Cebu City');
      await expect
        .poll(() => page.getByRole('link', { name: /bus rapid transit/i }).count())
        .toBeGreaterThan(0);
      expect(
        await page.getByText('Generated CSCO, Cebu City, Chief Smart City Officer').count(),
      ).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'city-cebu-1280.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    },
  );

  run(
    named('refuses pages to the wrong role: a guest, a representative and an officer of elsewhere'),
    async () => {
      const cases: Array<[string | null, string, number, string]> = [
        [null, '/dashboard', 401, 'Sign in first'],
        [
          'gen-nr-th',
          '/dashboard/cities/ha-noi',
          403,
          'Your role does not give access to this page.',
        ],
        [
          'gen-csco-bangkok',
          '/dashboard/cities/chiang-mai',
          403,
          'Your role does not give access to this page.',
        ],
        [
          'gen-csco-bangkok',
          '/dashboard/gaps',
          403,
          'Knowledge gaps are for the ASEAN Secretariat.',
        ],
      ];
      for (const [who, path, status, says] of cases) {
        const { context, page } = await as(who, 390);
        const response = await page.goto(`${t.base}${path}`);
        expect(response?.status(), `${who} ${path}`).toBe(status);
        expect(await page.locator('main').textContent()).toContain(says);
        await context.close();
      }
    },
  );

  run(
    named('downloads the annual report as a PDF and renders its first page to an image'),
    async () => {
      const round = t.network.roundIds[2]!;
      const { context, page } = await as('gen-secretariat', 1280);
      await page.goto(`${t.base}/dashboard/reports/${round}/annual.html`);
      expect(await page.locator('h1').textContent()).toMatch(/^Annual report: Generated round 3/);
      await page.screenshot({ path: join(ARTIFACTS, 'annual-1280.png') });
      expect(await seriousViolations(page)).toEqual([]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download PDF' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`ascn-annual-report-${round}.pdf`);
      const pdf = join(ARTIFACTS, 'annual.pdf');
      await download.saveAs(pdf);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await context.close();

      if (!havePdftoppm) {
        if (inCi)
          throw new Error(
            'pdftoppm is missing (apt-get install poppler-utils; .ci/run installs it)',
          );
        console.warn(
          'dashboard.e2e: the PDF page image is skipped: pdftoppm not installed (apt-get install poppler-utils)',
        );
        return;
      }
      const png = spawnSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdf,
        join(ARTIFACTS, 'annual-page-1'),
      ]);
      expect(png.status, png.stderr?.toString()).toBe(0);
      expect(statSync(join(ARTIFACTS, 'annual-page-1.png')).size).toBeGreaterThan(5_000);
      // The same page as raw pixels: A4 proportions, and ink on it (not a blank page).
      const ppm = spawnSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', pdf], {
        maxBuffer: 16 * 1024 * 1024,
      });
      const header = ppm.stdout.subarray(0, 20).toString('latin1').split(/\s+/);
      const [width, height] = [Number(header[1]), Number(header[2])];
      expect(height / width).toBeCloseTo(297 / 210, 1);
      const pixels = ppm.stdout.subarray(ppm.stdout.length - width * height);
      const dark = pixels.filter((v) => v < 128).length;
      expect(dark / pixels.length).toBeGreaterThan(0.005);
      const words = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-']).stdout.toString();
      expect(words).toContain('Annual report: Generated round 3 (generated data)');
      expect(words).toContain('Page 1 of');
    },
  );
});
