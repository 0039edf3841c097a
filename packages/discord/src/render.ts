import {
  type ActionId,
  type Block,
  type Button,
  citationTitle,
  ELLIPSIS,
  encodeAction,
  fitInline,
  fitText,
  formOpenAction,
  type Inline,
  PLATFORM_LIMITS,
  partsOf,
  type Reply,
} from '@ascn/core';
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { escapeText, renderPart, safeUrl, splitUrls } from './markdown.js';

const L = PLATFORM_LIMITS.discord;

export const COLORS = { normal: 0x2b6cb0, error: 0xc53030 } as const;

/** A message body as Discord's REST takes it (channel messages and interaction answers). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: []; users?: string[]; replied_user?: boolean };
  flags?: number;
}

export interface RenderOptions {
  /** Posted for everyone to see: a "Share to channel" button would be pointless there. */
  publicPost?: boolean;
  /** Ping this person (the only mention a message of ours makes), with a line of text. */
  mention?: { userId: string; text: string };
  /** Appended to the last embed's footer: how a re-sent delivery finds its first copy. */
  marker?: string;
}

/** What a line measures once rendered; the core's fitters cut in the raw text. */
const escapedLength = (s: string) => escapeText(s).length;

/** A line of the core's reply as Discord markdown, at most `max` characters, cut cleanly. */
export function renderLine(line: Inline, max: number): string {
  return fitInline(splitUrls(partsOf(line)), max, renderPart);
}

/** Plain text (a title, a field name, a label) escaped and cut at a word to `max`. */
function renderPlain(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  const cut = fitText(text, max, escapedLength);
  return cut.endsWith(ELLIPSIS) ? `${escapeText(cut.slice(0, -1))}${ELLIPSIS}` : escapeText(cut);
}

/** Plain text cut to `max` without escaping (button labels, modal labels: no markdown there). */
const cutPlain = (text: string, max: number) => fitText(text, max);

function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

type Line = Inline | { plain: string };
interface Wrap {
  before: string;
  after: string;
}

/**
 * Packs a reply into embeds within Discord's limits: a description of at most 4,096
 * characters per embed, 25 fields of 1,024, 10 embeds and 6,000 characters for all of them.
 * Whatever does not fit is cut at a word (never inside a link, a mention or a timestamp)
 * and ends with "…". `reserve` is kept free for the footer.
 */
function embedPacker(color: number, reserve: number) {
  const embeds: APIEmbed[] = [];
  let used = 0;
  let full = false;
  const room = () => L.embedTotal - reserve - used;

  const fresh = (): APIEmbed | undefined => {
    if (embeds.length >= L.embedsPerMessage) return undefined;
    const e: APIEmbed = { color };
    embeds.push(e);
    return e;
  };
  // Text after fields would show above them: it starts the next embed.
  const current = (forText: boolean): APIEmbed | undefined => {
    const last = embeds.at(-1);
    return !last || (forText && last.fields?.length) ? fresh() : last;
  };

  /** No more room: the last text shows that something was left out. */
  const stop = () => {
    if (full) return;
    full = true;
    const last = embeds.at(-1);
    if (!last || room() < 2) return;
    if (last.fields?.length) {
      const f = last.fields.at(-1)!;
      if (f.value.length < L.embedFieldValue) f.value += ELLIPSIS;
    } else if ((last.description?.length ?? 0) < L.embedDescription - 1) {
      last.description = `${last.description ?? ''}\n${ELLIPSIS}`;
    }
    used += 2;
  };

  const line = (text: Line, wrap: Wrap, separator: string) => {
    if (full) return;
    let e = current(true);
    if (!e) {
      stop();
      return;
    }
    const extra = wrap.before.length + wrap.after.length;
    const render = (max: number) =>
      typeof text === 'object' && 'plain' in text
        ? renderPlain(text.plain, max)
        : renderLine(text, max);
    const sep = () => (e!.description ? separator : '');
    const fits = () => Math.min(L.embedDescription - (e!.description?.length ?? 0), room());
    let space = fits() - sep().length - extra;
    const whole = render(Number.MAX_SAFE_INTEGER);
    // A line that does not fit where it would go, but would fit an embed of its own, starts one.
    if (whole.length > space && e.description && whole.length + extra <= room()) {
      const next = fresh();
      if (next) {
        e = next;
        space = fits() - extra;
      }
    }
    const rendered = space < 2 ? '' : whole.length <= space ? whole : render(space);
    if (!rendered) {
      stop();
      return;
    }
    const added = `${sep()}${wrap.before}${rendered}${wrap.after}`;
    e.description = `${e.description ?? ''}${added}`;
    used += added.length;
    if (rendered !== whole && room() < 2) full = true;
  };

  return {
    embeds,
    title(text: string) {
      const e = current(true);
      if (!e || full) return;
      e.title = renderPlain(text, Math.min(L.embedTitle, room()));
      used += e.title.length;
    },
    /**
     * A paragraph: lines kept together, apart from the previous paragraph by a blank line.
     * `wrap` goes around each line once it is cut (italics for notes, bold for headings).
     */
    paragraph(lines: Line[], wrap: Wrap = { before: '', after: '' }) {
      lines.forEach((text, i) => {
        line(text, wrap, i === 0 ? '\n\n' : '\n');
      });
    },
    field(label: string, value: Inline) {
      if (full) return;
      let e = current(false);
      if (e && (e.fields?.length ?? 0) >= L.embedFields) e = fresh();
      const name = renderPlain(label || '–', Math.min(L.embedFieldName, room() - 2));
      const space = Math.min(L.embedFieldValue, room() - name.length);
      if (!e || space < 2 || !name) {
        stop();
        return;
      }
      const rendered = renderLine(value, space) || '–';
      const field: APIEmbedField = { name, value: rendered, inline: rendered.length <= 40 };
      e.fields = [...(e.fields ?? []), field];
      used += name.length + rendered.length;
    },
    footer(text: string) {
      if (!text) return;
      const e = embeds.at(-1) ?? fresh();
      if (e) e.footer = { text };
    },
  };
}

