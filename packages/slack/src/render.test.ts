import { PLATFORM_LIMITS, type Reply, reply } from '@ascn/core';
import { type ConformanceCase, conformanceReplies } from '@ascn/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderFormModal } from './modal.js';
import { escapeMrkdwn, mrkdwnPart, renderBlocks, renderMessage } from './render.js';
import { realKnowledge } from './test-support.js';
import { blockProblems, viewProblems } from './testing/index.js';

const S = PLATFORM_LIMITS.slack;

/** Every `<` opens a whole link or date token; every `&` is an entity; no stray `>`. */
function mrkdwnProblems(text: string): string[] {
  const problems: string[] = [];
  const token = /<(?:https?:\/\/[^|<>\s]+\|[^<>]*|!date\^\d+\^[^|<>]+\|[^<>]*)>/g;
  const rest = text.replace(token, '');
  if (/[<>]/.test(rest)) problems.push(`a raw < or > outside a token: ${rest.slice(0, 80)}`);
  const amp = /&(?!amp;|lt;|gt;)/.exec(text);
  if (amp) problems.push(`a raw & at ${amp.index}`);
  return problems;
}

/** Every mrkdwn text in some blocks. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
}

/** Limits the fake does not check: options, placeholders, initial values. */
function elementProblems(view: { blocks: unknown[] }): string[] {
  const problems: string[] = [];
  type Option = { text: { text: string }; value: string };
  type Element = {
    options?: Option[];
    initial_options?: Option[];
    initial_option?: Option;
    placeholder?: { text: string };
    initial_value?: string;
    max_length?: number;
  };
  for (const block of view.blocks as Array<{
    block_id?: string;
    label?: { text: string };
    element?: Element;
  }>) {
    const el = block.element;
    if (!el || !block.label) continue;
    if ((el.options?.length ?? 0) > S.staticSelectOptions)
      problems.push(`${block.block_id}: options`);
    const options = [...(el.options ?? []), ...(el.initial_options ?? [])];
    if (el.initial_option) options.push(el.initial_option);
    for (const o of options) {
      if (o.text.text.length > S.optionText) problems.push(`${block.block_id}: option text`);
      if (o.value.length > S.optionValue) problems.push(`${block.block_id}: option value`);
    }
    if ((el.placeholder?.text.length ?? 0) > S.placeholder)
      problems.push(`${block.block_id}: placeholder`);
    if (el.initial_value && el.max_length && Array.from(el.initial_value).length > el.max_length)
      problems.push(`${block.block_id}: initial value longer than max_length`);
    if (block.label.text.length > S.inputLabel) problems.push(`${block.block_id}: label`);
  }
  return problems;
}

