import type { KnowledgeBase } from '@ascn/knowledge';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { stringify as toYaml } from 'yaml';

const toMarkdown = unified()
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkStringify, { bullet: '-', emphasis: '_' })
  .freeze();

const words = (question: string) =>
  question
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

/**
 * A page skeleton for a question the knowledge base could not answer: where to save it (the
 * folder of the nearest page the search found, or `network/`) and its Markdown, built as a
 * tree so the question stays text. `sources` is left empty on purpose: `ascn docs check`
 * refuses the page until the writer names a source.
 */
export function gapSkeleton(
  knowledge: KnowledgeBase,
  question: string,
  today: string,
): { file: string; markdown: string } {
  const q = question.replace(/\s+/g, ' ').trim();
  const slug = words(q).slice(0, 8).join('-').slice(0, 60).replace(/-+$/, '') || 'new-page';
  const nearest = knowledge.search(q, { limit: 1 })[0]?.path;
  const folder =
    nearest && !nearest.startsWith('shared/') && nearest.includes('/')
      ? nearest.split('/')[0]
      : 'network';
  const title = q.replace(/[?.!\s]+$/, '');
  const front = {
    title: title.charAt(0).toUpperCase() + title.slice(1),
    summary: 'One sentence on what this page answers, for search and for the list of pages.',
    tags: words(q)
      .filter((w) => w.length > 2)
      .slice(0, 5),
    sources: [],
    updated: today,
  };
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'yaml', value: toYaml(front).trimEnd() },
      { type: 'heading', depth: 1, children: [{ type: 'text', value: front.title }] },
      {
        type: 'paragraph',
        children: [
          {
            type: 'text',
            value:
              'Two or three sentences that answer the question below, and say where the facts come from.',
          },
        ],
      },
      {
        type: 'heading',
        depth: 2,
        children: [{ type: 'text', value: /[?]$/.test(q) ? q : `${q}?` }],
      },
      {
        type: 'paragraph',
        children: [
          {
            type: 'text',
            value:
              'The answer, in plain words. Add each source you used to the sources list above.',
          },
        ],
      },
    ],
  };
  return { file: `docs/${folder}/${slug}.md`, markdown: toMarkdown.stringify(tree) };
}
