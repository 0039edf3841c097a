import type { InlinePart, TimeStyle } from '@ascn/core';

/**
 * Discord markdown from the core's plain text. What people typed is data: every character
 * Discord's markdown gives a meaning to is escaped with a backslash (Discord renders `\*` as
 * `*`), `<` too so that a typed `<@id>`, `<#id>` or `<t:…>` shows as typed instead of as a
 * mention or a date. Bare links stay unescaped so that Discord still links them.
 */

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>()[\]]+[^\s<>()[\].,;:!?'"]/g;
const BARE_URL = /^https?:\/\/[^\s<>()[\]]+$/;
const SPECIAL = /[\\*_~`|<>[\]()#]/g;
/** Markers that only mean something at the start of a line: lists, quotes, headings, subtext. */
const LINE_START = /^(\s*)([-+]|\d+\.)(?=\s)/gm;

/** Whether {@link escapeText} has anything to do (most text has nothing to escape). */
const NEEDS_ESCAPE = /[\\*_~`|<>[\]()#]|^\s*(?:[-+]|\d+\.)(?=\s)/m;

/** Escapes plain text (no links inside: see {@link splitUrls}). */
export function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(SPECIAL, '\\$&')
    .replace(LINE_START, (_, space: string, marker: string) =>
      marker.endsWith('.') ? `${space}${marker.slice(0, -1)}\\.` : `${space}\\${marker}`,
    );
}

/**
 * The parts of a line with the bare links inside its text made parts of their own, so that
 * truncation keeps a link whole or leaves it out, and escaping never touches one.
 */
export function splitUrls(parts: readonly InlinePart[]): InlinePart[] {
  const out: InlinePart[] = [];
  for (const part of parts) {
    // Most text holds no link: kept as it is, without running the URL pattern over it.
    if (typeof part !== 'string' || !part.includes('http')) {
      out.push(part);
      continue;
    }
    let last = 0;
    for (const m of part.matchAll(URL_IN_TEXT)) {
      if (m.index > last) out.push(part.slice(last, m.index));
      out.push({ kind: 'link', url: m[0], text: m[0] });
      last = m.index + m[0].length;
    }
    if (last < part.length) out.push(part.slice(last));
  }
  return out;
}

const STYLES: Record<TimeStyle, string> = { date: 'D', datetime: 'F', time: 't', relative: 'R' };

/** An instant as a Discord timestamp: each reader sees it in their own zone and language. */
export function timestamp(at: string, style: TimeStyle): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return escapeText(at);
  return `<t:${Math.floor(ms / 1000)}:${STYLES[style]}>`;
}

/** A link target Discord accepts inside `[text](url)`: http(s) only, nothing that ends it early. */
export function safeUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One part of a line as Discord markdown. */
export function renderPart(part: InlinePart): string {
  if (typeof part === 'string') return escapeText(part);
  if (part.kind === 'time') return timestamp(part.at, part.style);
  // A bare link found in text is shown as typed (Discord links it).
  if (part.text === part.url && BARE_URL.test(part.url)) return part.url;
  const url = safeUrl(part.url);
  if (!url) return escapeText(part.text === part.url ? part.url : `${part.text} (${part.url})`);
  if (part.text === part.url) return url;
  return `[${escapeText(part.text)}](${url})`;
}
