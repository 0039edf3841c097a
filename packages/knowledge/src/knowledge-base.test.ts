import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndexFile, createKnowledgeBase, openKnowledgeBase } from './index.js';
import { FIXTURE_QUESTIONS, fixtureSections, page, scratchDocs } from './test-fixtures.js';

describe('addDocument', () => {
  it('makes a shared best practice searchable at once', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    expect(kb.ask('rooftop solar panels on schools').answer).toBeNull();
    const before = kb.contentHash;
    const added = kb.addDocument({
      path: 'practices/shared/davao-solar-schools.md',
      markdown: page(
        'Davao City solar schools',
        'Davao City put rooftop solar panels on public schools to cut power bills.',
        'city: davao-city\n',
      ),
    });
    expect(added.map((s) => s.id)).toEqual([
      'practices/shared/davao-solar-schools.md#davao-city-solar-schools',
    ]);
    const a = kb.ask('rooftop solar panels on schools');
    expect(a.citation?.path).toBe('practices/shared/davao-solar-schools.md');
    expect(a.answer).toBe(
      'Davao City put rooftop solar panels on public schools to cut power bills.',
    );
    expect(kb.search('davao solar')[0]?.path).toBe('practices/shared/davao-solar-schools.md');
    expect(kb.sections()).toHaveLength((await fixtureSections()).length + 1);
    expect(kb.contentHash).not.toBe(before);
    // Earlier pages are still found.
    expect(kb.search('what does a CSCO do')[0]?.path).toBe('governance/roles.md');
  });

  it('replaces a page added again under the same path', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    kb.addDocument({
      path: 'practices/x.md',
      markdown: page('Bicycle lanes', 'Painted bicycle lanes downtown.'),
    });
    kb.addDocument({
      path: 'practices/x.md',
      markdown: page('Bicycle parking', 'Covered bicycle parking at stations.'),
    });
    expect(
      kb
        .sections()
        .filter((s) => s.path === 'practices/x.md')
        .map((s) => s.title),
    ).toEqual(['Bicycle parking']);
    expect(kb.search('painted lanes downtown')).toEqual([]);
  });

  it('adds several pages at once, all searchable, with the same result as adding them one by one', async () => {
    const docs = [
      {
        path: 'practices/a.md',
        markdown: page('Bicycle lanes', 'Painted bicycle lanes downtown.'),
      },
      {
        path: 'practices/b.md',
        markdown: page('Rooftop gardens', 'Gardens on market rooftops cool the stalls.'),
      },
    ];
    const batch = createKnowledgeBase(await fixtureSections());
    const single = createKnowledgeBase(await fixtureSections());
    expect(batch.addDocuments(docs).map((s) => s.path)).toEqual([
      'practices/a.md',
      'practices/b.md',
    ]);
    for (const d of docs) single.addDocument(d);
    expect(batch.search('rooftop gardens market')[0]?.path).toBe('practices/b.md');
    expect(batch.sections().map((s) => s.id)).toEqual(single.sections().map((s) => s.id));
    expect(batch.contentHash).toBe(single.contentHash);
  });

  it('adds none of a batch when one page is broken', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const n = kb.sections().length;
    expect(() =>
      kb.addDocuments([
        {
          path: 'practices/ok.md',
          markdown: page('Bicycle lanes', 'Painted bicycle lanes downtown.'),
        },
        { path: 'practices/bad.md', markdown: '# No front matter\n\nText.' },
      ]),
    ).toThrowError(/cannot add practices\/bad\.md/);
    expect(kb.sections()).toHaveLength(n);
    expect(kb.search('painted bicycle lanes')).toEqual([]);
  });

  it('rejects a broken page with a clear error and keeps the index as it was', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    const n = kb.sections().length;
    expect(() =>
      kb.addDocument({ path: 'practices/y.md', markdown: '# No front matter\n\nText.' }),
    ).toThrow(/^cannot add practices\/y\.md: a problem:\npractices\/y\.md:1: missing front matter/);
    expect(() =>
      kb.addDocument({
        path: 'practices/y.md',
        markdown: page('Links', 'See [this](missing.md).'),
      }),
    ).toThrow(/practices\/y\.md:12: broken link missing\.md: no page practices\/missing\.md/);
    expect(() =>
      kb.addDocument({ path: '../outside.md', markdown: page('Outside', 'Text.') }),
    ).toThrow(/must be relative to the docs directory/);
    expect(() =>
      kb.addDocument({ path: 'practices/z.txt', markdown: page('Text', 'Text.') }),
    ).toThrow(/end in \.md/);
    expect(kb.sections()).toHaveLength(n);
  });

  it('accepts links to pages already in the knowledge base', async () => {
    const kb = createKnowledgeBase(await fixtureSections());
    expect(() =>
      kb.addDocument({
        path: 'practices/z.md',
        markdown: page(
          'Linked',
          'See [roles](../governance/roles.md#what-does-an-nr-do) and [top](#linked).',
        ),
      }),
    ).not.toThrow();
  });
});

