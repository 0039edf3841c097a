import type { z } from 'zod';

/** A data file (or data module) that failed validation: names the file, the field and the reason. */
export class DataError extends Error {
  readonly source: string;
  readonly problems: readonly DataProblem[];
  constructor(source: string, problems: readonly DataProblem[]) {
    super(`${source}: ${problems.map((p) => `${p.field || '(root)'}: ${p.reason}`).join('; ')}`);
    this.name = 'DataError';
    this.source = source;
    this.problems = problems;
  }
}

export interface DataProblem {
  /** Dotted path to the field, e.g. `events[2].timeZone`. */
  readonly field: string;
  readonly reason: string;
}

/** Formats a zod issue path the way people read it: `events[2].timeZone`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function problemsOf(error: z.ZodError): DataProblem[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path), reason: issue.message }));
}

/** Validates `value` against `schema`; throws a DataError naming `source` when it does not fit. */
export function parseData<S extends z.ZodType>(
  source: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new DataError(source, problemsOf(result.error));
  return result.data;
}

/** Parses JSON text then validates it; a JSON syntax error is reported with the file name too. */
export function parseJsonData<S extends z.ZodType>(
  source: string,
  schema: S,
  text: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(source, [
      { field: '', reason: `not valid JSON (${(error as Error).message})` },
    ]);
  }
  return parseData(source, schema, value);
}
