import { formatInZone } from '@ascn/domain';
import type { ActionId } from './actions.js';
import type { FormSpec, FormValues } from './forms.js';

/**
 * The neutral reply every platform renders. Text is plain: each renderer escapes it for its
 * own markup, so what people typed never becomes a mention, a link or broken markup. Instants
 * travel as instants and each platform shows them in the reader's zone (Slack `<!date^…>`,
 * Discord `<t:…>`, the web page in the browser's zone).
 */

export type TimeStyle = 'date' | 'datetime' | 'time' | 'relative';

/** A piece of a line: plain text, an instant shown in the reader's zone, or a link. */
export type InlinePart =
  | string
  | { kind: 'time'; at: string; style: TimeStyle }
  | { kind: 'link'; url: string; text: string };

/** A line: plain text, or parts of it. */
export type Inline = string | readonly InlinePart[];

/** A button; `action` is encoded for the platform by `encodeAction` (at most 100 characters). */
export interface Button {
  action: ActionId;
  label: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: Inline }
  | { kind: 'fields'; fields: Array<{ label: string; value: Inline }> }
  | { kind: 'list'; items: Inline[] }
  | {
      kind: 'citation';
      title: string;
      heading: string;
      path: string;
      anchor: string;
      /** Absolute link to the cited section (`PUBLIC_URL` + `/docs/…#anchor`). */
      url: string;
    }
  | { kind: 'buttons'; buttons: Button[] }
  /**
   * A form to open (a modal on Slack and Discord, an HTML form on the web page), with the
   * values typed so far and, after a failed submission, the errors per field and for the form.
   */
  | {
      kind: 'form';
      form: FormSpec;
      values?: FormValues;
      fieldErrors?: Record<string, string>;
      formError?: string;
      /** The draft the values are kept in (reopening after an error, the next step). */
      draftId?: string;
      /** Show only this group (a platform that shows one step at a time). */
      group?: number;
    }
  | { kind: 'note'; text: Inline };

export interface Reply {
  blocks: Block[];
  /**
   * `private`: only the person who asked sees it (Slack and Discord ephemeral); `public`:
   * posted in the conversation for everyone. Proactive messages (reminders, prompts,
   * announcements) are deliveries, not replies, and carry no visibility.
   */
  visibility: 'private' | 'public';
  tone: 'normal' | 'error';
  /** Replaces the message whose button was pressed, instead of adding one. */
  replaceOriginal?: boolean;
  /** The reader's zone, for renderers that cannot localise instants themselves (text, e-mail). */
  zone?: string;
}

export function reply(blocks: Block[], opts: Partial<Omit<Reply, 'blocks'>> = {}): Reply {
  return {
    blocks,
    visibility: opts.visibility ?? 'private',
    tone: opts.tone ?? 'normal',
    ...(opts.replaceOriginal ? { replaceOriginal: true } : {}),
    ...(opts.zone ? { zone: opts.zone } : {}),
  };
}

export const text = (t: Inline): Block => ({ kind: 'text', text: t });
export const heading = (t: string): Block => ({ kind: 'heading', text: t });
export const note = (t: Inline): Block => ({ kind: 'note', text: t });
export const time = (at: Date, style: TimeStyle = 'datetime'): InlinePart => ({
  kind: 'time',
  at: at.toISOString(),
  style,
});
export const link = (url: string, label: string): InlinePart => ({
  kind: 'link',
  url,
  text: label,
});

/** A reply that says what went wrong in plain words (never a stack trace). */
export function problem(message: string, hint?: string): Reply {
  return reply(hint ? [text(message), note(hint)] : [text(message)], { tone: 'error' });
}

/** What a citation names: its page, and the section when that is not the page itself. */
export function citationTitle(c: Extract<Block, { kind: 'citation' }>): string {
  return c.heading && c.heading !== c.title ? `${c.title} › ${c.heading}` : c.title;
}

/**
 * The button action that opens a form block's form: the draft at its step when there is one,
 * else the form afresh. Platforms that cannot show a form in a message show this button.
 */
export function formOpenAction(block: Extract<Block, { kind: 'form' }>): ActionId {
  if (block.draftId) return { kind: 'form-open', draftId: block.draftId, group: block.group ?? 0 };
  if (block.form.id === 'status-update')
    return { kind: 'status-open', roundId: Number(block.form.context.roundId) };
  return { kind: 'share-open' };
}

/** The parts of a line, whichever form it has. */
export function partsOf(line: Inline): readonly InlinePart[] {
  return typeof line === 'string' ? [line] : line;
}

/** An instant as plain text in `zone` (for renderers without a localised date syntax). */
export function formatTime(at: string, style: TimeStyle, zone: string): string {
  const full = formatInZone(new Date(at), zone);
  if (style === 'date') return full.replace(/, \d\d:\d\d/, '');
  return full;
}

/** A line as plain text: instants in `zone`, links as `text (url)`. */
export function inlineToText(line: Inline, zone = 'UTC'): string {
  return partsOf(line)
    .map((p) =>
      typeof p === 'string'
        ? p
        : p.kind === 'time'
          ? formatTime(p.at, p.style, zone)
          : p.text === p.url
            ? p.url
            : `${p.text} (${p.url})`,
    )
    .join('');
}

/** A plain-text rendering: for the CLI chat, logs and tests. */
export function replyToText(r: Reply, zone = r.zone ?? 'UTC'): string {
  const line = (l: Inline) => inlineToText(l, zone);
  const out: string[] = [];
  for (const b of r.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(b.text.toUpperCase());
        break;
      case 'text':
      case 'note':
        out.push(line(b.text));
        break;
      case 'fields':
        out.push(b.fields.map((f) => `${f.label}: ${line(f.value)}`).join('\n'));
        break;
      case 'list':
        out.push(b.items.map((i) => `• ${line(i)}`).join('\n'));
        break;
      case 'citation':
        out.push(`Source: ${citationTitle(b)} (docs/${b.path}${b.anchor ? `#${b.anchor}` : ''})`);
        break;
      case 'buttons':
        out.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
        break;
      case 'form':
        out.push(
          [
            `[form: ${b.form.title}]`,
            ...(b.formError ? [b.formError] : []),
            ...Object.entries(b.fieldErrors ?? {}).map(([k, v]) => `${k}: ${v}`),
          ].join('\n'),
        );
        break;
    }
  }
  return out.join('\n\n');
}
