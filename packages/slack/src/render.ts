import {
  type Block,
  type Button,
  citationTitle,
  ELLIPSIS,
  encodeAction,
  fitInline,
  fitText,
  formatTime,
  formOpenAction,
  type Inline,
  type InlinePart,
  inlineToText,
  PLATFORM_LIMITS,
  type Reply,
} from '@ascn/core';
import { deepFreeze } from '@ascn/domain';
import type { ActionsBlock, KnownBlock, SectionBlock, Button as SlackButton } from '@slack/types';

/**
 * The core's neutral replies as Block Kit. Text is plain in the core: here it becomes mrkdwn
 * with `&`, `<` and `>` escaped, so what people typed never becomes a mention, a link or a
 * broadcast. Links are `<url|text>` (http and https only), instants `<!date^…>` so each
 * reader sees their own time (with a fallback in the reader's zone), and every text is cut
 * to Slack's limits without cutting a link, a date or an entity in half.
 */

const S = PLATFORM_LIMITS.slack;

/** Where blocks are shown: a message (50 blocks), or a modal or App Home view (100). */
export type Surface = 'message' | 'view';

export interface RenderOptions {
  /** The reader's zone, for the fallback text of dates (Slack shows `<!date>` in each reader's own). */
  zone?: string;
  surface?: Surface;
}

/** A message as `chat.postMessage`, a response_url or an ack takes it. */
export interface SlackMessage {
  /** The notification and accessibility text (plain, escaped). */
  text: string;
  blocks: KnownBlock[];
}

/** `&`, `<` and `>` as Slack's mrkdwn needs them; nothing else is special inside them. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An http(s) URL as it may stand inside `<…|…>`, or undefined for any other scheme. */
export function linkTarget(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href
    .replace(/&/g, '&amp;')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\|/g, '%7C');
}

const DATE_TOKENS = {
  date: '{date_short_pretty}',
  datetime: '{date_short_pretty} {time}',
  time: '{time}',
  relative: '{ago}',
} as const;

/** One part of a line as mrkdwn: escaped text, a link, or a date token with a fallback. */
export function mrkdwnPart(part: InlinePart, zone: string): string {
  if (typeof part === 'string') return escapeMrkdwn(part);
  if (part.kind === 'link') {
    const target = linkTarget(part.url);
    const label = escapeMrkdwn(part.text || part.url);
    return target ? `<${target}|${label}>` : label;
  }
  const at = Date.parse(part.at);
  const fallback = escapeMrkdwn(formatTime(part.at, part.style, zone)).replace(/\|/g, '/');
  if (Number.isNaN(at)) return fallback;
  return `<!date^${Math.floor(at / 1000)}^${DATE_TOKENS[part.style] ?? DATE_TOKENS.datetime}|${fallback}>`;
}

/** A line as mrkdwn within `max` characters, cut between words, never inside a token. */
export function mrkdwnLine(line: Inline, max: number, zone: string): string {
  return fitInline(line, max, (part) => mrkdwnPart(part, zone));
}

/** Plain text (header, button, option, title) within `max` characters. */
export function plain(
  text: string,
  max: number,
): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: fitText(text, max) || ELLIPSIS, emoji: true };
}

const section = (text: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
});

/** Buttons as actions blocks: the encoded action is the value (and, made unique, the action_id). */
function actionsBlocks(buttons: readonly Button[]): ActionsBlock[] {
  const out: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += S.buttonsPerActions) {
    const seen = new Set<string>();
    const elements = buttons.slice(i, i + S.buttonsPerActions).map((b): SlackButton => {
      const value = encodeAction(b.action);
      let actionId = value;
      for (let n = 2; seen.has(actionId); n++) actionId = `${value}#${n}`;
      seen.add(actionId);
      return {
        type: 'button',
        text: plain(b.label, S.buttonText),
        action_id: actionId,
        value,
        ...(b.style ? { style: b.style } : {}),
      };
    });
    out.push({ type: 'actions', elements });
  }
  return out;
}

/** Lines joined into as few sections as fit (each at most 3,000 characters), one line never split. */
function linesAsSections(lines: string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > S.sectionText) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}

