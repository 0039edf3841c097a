import { readdir, readFile } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { type ParsedPage, parsePage } from './markdown.js';
import type { DocProblem } from './types.js';

/** A Markdown file of the docs directory: path relative to it (posix) and its text. */
export interface DocFile {
  readonly path: string;
  readonly markdown: string;
}

/** Reads every `.md` file under `docsDir` (dot-directories and node_modules skipped), sorted by path. */
export async function readDocs(docsDir: string): Promise<DocFile[]> {
  let entries: string[];
  try {
    entries = await readdir(docsDir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot read the docs directory ${docsDir}: ${(error as Error).message}`);
  }
  const paths = entries
    .map((e) => e.split(sep).join('/'))
    .filter((p) => p.toLowerCase().endsWith('.md'))
    .filter((p) => !p.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
  return Promise.all(
    paths.map(async (path) => ({ path, markdown: await readFile(join(docsDir, path), 'utf8') })),
  );
}

/** Where a link in page `from` points, inside the docs directory. */
export function resolveLink(
  from: string,
  url: string,
): { path: string; anchor?: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined; // external
  const hash = url.indexOf('#');
  const rawPath = (hash === -1 ? url : url.slice(0, hash)).replace(/\?.*$/, '');
  const rawAnchor = hash === -1 ? undefined : url.slice(hash + 1);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const linkPath = decode(rawPath);
  const target =
    linkPath === ''
      ? from
      : posix.normalize(
          linkPath.startsWith('/') ? linkPath.slice(1) : posix.join(posix.dirname(from), linkPath),
        );
  return rawAnchor ? { path: target, anchor: decode(rawAnchor) } : { path: target };
}

/**
 * Broken internal links of a page: relative `.md` links must name a page of the docs, and
 * `#anchors` a heading of their page. `pages` maps each page path to its anchors.
 */
export function linkProblems(
  page: Pick<ParsedPage, 'path' | 'links'>,
  pages: ReadonlyMap<string, ReadonlySet<string>>,
): DocProblem[] {
  const problems: DocProblem[] = [];
  for (const link of page.links) {
    const target = resolveLink(page.path, link.url);
    if (!target) continue;
    const isPage = target.path.toLowerCase().endsWith('.md');
    if (!isPage && target.path !== page.path) continue; // images and other files are not checked
    if (target.path.startsWith('../') || target.path === '..') {
      problems.push({
        file: page.path,
        line: link.line,
        message: `link ${link.url} points outside the docs directory`,
      });
      continue;
    }
    const anchors = pages.get(target.path);
    if (!anchors) {
      problems.push({
        file: page.path,
        line: link.line,
        message: `broken link ${link.url}: no page ${target.path}`,
      });
      continue;
    }
    if (target.anchor !== undefined && !anchors.has(target.anchor)) {
      problems.push({
        file: page.path,
        line: link.line,
        message: `broken link ${link.url}: no heading #${target.anchor} in ${target.path}`,
      });
    }
  }
  return problems;
}

/** Pages parsed, with every problem: their own and their broken links. */
export interface ParsedDocs {
  readonly pages: ParsedPage[];
  readonly problems: DocProblem[];
}

/** Parses docs files and checks their links against each other. Problem files are `path` relative to the docs. */
export function parseDocs(files: readonly DocFile[]): ParsedDocs {
  const pages = files.map((f) => parsePage(f.path, f.markdown));
  const anchors = new Map(pages.map((p) => [p.path, new Set(p.anchors)] as const));
  const problems = pages.flatMap((p) => [...p.problems, ...linkProblems(p, anchors)]);
  return { pages, problems: sortProblems(problems) };
}

export function sortProblems(problems: DocProblem[]): DocProblem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** Problems' files as paths from the current directory (`docs/framework/overview.md`). */
export function inDocsDir(docsDir: string, problems: readonly DocProblem[]): DocProblem[] {
  const base = docsDir.split(sep).join('/').replace(/\/+$/, '');
  return problems.map((p) => ({ ...p, file: base ? `${base}/${p.file}` : p.file }));
}

/**
 * Checks every page of the docs: front matter (file:line of the field), unparseable YAML,
 * duplicate heading anchors in a page and broken internal links. Empty when all is well.
 */
export async function checkDocs(docsDir: string): Promise<DocProblem[]> {
  const files = await readDocs(docsDir);
  return inDocsDir(docsDir, parseDocs(files).problems);
}
