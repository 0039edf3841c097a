import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMarkdown, readDocs } from '@ascn/knowledge';
import type { Element, Nodes, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import { docsFolderPages, renderDocPage } from './doc-page.js';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));

const parse = (html: string) => unified().use(rehypeParse).parse(html) as Root;
function elements(node: Nodes): Element[] {
  const own = node.type === 'element' ? [node] : [];
  return [...own, ...('children' in node ? node.children.flatMap((c) => elements(c)) : [])];
}
const headingIds = (html: string) =>
  elements(parse(html))
    .filter((e) => /^h[1-6]$/.test(e.tagName))
    .map((e) => String(e.properties.id));

describe('a knowledge-base page as HTML', () => {
  it('gives every cited section its anchor as a heading id, on every page of docs/', async () => {
    const files = await readDocs(DOCS);
    expect(files.length).toBeGreaterThan(20);
    for (const { path, markdown } of files) {
      const ids = headingIds(renderDocPage(path, markdown));
      for (const section of parseMarkdown(path, markdown).sections)
        if (section.anchor) expect(ids, `${path}#${section.anchor}`).toContain(section.anchor);
    }
  });

  it('numbers repeated headings and slugs unusual ones exactly as the knowledge base does', () => {
    const markdown = [
      '---',
      'title: Odd headings',
      'summary: Headings that are hard to slug.',
      'tags: [test]',
      'sources: [https://example.org]',
      'updated: 2026-12-01',
      '---',
      '',
      '# Odd   headings',
      '',
      'Intro text.',
      '',
      '## Contact',
      '',
      'First.',
      '',
      '## Contact',
      '',
      'Second.',
      '',
      '### Hà Nội: *smart*   `city` & <b>plan</b> (2025)!',
      '',
      'Third.',
      '',
      '> ## Quoted heading',
      '',
      '## Contact-1',
      '',
      'Fourth.',
    ].join('\n');
    const anchors = parseMarkdown('odd.md', markdown)
      .sections.map((s) => s.anchor)
      .filter(Boolean);
    expect(anchors).toContain('contact-1');
    expect(headingIds(renderDocPage('odd.md', markdown))).toEqual(expect.arrayContaining(anchors));
  });

  it('shows a page as a page: title, links between pages, tables, no front matter', async () => {
    const path = 'network/overview.md';
    const markdown = (await readDocs(DOCS)).find((f) => f.path === path)!.markdown;
    const html = renderDocPage(path, markdown);
    const tree = parse(html);
    const title = elements(tree).find((e) => e.tagName === 'title');
    expect(JSON.stringify(title)).toContain('What is the ASEAN Smart Cities Network?');
    const hrefs = elements(tree)
      .filter((e) => e.tagName === 'a')
      .map((e) => String(e.properties.href));
    // Links between pages stay relative, so they work under /docs/ as they do in the folder.
    expect(hrefs).toContain('cities.md');
    expect(hrefs[0]).toBe('../../');
    expect(html).not.toContain('updated: 2026');
  });

  it('keeps scripts, raw HTML and javascript: links out of the page', () => {
    const markdown = [
      '# Hostile',
      '',
      '<script>alert(1)</script>',
      '',
      '<img src=x onerror="alert(2)"> and <a href="javascript:alert(3)">html link</a>',
      '',
      '[markdown link](javascript:alert(4)) and ![image](javascript:alert(5))',
      '',
      '<iframe src="https://evil.example"></iframe>',
    ].join('\n');
    const html = renderDocPage('hostile.md', markdown);
    const found = elements(parse(html));
    expect(found.map((e) => e.tagName)).not.toContain('script');
    expect(found.map((e) => e.tagName)).not.toContain('iframe');
    for (const e of found) {
      for (const [name, value] of Object.entries(e.properties)) {
        expect(name).not.toMatch(/^on/i);
        expect(String(value)).not.toMatch(/javascript:/i);
      }
    }
    expect(html).not.toContain('alert(');
  });
});

describe('the pages that may be served', () => {
  const temp = mkdtempSync(join(tmpdir(), 'ascn-docs-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  writeFileSync(join(temp, 'indexed.md'), '# Indexed\n\nText.\n');
  writeFileSync(join(temp, 'not-indexed.md'), '# Not indexed\n');

  it('serves only indexed pages; shared practices come from their own source', async () => {
    const pages = docsFolderPages({
      docsDir: temp,
      indexed: () => ['indexed.md', '../outside.md'],
      shared: async (path) => (path === 'shared/practice-1-x.md' ? '# Shared\n' : undefined),
    });
    expect(await pages.markdown('indexed.md')).toContain('# Indexed');
    expect(await pages.markdown('not-indexed.md')).toBeUndefined();
    expect(await pages.markdown('../outside.md')).toBeUndefined();
    expect(await pages.markdown('shared/practice-1-x.md')).toBe('# Shared\n');
    expect(await pages.markdown('shared/practice-2-y.md')).toBeUndefined();
    const withoutShared = docsFolderPages({ docsDir: temp, indexed: () => ['indexed.md'] });
    expect(await withoutShared.markdown('shared/practice-1-x.md')).toBeUndefined();
  });
});
