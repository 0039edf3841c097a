import type { DocFrontMatter } from '@ascn/domain';
import { type ParsedPage, parsePage } from './markdown.js';
import type { DocProblem, Section } from './types.js';

export { analyze, tokenize } from './analysis.js';
export { extractAnswer } from './answer.js';
export { checkDocs, readDocs } from './docs.js';
export {
  ACRONYMS,
  type GlossaryEntry,
  type GlossaryMatch,
  glossary,
  matchGlossary,
} from './glossary.js';
export {
  buildIndexFile,
  contentHashOf,
  createKnowledgeBase,
  DEFAULT_FOLD_AT,
  type OpenOptions,
  openKnowledgeBase,
} from './knowledge-base.js';
export { type AnswerKind, answerKind } from './question.js';
export {
  CLAUSE_BOOSTS,
  coverage,
  createSearcher,
  DEFAULT_TUNING,
  planQuery,
  type QueryGroup,
  type QueryPlan,
  type Tuning,
} from './search.js';
export { FIELD_BOOSTS } from './search-index.js';
export { normalize, STOPWORDS, sentences, stem, words } from './text.js';
export type {
  AddOptions,
  Answer,
  Citation,
  DocProblem,
  KnowledgeBase,
  SearchOptions,
  SearchResult,
  Section,
} from './types.js';
export { formatProblem } from './types.js';

/**
 * Parses one Markdown page (front matter YAML, GFM) into sections with heading paths and anchors.
 * Problems with the page itself (front matter, YAML, duplicate anchors) are returned, not thrown;
 * links to other pages are checked by `checkDocs`.
 */
export function parseMarkdown(
  path: string,
  markdown: string,
): { sections: Section[]; frontMatter?: DocFrontMatter; problems: DocProblem[] } {
  const page: ParsedPage = parsePage(path, markdown);
  return {
    sections: page.sections,
    ...(page.frontMatter ? { frontMatter: page.frontMatter } : {}),
    problems: page.problems,
  };
}