/** The blocks of one core block. Forms become a button here; modals are `renderFormModal`. */
function blockToSlack(block: Block, zone: string, first: { warn: boolean }): KnownBlock[] {
  const warn = () => {
    if (!first.warn) return '';
    first.warn = false;
    return ':warning: ';
  };
  switch (block.kind) {
    case 'heading':
      return block.text.trim() ? [{ type: 'header', text: plain(block.text, S.headerText) }] : [];
    case 'text': {
      const prefix = warn();
      const text = mrkdwnLine(block.text, S.sectionText - prefix.length, zone);
      return text.trim() ? [section(prefix + text)] : [];
    }
    case 'note': {
      const text = mrkdwnLine(block.text, S.sectionText, zone);
      return text.trim()
        ? [
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: warn() ? `:warning: ${text}` : text }],
            },
          ]
        : [];
    }
    case 'list':
      return linesAsSections(
        block.items.map((item) => `• ${mrkdwnLine(item, S.sectionText - 2, zone)}`),
      );
    case 'fields': {
      const fields = block.fields.map((f) => {
        const label = `*${escapeMrkdwn(fitText(f.label, 200))}*\n`;
        return {
          type: 'mrkdwn' as const,
          text: label + mrkdwnLine(f.value, S.fieldText - label.length, zone),
        };
      });
      const out: SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += S.fieldsPerSection)
        out.push({ type: 'section', fields: fields.slice(i, i + S.fieldsPerSection) });
      return out;
    }
    case 'citation': {
      const line: InlinePart[] = [
        'Source: ',
        { kind: 'link', url: block.url, text: citationTitle(block) },
      ];
      return [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: mrkdwnLine(line, S.sectionText, zone) }],
        },
      ];
    }
    case 'buttons':
      return actionsBlocks(block.buttons);
    case 'form': {
      const lines: KnownBlock[] = [];
      if (block.formError)
        lines.push(
          section(
            `${warn() || ':warning: '}${mrkdwnLine(block.formError, S.sectionText - 11, zone)}`,
          ),
        );
      lines.push(section(`*${escapeMrkdwn(block.form.title)}*: the form opens in a window.`));
      lines.push(
        ...actionsBlocks([
          { action: formOpenAction(block), label: 'Open the form', style: 'primary' },
        ]),
      );
      return lines;
    }
  }
}

/** Blocks within a surface's count: what does not fit is left out, and the last block says so. */
function withinCount(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  return [
    ...blocks.slice(0, max - 1),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${ELLIPSIS} shortened: ${blocks.length - max + 1} more parts left out.`,
        },
      ],
    },
  ];
}

/**
 * Work kept per frozen core block and zone. The core freezes blocks that many replies share (an
 * answer's text and source, the same for everyone who asks that question), so a question asked
 * again is not rendered again. Keyed weakly: a block no reply holds any more takes its entry.
 */
function keptPerFrozenBlock<T>(make: (block: Block, zone: string) => T) {
  const kept = new WeakMap<Block, Map<string, T>>();
  return (block: Block, zone: string): T => {
    if (!Object.isFrozen(block)) return make(block, zone);
    let byZone = kept.get(block);
    if (!byZone) {
      byZone = new Map();
      kept.set(block, byZone);
    }
    let value = byZone.get(zone);
    if (value === undefined) {
      // Frozen, as every reply that holds the block shares it.
      value = deepFreeze(make(block, zone));
      byZone.set(zone, value);
    }
    return value;
  };
}

/** A block's Block Kit when no warning sign is pending (that one goes to the first text only). */
const renderedBlock = keptPerFrozenBlock((block, zone) =>
  blockToSlack(block, zone, { warn: false }),
);

/** The reply's blocks as Block Kit for a message, a modal or App Home. */
export function renderBlocks(reply: Reply, options: RenderOptions = {}): KnownBlock[] {
  const zone = options.zone ?? reply.zone ?? 'UTC';
  const first = { warn: reply.tone === 'error' };
  const blocks = reply.blocks.flatMap((b) =>
    first.warn ? blockToSlack(b, zone, first) : renderedBlock(b, zone),
  );
  return withinCount(blocks, options.surface === 'view' ? S.blocksPerModal : S.blocksPerMessage);
}

/** A block's notification line, or '' when it has no plain words. */
const notificationLine = keptPerFrozenBlock((b, zone) => {
  const line =
    b.kind === 'heading'
      ? b.text
      : b.kind === 'text' || b.kind === 'note'
        ? inlineToText(b.text, zone)
        : b.kind === 'form'
          ? b.form.title
          : undefined;
  return line?.trim() ? escapeMrkdwn(fitText(line.trim(), 300)) : '';
});

/** The plain words of a reply, for the notification text (`text`) that goes with the blocks. */
export function notificationText(reply: Reply, zone = reply.zone ?? 'UTC'): string {
  for (const b of reply.blocks) {
    const line = notificationLine(b, zone);
    if (line) return line;
  }
  return 'ASCN Assistant';
}

/** A reply as a Slack message: blocks and the notification text. */
export function renderMessage(reply: Reply, options: RenderOptions = {}): SlackMessage {
  return {
    text: notificationText(reply, options.zone),
    blocks: renderBlocks(reply, { ...options, surface: 'message' }),
  };
}
