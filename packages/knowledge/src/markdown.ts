import { DocFrontMatter, fieldPath } from '@ascn/domain';
import GithubSlugger, { slug } from 'github-slugger';
import type { Nodes, Root, RootContent, Table } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import YAML from 'yaml';
import type { DocProblem, Section } from './types.js';

/** Headings of this depth or shallower (##, ###) start a section; deeper ones stay inside it. */
export const SECTION_DEPTH = 3;

/** A link found in a page, with the line it is on. */
export interface PageLink {
  readonly url: string;
  readonly line: number;
}

/** Everything parsing one page yields; `parseMarkdown` returns the public part. */
export interface ParsedPage {
  readonly path: string;
  readonly title: string;
  readonly sections: Section[];
  readonly frontMatter?: DocFrontMatter;
  readonly problems: DocProblem[];
  /** True when the page cannot be trusted (no or invalid front matter, unparseable YAML). */
  readonly broken: boolean;
  /** Every heading anchor on the page, GitHub style (including the page title's). */
  readonly anchors: string[];
  readonly links: PageLink[];
}

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .freeze();

/**
 * Parses one Markdown page into sections: the intro (text before the first `##`, headed by the
 * page title) and one section per `##`/`###` heading, each with its heading path and anchor.
 * Problems (front matter, YAML, duplicate anchors) are reported, never thrown.
 */
export function parsePage(path: string, markdown: string): ParsedPage {
  const tree = processor.parse(String(markdown ?? '')) as Root;
  const problems: DocProblem[] = [];
  const fm = readFrontMatter(path, tree, problems);
  const broken = problems.length > 0;

  // Anchors GitHub style, in document order, for every heading (also those inside blockquotes).
  const slugger = new GithubSlugger();
  const firstLineOfSlug = new Map<string, number>();
  const anchors: string[] = [];
  const anchorOf = new Map<Nodes, string>();
  visit(tree, 'heading', (node) => {
    const text = clean(mdastToString(node));
    const line = node.position?.start.line ?? 1;
    const anchor = slugger.slug(text);
    const base = slug(text);
    anchors.push(anchor);
    anchorOf.set(node, anchor);
    if (anchor !== base) {
      problems.push({
        file: path,
        line,
        message: `duplicate heading "${text}": anchor #${base} is already used at line ${firstLineOfSlug.get(base) ?? '?'} (this one becomes #${anchor})`,
      });
    } else if (!firstLineOfSlug.has(base)) {
      firstLineOfSlug.set(base, line);
    }
  });

  const content = tree.children.filter((n) => n.type !== 'yaml');
  const h1 = content.find((n) => n.type === 'heading' && n.depth === 1);
  const title =
    fm.value?.title ??
    (typeof fm.raw?.title === 'string' && fm.raw.title.trim() ? fm.raw.title.trim() : undefined) ??
    (h1 ? clean(mdastToString(h1)) : undefined) ??
    basename(path);
  const tags = tagsOf(fm.value, fm.raw);

  interface Draft {
    heading: string;
    headingPath: string[];
    anchor: string;
    line: number;
    lines: string[];
  }
  const drafts: Draft[] = [];
  let current: Draft = {
    heading: title,
    headingPath: [title],
    anchor: '',
    line: content[0]?.position?.start.line ?? 1,
    lines: [],
  };
  drafts.push(current);
  const stack: Array<{ depth: number; text: string }> = [];
  let seenSplit = false;

  for (const node of content) {
    if (node.type === 'heading') {
      const text = clean(mdastToString(node));
      const line = node.position?.start.line ?? 1;
      const anchor = anchorOf.get(node) ?? '';
      if (node.depth === 1 && !seenSplit && current.anchor === '') {
        current.anchor = anchor;
        current.line = line;
        continue;
      }
      if (node.depth <= SECTION_DEPTH) {
        seenSplit = true;
        while (stack.length > 0 && stack[stack.length - 1]!.depth >= node.depth) stack.pop();
        stack.push({ depth: node.depth, text });
        current = {
          heading: text,
          headingPath: [title, ...stack.map((s) => s.text)],
          anchor,
          line,
          lines: [],
        };
        drafts.push(current);
        continue;
      }
      current.lines.push(text);
      continue;
    }
    blockLines(node, current.lines);
  }

  const sections: Section[] = drafts
    .map((d) => ({
      id: `${path}#${d.anchor}`,
      path,
      title,
      heading: d.heading,
      headingPath: d.headingPath,
      anchor: d.anchor,
      text: d.lines.filter(Boolean).join('\n'),
      tags,
      line: d.line,
    }))
    .filter((s) => s.text.length > 0);

  const links: PageLink[] = [];
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'definition') {
      links.push({ url: node.url, line: node.position?.start.line ?? 1 });
    }
  });

  return {
    path,
    title,
    sections,
    ...(fm.value ? { frontMatter: fm.value } : {}),
    problems,
    broken,
    anchors,
    links,
  };
}

function basename(path: string): string {
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.md$/i, '');
}

