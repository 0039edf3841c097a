import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type CopyValue, copyStatement, copyText } from './copy.js';
import { migrationProvider } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

/** The embedded database is held by another live process: a plain, expected refusal. */
export class StoreInUseError extends Error {
  override name = 'StoreInUseError';
}

export interface OpenStoreOptions {
  /** `postgres://…`: use that PostgreSQL server (node-postgres pool). Wins over the rest. */
  databaseUrl?: string;
  /** Embedded PGlite's directory (created when missing). Default `./data`. */
  dataDir?: string;
  /** Embedded PGlite in memory (tests): nothing is written to disk. */
  inMemory?: boolean;
  /** Pool size for PostgreSQL. Default 10. */
  poolSize?: number;
  /** Apply pending migrations at open. Default true. */
  migrate?: boolean;
}

export interface Store {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Names of the migrations applied by this open (empty when the schema was current). */
  migrated: string[];
  /**
   * Runs `flush` first when the store closes: writes a package keeps in memory for a moment (the
   * question log batches its rows) reach the database before the connections go.
   */
  beforeClose(flush: () => Promise<void>): void;
  /**
   * Appends rows to a table with one `COPY`, where that is the cheapest way in: embedded PGlite,
   * whose every statement runs on this process's thread (about half the cost of an insert from
   * JSON). Undefined on a PostgreSQL server, where the server does the work. All rows or none:
   * a row the table refuses (a duplicate key) fails the whole copy.
   */
  appendRows?(
    table: string,
    columns: readonly string[],
    rows: ReadonlyArray<readonly CopyValue[]>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** The close of a store, with the flushes registered by `beforeClose` run first. */
function closing(destroy: () => Promise<void>) {
  const flushes = new Set<() => Promise<void>>();
  let closed = false;
  return {
    beforeClose(flush: () => Promise<void>) {
      flushes.add(flush);
    },
    async close() {
      if (closed) return;
      closed = true;
      // A flush that fails is not a reason to keep the connections open.
      for (const flush of flushes) await flush().catch(() => {});
      await destroy();
    },
  };
}

/** Any constant of our own; PostgreSQL advisory locks are per database. */
const MIGRATION_LOCK = 7_262_026_101;

const INT8 = 20;
const toNumber = (value: string) => Number(value);

/**
 * Opens the store: PostgreSQL when `databaseUrl` is given, else embedded PGlite (in
 * `dataDir`, or in memory). Migrations are applied before it returns; on a server several
 * processes may open at once (an advisory lock lets one migrate while the others wait).
 * `bigint` columns (ids, counts) come back as numbers on both.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : await openPGlite(options);
  try {
    store.migrated = options.migrate === false ? [] : await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function plugins() {
  return [new CamelCasePlugin()];
}

function openPostgres(databaseUrl: string, options: OpenStoreOptions): Store & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 && format !== 'binary'
          ? toNumber
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's connection error must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: plugins() });
  return {
    db,
    kind: 'postgres',
    migrated: [],
    pool,
    ...closing(() => db.destroy()),
  };
}

async function openPGlite(options: OpenStoreOptions): Promise<Store> {
  let dataDir: string | undefined;
  let unlock = () => {};
  if (!options.inMemory) {
    dataDir = resolve(options.dataDir ?? './data');
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir, parsers: { [INT8]: toNumber } });
  } catch (error) {
    unlock();
    throw error;
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Database>({ dialect, plugins: plugins() });
  return {
    db,
    kind: 'pglite',
    migrated: [],
    async appendRows(table, columns, rows) {
      if (rows.length === 0) return;
      const statement = copyStatement(table, columns);
      const blob = new Blob([copyText(rows)]);
      await dialect.exclusive((raw) => raw.query(statement, [], { blob }));
    },
    ...closing(async () => {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    }),
  };
}

/**
 * PGlite's files belong to one process (it has no locking of its own): a lock file with the
 * owner's pid keeps a second process out. A lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'ascn-store.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (owner && isAlive(owner))
        throw new StoreInUseError(
          `the data directory ${dataDir} is in use by process ${owner}; embedded PGlite serves one process (stop it, or set DATABASE_URL to share a PostgreSQL server)`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const run = async () => {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error) {
      const failed = results.find((r) => r.status === 'Error');
      throw new Error(
        `store migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  };
  if (store.kind === 'pglite') return run();
  // On a server, hold a session advisory lock on a dedicated connection while migrating, so
  // that two processes opening at once do not both create the schema.
  const client = await (store as Store & { pool: pg.Pool }).pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await run();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