describe('rendering a reply as Block Kit', () => {
  it('escapes what people typed, so it never becomes a mention, a link or a broadcast', () => {
    const out = renderMessage(
      reply([{ kind: 'text', text: 'Tom & Jerry <!channel> <@U123> <https://evil.example|bank>' }]),
    );
    expect(out.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Tom &amp; Jerry &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|bank&gt;',
        },
      },
    ]);
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('links only http(s) URLs as <url|text>, with | and > in the URL encoded', () => {
    expect(
      mrkdwnPart({ kind: 'link', url: 'https://x.org/a?b=1&c=2|3', text: 'A & B' }, 'UTC'),
    ).toBe('<https://x.org/a?b=1&amp;c=2%7C3|A &amp; B>');
    expect(mrkdwnPart({ kind: 'link', url: 'javascript:alert(1)', text: 'click' }, 'UTC')).toBe(
      'click',
    );
  });

  it('shows instants with <!date> so each reader sees their own time, with a fallback in the reader’s zone', () => {
    const at = '2027-06-17T03:00:00.000Z';
    expect(mrkdwnPart({ kind: 'time', at, style: 'datetime' }, 'Asia/Yangon')).toBe(
      `<!date^${Date.parse(at) / 1000}^{date_short_pretty} {time}|Thu 17 Jun 2027, 09:30 (UTC+6:30)>`,
    );
    expect(mrkdwnPart({ kind: 'time', at, style: 'date' }, 'Asia/Makassar')).toMatch(
      /^<!date\^\d+\^\{date_short_pretty\}\|Thu 17 Jun 2027.*>$/,
    );
  });

  it('renders a frozen block shared by many replies the same each time, per reader’s zone, warning included', () => {
    const at = '2027-06-17T03:00:00.000Z';
    // The core freezes blocks that many replies share (an answer asked again).
    const shared = Object.freeze({
      kind: 'text' as const,
      text: Object.freeze([
        'Meeting <b> & more at ',
        { kind: 'time' as const, at, style: 'datetime' as const },
      ]),
    });
    const yangon = renderMessage(reply([shared], { zone: 'Asia/Yangon' }));
    const again = renderMessage(reply([shared], { zone: 'Asia/Yangon' }));
    const makassar = renderMessage(reply([shared], { zone: 'Asia/Makassar' }));
    expect(again).toEqual(yangon);
    expect(JSON.stringify(yangon)).toContain('09:30 (UTC+6:30)');
    expect(JSON.stringify(makassar)).toContain('11:00 (UTC+8)');
    expect(yangon.text).toContain('09:30');
    expect(makassar.text).toContain('11:00');
    expect(yangon.text).toContain('&lt;b&gt; &amp; more');
    // An error reply's warning sign goes on its first text, shared or not, and stays its own.
    const error = renderBlocks(reply([shared], { tone: 'error', zone: 'Asia/Yangon' }));
    expect(JSON.stringify(error)).toContain(':warning: Meeting');
    expect(JSON.stringify(renderBlocks(reply([shared], { zone: 'Asia/Yangon' })))).not.toContain(
      ':warning:',
    );
  });

  it('cuts a long line between words and keeps a link or date whole, or leaves it out', () => {
    const line = [
      'word '.repeat(590),
      { kind: 'link' as const, url: 'https://example.org/long/path', text: 'the page' },
      ' and more words after it',
    ];
    const [block] = renderBlocks(reply([{ kind: 'text', text: line }])) as Array<{
      text: { text: string };
    }>;
    const text = block!.text.text;
    expect(text.length).toBeLessThanOrEqual(S.sectionText);
    expect(mrkdwnProblems(text)).toEqual([]);
    expect(text.endsWith('…')).toBe(true);
    // Room for the whole link: it is kept whole.
    expect(text).toContain('<https://example.org/long/path|the page>');
  });

  it('gives citations a context block linking to the page, and buttons the encoded action', () => {
    const out = renderBlocks({
      blocks: [
        {
          kind: 'citation',
          title: 'Framework',
          heading: 'Focus areas',
          path: 'framework.md',
          anchor: 'focus-areas',
          url: 'https://ascn.example.org/docs/framework.md#focus-areas',
        },
        {
          kind: 'buttons',
          buttons: [
            { action: { kind: 'feedback', questionId: 7, vote: 'up' }, label: '👍 Helpful' },
            { action: { kind: 'share-open' }, label: 'Share', style: 'primary' },
          ],
        },
      ],
      visibility: 'private',
      tone: 'normal',
    });
    expect(out).toEqual([
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Source: <https://ascn.example.org/docs/framework.md#focus-areas|Framework › Focus areas>',
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: '👍 Helpful', emoji: true },
            action_id: 'ascn:fb:7:u',
            value: 'ascn:fb:7:u',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Share', emoji: true },
            action_id: 'ascn:sh',
            value: 'ascn:sh',
            style: 'primary',
          },
        ],
      },
    ]);
  });
});

describe('every reply the core makes, rendered for Slack', () => {
  let cases: ConformanceCase[] = [];
  beforeAll(async () => {
    cases = await conformanceReplies({ knowledge: await realKnowledge() });
  }, 120_000);

  it('has cases to check', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it('keeps every message within Slack’s Block Kit limits, with whole tokens', () => {
    for (const { name, reply } of cases) {
      const message = renderMessage(reply);
      expect(blockProblems(message.blocks, 'message'), name).toEqual([]);
      expect(message.text.length, name).toBeLessThanOrEqual(S.messageText);
      expect(message.blocks.length, name).toBeGreaterThan(0);
      for (const text of mrkdwnTexts(message.blocks))
        expect(mrkdwnProblems(text), `${name}: ${text.slice(0, 60)}`).toEqual([]);
    }
  });

  it('renders every form as one modal within the limits, every group in it', () => {
    const forms = cases.filter((c) => c.reply.blocks.some((b) => b.kind === 'form'));
    expect(forms.length).toBeGreaterThanOrEqual(3);
    for (const { name, reply } of forms) {
      const view = renderFormModal(reply);
      expect(viewProblems(view), name).toEqual([]);
      expect(elementProblems(view), name).toEqual([]);
      const form = reply.blocks.find((b) => b.kind === 'form')!;
      if (form.kind !== 'form') continue;
      const inputs = view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
      expect(inputs, name).toEqual(form.form.groups.flatMap((g) => g.fields.map((f) => f.name)));
      for (const text of mrkdwnTexts(view.blocks)) expect(mrkdwnProblems(text), name).toEqual([]);
    }
  });

  it('renders App Home within a view’s limits', () => {
    const home = cases.find((c) => c.name === 'home')!;
    const view = { type: 'home', blocks: renderBlocks(home.reply, { surface: 'view' }) };
    expect(viewProblems(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('"value":"ascn:so:1"');
  });

  it('shows a form in a message as a button that opens it', () => {
    const share = cases.find((c) => c.name === 'share form')!;
    const message = renderMessage(share.reply);
    expect(JSON.stringify(message.blocks)).toContain('"value":"ascn:sh"');
  });

  it('keeps a form’s typed values and errors when it comes back', () => {
    const invalid = cases.find((c) => c.name === 'form returned with errors')!;
    const view = renderFormModal(invalid.reply as Reply);
    const title = view.blocks.find((b) => b.block_id === 'title') as {
      element: { initial_value?: string };
    };
    expect(title.element.initial_value?.length).toBeGreaterThan(100);
    expect(JSON.stringify(view.blocks)).toContain(':warning:');
  });
});