function buttonStyle(b: Button): ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary {
  if (b.style === 'primary') return ButtonStyle.Primary;
  if (b.style === 'danger') return ButtonStyle.Danger;
  return ButtonStyle.Secondary;
}

/** Buttons in rows of five, at most five rows; ids are unique within a message, as Discord requires. */
function buttonRows(buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent>[] {
  const seen = new Set<string>();
  const unique = buttons.filter((b) => {
    const id = 'custom_id' in b ? b.custom_id : 'url' in b ? `url:${b.url}` : '';
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < unique.length && rows.length < L.actionRows; i += L.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: unique.slice(i, i + L.buttonsPerRow) });
  return rows;
}

function actionButton(action: ActionId, label: string, style?: Button['style']) {
  const button: APIButtonComponent = {
    type: ComponentType.Button,
    style: buttonStyle({ action, label, ...(style ? { style } : {}) }),
    custom_id: encodeAction(action),
    label: cutPlain(label, L.buttonLabel),
  };
  return button;
}

/**
 * The core's reply as a Discord message: embeds (a title from the first heading, the text
 * as the description, fields as fields, the citation as the footer with a link button to the
 * cited section), buttons in action rows, and no mention that pings anyone unless asked for.
 */
export function renderMessage(reply: Reply, options: RenderOptions = {}): DiscordMessage {
  const buttons: APIButtonComponent[] = [];
  const citations = reply.blocks.filter(
    (b): b is Extract<Block, { kind: 'citation' }> => b.kind === 'citation',
  );
  const sources = citations.map((c) => `Source: ${citationTitle(c)}`).join(' · ');
  const ref = options.marker ? `ref ${options.marker}` : '';
  // Footers show no markdown: plain text, cut to leave room for the marker.
  const footer = [sources && fitText(sources, L.embedFooter - ref.length - 3), ref]
    .filter(Boolean)
    .join(' · ');
  const packer = embedPacker(COLORS[reply.tone], footer.length);
  reply.blocks.forEach((block, index) => {
    switch (block.kind) {
      case 'heading':
        if (index === 0) packer.title(block.text);
        else packer.paragraph([{ plain: block.text }], { before: '**', after: '**' });
        break;
      case 'text':
        packer.paragraph([block.text]);
        break;
      case 'note':
        packer.paragraph([block.text], { before: '*', after: '*' });
        break;
      case 'list':
        packer.paragraph(block.items.map((item): Inline => ['• ', ...partsOf(item)]));
        break;
      case 'fields':
        for (const f of block.fields) packer.field(f.label, f.value);
        break;
      case 'citation': {
        const url = safeUrl(block.url);
        if (url)
          buttons.push({
            type: ComponentType.Button,
            style: ButtonStyle.Link,
            url,
            label: cutPlain(`Source: ${block.title}`, L.buttonLabel),
          });
        break;
      }
      case 'buttons':
        for (const b of block.buttons) {
          if (options.publicPost && b.action.kind === 'answer-share') continue;
          buttons.push(actionButton(b.action, b.label, b.style));
        }
        break;
      case 'form': {
        // A message cannot hold a form: it says what is wrong, and a button opens it.
        if (block.formError) packer.paragraph([block.formError]);
        const labels = new Map(
          block.form.groups.flatMap((g) => g.fields).map((f) => [f.name, f.label]),
        );
        for (const [name, error] of Object.entries(block.fieldErrors ?? {}))
          packer.field(labels.get(name) ?? name, error);
        packer.paragraph([`Press “Open” to fill in “${block.form.title}”.`]);
        buttons.push(actionButton(formOpenAction(block), `Open: ${block.form.title}`, 'primary'));
        break;
      }
    }
  });
  packer.footer(footer);
  const embeds = packer.embeds.filter((e) => embedSize(e) > 0);
  const message: DiscordMessage = {
    embeds,
    components: buttonRows(buttons),
    allowed_mentions: options.mention
      ? { parse: [], users: [options.mention.userId] }
      : { parse: [] },
  };
  if (options.mention)
    message.content = `<@${options.mention.userId}> ${renderPlain(options.mention.text, L.content - 30)}`;
  if (embeds.length === 0 && !message.content) message.content = ELLIPSIS;
  return message;
}