describe('index file', () => {
  let scratch: Awaited<ReturnType<typeof scratchDocs>>;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  beforeEach(async () => {
    scratch = await scratchDocs();
    warnings.length = 0;
  });
  afterEach(() => scratch.cleanup());

  it('round-trips: the loaded index gives the same results as one built in memory', async () => {
    const built = await buildIndexFile({ docsDir: scratch.docsDir, cacheFile: scratch.cacheFile });
    expect(built).toEqual({ sections: (await fixtureSections()).length, problems: [] });
    const loaded = await openKnowledgeBase({
      docsDir: scratch.docsDir,
      cacheFile: scratch.cacheFile,
      warn,
    });
    const memory = createKnowledgeBase(await fixtureSections());
    for (const q of FIXTURE_QUESTIONS) expect(loaded.ask(q), q).toEqual(memory.ask(q));
    expect(warnings).toEqual([]);
  });

  it('loads the prebuilt index when the docs have not changed', async () => {
    await buildIndexFile({ docsDir: scratch.docsDir, cacheFile: scratch.cacheFile });
    // Mark the cached copy of a section: only a knowledge base loaded from the file can show it.
    const cache = JSON.parse(await readFile(scratch.cacheFile, 'utf8'));
    const section = cache.sections.find(
      (s: { anchor: string }) => s.anchor === 'makassar-drainage-sensors',
    );
    section.text = 'Loaded from the index file.';
    await writeFile(scratch.cacheFile, JSON.stringify(cache));
    const kb = await openKnowledgeBase({
      docsDir: scratch.docsDir,
      cacheFile: scratch.cacheFile,
      warn,
    });
    expect(kb.search('drainage sensors')[0]?.text).toBe('Loaded from the index file.');
  });

  it('rebuilds (and rewrites the file) when the docs change', async () => {
    await buildIndexFile({ docsDir: scratch.docsDir, cacheFile: scratch.cacheFile });
    const first = await openKnowledgeBase({
      docsDir: scratch.docsDir,
      cacheFile: scratch.cacheFile,
      warn,
    });
    const { mtimeMs } = await stat(scratch.cacheFile);
    const path = join(scratch.docsDir, 'practices', 'makassar-drainage.md');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace(
        'water-level sensors',
        'ultrasonic water-level sensors',
      ),
    );
    const second = await openKnowledgeBase({
      docsDir: scratch.docsDir,
      cacheFile: scratch.cacheFile,
      warn,
    });
    expect(second.contentHash).not.toBe(first.contentHash);
    expect(second.search('ultrasonic')[0]?.path).toBe('practices/makassar-drainage.md');
    expect(first.search('ultrasonic')).toEqual([]);
    const cache = JSON.parse(await readFile(scratch.cacheFile, 'utf8'));
    expect(cache.contentHash).toBe(second.contentHash);
    expect((await stat(scratch.cacheFile)).mtimeMs).toBeGreaterThanOrEqual(mtimeMs);
  });

  it('builds without a cache file and ignores a damaged one', async () => {
    const noCache = await openKnowledgeBase({ docsDir: scratch.docsDir, warn });
    expect(noCache.search('drainage sensors')[0]?.path).toBe('practices/makassar-drainage.md');
    await writeFile(
      join(scratch.root, 'damaged.json'),
      '{"format": "ascn-knowledge-index", "contentHash": ',
    );
    const damaged = await openKnowledgeBase({
      docsDir: scratch.docsDir,
      cacheFile: join(scratch.root, 'damaged.json'),
      warn,
    });
    expect(damaged.search('drainage sensors')[0]?.path).toBe('practices/makassar-drainage.md');
  });

  it('skips a broken page with a warning, while the build step reports it', async () => {
    await writeFile(
      join(scratch.docsDir, 'broken.md'),
      '---\ntitle: x\n---\n\n# Broken\n\nA page about zeppelins.\n',
    );
    const kb = await openKnowledgeBase({
      docsDir: scratch.docsDir,
      cacheFile: scratch.cacheFile,
      warn,
    });
    expect(kb.search('zeppelins')).toEqual([]);
    expect(kb.search('drainage sensors')[0]?.path).toBe('practices/makassar-drainage.md');
    expect(
      warnings.some((w) =>
        w.startsWith(`warning: ${scratch.docsDir}/broken.md:2: front matter title`),
      ),
    ).toBe(true);
    expect(warnings).toContain(
      `warning: ${scratch.docsDir}/broken.md: page skipped until its front matter is fixed`,
    );
    const { problems } = await buildIndexFile({
      docsDir: scratch.docsDir,
      cacheFile: scratch.cacheFile,
    });
    expect(problems.map((p) => p.file)).toContain(`${scratch.docsDir}/broken.md`);
  });
});
