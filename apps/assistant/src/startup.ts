import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Start-up stopped by something the operator fixes (a variable, a server to start): one line
 * naming the variable and what to do, no stack trace. `main` prints it and exits 2.
 */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** Every error code in an error, its causes and (for AggregateError) its parts. */
function codes(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  return [
    ...(typeof e.code === 'string' ? [e.code] : []),
    ...codes(e.cause, seen),
    ...(Array.isArray(e.errors) ? e.errors.flatMap((part) => codes(part, seen)) : []),
  ];
}

/** Where a postgres:// URL points, without the user name or password. */
function server(url: string): { at: string; database: string } {
  try {
    const u = new URL(url);
    return {
      at: `${u.hostname || 'localhost'}:${u.port || '5432'}`,
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || u.username || 'postgres',
    };
  } catch {
    return { at: 'the server', database: '(unknown)' };
  }
}

/** A server that did not answer: nothing listens there, or no route to it. */
const NO_ROUTE = ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'];

/** Why PostgreSQL could not be opened, in the operator's terms; undefined for anything else. */
export function databaseProblem(error: unknown, databaseUrl: string): StartupError | undefined {
  const found = codes(error);
  const { at, database } = server(databaseUrl);
  const fix = (what: string) => new StartupError('DATABASE_URL', what);
  if (found.includes('3D000'))
    return fix(
      `the database "${database}" does not exist on the PostgreSQL server at ${at}; create it (createdb ${database}) or point DATABASE_URL at an existing database.`,
    );
  if (found.includes('28P01') || found.includes('28000'))
    return fix(
      `the PostgreSQL server at ${at} refused the user name or password; correct them in DATABASE_URL.`,
    );
  if (found.includes('ENOTFOUND') || found.includes('EAI_AGAIN'))
    return fix(`the host in DATABASE_URL (${at}) is not known; correct the host name.`);
  if (NO_ROUTE.some((c) => found.includes(c)))
    return fix(
      `cannot reach a PostgreSQL server at ${at}; start PostgreSQL there, correct DATABASE_URL, or unset it to use the embedded database.`,
    );
  return undefined;
}

/**
 * Why Discord could not be reached at start (its name unknown, or no answer from it), naming the
 * variable to look at; undefined for anything else.
 */
export function discordProblem(
  error: unknown,
  apiUrl: string | undefined,
): StartupError | undefined {
  const found = codes(error);
  if (![...NO_ROUTE, 'ENOTFOUND', 'EAI_AGAIN'].some((c) => found.includes(c))) return undefined;
  return apiUrl
    ? new StartupError(
        'DISCORD_API_URL',
        `cannot reach Discord at ${apiUrl}; correct DISCORD_API_URL, or unset it to reach discord.com.`,
      )
    : new StartupError(
        'DISCORD_TOKEN',
        'cannot reach Discord (discord.com) from this machine; check its network, or unset DISCORD_TOKEN to run without Discord.',
      );
}

/** Why the web server could not listen; undefined for anything else. */
export function listenProblem(
  error: unknown,
  host: string,
  port: number,
): StartupError | undefined {
  const found = codes(error);
  if (found.includes('EADDRINUSE'))
    return new StartupError(
      'PORT',
      `port ${port} on ${host} is already in use by another program; stop that program or set PORT to a free port.`,
    );
  if (found.includes('EACCES'))
    return new StartupError(
      'PORT',
      `this user may not listen on port ${port}; set PORT to a port above 1023.`,
    );
  if (['ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'EAI_NONAME'].some((c) => found.includes(c)))
    return new StartupError(
      'HOST',
      `"${host}" is not a name or address of this machine; set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every network).`,
    );
  return undefined;
}

/** Stops start-up unless `path` is an existing folder. */
export async function requireFolder(variable: string, path: string, what: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (!found)
    throw new StartupError(
      variable,
      `the folder ${resolve(path)} does not exist; set ${variable} to ${what}.`,
    );
  if (!found.isDirectory())
    throw new StartupError(
      variable,
      `${resolve(path)} is a file, not a folder; set ${variable} to ${what}.`,
    );
}

/** Stops start-up unless `path` is an existing file. */
export async function requireFile(variable: string, path: string, what: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (!found)
    throw new StartupError(
      variable,
      `the file ${resolve(path)} does not exist; set ${variable} to ${what}.`,
    );
  if (!found.isFile())
    throw new StartupError(variable, `${resolve(path)} is not a file; set ${variable} to ${what}.`);
}
