/** One searchable piece of a page: its intro, or the text under one `##`/`###` heading. */
export interface Section {
  /** `${path}#${anchor}` */
  id: string;
  /** Relative to the docs directory, posix separators, e.g. `framework/overview.md`. */
  path: string;
  /** The page title. */
  title: string;
  /** The section heading, or the page title for the intro. */
  heading: string;
  /** Page title, then each enclosing heading, ending with this section's heading. */
  headingPath: string[];
  /** GitHub-style anchor of the heading (the page title's anchor for the intro). */
  anchor: string;
  /** The whole section as plain text: paragraphs, list items and table rows one per line. */
  text: string;
  /** Front matter tags, plus the page's city id and focus areas when it has them. */
  tags: string[];
  /** 1-based line of the heading. */
  line: number;
}

/** Something wrong in a docs page; printed as `${file}:${line}: ${message}`. */
export interface DocProblem {
  file: string;
  line: number;
  message: string;
}

export interface SearchResult {
  title: string;
  path: string;
  heading: string;
  anchor: string;
  score: number;
  /** The whole section as plain text. */
  text: string;
}

export interface Citation {
  title: string;
  heading: string;
  path: string;
  anchor: string;
}

export interface Answer {
  /** The question as searched (cut to its first 500 characters). */
  query: string;
  /** One or two sentences of the best section, or null when the knowledge base has no answer. */
  answer: string | null;
  citation: Citation | null;
  /**
   * The search results, best first; when answered, the first is the cited section. When the
   * question is declined they are only the nearest sections (not an answer): show them as
   * "maybe related", or not at all.
   */
  results: SearchResult[];
}

export interface SearchOptions {
  /** Most results to return (default 5, at most 50). */
  limit?: number;
}

export interface KnowledgeBase {
  /** Ranked sections for a query. Never throws; odd input gives no results. */
  search(query: string, opts?: SearchOptions): SearchResult[];
  /** The best answer with its citation, or a decline (`answer: null`). Never throws. */
  ask(query: string, opts?: SearchOptions): Answer;
  /**
   * Adds (or replaces, by path) a page; searchable at once. Validates it like the docs check
   * and throws an Error naming every problem when the page is broken.
   */
  addDocument(doc: { path: string; markdown: string }): Section[];
  /**
   * Adds or replaces several pages at once, searchable at once through the index of additions
   * (the main index is not rebuilt). All or none: a broken page throws, unless `onBroken` is
   * given, which is told each broken page while the good ones are added.
   */
  addDocuments(
    docs: ReadonlyArray<{ path: string; markdown: string }>,
    options?: AddOptions,
  ): Section[];
  /**
   * Folds the pages added so far into the main index (done by itself once the additions reach
   * `foldAt` sections). The new main index is built aside; questions are answered meanwhile.
   */
  fold(): Promise<void>;
  /** Sections in the index of additions, not yet folded into the main index. */
  pendingAdditions(): number;
  sections(): readonly Section[];
  /** Hash of the content the index was built from; changes when a document is added. */
  readonly contentHash: string;
}

export interface AddOptions {
  /** Called for each broken page (bad path, front matter, links), which is skipped. */
  onBroken?(path: string, problems: DocProblem[]): void;
}

export function formatProblem(p: DocProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
