import type { Config } from '@ascn/domain';
import { buildIndexFile, checkDocs } from '@ascn/knowledge';
import { indexFile } from './paths.js';

/** `ascn docs check`: every problem as `file:line: message`; exit 1 when there is any. */
export async function runDocsCheck(config: Config): Promise<number> {
  const problems = await checkDocs(config.ASCN_DOCS_DIR);
  for (const p of problems) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
  if (problems.length > 0) {
    process.stderr.write(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${config.ASCN_DOCS_DIR}\n`,
    );
    return 1;
  }
  process.stdout.write(`docs ok: ${config.ASCN_DOCS_DIR}\n`);
  return 0;
}

/** `ascn index`: builds the search index file; a broken page fails the build with file:line. */
export async function runIndex(config: Config): Promise<number> {
  const cacheFile = indexFile(config);
  const { sections, problems } = await buildIndexFile({ docsDir: config.ASCN_DOCS_DIR, cacheFile });
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
  if (problems.length > 0) return 1;
  process.stdout.write(`indexed ${sections} sections into ${cacheFile}\n`);
  return 0;
}
