/**
 * The web page's part of the conformance suite: every reply and message the core makes, at
 * its longest (`@ascn/core/testing`), delivered to the page and rendered by its real script
 * in headless Chromium on a 390 px phone screen. Each must render whole — no horizontal
 * scrolling, every button, every form field — and links must stay links.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAssistant, fakeClock, seedDemo } from '@ascn/core';
import { type ConformanceCase, conformanceReplies } from '@ascn/core/testing';
import { openKnowledgeBase } from '@ascn/knowledge';
import { CHROMIUM_ARGS } from '@ascn/reports';
import { openStore, type Store, toJson } from '@ascn/store';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsFolderPages } from './doc-page.js';
import { createWebServer, forPage } from './web.js';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const inCi = process.env.CI === 'true';
const SKIP = 'Chromium not installed (apt-get install chromium)';
const WIDTH = 390;

describe.skipIf(!haveChromium && !inCi)(
  `the web page renders every reply at its longest${haveChromium || inCi ? '' : ` (skipped: ${SKIP})`}`,
  () => {
    let store: Store;
    let server: FastifyInstance;
    let browser: Browser;
    let base = '';
    let cases: ConformanceCase[] = [];

    beforeAll(async () => {
      if (!haveChromium)
        throw new Error(`${SKIP}: ${chromiumPath} does not exist (CI=true must not skip)`);
      const knowledge = await openKnowledgeBase({ docsDir: DOCS, warn: () => {} });
      cases = await conformanceReplies({ knowledge });
      store = await openStore({ inMemory: true });
      await seedDemo(store);
      const assistant = createAssistant({
        store,
        knowledge,
        clock: fakeClock('2027-05-03T00:00:00Z'),
      });
      server = createWebServer({
        store,
        assistant,
        log: () => {},
        health: () => ({}),
        docs: docsFolderPages({
          docsDir: DOCS,
          indexed: () => knowledge.sections().map((s) => s.path),
        }),
        access: { secret: 'conformance-secret-'.repeat(3), publicUrl: () => 'http://localhost' },
      });
      // Every case lands in the public web channel, as a delivery would put it there.
      await store.db
        .insertInto('webMessages')
        .values(
          cases.map((c, i) => ({
            dedupeKey: `conformance:${i}`,
            recipientKind: 'channel',
            recipientId: 'web:general',
            body: toJson(c.reply),
          })),
        )
        .execute();
      await server.listen({ port: 0, host: '127.0.0.1' });
      const address = server.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: CHROMIUM_ARGS,
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close().catch(() => {});
      await server?.close();
      await store?.close();
    });

    it('shows each case whole on a phone: no sideways scrolling, every button and field, links as links', async () => {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 844 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}/`);
      const items = page.locator('#inbox .inbox-item');
      // No message failed to render (the page would say it could not check for messages).
      await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(cases.length);
      expect(errors).toEqual([]);
      expect(await page.locator('#inbox-status').textContent()).toBe('');
      expect(
        await page.evaluate<number>('document.scrollingElement.scrollWidth'),
      ).toBeLessThanOrEqual(WIDTH);
      // The page shows the newest message first.
      for (const [i, { name, reply }] of cases.entries()) {
        const item = items.nth(cases.length - 1 - i);
        const shown = forPage(reply) as typeof reply;
        const buttons = shown.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons : []));
        expect(await item.locator('.buttons button').count(), name).toBe(buttons.length);
        const fields = shown.blocks.flatMap((b) =>
          b.kind === 'form' ? b.form.groups.flatMap((g) => g.fields) : [],
        );
        expect(await item.locator('.field').count(), name).toBe(fields.length);
        // Nothing in the item is wider than the screen.
        const widest = await item.evaluate((el) =>
          Math.max(
            ...[el, ...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right),
          ),
        );
        expect(widest, name).toBeLessThanOrEqual(WIDTH);
        const links = shown.blocks.flatMap((b) =>
          (b.kind === 'text' || b.kind === 'note' ? [b.text] : []).flatMap((t) =>
            typeof t === 'string'
              ? []
              : t.filter((p) => typeof p !== 'string' && p.kind === 'link'),
          ),
        );
        expect(
          await item.locator('.reply a[href^="https://"]').count(),
          name,
        ).toBeGreaterThanOrEqual(links.length);
      }
      await page.screenshot({ path: '/tmp/ascn-conformance-390.png', fullPage: true });
    }, 120_000);
  },
);
