import { openStore, type Store } from './open.js';
import { createScratchDatabase, probeTestServer, type ScratchDatabase } from './testing.js';

/** The PostgreSQL test server, probed once per test file (under CI=true a missing one throws). */
export const server = await probeTestServer();

/** Where a store test runs: embedded PGlite, and the PostgreSQL test server when it answers. */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** The reason to skip, or false. */
  skip: string | false;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

export function pgliteBackend(): Backend {
  return {
    name: 'pglite',
    skip: false,
    open: () => openStore({ inMemory: true }),
    cleanup: async () => {},
  };
}

/** A scratch database on the test server (named `prefix`_…), made at the first open. */
export function postgresBackend(prefix?: string): Backend {
  let scratch: ScratchDatabase | undefined;
  return {
    name: 'postgres',
    skip: server.available ? false : server.reason,
    async open() {
      scratch ??= await createScratchDatabase(server.url, prefix);
      return openStore({ databaseUrl: scratch.url });
    },
    async cleanup() {
      await scratch?.drop();
    },
  };
}
