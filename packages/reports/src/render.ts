import type { RoundReport } from '@ascn/core';
import type { ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import type { Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { type AnnualReportInput, annualReportTree } from './annual.js';
import { htmlPage } from './page.js';
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
export function htmlDocument(
  title: string,
  tree: MdastRoot,
  style: string,
  opts: { header?: ElementContent[] } = {},
): string {
  const body = toHast.runSync(tree) as HastRoot;
  return htmlPage({
    title,
    head: [h('style', style)],
    body: [
      ...(opts.header ? [h('header', opts.header)] : []),
      h('main', body.children as ElementContent[]),
    ],
  });
}

const ANNUAL_STYLE = `${STYLE}
body{color:#1a1a1a}h2{border-bottom:1px solid #ccc;margin-top:2rem}h4{margin:.8rem 0 .2rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid #ddd;padding:.5rem 0}
header a{color:#0b57d0}a.button{display:inline-block;background:#0b57d0;color:#fff;padding:.5rem 1rem;border-radius:4px;text-decoration:none;font-weight:600}
a.button:focus-visible,a:focus-visible{outline:3px solid #e8a200;outline-offset:2px}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{header{display:none}body{font-size:11pt;max-width:none;margin:0;padding:0}
h2{border:0}#by-focus-area,#by-city{break-before:page}h3,h4{break-after:avoid}tr{break-inside:avoid}
table{display:table;font-size:10pt}a{color:inherit;text-decoration:none}}`;

/** The annual report as GitHub-flavoured Markdown. */
export function annualReportMarkdown(input: AnnualReportInput): string {
  return toMarkdown.stringify(annualReportTree(input));
}

/**
 * The annual report as a whole HTML document, from the same tree as the Markdown. `header`
 * (links such as "Download PDF") is shown on screen and left out when printed.
 */
export function annualReportHtml(
  input: AnnualReportInput,
  opts: { header?: ElementContent[] } = {},
): string {
  const title = `Annual report: ${input.report.round.title}${input.scope ? ` (${input.scope})` : ''}`;
  return htmlDocument(title, annualReportTree(input), ANNUAL_STYLE, opts);
}
