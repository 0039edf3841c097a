import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.js';
import { createKnowledgeBase, createSearcher, parseMarkdown, planQuery } from './index.js';
import {
  asksPersonName,
  asksUnknownAttribute,
  holdsTitle,
  holdsYear,
  namesPerson,
  requestsUnknownTask,
  titleAsked,
  yearAsked,
} from './near-miss.js';
import { buildSearchIndex } from './search-index.js';
import { page, pageSearcher } from './test-fixtures.js';

/** A knowledge base of one test page (see `page`) titled `title`. */
const pageKb = (title: string, body: string) =>
  createKnowledgeBase(parseMarkdown('p.md', page(title, body)).sections);

describe('an office asked for, held only as another office', () => {
  it('tells the office a question asks the holder of', () => {
    expect(titleAsked('who is the dilg secretary', 'person')).toBe('secretary');
    expect(titleAsked('who heads the integration monitoring directorate', 'person')).toBe('head');
    expect(titleAsked('director of the centre for liveable cities', 'list')).toBe('director');
    expect(titleAsked('name of the mayor of kuching', 'other')).toBe('mayor');
    // Who asks is no office asked for.
    expect(
      titleAsked('a councilor asks which agencies our command center brings together', 'person'),
    ).toBeUndefined();
    // Not a "who" question, and the office is not what it starts with.
    expect(titleAsked('what did the brunei minister say about outcomes', 'list')).toBeUndefined();
    expect(titleAsked('who chairs the ascn in 2026', 'person')).toBeUndefined();
  });

  it('does not count a deputy, a compound title or a longer word as the office', () => {
    const q = 'who is the dilg secretary';
    expect(holdsTitle("Malaysia's Deputy Secretary-General passed it on.", 'secretary', q)).toBe(
      false,
    );
    expect(holdsTitle('DILG Undersecretary Marlo L. Iringan received it.', 'secretary', q)).toBe(
      false,
    );
    expect(holdsTitle('Its Permanent Secretary, Ajarin, attended.', 'secretary', q)).toBe(true);
    // "prime minister": a housing minister is another office; the Prime Minister's Office is his.
    const pm = 'who is the prime minister of malaysia';
    const opened =
      "It was opened by Malaysia's Housing and Local Government Minister, Nga Kor Ming.";
    expect(holdsTitle(opened, 'minister', pm)).toBe(false);
    expect(holdsTitle(opened, 'minister', 'who was the minister who opened it')).toBe(true);
    expect(holdsTitle("A statement by Singapore's Prime Minister's Office", 'minister', pm)).toBe(
      true,
    );
    expect(
      holdsTitle('Soeum Bunrith, Deputy Governor of Battambang Province.', 'governor', q),
    ).toBe(false);
    expect(
      holdsTitle(
        'Soeum Bunrith, Deputy Governor of Battambang Province.',
        'governor',
        'who was deputy governor of battambang',
      ),
    ).toBe(true);
    expect(
      holdsTitle(
        'The ASEAN Secretary-General, Lim Jock Hoi, spoke.',
        'secretary',
        'who is the secretary general of asean',
      ),
    ).toBe(true);
    expect(
      holdsTitle('The Integration Monitoring Directorate monitors plans.', 'director', q),
    ).toBe(false);
    // "who heads X" is answered by "X is chaired by …".
    expect(holdsTitle('The meeting was chaired by Sar Kheng.', 'head', 'who headed it')).toBe(true);
  });

  it('declines "who is the governor of X" when the page names only a deputy governor', () => {
    const kb = pageKb(
      'First officers of the network',
      'Battambang named Soeum Bunrith, Deputy Governor of Battambang Province, as its first officer. Phnom Penh named Seng Vannak, Chief of Administration.',
    );
    expect(kb.ask('who is the governor of battambang province').answer).toBeNull();
    expect(kb.ask('who was the deputy governor of battambang province').answer).toContain(
      'Soeum Bunrith',
    );
  });
});

