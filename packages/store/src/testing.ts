import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test helpers (`@ascn/store/testing`): a PostgreSQL server for a test run, or the reason
 * there is none. Tests against the server run when it answers; when it does not, they are
 * skipped with that reason, except under `CI=true`, where a missing server is an error.
 */

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type TestServer =
  | { available: true; url: string }
  | { available: false; url: string; reason: string };

/** Whether the test PostgreSQL (`TEST_DATABASE_URL`, else the default) answers. */
export async function probeTestServer(
  url: string = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL,
): Promise<TestServer> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { available: true, url };
  } catch (error) {
    const reason = `PostgreSQL test server unreachable at ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env.CI === 'true')
      throw new Error(`${reason} (CI=true: the server tests must run)`);
    console.warn(`[store tests] skipping PostgreSQL server tests — ${reason}`);
    return { available: false, url, reason };
  } finally {
    await client.end().catch(() => {});
  }
}

export interface ScratchDatabase {
  /** The connection string of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database (closing whatever connections are left). */
  drop(): Promise<void>;
}

/** Creates a fresh, uniquely named database on the server of `url`, for one test run. */
export async function createScratchDatabase(
  url: string,
  prefix = 'ascn_test',
): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(url, (c) => c.query(`create database "${name}"`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    name,
    async drop() {
      await admin(url, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function admin(url: string, fn: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
