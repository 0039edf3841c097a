import type { FormSpec, FormValues } from './forms.js';

/** A button: adapters send `action` and `value` back to `Assistant.action`. */
export interface Button {
  action: string;
  label: string;
  value?: string;
  style?: 'primary' | 'danger';
}

/** Platform-neutral building blocks; each adapter renders them within its own limits. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: Array<{ label: string; value: string }> }
  | { kind: 'list'; items: string[] }
  | { kind: 'citation'; title: string; heading: string; path: string; anchor: string }
  | { kind: 'buttons'; buttons: Button[] }
  | { kind: 'form'; form: FormSpec; values?: FormValues }
  | { kind: 'note'; text: string };

export interface Reply {
  blocks: Block[];
  /** `private`: only the person who asked sees it (Slack ephemeral, Discord ephemeral). */
  visibility: 'private' | 'public';
  tone: 'normal' | 'error';
}

export function reply(blocks: Block[], opts: Partial<Omit<Reply, 'blocks'>> = {}): Reply {
  return { blocks, visibility: opts.visibility ?? 'private', tone: opts.tone ?? 'normal' };
}

export const text = (t: string): Block => ({ kind: 'text', text: t });
export const heading = (t: string): Block => ({ kind: 'heading', text: t });
export const note = (t: string): Block => ({ kind: 'note', text: t });

/** A reply that says what went wrong in plain words (never a stack trace). */
export function problem(message: string, hint?: string): Reply {
  return reply(hint ? [text(message), note(hint)] : [text(message)], { tone: 'error' });
}

/** A plain-text rendering: for the CLI chat, logs and tests. */
export function replyToText(r: Reply): string {
  const out: string[] = [];
  for (const b of r.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(b.text.toUpperCase());
        break;
      case 'text':
      case 'note':
        out.push(b.text);
        break;
      case 'fields':
        out.push(b.fields.map((f) => `${f.label}: ${f.value}`).join('\n'));
        break;
      case 'list':
        out.push(b.items.map((i) => `• ${i}`).join('\n'));
        break;
      case 'citation':
        out.push(
          `Source: ${b.heading && b.heading !== b.title ? `${b.title} › ${b.heading}` : b.title} (docs/${b.path}${b.anchor ? `#${b.anchor}` : ''})`,
        );
        break;
      case 'buttons':
        out.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
        break;
      case 'form':
        out.push(`[form: ${b.form.title}]`);
        break;
    }
  }
  return out.join('\n\n');
}
