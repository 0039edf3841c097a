import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  buildSearchIndex,
  type FieldName,
  loadSearchIndex,
  type SearchIndex,
  type SerializedSearchIndex,
} from './search-index.js';
import type { Section } from './types.js';

/**
 * Builds a main index for `sections` without holding up the thread that answers questions: in a
 * worker thread when the built package runs (dist/fold-worker.js), else (tests run from source)
 * on this thread after yielding once. Only loading the result (`lunr.Index.load`) runs here.
 */
export async function buildIndexAside(
  sections: readonly Section[],
  boosts: Readonly<Record<FieldName, number>>,
): Promise<SearchIndex> {
  const url = new URL('./fold-worker.js', import.meta.url);
  if (import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url))) {
    const json = await new Promise<string>((resolve, reject) => {
      const worker = new Worker(url, { workerData: { sections, boosts } });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`the index worker stopped with exit code ${code}`));
      });
    });
    return loadSearchIndex(JSON.parse(json) as SerializedSearchIndex);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return buildSearchIndex(sections, boosts);
}
