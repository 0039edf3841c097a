import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { htmlPage } from '@ascn/reports';
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import type { Heading, Root as MdastRoot } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** Where the Markdown of a cited knowledge-base page comes from. */
export interface DocPages {
  /** The Markdown of the page at `path` (as cited: `network/overview.md`), or undefined. */
  markdown(path: string): Promise<string | undefined>;
}

/**
 * Pages from the docs folder, limited to those the knowledge base indexed (what can be cited);
 * `shared/…` pages (shared practices, stored in the database) come from `shared` when given.
 */
export function docsFolderPages(opts: {
  docsDir: string;
  indexed: () => Iterable<string>;
  shared?: (path: string) => Promise<string | undefined>;
}): DocPages {
  const root = resolve(opts.docsDir);
  return {
    async markdown(path) {
      if (path.startsWith('shared/')) return opts.shared?.(path);
      if (!new Set(opts.indexed()).has(path)) return undefined;
      const file = resolve(root, path);
      if (!file.startsWith(root + sep)) return undefined;
      return readFile(file, 'utf8').catch(() => undefined);
    },
  };
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Gives every heading the id the knowledge base cites it by: GitHub's slug of its text, in
 * document order, duplicates numbered (`-1`, `-2`), exactly as @ascn/knowledge computes anchors.
 */
export function remarkHeadingIds() {
  return (tree: MdastRoot) => {
    const slugger = new GithubSlugger();
    visit(tree, 'heading', (node: Heading) => {
      const id = slugger.slug(collapse(mdastToString(node)));
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
    });
  };
}

// GitHub's rules for what Markdown may become, except that ids stay as the anchors are
// (no "user-content-" prefix): the page runs no script, so there is nothing to clobber.
const schema = { ...defaultSchema, clobber: [] };

const toHast = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkHeadingIds)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .freeze();

const STYLE = `body{font:16px/1.6 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;color:#1a1a1a}
header,footer{font-size:.9rem;color:#555}header{border-bottom:1px solid #ddd;padding-bottom:.5rem}
footer{border-top:1px solid #ddd;margin-top:2rem;padding-top:.5rem}
table{border-collapse:collapse;display:block;overflow-x:auto}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}
code{background:#f3f3f3;padding:0 .2rem}pre{overflow-x:auto;background:#f3f3f3;padding:.5rem}
:target{background:#fff4c2}a{color:#0b57d0}`;

/** A knowledge-base page as a whole HTML document; its headings carry the cited anchors. */
export function renderDocPage(path: string, markdown: string): string {
  const mdast = toHast.parse(markdown);
  const body = toHast.runSync(mdast) as HastRoot;
  const h1 = (mdast.children as MdastRoot['children']).find(
    (n): n is Heading => n.type === 'heading' && n.depth === 1,
  );
  const title = h1 ? collapse(mdastToString(h1)) : path;
  return htmlPage({
    title: `${title} · ASCN knowledge base`,
    head: [h('style', STYLE)],
    body: [
      // Relative, so the link works behind a proxy that serves the assistant under a path.
      h('header', [
        h('a', { href: '../'.repeat(path.split('/').length) }, 'ASCN Assistant'),
        ' · knowledge base',
      ]),
      h('main', body.children as ElementContent[]),
      h('footer', ['Source: ', h('code', `docs/${path}`)]) as Element,
    ],
  });
}
