/**
 * Rendering against Discord's limits: every reply and message the core makes, at its
 * longest (`conformanceReplies`), rendered and posted to the fake Discord, which refuses
 * what the real one refuses (50035 with the path of the field over a limit).
 */
import { type Block, PLATFORM_LIMITS, type Reply, reply } from '@ascn/core';
import { conformanceReplies } from '@ascn/core/testing';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeText, splitUrls } from './markdown.js';
import { renderModal } from './modal.js';
import { renderMessage } from './render.js';
import { realKnowledge } from './test-bot.js';
import { type FakeDiscord, startFakeDiscord } from './testing/index.js';
import { modalErrors } from './testing/validate.js';

const L = PLATFORM_LIMITS.discord;
let fake: FakeDiscord;
let rest: REST;
let channelId: string;
let cases: Awaited<ReturnType<typeof conformanceReplies>>;

beforeAll(async () => {
  fake = await startFakeDiscord({ bucketLimit: { requests: 1000, windowMs: 1000 } });
  rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
  channelId = fake.guilds[0]!.channels[0]!.id;
  cases = await conformanceReplies({ knowledge: await realKnowledge() });
}, 180_000);
afterAll(() => fake.close());

const TOKEN = /<(t:-?\d+(:[tTdDfFR])?|@[!&]?\d+|#\d+)>/g;

/** Every Discord token (`<t:…>`, `<@…>`) whole, and every masked link closed. */
function checkMarkup(text: string) {
  const withoutTokens = text.replace(TOKEN, '');
  // An unescaped "<" left over would be a token cut in half.
  expect(withoutTokens.replace(/\\</g, '')).not.toMatch(/<(t:|@|#)/);
  for (const m of text.matchAll(/\]\(/g)) {
    const rest = text.slice(m.index + 2);
    expect(rest).toMatch(/^https?:\/\/[^\s()<>]+\)/);
  }
}

const textsOf = (m: ReturnType<typeof renderMessage>) => [
  m.content ?? '',
  ...m.embeds.flatMap((e) => [
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
  ]),
];

describe('every conformance reply fits Discord', () => {
  test('there are cases of every kind', () => {
    expect(cases.length).toBeGreaterThan(25);
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['answer', 'report', 'gaps', 'share form', 'status form']),
    );
  });

  test('each renders within the limits and Discord accepts it', async () => {
    for (const { name, reply: r } of cases) {
      const message = renderMessage(r, { marker: 'AbCdEf012345' });
      const total = message.embeds.reduce(
        (n, e) =>
          n +
          (e.title?.length ?? 0) +
          (e.description?.length ?? 0) +
          (e.footer?.text.length ?? 0) +
          (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0),
        0,
      );
      expect(total, name).toBeLessThanOrEqual(L.embedTotal);
      expect(message.embeds.length, name).toBeLessThanOrEqual(L.embedsPerMessage);
      expect(message.components.length, name).toBeLessThanOrEqual(L.actionRows);
      for (const text of textsOf(message)) checkMarkup(text);
      // The marker survives any truncation: it is how a re-send finds the first copy.
      expect(message.embeds.at(-1)?.footer?.text, name).toMatch(/ref AbCdEf012345$/);
      const posted = await rest.post(Routes.channelMessages(channelId), { body: message });
      expect(posted, name).toHaveProperty('id');
    }
  });

  test('the longest ones are cut with an ellipsis, never inside a link or a date', () => {
    const cut = cases.filter((c) =>
      textsOf(renderMessage(c.reply)).some((t) => t.endsWith('…') || t.endsWith('…*')),
    );
    // Each over 6,000 characters: the practice as announced (three texts of 3,000) and a
    // first-version message of 5,000.
    expect(cut.map((c) => c.name)).toEqual([
      'delivery announcement:channel:practice',
      'delivery legacy',
    ]);
  });

  test('each form step fits a modal Discord accepts', () => {
    const forms = cases.flatMap((c) =>
      c.reply.blocks.filter((b): b is Extract<Block, { kind: 'form' }> => b.kind === 'form'),
    );
    expect(forms.length).toBeGreaterThanOrEqual(3);
    for (const block of forms)
      for (let group = 0; group < block.form.groups.length; group++) {
        const modal = renderModal({ ...block, group });
        const errors = modalErrors(modal as never);
        expect(errors.count, `${block.form.id} step ${group}: ${JSON.stringify(errors)}`).toBe(0);
        expect(modal.components.length).toBeLessThanOrEqual(L.modalInputs);
      }
  });
});

