import { access, constants } from 'node:fs/promises';
import type { Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { chromium } from 'playwright-core';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';

/** Where Chromium is looked for: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** No Chromium to print with: the message says where it was looked for and what to do. */
export class ChromiumMissing extends Error {
  override name = 'ChromiumMissing';
  constructor(readonly path: string) {
    super(
      `Chromium was not found at ${path}, so the PDF cannot be printed. Install it (apt-get install chromium) or set CHROMIUM_PATH to the Chromium program.`,
    );
  }
}

/** The flags headless Chromium runs with here (no sandbox: it runs as root in containers). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

const toHtml = unified().use(rehypeStringify).freeze();

/** Chromium's page footer: the document title and "page n of m" (its own classes fill them in). */
function footerTemplate(): string {
  const tree: HastRoot = {
    type: 'root',
    children: [
      h(
        'div',
        {
          style:
            'font:8px system-ui,sans-serif;color:#555;width:100%;padding:0 14mm;display:flex;justify-content:space-between',
        },
        [h('span.title'), h('span', ['Page ', h('span.pageNumber'), ' of ', h('span.totalPages')])],
      ),
    ],
  };
  return toHtml.stringify(tree);
}

export interface PrintOptions {
  /** The Chromium program (default: {@link chromiumPath}). */
  executablePath?: string;
  /** Gives up after this long (default 60 s). */
  timeoutMs?: number;
}

/**
 * Prints a whole, self-contained HTML document (inline style, no outside resources) to an A4
 * PDF with headless Chromium: tagged (for screen readers), with an outline from its headings
 * and page numbers. Throws {@link ChromiumMissing} when there is no Chromium to run.
 */
export async function printPdf(html: string, opts: PrintOptions = {}): Promise<Buffer> {
  const executablePath = opts.executablePath ?? chromiumPath();
  const timeout = opts.timeoutMs ?? 60_000;
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new ChromiumMissing(executablePath);
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    page.setDefaultTimeout(timeout);
    // Nothing is fetched: the document carries its own style; any outside request is refused.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: toHtml.stringify({ type: 'root', children: [h('span')] }),
      footerTemplate: footerTemplate(),
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      tagged: true,
      outline: true,
    });
  } finally {
    await browser.close();
  }
}
