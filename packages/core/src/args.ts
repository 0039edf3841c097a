import { BadInput } from './actor.js';

/** Splits `key=value "quoted words"` text into named and positional arguments. */
export function parseArgs(text: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const re = /(\w[\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) named[m[1].toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    else positional.push(m[5] ?? m[6] ?? '');
  }
  return { named, positional };
}

export function requireArg(named: Record<string, string>, key: string, example: string): string {
  const v = named[key];
  if (!v) throw new BadInput(`Missing ${key}=…`, `For example: ${example}`);
  return v;
}
