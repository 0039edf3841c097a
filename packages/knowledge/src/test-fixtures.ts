import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocs } from './docs.js';
import { parsePage } from './markdown.js';
import { createSearcher, type Searcher } from './search.js';
import { buildSearchIndex } from './search-index.js';
import type { Section } from './types.js';

/** The fixture knowledge base: five small pages under `__fixtures__/docs`. */
export const FIXTURE_DOCS = fileURLToPath(new URL('./__fixtures__/docs', import.meta.url));

/** Questions the fixture knowledge base answers, for tests that compare two knowledge bases on them. */
export const FIXTURE_QUESTIONS = [
  'what does a CSCO do',
  'makassar time zone',
  'is the framework binding',
  'drainage sensors',
  'HCMC',
];

export async function fixtureSections(): Promise<Section[]> {
  const files = await readDocs(FIXTURE_DOCS);
  return files.flatMap((f) => parsePage(f.path, f.markdown).sections);
}

/** A scratch copy of the fixture docs (and a place for an index file); call `cleanup` after. */
export async function scratchDocs(): Promise<{
  root: string;
  docsDir: string;
  cacheFile: string;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'ascn-knowledge-'));
  const docsDir = join(root, 'docs');
  await cp(FIXTURE_DOCS, docsDir, { recursive: true });
  return {
    root,
    docsDir,
    cacheFile: join(root, 'build', 'knowledge-index.json'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A valid page around `body`, for tests that need one more document. */
export function page(title: string, body: string, extra = ''): string {
  return `---\ntitle: ${title}\nsummary: A page written by a test, ${title}.\ntags: [test]\nsources:\n  - https://example.org/test\nupdated: 2026-02-01\n${extra}---\n\n# ${title}\n\n${body}\n`;
}

/** A searcher over one page (`page(title, body)`), for tests of how a question is read. */
export function pageSearcher(title: string, body: string): Searcher {
  return createSearcher(buildSearchIndex(parsePage('p.md', page(title, body)).sections));
}
