import { resolve } from 'node:path';
import type { Config } from '@ascn/domain';

/** Where the prebuilt search index lives unless ASCN_INDEX_FILE says otherwise. */
export function indexFile(config: Config): string {
  return resolve(
    config.ASCN_INDEX_FILE ?? resolve(config.ASCN_DOCS_DIR, 'dist', 'knowledge-index.json'),
  );
}
