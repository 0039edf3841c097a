import lunr from 'lunr';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLAUSE_BOOSTS,
  createKnowledgeBase,
  createSearcher,
  glossary,
  type KnowledgeBase,
  parseMarkdown,
  planQuery,
} from './index.js';
import { createScorer, lunrQuery } from './search.js';
import { buildSearchIndex } from './search-index.js';
import { fixtureSections, page, pageSearcher } from './test-fixtures.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = createKnowledgeBase(await fixtureSections());
});

const top = (q: string) => kb.search(q)[0];
const where = (q: string) => {
  const r = top(q);
  return r && `${r.path}#${r.anchor}`;
};

describe('search', () => {
  it('stems: "planning" finds the section about plans', () => {
    expect(where('planning with the framework')).toBe(
      'framework/overview.md#how-do-cities-plan-with-it',
    );
  });

  it('completes an unknown last word as a prefix, whatever punctuation follows', () => {
    expect(where('governance worksh')).toBe('framework/overview.md#governance-workshop');
    expect(where('worksh')).toBe('framework/overview.md#governance-workshop');
    expect(kb.search('worksh?')).toEqual(kb.search('worksh'));
  });

  it('gives the same results whatever the case and punctuation', () => {
    for (const q of ['what does a CSCO do', 'is the framework binding', 'makassar time zone']) {
      const plain = kb.search(q);
      expect(plain.length, q).toBeGreaterThan(0);
      for (const variant of [`${q}?`, `${q}.`, q.toUpperCase(), `  ${q} ?!`, `"${q}"`])
        expect(kb.search(variant), variant).toEqual(plain);
    }
  });

  it('tolerates a typo of one letter in a longer word', () => {
    expect(where('makasar drainage')).toBe(
      'practices/makassar-drainage.md#makassar-drainage-sensors',
    );
    expect(where('is the framwork binding')).toBe('framework/overview.md#is-the-framework-binding');
  });

  it('corrects a typo of a word the pages put otherwise, and a doubled or missing letter', () => {
    // "mandatroy" is no word of the pages, but "mandatory" is an officer's word for "binding".
    expect(where('is the framework mandatroy')).toBe(
      'framework/overview.md#is-the-framework-binding',
    );
    // "planing" is an English word, but the pages' "planning" with one letter missing.
    const searcher = pageSearcher('Planning', 'City planning.');
    expect([...planQuery(searcher, 'planing').clauses.keys()]).toEqual(['plan']);
  });

  it('reads "the us" as the United States, and "tell us" as a pronoun', () => {
    const searcher = pageSearcher('United States', 'The United States funds projects.');
    const words = (q: string) => planQuery(searcher, q).groups.map((g) => g.word);
    expect(words('how much money has the us put in')).toContain('united states');
    expect(words('which us agency funds projects')).toContain('united states');
    expect(words('tell us about projects')).not.toContain('united states');
  });

  it('reads a partner capital the pages never name as its government', () => {
    const searcher = pageSearcher('China', 'ASEAN welcomed China’s support.');
    const plan = planQuery(searcher, 'is beijing funding ascn cities');
    expect(plan.groups[0]).toMatchObject({ word: 'beijing', alternatives: [['china']] });
  });

  it("reads officers' short names for a fund and a partner, in questions only", () => {
    const sections = parseMarkdown(
      'p.md',
      page(
        'Funding',
        'Australia committed AUD 30 million. The Business Innovation Fund 2.0 has $3 million.',
      ),
    ).sections;
    const searcher = createSearcher(buildSearchIndex(sections));
    expect(planQuery(searcher, 'aus initiative').groups[0]?.alternatives).toContainEqual([
      'australia',
    ]);
    const kb = createKnowledgeBase(sections);
    expect(kb.ask('BIF 2.0 size').answer).toMatch(/\$3 million/);
    expect(kb.ask('aussie funding how much').answer).toMatch(/AUD 30 million/);
  });

  it('weighs the words of an aside after the question below the words of the question', () => {
    const searcher = pageSearcher(
      'Meetings',
      'The annual meeting drafts a report. The workshop was held in May.',
    );
    const asked = planQuery(searcher, 'when is the report drafted').clauses.get('draft');
    const aside = planQuery(searcher, 'when was the workshop? we are drafting it').clauses.get(
      'draft',
    );
    expect(asked).toBeGreaterThan(0);
    expect(aside).toBeLessThan(asked!);
  });

  it('tells the kind of answer from the question, not the sentence introducing the sender', () => {
    const searcher = pageSearcher(
      'Funds',
      'The budget of the fund is not known. Partner programmes fund cities.',
    );
    expect(planQuery(searcher, 'what is the budget of the fund').kind).toBe('number');
    expect(
      planQuery(searcher, 'Hi, budget officer at Da Nang. Is there a common fund for cities?').kind,
    ).not.toBe('number');
  });

  it('weighs a word by its commonest synonym: a rare word for a common thing says little', () => {
    const searcher = createSearcher(
      buildSearchIndex([
        ...parseMarkdown('a.md', page('A', 'The first meeting.')).sections,
        ...parseMarkdown('b.md', page('B', 'The first plan.')).sections,
        ...parseMarkdown('c.md', page('C', 'The first city and the original list.')).sections,
      ]),
    );
    const weight = (q: string) => planQuery(searcher, q).groups[0]!.weight;
    expect(weight('originally')).toBe(weight('first'));
  });

  it('reads American spellings and short month names as the pages write them', () => {
    const searcher = pageSearcher(
      'Urbanisation',
      'The urbanisation programme started in September 2021.',
    );
    const terms = (q: string) => [...planQuery(searcher, q).clauses.keys()];
    expect(terms('urbanization program')).toEqual(['urbanis', 'programm']);
    expect(terms('sept 2021')).toContain('septemb');
  });

  it('gives no weight to an adverb the pages lack, which says how rather than what', () => {
    const searcher = pageSearcher('Binding', 'The guide is not binding.');
    const groups = planQuery(searcher, 'is the guide legally binding').groups;
    expect(groups.find((g) => g.word === 'legally')).toMatchObject({ weight: 0, unknown: false });
    // A word the pages lack that is no adverb still weighs (it may be the subject they lack).
    expect(planQuery(searcher, 'guide weather').groups[1]).toMatchObject({ unknown: true });
  });

  it('weighs an unknown name or acronym as the rarest word, above an unknown English word', () => {
    const searcher = pageSearcher('Meetings', 'The next leaders meeting is in July.');
    const weightOf = (q: string, w: string) =>
      planQuery(searcher, q).groups.find((g) => g.word === w)!.weight;
    // "apec" names the thing asked about; "hotel" may be the subject, or chat.
    expect(weightOf('next apec leaders meeting', 'apec')).toBe(searcher.unknownNameWeight);
    expect(weightOf('next hotel leaders meeting', 'hotel')).toBe(searcher.unknownWeight);
    expect(searcher.unknownNameWeight).toBeGreaterThan(searcher.unknownWeight);
  });

  it('reads an informal phrase as the formal words the pages use', () => {
    const sections = parseMarkdown(
      'p.md',
      page('Funding', 'The United States committed USD 10 million.'),
    ).sections;
    const q = 'how much did the united states put on the table';
    const groups = planQuery(createSearcher(buildSearchIndex(sections)), q).groups;
    expect(groups.find((g) => g.word === 'table')!.alternatives).toContainEqual(['commit']);
    expect(createKnowledgeBase(sections).ask(q).answer).toMatch(/committed USD 10 million/);
  });

  it('reads a country the pages never name as a place, never as a typo of their words', () => {
    const searcher = pageSearcher('Finance', 'Partner finance paid for the 2024 tour.');
    for (const country of ['france', 'peru', 'germany']) {
      const group = planQuery(searcher, `who won the 2024 tour de ${country}`).groups.at(-1)!;
      expect(group).toMatchObject({ word: country, place: true, unknown: true });
    }
  });

  it('tells the kind of answer from the clause that asks, not from the context before it', () => {
    const searcher = pageSearcher('Report', 'The Secretariat writes it.');
    const kind = (q: string) => planQuery(searcher, q).kind;
    expect(kind('the yearly ascn report, who puts it together')).toBe('person');
    expect(kind("davao's traffic project, what's the security part")).toBe('definition');
    // "what's" is "what is": the same question, the same kind.
    expect(kind("what's the report")).toBe('definition');
    expect(kind("what's the report")).toBe(kind('what is the report'));
    expect(kind('he thinks there is some online form. how do they actually apply')).toBe('howto');
    // An amount or a clock time asked in the opening clause still decides.
    expect(kind('if the call is at 10am singapore time, what time is that in yangon')).toBe('zone');
    expect(kind('the usascp, how much did the us commit')).toBe('number');
  });

  it('reads chat abbreviations as their words and leaves chat fillers out', () => {
    const searcher = pageSearcher(
      'Chair',
      'The chair of the year met the department on technology.',
    );
    const words = (q: string) => planQuery(searcher, q).groups.map((g) => g.word);
    expect(words("btw who's chairing this yr")).toEqual(['chairing', 'year']);
    expect(words('fyi which yrs had the tech')).toEqual(['years', 'technology']);
    // "one line pls", "in a nutshell" say how long the answer should be: nothing to search for.
    expect(words("btw what's the chair, one line pls")).toEqual(['chair']);
    expect(words('the chair in a nutshell')).toEqual(['chair']);
    // The question asks about now: "this yr" is "this year".
    expect(planQuery(searcher, 'chair this yr').query).toBe('chair this year');
  });

  it('does not apply typo tolerance to short words', () => {
    expect(kb.search('plam')).toEqual([]);
  });

  it('ranks an exact match above a typo correction', () => {
    const extra = createKnowledgeBase([
      ...parseMarkdown('a.md', page('Makasar spelling', 'A page that spells it Makasar.')).sections,
      ...parseMarkdown('b.md', page('Makassar spelling', 'A page that spells it Makassar.'))
        .sections,
    ]);
    expect(extra.search('makasar')[0]?.path).toBe('a.md');
    const searcher = createSearcher(
      buildSearchIndex(parseMarkdown('b.md', page('Makassar', 'Makassar text.')).sections),
    );
    const plan = planQuery(searcher, 'makasar');
    expect([...plan.clauses]).toEqual([['makassar', CLAUSE_BOOSTS.fuzzy]]);
    expect(CLAUSE_BOOSTS.fuzzy).toBeLessThan(CLAUSE_BOOSTS.exact);
  });

  it('expands acronyms both ways', () => {
    // The page says "Chief Smart City Officer", never CSCO.
    expect(where('what does a CSCO do')).toBe(
      'governance/roles.md#what-does-a-chief-smart-city-officer-do',
    );
    // The page says "NR", never National Representative.
    expect(where('national representative')).toBe('governance/roles.md#what-does-an-nr-do');
  });

  it.each([
    ['HCMC', 'network/cities.md#cities-in-viet-nam'],
    ['Hanoi', 'network/cities.md#cities-in-viet-nam'],
    ['Danang', 'network/cities.md#cities-in-viet-nam'],
    ['KL', 'network/cities.md#cities-in-malaysia'],
    ['Naypyidaw', 'network/cities.md#cities-in-myanmar'],
    ['Chon Buri', 'network/cities.md#cities-in-thailand'],
  ])('knows the city alias %s', (alias, expected) => {
    expect(where(alias)).toBe(expected);
  });

  it('has every acronym of the network in its glossary', () => {
    const terms = new Set(glossary().map((e) => e.term));
    for (const t of [
      'CSCO',
      'SCGW',
      'ASCF',
      'ASCN',
      'ASEC',
      'IMD',
      'JCM',
      'ACC',
      'AMS',
      'NR',
      'SCAP',
      'HCMC',
      'KL',
      'Naypyidaw',
      'Chon Buri',
      'Hanoi',
      'Danang',
    ]) {
      expect(terms, t).toContain(t);
    }
  });

  it('treats Lunr query syntax as plain text', () => {
    const plain = kb.search('framework binding');
    expect(plain.length).toBeGreaterThan(0);
    for (const q of [
      'framework:binding',
      '+framework -binding',
      'framework^ binding~',
      'framework* binding',
      'title:framework binding:',
    ]) {
      expect(
        kb.search(q).map((r) => r.anchor),
        q,
      ).toEqual(plain.map((r) => r.anchor));
    }
    expect(kb.search(':^~*+-')).toEqual([]);
  });

  it('ranks the page whose title is the query first, at its intro', () => {
    expect(top('The ASEAN Smart Cities Framework')).toMatchObject({
      path: 'framework/overview.md',
      anchor: 'the-asean-smart-cities-framework',
    });
    expect(top('Member cities and time zones')).toMatchObject({
      path: 'network/cities.md',
      anchor: 'member-cities-and-time-zones',
    });
  });

  it('finds a page by its city and focus area from the front matter', () => {
    expect(top('quality environment makassar')?.path).toBe('practices/makassar-drainage.md');
  });

  it('returns results best first with the whole section text, and honours the limit', () => {
    const results = kb.search('city', { limit: 2 });
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
    expect(kb.search('drainage sensors')[0]).toEqual({
      title: 'Makassar drainage sensors',
      path: 'practices/makassar-drainage.md',
      heading: 'Makassar drainage sensors',
      anchor: 'makassar-drainage-sensors',
      score: expect.any(Number),
      text: 'Makassar placed water-level sensors in its main drains to warn of floods early.',
    });
  });
});

describe('scoring', () => {
  it("gives exactly Lunr's own query results", async () => {
    const si = buildSearchIndex(await fixtureSections());
    const scorer = createScorer(si.index);
    const searcher = createSearcher(si);
    for (const q of [
      'what does a CSCO do',
      'makassar time zone',
      'framework binding outcomes',
      'city',
    ]) {
      const { clauses } = planQuery(searcher, q);
      const ours = scorer.top(clauses, 100);
      const theirs = lunrQuery(si.index, clauses);
      expect(
        ours.map((h) => h.ref),
        q,
      ).toEqual(theirs.map((h) => h.ref));
      ours.forEach((h, i) => {
        expect(h.score).toBeCloseTo(theirs[i]!.score, 9);
      });
    }
    expect(lunr.version).toBe('2.3.9');
  });
});
