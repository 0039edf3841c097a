import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './index.js';
import { page } from './test-fixtures.js';

const DOC = `---
title: Sample page
summary: A page for the parser tests.
tags: [sample, parsing]
sources:
  - https://example.org/a
updated: 2026-03-01
city: makassar
focusAreas: [quality-environment]
---

# Sample page

Intro with **bold**, a [link](other.md) and \`code\`.

## First topic

Text of the first topic.

### A detail

Detail text.

#### Deep heading

Deep text stays in the detail section.

## Overview

One overview.

## Overview

Another overview.

## Table

| City | Zone |
|------|------|
| Makassar | Asia/Makassar |
| Jakarta | Asia/Jakarta |

## List

The list:

- first item
- second item

1. one
2. two
`;

describe('parseMarkdown', () => {
  const { sections, frontMatter, problems } = parseMarkdown('guide/sample.md', DOC);
  const byHeading = (h: string) => sections.find((s) => s.heading === h);

  it('reads and validates the front matter', () => {
    expect(frontMatter).toMatchObject({
      title: 'Sample page',
      tags: ['sample', 'parsing'],
      updated: '2026-03-01',
      city: 'makassar',
    });
  });

  it('makes an intro section headed by the page title, then one per ## and ### heading', () => {
    expect(sections.map((s) => s.heading)).toEqual([
      'Sample page',
      'First topic',
      'A detail',
      'Overview',
      'Overview',
      'Table',
      'List',
    ]);
    const intro = sections[0]!;
    expect(intro).toMatchObject({
      id: 'guide/sample.md#sample-page',
      path: 'guide/sample.md',
      title: 'Sample page',
      anchor: 'sample-page',
      headingPath: ['Sample page'],
      line: 12,
    });
    expect(intro.text).toBe('Intro with bold, a link and code.');
  });

  it('gives each section its heading path, anchor and line', () => {
    expect(byHeading('A detail')).toMatchObject({
      headingPath: ['Sample page', 'First topic', 'A detail'],
      anchor: 'a-detail',
      line: 20,
    });
    expect(byHeading('Table')?.headingPath).toEqual(['Sample page', 'Table']);
  });

  it('keeps #### headings inside their section', () => {
    expect(byHeading('A detail')?.text).toBe(
      'Detail text.\nDeep heading\nDeep text stays in the detail section.',
    );
  });

  it('numbers duplicate anchors the GitHub way and reports the duplicate with its line', () => {
    const overviews = sections.filter((s) => s.heading === 'Overview');
    expect(overviews.map((s) => s.anchor)).toEqual(['overview', 'overview-1']);
    expect(problems).toEqual([
      {
        file: 'guide/sample.md',
        line: 32,
        message: expect.stringContaining('duplicate heading "Overview"'),
      },
    ]);
    expect(problems[0]!.message).toContain('line 28');
  });

  it('turns GFM tables into one readable line per row', () => {
    expect(byHeading('Table')?.text).toBe(
      '- City: Makassar; Zone: Asia/Makassar\n- City: Jakarta; Zone: Asia/Jakarta',
    );
  });

  it('keeps list items on lines of their own with their markers', () => {
    expect(byHeading('List')?.text).toBe('The list:\n- first item\n- second item\n1. one\n2. two');
  });

  it('adds the city and focus areas of the front matter to the tags', () => {
    expect(sections[0]!.tags).toEqual(['sample', 'parsing', 'makassar', 'quality-environment']);
  });
});

describe('front matter problems', () => {
  const problemsOf = (md: string) => parseMarkdown('bad.md', md).problems;

  it('reports a missing front matter block at line 1', () => {
    expect(problemsOf('# Title\n\nText.')).toEqual([
      { file: 'bad.md', line: 1, message: expect.stringContaining('missing front matter') },
    ]);
  });

  it('reports unparseable YAML with its line', () => {
    const problems = problemsOf(
      '---\ntitle: Fine title\nsummary: "unterminated\ntags: [a]\n---\n\n# T\n\nText.',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^front matter is not valid YAML/);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('names the field and its line for each invalid value', () => {
    const md = [
      '---', // 1
      'title: Bad page', // 2
      'summary: A summary that is long enough.', // 3
      'tags: [good, Not Good]', // 4
      'sources:', // 5
      '  - https://example.org/ok', // 6
      '  - not a url', // 7
      'updated: 2026-01-01', // 8
      'colour: blue', // 9
      '---',
      '',
      '# Bad page',
      '',
      'Text.',
    ].join('\n');
    const problems = problemsOf(md);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'bad.md',
          line: 4,
          message: 'front matter tags[1]: tags are lowercase words or kebab-case',
        },
        { file: 'bad.md', line: 7, message: 'front matter sources[1]: each source must be a URL' },
        { file: 'bad.md', line: 9, message: expect.stringContaining('unknown field "colour"') },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('reports a missing required field', () => {
    const md =
      '---\ntitle: No summary here\ntags: []\nsources: [https://example.org]\nupdated: 2026-01-01\n---\n\n# T\n\nText.';
    expect(problemsOf(md)).toEqual([
      { file: 'bad.md', line: 1, message: 'front matter is missing the required field "summary"' },
    ]);
  });

  it('still returns the sections of a page with bad front matter', () => {
    const { sections, frontMatter } = parseMarkdown(
      'bad.md',
      '---\ntitle: 42\n---\n\n# Heading\n\nSome text.',
    );
    expect(frontMatter).toBeUndefined();
    expect(sections.map((s) => s.text)).toEqual(['Some text.']);
  });

  it('accepts a valid page without problems', () => {
    expect(problemsOf(page('Valid page', 'Body text.'))).toEqual([]);
  });
});
