/** One JSON line per event on stderr. Never pass tokens, message text or personal data here. */
export type Log = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

const ORDER = { debug: 0, info: 1, warn: 2, error: 3 } as const;

export function createLog(minLevel: keyof typeof ORDER): Log {
  return (level, message, fields = {}) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level, message, ...fields })}\n`,
    );
  };
}

/** The error's kind and message, never its stack or the data it was handling, for logs. */
export function describeError(error: unknown): Record<string, string> {
  if (error instanceof Error) return { error: error.name, detail: error.message.slice(0, 300) };
  return { error: String(error).slice(0, 300) };
}
