import { createInterface } from 'node:readline';
import type { Config } from '@ascn/domain';
import { type Answer, openKnowledgeBase } from '@ascn/knowledge';
import { indexFile } from './paths.js';

export const DECLINE_TEXT =
  'I could not find that in the knowledge base (it is in English). Try other words, or ask the ASEAN Secretariat.';
export const EMPTY_TEXT = 'Type a question, for example: ascn ask "what are the six focus areas?"';

/** The JSON contract of DESIGN.md: `{ query, answer, results: [{ title, path, heading, score, text }] }`. */
export function answerJson(answer: Answer): string {
  return JSON.stringify({
    query: answer.query,
    answer: answer.answer,
    results: answer.results.map(({ title, path, heading, score, text }) => ({
      title,
      path,
      heading,
      score,
      text,
    })),
  });
}

export function answerText(answer: Answer): string {
  if (!answer.query.trim()) return EMPTY_TEXT;
  if (answer.answer === null || !answer.citation) return DECLINE_TEXT;
  const { title, heading, path, anchor } = answer.citation;
  const where = heading && heading !== title ? `${title} › ${heading}` : title;
  return `${answer.answer}\n\nSource: ${where} (docs/${path}${anchor ? `#${anchor}` : ''})`;
}

export async function runAsk(
  config: Config,
  question: string | undefined,
  json: boolean,
): Promise<number> {
  const kb = await openKnowledgeBase({
    docsDir: config.ASCN_DOCS_DIR,
    cacheFile: indexFile(config),
  });
  const print = (q: string) => {
    const answer = kb.ask(q);
    process.stdout.write(`${json ? answerJson(answer) : answerText(answer)}\n`);
  };
  if (question !== undefined) {
    print(question);
    return 0;
  }
  // Batch mode: one question per line in, one answer per line out (JSONL with --json).
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let first = true;
  for await (const line of lines) {
    if (!json && !first) process.stdout.write('\n');
    first = false;
    print(line);
  }
  return 0;
}
