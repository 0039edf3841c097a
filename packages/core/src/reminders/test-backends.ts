import { openStore, type Store, sql } from '@ascn/store';
import { createScratchDatabase, probeTestServer, type ScratchDatabase } from '@ascn/store/testing';

/** The PostgreSQL test server, probed once per test file (under CI=true a missing one throws). */
export const server = await probeTestServer();

export interface Backend {
  name: 'pglite' | 'postgres';
  /** The reason to skip, or false. */
  skip: string | false;
  /** Opens (once) and empties the store's tables. */
  fresh(): Promise<Store>;
  /** A second, separate connection pool to the same database (PostgreSQL only). */
  another(): Promise<Store>;
  url?: string;
  close(): Promise<void>;
}

export function backends(): Backend[] {
  return [pgliteBackend(), postgresBackend()];
}

export function describeName(b: Backend, title: string) {
  return `${title} on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ''}`;
}

async function truncate(store: Store) {
  await sql`truncate deliveries, identities, web_sessions, sign_in_links, officers, channels, events restart identity`.execute(
    store.db,
  );
}

function pgliteBackend(): Backend {
  let store: Store | undefined;
  return {
    name: 'pglite',
    skip: false,
    async fresh() {
      store ??= await openStore({ inMemory: true });
      await truncate(store);
      return store;
    },
    async another() {
      throw new Error('PGlite is one connection in one process');
    },
    async close() {
      await store?.close();
    },
  };
}

export function postgresBackend(): Backend {
  let scratch: ScratchDatabase | undefined;
  const stores: Store[] = [];
  let main: Store | undefined;
  const backend: Backend = {
    name: 'postgres',
    skip: server.available ? false : server.reason,
    async fresh() {
      if (!main) {
        scratch = await createScratchDatabase(server.url);
        backend.url = scratch.url;
        main = await openStore({ databaseUrl: scratch.url });
        stores.push(main);
      }
      await truncate(main);
      return main;
    },
    async another() {
      if (!scratch) await backend.fresh();
      const store = await openStore({ databaseUrl: scratch!.url });
      stores.push(store);
      return store;
    },
    async close() {
      await Promise.all(stores.map((s) => s.close()));
      await scratch?.drop();
    },
  };
  return backend;
}
