/** A value `appendRows` can write: text, a number, a boolean, a time, or NULL. */
export type CopyValue = string | number | boolean | Date | null;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function field(value: CopyValue): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  // PostgreSQL text cannot hold NUL; a caller replaces it first (the error says which).
  if (value.includes('\u0000')) throw new RangeError('text with a NUL character cannot be stored');
  return value.replace(SPECIAL, (c) => ESCAPES[c]!);
}

/** Rows in COPY's text format: tab-separated fields, one row a line, `\N` for NULL. */
export function copyText(rows: ReadonlyArray<readonly CopyValue[]>): string {
  let out = '';
  for (const row of rows) out += `${row.map(field).join('\t')}\n`;
  return out;
}

/** `COPY table (columns) FROM '/dev/blob'`, with names checked (they are code, never input). */
export function copyStatement(table: string, columns: readonly string[]): string {
  for (const name of [table, ...columns])
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL name: ${JSON.stringify(name)}`);
  return `copy ${table} (${columns.join(', ')}) from '/dev/blob'`;
}
