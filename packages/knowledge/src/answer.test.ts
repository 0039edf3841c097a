import { beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase, type KnowledgeBase, parseMarkdown } from './index.js';
import { fixtureSections, page } from './test-fixtures.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = createKnowledgeBase(await fixtureSections());
});

describe('ask', () => {
  it('answers with the sentences of the best section that hold the question, and cites it', () => {
    const a = kb.ask('What time zone is Makassar on, compared with Jakarta?');
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
    expect(a.query).toBe('What time zone is Makassar on, compared with Jakarta?');
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
