import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';

const toHtml = unified().use(rehypeStringify);

/**
 * A whole HTML page, built as a hast tree so that any text in it stays text: the doctype,
 * `<html lang="en">`, a head with the charset, the phone viewport, the title and `head`'s
 * extra elements (a style sheet, a script), and `body`. Every page the assistant serves is
 * made here: reports, knowledge-base pages, sign-in pages and the dashboard.
 */
export function htmlPage(input: {
  title: string;
  head?: ElementContent[];
  body: ElementContent[];
}): string {
  const page: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('title', input.title),
          ...(input.head ?? []),
        ]),
        h('body', input.body),
      ]),
    ],
  };
  return `${toHtml.stringify(page)}\n`;
}
