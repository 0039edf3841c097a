import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKnowledgeBase, type KnowledgeBase } from './index.js';
import { fixtureSections } from './test-fixtures.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = createKnowledgeBase(await fixtureSections());
  // The English word list is read once per process, on the first possible typo; that one-time
  // read is not what the time limit below is about.
  kb.ask('framwork');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const filler = (bytes: number) => {
  const words = [
    'lorem',
    'ipsum',
    'dolor',
    'amet',
    'consectetur',
    'adipiscing',
    'elit',
    'sed',
    'eiusmod',
    'tempor',
  ];
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${words[(i * 7) % words.length]} `;
  return out;
};

const BAD_INPUTS: Array<[string, unknown]> = [
  ['empty', ''],
  ['whitespace', '  \n\t  \r\n '],
  ['100 KB of text', filler(100 * 1024)],
  ['random bytes (latin1)', randomBytes(4096).toString('latin1')],
  ['random bytes (as UTF-8)', randomBytes(4096).toString('utf8')],
  ['lone surrogates', '\ud800\udc00\ud800 \udfff'],
  ['emoji', '🏙️🤖🔥 👩🏽‍💻 🇸🇬🇻🇳'],
  ['Thai', 'เมืองอัจฉริยะคืออะไร และสมัครเป็นสมาชิกได้อย่างไร'],
  ['Vietnamese', 'Thời tiết hôm nay ở đây thế nào vậy bạn?'],
  ['Bahasa', 'Bagaimana cara mendaftar sebagai anggota jaringan kami?'],
  ['only Lunr syntax', ':^~*+-'],
  ['Lunr syntax soup', '+++ --- ~~~ ^^^ *** ::: title:* ^-1 ~2 \\ '],
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['an object', {}],
  [
    'an object that cannot be made text',
    {
      toString: () => {
        throw new Error('no');
      },
    },
  ],
  ['a symbol', Symbol('framework')],
];

describe('bad input', () => {
  it.each(BAD_INPUTS)('%s: never throws, and ask declines clearly', (_name, input) => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const answer = kb.ask(input as string);
    const results = kb.search(input as string);
    expect(answer.answer).toBeNull();
    expect(answer.citation).toBeNull();
    expect(Array.isArray(results)).toBe(true);
    // Long input is cut before it is searched (what keeps it fast: npm run bench:search, not a timer here).
    expect(answer.query.length).toBeLessThanOrEqual(500);
    // The safety net (which logs to stderr) was not needed: the input was handled, not caught.
    expect(stderr).not.toHaveBeenCalled();
  });

  it('an object that stringifies to a question is asked as that question', () => {
    expect(
      kb.ask({ toString: () => 'is the framework binding' } as unknown as string).answer,
    ).not.toBeNull();
  });

  it('cuts long input to its first 500 characters and 40 words', () => {
    const long = `is the framework binding ${filler(100 * 1024)}`;
    const a = kb.ask(long);
    expect(a.query).toBe(long.slice(0, 500));
    expect(a.results[0]?.anchor).toBe('is-the-framework-binding');
  });

  it('finds real words among the syntax characters', () => {
    expect(kb.search('+framework^ -binding~')[0]?.anchor).toBe('is-the-framework-binding');
  });

  it('reads a Lunr field, boost or edit distance as the word it wraps, not as words of its own', () => {
    const plain = kb.ask('is the framework binding');
    expect(plain.answer).not.toBeNull();
    for (const q of ['is the title:framework^10 binding~2', 'heading:framework^2 binding~1 is the'])
      expect(kb.ask(q).answer, q).toBe(plain.answer);
  });
});