describe('a year asked for, held only as one end of a span', () => {
  it('tells the year a question places its subject in, not a span', () => {
    expect(yearAsked('which country hosts the asean summit in 2027')).toBe('2027');
    expect(yearAsked('who chairs the network for 2026')).toBe('2026');
    // The same year twice is one year asked.
    expect(yearAsked('planning our 2027 calendar. when is the 2027 meeting?')).toBe('2027');
    expect(yearAsked('what is the 2026-2035 action plan')).toBeUndefined();
    expect(yearAsked('2024 new members')).toBe('2024');
    expect(yearAsked('plans from 2018 to 2025')).toBeUndefined();
    // One end of a span, which a term answers: "until 2027", "2026 onwards".
    expect(yearAsked('is indonesia shepherd until 2027')).toBeUndefined();
    expect(yearAsked('a new city plan for 2026 onwards')).toBeUndefined();
    expect(yearAsked("vietnam's plan runs to 2025 with orientation to which year")).toBeUndefined();
    expect(yearAsked('the programme goes up to 2025 right')).toBeUndefined();
  });

  it('does not count a span as the year', () => {
    expect(holdsYear('Indonesia is Shepherd for 2025–2027.', '2027')).toBe(false);
    expect(holdsYear('Indonesia is Shepherd from 2025 to 2027.', '2027')).toBe(false);
    expect(holdsYear('The 2027 meeting is in Manila.', '2027')).toBe(true);
    expect(holdsYear('It cost 12,027 dollars.', '2027')).toBe(false);
  });

  it('declines "who hosts X in <year>" when the page holds that year only inside a term', () => {
    const kb = pageKb(
      'The network Shepherd',
      'Indonesia is the Shepherd of the network for the term 2025–2027, which it hosts from Jakarta.',
    );
    expect(kb.ask('which country hosts the shepherd in 2027').answer).toBeNull();
    expect(kb.ask('which country is the shepherd for 2025-2027').answer).toContain('Indonesia');
    // The year anywhere in the question, not only after "in".
    expect(kb.ask('shepherd country hosts 2027 jakarta').answer).toBeNull();
  });
});

describe('a year, a thing to count or a task the pages never mention', () => {
  const kb = () =>
    pageKb(
      'Annual meetings',
      'The annual meeting of 2024 was held in Vientiane, where the member cities met. The secretariat works with 12 member cities and their officers. The cities are listed in alphabetical order on the network page.',
    );

  it('declines a question about a year no page mentions', () => {
    expect(kb().ask('where will the 2031 annual meeting be held').answer).toBeNull();
    expect(kb().ask('where was the 2024 annual meeting held').answer).toContain('Vientiane');
  });

  it('declines "how many X" when X is a word the pages lack', () => {
    expect(
      kb().ask('how many staff does the secretariat work with in member cities').answer,
    ).toBeNull();
    expect(kb().ask('how many member cities does the secretariat work with').answer).toContain(
      '12',
    );
    // A quantifier before the thing counted is not the thing counted.
    expect(kb().ask('how many more member cities does the secretariat work with').answer).toContain(
      '12',
    );
  });

  it('tells a request for a task whose object the pages lack', () => {
    const searcher = pageSearcher(
      'Cities',
      'The cities are listed in alphabetical order on the network page.',
    );
    const plan = (q: string) => planQuery(searcher, q);
    expect(requestsUnknownTask(plan('can you order lunch for the team'))).toBe(true);
    expect(requestsUnknownTask(plan('please order sandwiches'))).toBe(true);
    expect(requestsUnknownTask(plan('can you list the cities in alphabetical order'))).toBe(false);
    expect(requestsUnknownTask(plan('order of the cities on the network page'))).toBe(false);
    // A chore is no question, though a page has its words ("one room", "meeting").
    expect(requestsUnknownTask(plan('book a meeting room for tomorrow'))).toBe(true);
    expect(requestsUnknownTask(plan('pls translate the network page into thai'))).toBe(true);
    expect(requestsUnknownTask(plan('which book did the network page cite'))).toBe(false);
    // A text to write about a thing no page knows, in any sentence of the message…
    expect(
      requestsUnknownTask(plan('Hi, intern here. Could you help me write a cover letter?')),
    ).toBe(true);
    // …but not a plain "could you confirm" after a question.
    expect(
      requestsUnknownTask(plan('Chonburi office here. When did Chonburi join? Could you confirm?')),
    ).toBe(false);
  });
});

