import type { PGlite, Results } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A Kysely dialect over one embedded PGlite instance. PGlite is a single connection, so the
 * driver hands it out to one borrower at a time: a transaction keeps it from `begin` to
 * `commit`, and every other query waits its turn (queries from elsewhere never interleave
 * with a transaction's statements).
 */
export class PGliteDialect implements Dialect {
  #driver: PGliteDriver | undefined;
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    this.#driver = new PGliteDriver(this.pglite);
    return this.#driver;
  }
  /**
   * Runs `work` on the PGlite instance itself, in turn with Kysely's queries (for what Kysely
   * cannot send, such as `COPY … FROM '/dev/blob'`). Only once the Kysely instance exists.
   */
  async exclusive<T>(work: (pglite: PGlite) => Promise<T>): Promise<T> {
    const driver = this.#driver;
    if (!driver) throw new Error('the PGlite dialect has no Kysely instance yet');
    await driver.acquireConnection();
    try {
      return await work(this.pglite);
    } finally {
      await driver.releaseConnection();
    }
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  readonly #connection: PGliteConnection;

  constructor(private readonly pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite);
  }
  async init() {
    await this.pglite.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    // A FIFO mutex: each borrower waits for the previous one's release.
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection;
  }
  async releaseConnection() {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const mode = [
      settings.isolationLevel && `isolation level ${settings.isolationLevel}`,
      settings.accessMode,
    ].filter(Boolean);
    await (conn as PGliteConnection).run(
      mode.length ? `start transaction ${mode.join(' ')}` : 'begin',
    );
  }
  async commitTransaction(conn: DatabaseConnection) {
    const result = await (conn as PGliteConnection).run('commit');
    if (result.command === 'ROLLBACK')
      throw new Error('the transaction was aborted and rolled back');
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await (conn as PGliteConnection).run('rollback');
  }
  async destroy() {
    await this.#tail;
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async run(text: string): Promise<Results> {
    const results = await this.pglite.exec(text);
    return results[results.length - 1] ?? { rows: [], fields: [] };
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Parameterless SQL goes through the simple protocol, which allows several statements
    // (migrations); the rest through the extended protocol with typed parameters.
    const result = query.parameters.length
      ? await this.pglite.query<R>(query.sql, [...query.parameters])
      : ((await this.run(query.sql)) as Results<R>);
    const changed = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(result.command ?? '');
    const count = (result as { rowCount?: number }).rowCount ?? result.affectedRows ?? 0;
    return {
      rows: result.rows,
      ...(changed ? { numAffectedRows: BigInt(count) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported by PGlite
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
