import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDocs, formatProblem } from './index.js';
import { FIXTURE_DOCS, page, scratchDocs } from './test-fixtures.js';

describe('checkDocs', () => {
  let scratch: Awaited<ReturnType<typeof scratchDocs>>;
  beforeEach(async () => {
    scratch = await scratchDocs();
  });
  afterEach(() => scratch.cleanup());

  const write = async (path: string, markdown: string) => {
    await mkdir(join(scratch.docsDir, path, '..'), { recursive: true });
    await writeFile(join(scratch.docsDir, path), markdown);
  };
  const file = (path: string) => `${scratch.docsDir}/${path}`;

  it('finds nothing wrong in the fixture docs (whose links resolve across pages)', async () => {
    expect(await checkDocs(FIXTURE_DOCS)).toEqual([]);
  });

  it('reports front matter errors at the line of the field', async () => {
    await write(
      'bad/front-matter.md',
      page('Bad front matter', 'Text.').replace('tags: [test]', 'tags: [test, Bad Tag]'),
    );
    expect(await checkDocs(scratch.docsDir)).toEqual([
      {
        file: file('bad/front-matter.md'),
        line: 4,
        message: 'front matter tags[1]: tags are lowercase words or kebab-case',
      },
    ]);
  });

  it('reports unparseable YAML', async () => {
    await write('bad/yaml.md', '---\ntitle: [unclosed\n---\n\n# T\n\nText.\n');
    const problems = await checkDocs(scratch.docsDir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: file('bad/yaml.md'),
      message: expect.stringMatching(/^front matter is not valid YAML/),
    });
  });

  it('reports a link to a page that does not exist', async () => {
    await write(
      'bad/links.md',
      page('Links', 'See [nowhere](../network/nowhere.md) and [cities](../network/cities.md).'),
    );
    expect(await checkDocs(scratch.docsDir)).toEqual([
      {
        file: file('bad/links.md'),
        line: 12,
        message: 'broken link ../network/nowhere.md: no page network/nowhere.md',
      },
    ]);
  });

  it('reports a link to a heading that does not exist, on another page or the same one', async () => {
    await write(
      'bad/anchors.md',
      page(
        'Anchors',
        'See [Jakarta](../network/cities.md#cities-in-java).\n\n## Here\n\nAnd [here](#here) but not [there](#there).',
      ),
    );
    expect((await checkDocs(scratch.docsDir)).map(formatProblem)).toEqual([
      `${file('bad/anchors.md')}:12: broken link ../network/cities.md#cities-in-java: no heading #cities-in-java in network/cities.md`,
      `${file('bad/anchors.md')}:16: broken link #there: no heading #there in bad/anchors.md`,
    ]);
  });

  it('reports duplicate anchors in a page', async () => {
    await write('bad/duplicates.md', page('Duplicates', '## Same\n\nOne.\n\n## Same\n\nTwo.'));
    const problems = await checkDocs(scratch.docsDir);
    expect(problems).toEqual([
      {
        file: file('bad/duplicates.md'),
        line: 16,
        message: expect.stringContaining('duplicate heading "Same"'),
      },
    ]);
  });

  it('ignores external links, mailto links and links to other files', async () => {
    await write(
      'ok/external.md',
      page('External', '[site](https://example.org/x.md) [mail](mailto:a@b.c) [image](pic.png)'),
    );
    expect(await checkDocs(scratch.docsDir)).toEqual([]);
  });

  it('fails clearly when the docs directory does not exist', async () => {
    await expect(checkDocs(join(scratch.root, 'missing'))).rejects.toThrow(
      /cannot read the docs directory/,
    );
  });
});
