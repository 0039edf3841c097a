import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChromiumMissing, chromiumPath, printPdf } from './pdf.js';
import { htmlDocument } from './render.js';

const path = chromiumPath();
const haveChromium = existsSync(path);
const inCi = process.env.CI === 'true';
const SKIP = `Chromium not found at ${path} (apt-get install chromium, or set CHROMIUM_PATH)`;
const run = haveChromium || inCi ? it : it.skip;

const page = htmlDocument(
  'A test document',
  {
    type: 'root',
    children: [
      { type: 'heading', depth: 1, children: [{ type: 'text', value: 'First page' }] },
      ...Array.from({ length: 120 }, (_, i) => ({
        type: 'paragraph' as const,
        children: [
          { type: 'text' as const, value: `Paragraph ${i} of a report long enough for two pages.` },
        ],
      })),
    ],
  },
  'body{font:14px sans-serif}',
);

describe('printPdf', () => {
  run(
    `prints an HTML document to a PDF of A4 pages${haveChromium || inCi ? '' : `; skipped: ${SKIP}`}`,
    async () => {
      const pdf = await printPdf(page);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdf.toString('latin1');
      const pages = text.match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const box = text.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
      // A4 is 595 × 842 points (Chromium rounds to within a point).
      expect(Math.abs(Number(box?.[1]) - 595)).toBeLessThan(2);
      expect(Math.abs(Number(box?.[2]) - 842)).toBeLessThan(2);
    },
  );

  it('says where Chromium was looked for and names CHROMIUM_PATH when it is not there', async () => {
    const error = await printPdf(page, { executablePath: '/nonexistent/chromium' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChromiumMissing);
    expect(error.message).toContain('/nonexistent/chromium');
    expect(error.message).toContain('CHROMIUM_PATH');
  });

  it('looks in CHROMIUM_PATH first, then at Debian’s /usr/bin/chromium', () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome' })).toBe('/opt/chrome');
    expect(chromiumPath({ CHROMIUM_PATH: '' })).toBe('/usr/bin/chromium');
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
  });
});
