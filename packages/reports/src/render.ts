import type { RoundReport } from '@ascn/core';
import type { Element, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import type { Root as MdastRoot } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { reportTree } from './tree.js';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
td[align=right],th[align=right]{text-align:right}
.s-at-risk{color:#9a5b00}.s-delayed{color:#b00020}.s-done{color:#1b5e20}
@media(max-width:40rem){table{font-size:14px;display:block;overflow-x:auto}}`;

const toMarkdown = unified()
  .use(remarkGfm, { tablePipeAlign: false })
  .use(remarkStringify, { bullet: '-', emphasis: '_', rule: '-', fences: true })
  .freeze();

// Raw HTML is never let through (remark-rehype's default): the tree holds text, not markup.
const toHast = unified().use(remarkRehype).freeze();
const toHtml = unified().use(rehypeStringify).freeze();

/** The report as GitHub-flavoured Markdown (tables as GFM tables). */
export function reportMarkdown(report: RoundReport): string {
  return toMarkdown.stringify(reportTree(report));
}

/** The report as a whole HTML document, from the same tree as the Markdown. */
export function reportHtml(report: RoundReport): string {
  const title = `Progress report: ${report.round.title}`;
  return htmlDocument(title, reportTree(report), STYLE);
}

/** A Markdown tree as a standalone HTML page: the shell is a hast tree too, so text stays text. */
export function htmlDocument(title: string, tree: MdastRoot, style: string): string {
  const body = toHast.runSync(tree) as HastRoot;
  const page: HastRoot = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('title', title),
          h('style', style),
        ]),
        h('body', [h('main', body.children as Element[])]),
      ]),
    ],
  };
  return `${toHtml.stringify(page)}\n`;
}
