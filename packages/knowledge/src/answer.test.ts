import { beforeAll, describe, expect, it } from 'vitest';
import { answerKind, createKnowledgeBase, type KnowledgeBase, parseMarkdown } from './index.js';
import { fixtureSections, page } from './test-fixtures.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = createKnowledgeBase(await fixtureSections());
});

describe('ask', () => {
  it('answers with the sentences of the best section that hold the question, and cites it', () => {
    const a = kb.ask('How far ahead of Jakarta is Makassar?');
    expect(a.answer).toBe('Makassar is on Central Indonesia Time, one hour ahead of Jakarta.');
    expect(a.citation).toEqual({
      title: 'Member cities and time zones',
      heading: 'Cities in Indonesia',
      path: 'network/cities.md',
      anchor: 'cities-in-indonesia',
    });
    expect(a.results[0]).toMatchObject({
      path: 'network/cities.md',
      anchor: 'cities-in-indonesia',
    });
    expect(a.query).toBe('How far ahead of Jakarta is Makassar?');
  });

  it('picks the sentence that matches, not just the first', () => {
    expect(kb.ask('does the CSCO attend the annual meeting')?.answer).toBe(
      "The officer drafts the city's action plan and attends the annual meeting.",
    );
  });

  it("prefers the section's first sentence on a tie, and adds the next when it is short", () => {
    const two = createKnowledgeBase(
      parseMarkdown(
        'p.md',
        page(
          'Ferries',
          '## Ferry timetable\n\nFerries run hourly. Ferries stop at midnight. Tickets cost little.',
        ),
      ).sections,
    );
    expect(two.ask('ferries')?.answer).toBe('Ferries run hourly. Ferries stop at midnight.');
  });

  it('quotes a list with its lead-in', () => {
    expect(kb.ask('strategic outcomes of the framework')?.answer).toBe(
      'The framework sets three strategic outcomes that a smart city should balance:\n1. a competitive economy;\n2. a sustainable environment;\n3. a high quality of life.',
    );
  });

  it('answers a time-zone question with the zones, not a sentence without one', () => {
    const a = kb.ask('What time zone is Makassar on, compared with Jakarta?');
    expect(a.answer).toContain('Asia/Makassar');
    expect(a.answer).toContain('Asia/Jakarta');
    expect(a.citation?.anchor).toBe('cities-in-indonesia');
  });

  it('quotes only the table row that answers', () => {
    expect(kb.ask('makassar utc offset')?.answer).toBe(
      '- City: Makassar; IANA time zone: Asia/Makassar; UTC offset: +08:00',
    );
  });

  it('declines a question the knowledge base cannot answer, with no citation', () => {
    for (const q of [
      'who won the 2022 world cup',
      'what is the wifi password',
      'best nasi lemak recipe',
    ]) {
      const a = kb.ask(q);
      expect(a.answer, q).toBeNull();
      expect(a.citation, q).toBeNull();
    }
  });

  it('declines when the best section shares only a place with the question', () => {
    expect(kb.ask('population of Makassar and Jakarta').answer).toBeNull();
    expect(kb.ask('Makassar drainage').answer).not.toBeNull();
  });

  it('declines when the best section lacks the place the question names', () => {
    expect(kb.ask('flood sensors in Jakarta drains').answer).toBeNull();
    expect(kb.ask('flood sensors in Makassar drains').answer).not.toBeNull();
  });

  it('declines when too little of the question is covered', () => {
    expect(kb.ask('framework').answer).not.toBeNull();
    expect(kb.ask('framework tax revenue bond ratings').answer).toBeNull();
  });

  it('still lists the nearest sections when it declines', () => {
    const a = kb.ask('framework tax revenue bond ratings');
    expect(a.results[0]?.path).toBe('framework/overview.md');
  });
});

describe('the kind of answer asked for', () => {
  const meetings = createKnowledgeBase(
    parseMarkdown(
      'meetings.md',
      page(
        'Annual meetings',
        [
          '## The 2023 meeting',
          '',
          'The meeting in Bali was the first in person since the pandemic. It was held on 12 July 2023. Three candidate cities attended it, and 29 cities were members by then.',
          '',
          '## The next meeting',
          '',
          'The Philippines hosts the next annual meeting. Its date and place have not been published.',
          '',
          '## Why the network meets',
          '',
          'The network meets every year because cities compare their action plans there.',
        ].join('\n'),
      ),
    ).sections,
  );

  it.each([
    ['when was the bali meeting', /12 July 2023/],
    ['how many candidate cities attended the bali meeting', /Three candidate cities/],
    ['why does the network meet every year', /because/],
    ['when is the next annual meeting', /have not been published/],
  ])('%s → the sentence that carries it', (q, expected) => {
    expect(meetings.ask(q).answer).toMatch(expected);
  });

  it('tells the kind from the wording', () => {
    expect(answerKind('how many cities joined')).toBe('number');
    expect(answerKind('when did the network start')).toBe('date');
    expect(answerKind('which year did sumedang join')).toBe('date');
    expect(answerKind('who chairs the network')).toBe('person');
    expect(answerKind('list the six focus areas')).toBe('list');
    expect(answerKind('what does SCGW stand for')).toBe('definition');
    expect(answerKind('how does a city join')).toBe('howto');
    expect(answerKind('what time zone is yangon on')).toBe('zone');
    expect(answerKind('where is the portal url')).toBe('place');
  });

  it('gives the same answer whatever the case and punctuation', () => {
    for (const q of ['when was the bali meeting', 'What does a CSCO do']) {
      const plain = kb.ask(q).answer ?? meetings.ask(q).answer;
      for (const variant of [`${q}?`, q.toUpperCase(), `${q} ?!`, `  ${q}.`])
        expect(kb.ask(variant).answer ?? meetings.ask(variant).answer, variant).toBe(plain);
    }
  });

  it('declines words scattered over a page that no sentence holds together', () => {
    const capitals = createKnowledgeBase(
      parseMarkdown(
        'p.md',
        page(
          'Partners',
          [
            'Japan supports the network with meetings. Capital cities are included in the network.',
            '## Japan and Korea\n\nJapan and Korea hold ministerial talks.',
            '## Japan and the United States\n\nJapan and the United States signed a joint statement.',
            '## The guidebook\n\nJapan published a planning guidebook.',
          ].join('\n\n'),
        ),
      ).sections,
    );
    expect(capitals.ask('what is the capital of japan').answer).toBeNull();
    expect(capitals.ask('how does japan support the network').answer).toMatch(/Japan supports/);
  });
});