describe('an attribute of a place that no page has', () => {
  const sections = parseMarkdown(
    'p.md',
    page('Member cities', 'Chonburi is a pilot city of Thailand. Its time zone is Asia/Bangkok.'),
  ).sections;
  const searcher = createSearcher(buildSearchIndex(sections));
  // The terms of the one section, as the decline rule sees them.
  const terms = new Set(
    analyze(sections.map((s) => [s.title, s.heading, s.text].join('\n')).join('\n')).terms,
  );
  const asks = (q: string) => asksUnknownAttribute(planQuery(searcher, q), terms);

  it('is asked for in "what is the X of Y" when no page has X', () => {
    expect(asks('what is the gdp of chonburi')).toBe(true);
    expect(asks("what's the gdp of chonburi?")).toBe(true);
    // Known to the pages, a word that only says what kind of answer is wanted, or not "what is".
    expect(asks('what is the time zone of chonburi')).toBe(false);
    expect(asks('what was the reason for creating chonburi')).toBe(false);
    expect(asks('stadium of chonburi')).toBe(false);
  });

  it('is asked for wherever the question names a detail a page states or lacks (gdp, fax, theme)', () => {
    expect(asks('gdp of chonburi')).toBe(true);
    expect(asks('chonburi fax number pls')).toBe(true);
    expect(asks('chonburi office address')).toBe(true);
    // "address it to" is the verb.
    expect(asks('the chonburi csco, who do i address it to')).toBe(false);
    expect(asks('flight time bangkok to chonburi')).toBe(true);
    // …also as one of two words of a choice.
    expect(asks('what was the theme or tagline of the chonburi meeting')).toBe(true);
    // …unless the section has it.
    expect(asks('chonburi time zone')).toBe(false);
  });

  it('is asked for with words before the attribute, or by "how much is the X"', () => {
    expect(asks("what's the combined gdp of all pilot cities")).toBe(true);
    expect(asks('how much is the city membership fee per year')).toBe(true);
    expect(asks('how much is the membership fee')).toBe(true);
    // The attribute is a page's word, or the question is not "what is / how much is".
    expect(asks('what is the pilot city time zone of chonburi')).toBe(false);
    expect(asks('what did chonburi showcase in bangkok')).toBe(false);
  });

  it('is asked for by "which X did / is …" when no page has X, unless X is plural (a list)', () => {
    expect(asks('which hotel did the chonburi delegates stay in')).toBe(true);
    expect(asks('what stadium is chonburi known for')).toBe(true);
    expect(asks('which sections does the chonburi plan have')).toBe(false);
    expect(asks('which time zone is chonburi in')).toBe(false);
  });

  it('is declined, not answered with the page about the place', () => {
    const kb = pageKb('Member cities', 'Chonburi is a pilot city of Thailand.');
    expect(kb.ask('what is the gdp of chonburi').answer).toBeNull();
  });
});

describe('everyday words a section lacks', () => {
  const sections = [
    ...parseMarkdown(
      'framework.md',
      page(
        'The framework',
        '## Is the framework binding?\n\nThe framework is not binding on member cities: it is guidance that each city adapts to its own plans.\n\n## How is the framework structured?\n\nThe framework has three parts: outcomes, focus areas and enablers. A table of focus areas keeps the parts in one place.',
      ),
    ).sections,
    ...parseMarkdown(
      'cities.md',
      page(
        'Member cities',
        '## Cities in Thailand\n\nChonburi is a pilot city of Thailand. Its time zone is Asia/Bangkok.\n\n## Partners\n\nThe United States committed USD 10 million to the partnership. Partners keep in touch through the Secretariat and put forward proposals.',
      ),
    ).sections,
    ...parseMarkdown(
      'meetings.md',
      page(
        'Meetings',
        '## When is the next leaders meeting?\n\nThe next leaders meeting is in July 2026, hosted by the Chair. Leaders meet once a year.',
      ),
    ).sections,
  ];
  const kb = (tuning = {}) => createKnowledgeBase(sections, tuning);
  // One clause: "i keep hearing it is" after a comma would be read as an aside (see readClauses).
  const q = 'practically speaking is the framework binding on us as i keep hearing it is';

  it('count less against it than the subject does: the section that answers is quoted', () => {
    expect(kb().ask(q).answer).toMatch(/not binding/);
    // The control: counted in full, "speaking", "keep" and "hearing" decline it.
    expect(kb({ spokenMisses: false }).ask(q).answer).toBeNull();
  });
});

describe("a person's name asked for", () => {
  it('is asked for with "name" near an office, not a body\'s or a project\'s name', () => {
    expect(asksPersonName('sumedang csco name')).toBe(true);
    expect(asksPersonName('name of our representative')).toBe(true);
    expect(asksPersonName('name of the trust fund for luang prabang')).toBe(false);
  });

  it('is given by two or more capitalised words of a name, not by a body, a place or a title', () => {
    expect(namesPerson('DILG Undersecretary Marlo L. Iringan received it.')).toBe(true);
    expect(namesPerson("Mandalay's CSCO was Ye Myat Thu.")).toBe(true);
    expect(namesPerson('Chiang Mai, Khon Kaen and Rayong joined in 2023.')).toBe(false);
    expect(namesPerson('IMD: Integration Monitoring Directorate of ASEC.')).toBe(false);
    expect(namesPerson('AEC: ASEAN Economic Community.')).toBe(false);
    expect(namesPerson("Luang Prabang's Smart and Integrated Urban Strategy.")).toBe(false);
  });

  it('declines an answer that names no person', () => {
    const kb = pageKb('Member cities', 'Sumedang in West Java joined the network in 2024.');
    expect(kb.ask('sumedang csco name').answer).toBeNull();
  });
});
