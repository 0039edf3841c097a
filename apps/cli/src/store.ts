import { resolve } from 'node:path';
import type { Config } from '@ascn/domain';
import { openStore, type Store } from '@ascn/store';

/** Opens the database the configuration names (DATABASE_URL, else ASCN_DATA_DIR), runs `run`, closes it. */
export async function withStore<T>(config: Config, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(
    config.DATABASE_URL
      ? { databaseUrl: config.DATABASE_URL }
      : { dataDir: resolve(config.ASCN_DATA_DIR) },
  );
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