function tagsOf(
  fm: DocFrontMatter | undefined,
  raw: Record<string, unknown> | undefined,
): string[] {
  if (fm) {
    const extra = [...(fm.city ? [fm.city] : []), ...(fm.focusAreas ?? [])];
    return [...new Set([...fm.tags, ...extra])];
  }
  const rawTags = raw?.tags;
  return Array.isArray(rawTags) ? rawTags.filter((t): t is string => typeof t === 'string') : [];
}

// ---------------------------------------------------------------------------------------------
// Front matter

interface FrontMatterRead {
  value?: DocFrontMatter;
  raw?: Record<string, unknown>;
}

const FIELDS = Object.keys(DocFrontMatter.shape);

function readFrontMatter(path: string, tree: Root, problems: DocProblem[]): FrontMatterRead {
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    problems.push({
      file: path,
      line: 1,
      message: `missing front matter: start the page with a --- block holding ${FIELDS.slice(0, 5).join(', ')}`,
    });
    return {};
  }
  // Line n of the YAML text is line (start + n) of the file: the opening --- is line `start`.
  const start = first.position?.start.line ?? 1;
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(first.value, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = lineCounter.linePos(error.pos[0]).line;
      problems.push({
        file: path,
        line: start + line,
        message: `front matter is not valid YAML: ${error.message.split('\n')[0]}`,
      });
    }
    return {};
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      file: path,
      line: start,
      message: 'front matter must be a YAML mapping of fields (title: …, summary: …)',
    });
    return {};
  }
  const rawObject = raw as Record<string, unknown>;
  const result = DocFrontMatter.safeParse(rawObject);
  if (result.success) return { value: result.data, raw: rawObject };

  const lineOf = (keyPath: readonly PropertyKey[]): number => {
    const offset = yamlOffset(doc, keyPath);
    return offset === undefined ? start : start + lineCounter.linePos(offset).line;
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          file: path,
          line: lineOf([key]),
          message: `front matter has an unknown field "${key}" (allowed: ${FIELDS.join(', ')})`,
        });
      }
      continue;
    }
    const field = fieldPath(issue.path);
    const missing = issue.path.length === 1 && rawObject[String(issue.path[0])] === undefined;
    problems.push({
      file: path,
      line: lineOf(issue.path),
      message: missing
        ? `front matter is missing the required field "${field}"`
        : `front matter ${field}: ${issue.message}`,
    });
  }
  return { raw: rawObject };
}

/** Offset in the YAML text of the field at `keyPath` (its key for map entries), or of its nearest parent. */
function yamlOffset(doc: YAML.Document, keyPath: readonly PropertyKey[]): number | undefined {
  for (let n = keyPath.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(keyPath.slice(0, n - 1) as unknown[], true);
    const last = keyPath[n - 1];
    if (YAML.isMap(parent)) {
      const pair = parent.items.find(
        (p) => YAML.isScalar(p.key) && String(p.key.value) === String(last),
      );
      if (pair && YAML.isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (YAML.isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (YAML.isNode(item) && item.range) return item.range[0];
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** Collapses whitespace. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
}

function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'html':
      return stripTags(node.value);
    case 'break':
      return ' ';
    case 'image':
      return node.alt ?? '';
    case 'imageReference':
      return node.alt ?? '';
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? node.children.map((c) => inlineText(c as Nodes)).join('') : '';
  }
}

/** Appends the plain-text lines of a block: paragraphs, list items and table rows are lines. */
function blockLines(node: RootContent, out: string[]): void {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      out.push(clean(inlineText(node)));
      return;
    case 'list':
      // Items keep a plain-text marker ("- ", "1. ") so answers can quote a list as a list.
      node.children.forEach((item, i) => {
        const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : '- ';
        const from = out.length;
        for (const child of item.children) blockLines(child, out);
        if (out.length > from) out[from] = `${marker}${out[from]}`;
      });
      return;
    case 'blockquote':
    case 'footnoteDefinition':
      for (const child of node.children) blockLines(child, out);
      return;
    case 'table':
      out.push(...tableLines(node));
      return;
    case 'code':
      out.push(...node.value.split('\n').map(clean));
      return;
    case 'html':
      out.push(clean(stripTags(node.value)));
      return;
    default:
      return;
  }
}

/** A GFM table as readable text: one line per row, "- Header: value; Header: value". */
export function tableLines(table: Table): string[] {
  const [head, ...rows] = table.children;
  if (!head) return [];
  const headers = head.children.map((cell) => clean(inlineText(cell)));
  if (rows.length === 0) return [headers.filter(Boolean).join('; ')];
  return rows
    .map((row) => {
      const parts = row.children
        .map((cell, i) => {
          const value = clean(inlineText(cell));
          if (!value) return '';
          const header = headers[i];
          return header ? `${header}: ${value}` : value;
        })
        .filter(Boolean);
      return parts.length > 0 ? `- ${parts.join('; ')}` : '';
    })
    .filter(Boolean);
}