describe('rendering', () => {
  const at = '2027-06-10T02:30:00.000Z';
  const unix = Date.parse(at) / 1000;

  test('instants become Discord timestamps, so each reader sees their own zone', () => {
    const message = renderMessage(
      reply([
        {
          kind: 'text',
          text: [
            'Starts ',
            { kind: 'time', at, style: 'datetime' },
            ', ',
            { kind: 'time', at, style: 'relative' },
            ' on ',
            { kind: 'time', at, style: 'date' },
          ],
        },
      ]),
    );
    expect(message.embeds[0]!.description).toBe(
      `Starts <t:${unix}:F>, <t:${unix}:R> on <t:${unix}:D>`,
    );
  });

  test('what people typed stays text: markdown, mentions and dates are escaped, nothing pings', () => {
    const typed =
      '**bold** <@123456789012345678> @everyone <t:0:R> [x](https://evil.example) # title';
    const message = renderMessage(reply([{ kind: 'text', text: typed }], { visibility: 'public' }));
    const description = message.embeds[0]!.description!;
    expect(description).toBe(
      '\\*\\*bold\\*\\* \\<@123456789012345678\\> @everyone \\<t:0:R\\> \\[x\\]\\(https://evil.example\\) \\# title',
    );
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  test('a bare link in text stays a link, unescaped and whole', () => {
    const parts = splitUrls(['see https://example.org/a_b?c=d&e=f, then']);
    expect(parts).toEqual([
      'see ',
      {
        kind: 'link',
        url: 'https://example.org/a_b?c=d&e=f',
        text: 'https://example.org/a_b?c=d&e=f',
      },
      ', then',
    ]);
    expect(escapeText('- item\n1. first\n> quote')).toBe('\\- item\n1\\. first\n\\> quote');
  });

  test('the quick checks skip only text with nothing to escape and no link', () => {
    // What escaping was before its quick check: every special character, then line markers.
    const full = (t: string) =>
      t
        .replace(/[\\*_~`|<>[\]()#]/g, '\\$&')
        .replace(/^(\s*)([-+]|\d+\.)(?=\s)/gm, (_, space: string, marker: string) =>
          marker.endsWith('.') ? `${space}${marker.slice(0, -1)}\\.` : `${space}\\${marker}`,
        );
    const samples = [
      'What I can do',
      'help: What I can do, e.g. "what are the six focus areas?"',
      'plain\n  - item',
      '+ added',
      '12. twelfth\nand more',
      'a - b + c 3. d',
      'a\\b',
      'x_y',
      '~strike~ `code` |spoiler|',
      '',
    ];
    for (const t of samples) expect(escapeText(t)).toBe(full(t));
    expect(escapeText('plain\n  - item')).toBe('plain\n  \\- item');
    // "http" as a word is no link; a link after it still is one.
    expect(splitUrls(['the http header'])).toEqual(['the http header']);
    expect(splitUrls(['http header, see http://x.example/a'])).toEqual([
      'http header, see ',
      { kind: 'link', url: 'http://x.example/a', text: 'http://x.example/a' },
    ]);
  });

  test('a citation is the footer, with a link button to the cited section', () => {
    const message = renderMessage(
      reply([
        { kind: 'text', text: 'The six focus areas are…' },
        {
          kind: 'citation',
          title: 'Framework',
          heading: 'Focus areas',
          path: 'framework.md',
          anchor: 'focus-areas',
          url: 'https://ascn.example.org/docs/framework#focus-areas',
        },
        {
          kind: 'buttons',
          buttons: [
            { action: { kind: 'feedback', questionId: 7, vote: 'up' }, label: '👍 Helpful' },
            { action: { kind: 'answer-share', questionId: 7 }, label: 'Share to channel' },
          ],
        },
      ]),
    );
    expect(message.embeds[0]!.footer!.text).toBe('Source: Framework › Focus areas');
    const buttons = message.components.flatMap((row) => row.components);
    expect(buttons).toEqual([
      expect.objectContaining({
        label: 'Source: Framework',
        url: 'https://ascn.example.org/docs/framework#focus-areas',
      }),
      expect.objectContaining({ custom_id: 'ascn:fb:7:u' }),
      expect.objectContaining({ custom_id: 'ascn:as:7' }),
    ]);
    // Posted for everyone, "Share to channel" has nothing left to do.
    const posted = renderMessage(
      {
        ...reply([]),
        blocks: [
          {
            kind: 'buttons',
            buttons: [{ action: { kind: 'answer-share', questionId: 7 }, label: 'Share' }],
          },
        ],
      },
      { publicPost: true },
    );
    expect(posted.components).toEqual([]);
  });

  test('text past the limits is cut cleanly: a date or a link is kept whole or left out', () => {
    const line: Reply = reply([
      {
        kind: 'text',
        text: [
          'x'.repeat(4080),
          { kind: 'time', at, style: 'datetime' },
          { kind: 'link', url: 'https://example.org/page', text: 'the page' },
        ],
      },
    ]);
    const description = renderMessage(line).embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(L.embedDescription);
    expect(description.endsWith('…')).toBe(true);
    checkMarkup(description);
    const fields = (n: number, length: number) =>
      renderMessage(
        reply([
          {
            kind: 'fields',
            fields: Array.from({ length: n }, (_, i) => ({
              label: `Field ${i}`,
              value: 'v'.repeat(length),
            })),
          },
        ]),
      ).embeds.map((e) => e.fields ?? []);
    // 25 fields to an embed; the rest in the next one.
    expect(fields(30, 100).map((f) => f.length)).toEqual([25, 5]);
    // Past 6,000 characters in all: what fits, and the last one says it was cut.
    const cut = fields(30, 300).flat();
    expect(cut.reduce((n, f) => n + f.name.length + f.value.length, 0)).toBeLessThanOrEqual(
      L.embedTotal,
    );
    expect(cut.length).toBeLessThan(30);
    expect(cut.at(-1)!.value.endsWith('…')).toBe(true);
  });

  test('a mention is made only when asked for, and pings only that person', () => {
    const message = renderMessage(reply([{ kind: 'text', text: 'Reminder' }]), {
      mention: { userId: '123456789012345678', text: 'Your DMs are closed, so here it is.' },
    });
    expect(message.content).toBe('<@123456789012345678> Your DMs are closed, so here it is.');
    expect(message.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });
});
