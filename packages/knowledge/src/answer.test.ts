import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSentences } from './answer.js';
import { readDocs } from './docs.js';
import {
  answerKind,
  createKnowledgeBase,
  type KnowledgeBase,
  parseMarkdown,
  stem,
} from './index.js';
import {
  evidenceOf,
  listPosition,
  maskKindPhrases,
  secondKind,
  withoutFrames,
} from './question.js';
import { fixtureSections, page } from './test-fixtures.js';
import { words } from './text.js';

const SHIPPED_DOCS = fileURLToPath(new URL('../../../docs', import.meta.url));

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = createKnowledgeBase(await fixtureSections());
});

/** A knowledge base of one test page (see `page`) titled `title`, at `path`. */
const pageKb = (title: string, body: string, path = 'p.md') =>
  createKnowledgeBase(parseMarkdown(path, page(title, body)).sections);

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

  it('picks the sentence that matches, and gives a short last one the sentence before it', () => {
    // "The officer drafts…" alone would not say which officer.
    expect(kb.ask('does the CSCO attend the annual meeting')?.answer).toBe(
      "A Chief Smart City Officer is the official each city nominates to the network. The officer drafts the city's action plan and attends the annual meeting.",
    );
  });

  it("prefers the section's first sentence on a tie, and adds the next when it is short", () => {
    const two = pageKb(
      'Ferries',
      '## Ferry timetable\n\nFerries run hourly. Ferries stop at midnight. Tickets cost little.',
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

  it('quotes the sentence that spells out a short form the answer opens with', () => {
    const kb = pageKb(
      'Reporting',
      'The Integration Monitoring Directorate (IMD) of the Secretariat was given a monitoring role in 2018. ' +
        'The IMD was to monitor progress on the action plans of member cities and help draft the annual reports.',
    );
    expect(kb.ask('which directorate was to monitor progress on action plans').answer).toMatch(
      /^The Integration Monitoring Directorate \(IMD\)[\s\S]*The IMD was to monitor/,
    );
  });

  it('does not answer "how is X marked" with a sentence that only lists examples of X', () => {
    const kb = pageKb(
      'How are single-source facts marked?',
      'A fact that rests on a single report is marked in its page with words such as "one source". ' +
        'Facts without such a mark are backed by two or more sources. ' +
        'Examples of single-source facts are the funding figures and the theme of the 5th meeting.',
    );
    expect(kb.ask('how are single-source facts flagged').answer).toMatch(/^A fact that rests/);
    // Asked for examples, the examples answer.
    expect(kb.ask('example of a single-source fact').answer).toMatch(/Examples of single-source/);
  });

  it('answers "which partner agencies" with the sentence that names several, not one body', () => {
    expect(answerKind('which partner agencies showed up at bali')).toBe('list');
    expect(answerKind('which member states chair next')).toBe('list');
    const kb = pageKb(
      '6th annual meeting (Bali, 2023)',
      "The sixth annual meeting was held in Bali on 12 July 2023, organised by Indonesia's Ministry of Home Affairs. " +
        'It was the first meeting in person since the pandemic. ' +
        "Partners present included Australia's DFAT, Japan's MLIT, Korea's MOLIT and Seoul National University.",
    );
    expect(kb.ask('which partner agencies showed up at bali').answer).toMatch(
      /DFAT[\s\S]*MLIT[\s\S]*MOLIT/,
    );
  });

  it('adds to a dated answer of a "today" question the sentence that says the present is not known', () => {
    const kb = pageKb(
      'Representatives',
      "In 2019 Thailand's National Representative was the Permanent Secretary, Ajarin Pattanapanchai. " +
        'Thailand chaired the network in 2019. Our sources do not say who holds the role today.',
    );
    expect(kb.ask("who is thailand's national representative today").answer).toMatch(
      /Ajarin Pattanapanchai[\s\S]*do not say who holds the role today/,
    );
    // Asked about 2019, the present is not the question.
    expect(kb.ask("who was thailand's national representative in 2019").answer).not.toMatch(
      /today/,
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
  const meetings = pageKb(
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
    'meetings.md',
  );

  it.each([
    ['when was the bali meeting', /12 July 2023/],
    ['how many candidate cities attended the bali meeting', /Three candidate cities/],
    ['why does the network meet every year', /because/],
    ['when is the next annual meeting', /have not been published/],
  ])('%s → the sentence that carries it', (q, expected) => {
    expect(meetings.ask(q).answer).toMatch(expected);
  });

  it('reads "spell out", "expand" and "what do the letters mean" as asking what a short form stands for', () => {
    for (const q of [
      'can someone spell out SGAC for a memo',
      'jaif - what do the letters mean?',
      'pls expand CSCO',
    ])
      expect(answerKind(q), q).toBe('definition');
    const kb = pageKb(
      'Partners',
      'The EU supports ten cities. Smart Green ASEAN Cities (SGAC) is an EU-funded programme for ten cities.',
    );
    expect(kb.ask('can someone spell out SGAC').answer).toMatch(
      /Smart Green ASEAN Cities \(SGAC\)/,
    );
  });

  it('does not take an existential "is there" for a question pointing back into the greeting', () => {
    expect(
      withoutFrames(
        "Good afternoon, I'm the CSCO of Kota Kinabalu. Is there one common ASCN pot of money? Thanks a lot",
      ),
    ).toBe('Is there one common ASCN pot of money?');
    // "…is it still open?" does point back: the message is kept whole.
    expect(withoutFrames('Makassar here, about the toolkit. is it still open?')).toMatch(/toolkit/);
  });

  it('drops an introduction by job ("journalist at a Jakarta daily") and an "appreciate it"', () => {
    expect(
      withoutFrames(
        'hello! journalist at a Jakarta daily. Why was the network set up in the first place?',
      ),
    ).toBe('Why was the network set up in the first place?');
    expect(
      withoutFrames(
        'hello, new CSCO of Sumedang here. can the framework still help us? appreciate it',
      ),
    ).toBe('can the framework still help us?');
  });

  it('drops "i\'m from …" as who asks, unless the question itself is about "we"', () => {
    expect(
      withoutFrames(
        "I'm from the ASEAN Secretariat events team. We're sending invitations — which ministry leads ASCN work for Malaysia?",
      ),
    ).toBe("We're sending invitations — which ministry leads ASCN work for Malaysia?");
    // "when did we join" is about the sender's city: the introduction stays.
    expect(withoutFrames("I'm from the Makassar office. when did we join?")).toMatch(/Makassar/);
  });

  it('tells the kind a second question of the message asks for, when it differs', () => {
    expect(secondKind('when and where was the governance workshop', 'date')).toBe('place');
    expect(secondKind('what is WiSE, and who runs it on the US side?', 'definition')).toBe(
      'person',
    );
    expect(secondKind('who chairs now? when did they take over', 'person')).toBe('date');
    // One question, or a second one of the same kind, adds nothing.
    expect(secondKind('who proposed the ascn', 'person')).toBeUndefined();
    expect(secondKind('who chairs, and who shepherds', 'person')).toBeUndefined();
  });

  it('reads days written "from 22 to 25 May" as a date, not as an amount', () => {
    expect(evidenceOf('It took place from 22 to 25 May 2018.').number).toBe(false);
    expect(evidenceOf('It met on 8 and 9 July.').number).toBe(false);
    expect(evidenceOf('It took place on 22–25 May 2018.').number).toBe(false);
    expect(evidenceOf('The report counted 77 projects.').number).toBe(true);
  });

  it('does not take "how senior is …" for a how-to: it asks how much of a quality', () => {
    expect(answerKind('how senior is a csco supposed to be')).toBe('other');
    expect(answerKind('how reliable is the mandalay info')).toBe('other');
    // Steps are still asked for by a noun or a participle after the verb.
    expect(answerKind('how cities are chosen')).toBe('howto');
    expect(answerKind('how bsb is managing its river')).toBe('howto');
    expect(answerKind('what came out of the 2021 brunei meeting')).toBe('summary');
    expect(answerKind('results of the governance workshop')).toBe('summary');
    expect(answerKind('how is the ascn governed')).toBe('howto');
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
    expect(answerKind('aec short for')).toBe('definition');
    expect(answerKind('usascp full name')).toBe('definition');
    expect(answerKind('whats a scap')).toBe('definition');
    expect(answerKind('which services are in manila e-services')).toBe('list');
    expect(answerKind('how long was singapore shepherd')).toBe('number');
    expect(answerKind('when did singapore give up the shepherd role')).toBe('date');
    expect(answerKind('g20 countries were invited to which meeting')).toBe('date');
    expect(answerKind('what is missing from the knowledge base')).toBe('other');
    expect(answerKind('what is the process for a new city to join')).toBe('howto');
  });

  it('does not take a yes-or-no question for a list, and finds the noun after "which"', () => {
    // "all", "three cities" or a plural noun do not make a yes-or-no question ask for a list.
    expect(answerKind('do all member cities have to follow the same model')).not.toBe('list');
    expect(answerKind('can a country have more than three cities now')).not.toBe('list');
    expect(answerKind('is beijing funding ascn cities')).not.toBe('list');
    // "which three thai provinces": the noun is "provinces", several of them.
    expect(answerKind('which three thai provinces came in during 2023')).toBe('list');
    // …and "which end results is …": a compound noun ending in a plural.
    expect(answerKind('which three end results is a smart city supposed to balance')).toBe('list');
    // ("what us utility works with …": "works" is the verb, not the noun.)
    expect(answerKind('what us utility works with saigon water')).not.toBe('list');
    // A body, though "programme" sounds like a question about a programme's contents.
    expect(answerKind('which organisation operates the wise water programme')).toBe('person');
    // A theme is a name, not a thing to define; "what is inside" asks for contents.
    expect(answerKind('what was the cambodia 2022 meeting theme')).toBe('person');
    expect(answerKind('what is inside the 2026-2035 action plan')).toBe('other');
    expect(answerKind('whats the time difference between yangon and manila')).toBe('zone');
    expect(answerKind('what time is it in yangon when its 10am in singapore')).toBe('zone');
    // Several things named by a plural noun at the end.
    expect(answerKind('what are the ascf key focus areas')).toBe('list');
  });

  it('gives the same answer whatever the case and punctuation', () => {
    for (const q of ['when was the bali meeting', 'What does a CSCO do']) {
      const plain = kb.ask(q).answer ?? meetings.ask(q).answer;
      for (const variant of [`${q}?`, q.toUpperCase(), `${q} ?!`, `  ${q}.`])
        expect(kb.ask(variant).answer ?? meetings.ask(variant).answer, variant).toBe(plain);
    }
  });

  it('declines words scattered over a page that no sentence holds together', () => {
    const capitals = pageKb(
      'Partners',
      [
        'Japan supports the network with meetings. Capital cities are included in the network.',
        '## Japan and Korea\n\nJapan and Korea hold ministerial talks.',
        '## Japan and the United States\n\nJapan and the United States signed a joint statement.',
        '## The guidebook\n\nJapan published a planning guidebook.',
      ].join('\n\n'),
    );
    expect(capitals.ask('what is the capital of japan').answer).toBeNull();
    expect(capitals.ask('how does japan support the network').answer).toMatch(/Japan supports/);
  });
});

describe('answers that carry the asked fact', () => {
  const chairs = pageKb(
    'Chairs of the network',
    [
      '## Who chairs the network?',
      '',
      'The network is chaired by the country that holds the ASEAN Chair, which also hosts the annual meeting. Malaysia, the 2025 Chair, handed the chairmanship to Deputy Minister Ana Cruz of the Philippines on 9 September 2025. Three Philippine sources report this handover of the chair.',
      '',
      '## Chairs by year',
      '',
      'The network has been chaired, year by year, by these countries:',
      '',
      '| Year | Chair | Note |',
      '|------|-------|------|',
      '| 2018 | Singapore | network launched |',
      '| 2019 | Thailand | 2nd meeting, Bangkok |',
      '| 2020 | Viet Nam | 3rd meeting, online |',
      '| 2021 | Brunei Darussalam | 4th meeting, by video |',
      '| 2022 | Cambodia | nominated in 2021 |',
      '| 2023 | Indonesia | 6th meeting, Bali |',
      '| 2024 | Lao PDR | meeting details not confirmed |',
      '| 2025 | Malaysia | 8th meeting, Kuala Lumpur |',
      '| 2026 | Philippines | date and place not published |',
      '',
      '## How a city joins',
      '',
      'New cities have gone through these steps:',
      '',
      '1. Selection at home: the national ministry chooses the candidates. In 2025 one ministry scored its candidates in an innovation assessment.',
      '2. Candidature: candidate cities attend a meeting before they become members. Three candidate cities attended the 2023 meeting in Bali.',
      '3. Acceptance: the annual meeting accepts the new members, as the 2023 meeting did for three Thai cities.',
      '',
      '## The 2019 meeting',
      '',
      'The second annual meeting was held in Bangkok on 22–23 August 2019. It adopted the terms of reference and discussed how partners take part. According to one source, G20 countries were invited to the meeting.',
    ].join('\n'),
    'governance/chairs.md',
  );

  it('quotes only the rows of a table that hold the year or place asked about', () => {
    expect(chairs.ask('which country holds the chairmanship in 2026').answer).toBe(
      'The network has been chaired, year by year, by these countries:\n- Year: 2026; Chair: Philippines; Note: date and place not published',
    );
  });

  it('quotes the whole list when the question asks for one', () => {
    const answer = chairs.ask('list all the chairs of the network by year').answer ?? '';
    for (const year of ['2018', '2021', '2026']) expect(answer).toContain(`Year: ${year}`);
  });

  it('quotes every step when asked for the steps, each by its first sentence when all would be too long', () => {
    const answer = chairs.ask('steps a new city goes through').answer ?? '';
    expect(answer).toMatch(/^New cities have gone through these steps:\n1\. Selection/);
    expect(answer).toContain('\n2. Candidature');
    expect(answer).toContain('\n3. Acceptance');
  });

  it('quotes a list item whole, with its lead-in, when its later sentence answers', () => {
    expect(chairs.ask('how many candidate cities came to the bali meeting').answer).toBe(
      'New cities have gone through these steps:\n2. Candidature: candidate cities attend a meeting before they become members. Three candidate cities attended the 2023 meeting in Bali.',
    );
  });

  it('answers "who" with the sentence that names a person, not one that names only a place', () => {
    expect(chairs.ask('who handed over the chair to the philippines').answer).toMatch(/Ana Cruz/);
  });

  it('brings the sentence before when it holds the kind of thing asked for', () => {
    // "the meeting" is told by the sentence before, which has its date.
    expect(chairs.ask('g20 countries were invited to which meeting').answer).toMatch(
      /22–23 August 2019[\s\S]*G20 countries were invited/,
    );
  });

  it('does not search for words that only say what kind of answer is wanted', () => {
    // "role" would otherwise pull the section that mentions a role over the one that answers.
    const roles = pageKb(
      'Shepherd',
      [
        '## Who is the Shepherd now?',
        '',
        'Indonesia is the Shepherd now; it took the role over from Singapore in 2023, and the role has been held by two countries so far.',
        '',
        '## What does the Shepherd do?',
        '',
        'The Shepherd advises and supports the Chair of the network.',
      ].join('\n'),
      'roles.md',
    );
    expect(roles.ask('what is the role of the shepherd').answer).toMatch(/advises and supports/);
  });
});

describe('words and numbers that tell the answer apart', () => {
  const kbOf = (body: string) => pageKb('Partners and projects', body);

  it('answers "how many" with the amount of the thing asked about, not another amount', () => {
    const projects = kbOf(
      [
        '## The partnership',
        '',
        'The partnership is the main programme of support. Five partner countries signed its charter in 2018.',
        '',
        '## Its funding',
        '',
        'The partnership committed money to more than 20 partnership projects since 2018.',
      ].join('\n'),
    );
    expect(projects.ask('how many partnership projects').answer).toMatch(/more than 20/);
  });

  it('answers "what does X stand for" with the sentence that spells X out', () => {
    const dilg = kbOf(
      [
        '## Projects',
        '',
        'The DILG reported six projects in 2021. The DILG named them again in 2025.',
        '',
        '## Short forms',
        '',
        'These short forms appear on the pages:',
        '',
        '- ASEC: ASEAN Secretariat, which supports the network.',
        '- DILG: Department of the Interior and Local Government of the Philippines.',
        '- JCM: Joint Consultative Meeting, which reports to the ACC.',
      ].join('\n'),
    );
    expect(dilg.ask('dilg meaning').answer).toMatch(
      /Department of the Interior and Local Government/,
    );
    expect(dilg.ask('dilg full form').answer).toMatch(
      /Department of the Interior and Local Government/,
    );
  });

  it('declines "what is X" when no sentence defines X, only mentions it', () => {
    const capitals = kbOf(
      [
        '## Why smaller cities are members',
        '',
        'The network includes smaller cities on purpose, not only national capitals: Chonburi in Thailand, for example.',
      ].join('\n'),
    );
    expect(capitals.ask('what is the capital of thailand').answer).toBeNull();
    expect(capitals.ask('why does the network include smaller cities').answer).toMatch(
      /on purpose/,
    );
  });

  it('reads typos by the words around them, and mistyped small words as what they are', () => {
    const typos = kbOf(
      [
        '## Online services',
        '',
        'Manila offers online government services to its residents.',
        '',
        '## Meetings',
        '',
        'The high level meeting series began in 2019.',
        '',
        '## Short forms',
        '',
        'These short forms appear on the pages:',
        '',
        '- DILG: Department of the Interior and Local Government of the Philippines.',
        '- JCM: Joint Consultative Meeting, which reports to the ACC.',
      ].join('\n'),
    );
    // "servies" is one letter from both "series" and "services": beside "manila", services.
    expect(typos.ask('online government servies in manila').answer).toMatch(/services/);
    // "meainng" is "meaning": the question asks what DILG stands for, not about DILG.
    expect(typos.ask('dilg meainng').answer).toMatch(/Department of the Interior/);
    // "eaxctly" is "exactly", no subject the knowledge base lacks.
    expect(typos.ask('when did the meeting series begin eaxctly').answer).toMatch(/2019/);
  });

  it('declines a how-to about a thing the knowledge base has never heard of', () => {
    const renewals = kbOf(
      [
        '## The 2021 meeting',
        '',
        'The 2021 meeting renewed the Shepherd for two more years and connected cities with partners.',
      ].join('\n'),
    );
    expect(renewals.ask('how to renew my passport').answer).toBeNull();
    expect(renewals.ask('how do i connect to the office vpn').answer).toBeNull();
    expect(renewals.ask('how was the shepherd renewed').answer).toMatch(/two more years/);
  });

  it('answers a local-time question with the sentence that gives the clock times', () => {
    const zones = kbOf(
      [
        '## Time zones',
        '',
        '- UTC+06:30: Myanmar (Yangon), zone Asia/Yangon.',
        '- UTC+08:00: Singapore, zone Asia/Singapore.',
        '',
        'So a meeting at 10:00 in Singapore is 08:30 in Yangon.',
      ].join('\n'),
    );
    expect(zones.ask('what time is it in yangon when its 10am in singapore').answer).toMatch(
      /08:30 in Yangon/,
    );
  });

  it('does not take "in person" or "personal" for people', () => {
    const bali = kbOf(
      [
        '## The 2023 meeting',
        '',
        'The first in-person meeting since the pandemic was held in Bali in 2023, according to a personal blog.',
      ].join('\n'),
    );
    expect(bali.ask('how many people live in bali').answer).toBeNull();
  });

  it('declines a task or a thing to define named by a word the knowledge base lacks', () => {
    const green = kbOf(
      [
        '## Green cities',
        '',
        'Smart Green Cities is a programme of the European Union for ten cities, with one meeting room per city.',
      ].join('\n'),
    );
    // "deal" (the thing to define) and "book" (the task) are in no page.
    expect(green.ask('what is the eu green deal').answer).toBeNull();
    expect(green.ask('how do i book a meeting room').answer).toBeNull();
    // An unknown word that only qualifies the thing is no reason to decline.
    expect(green.ask('what is the eu green cities programme exactly').answer).toMatch(
      /programme of the European Union/,
    );
  });

  it('does not take a page\'s "application form" for the network being formed', () => {
    const formed = kbOf(
      [
        '## How to join',
        '',
        'There is no application form: cities are put forward by their governments.',
        '',
        '## When the network began',
        '',
        'The network was launched in April 2018 at a summit in Singapore.',
      ].join('\n'),
    );
    expect(formed.ask('when was the network formed').answer).toMatch(/April 2018/);
  });
});

describe("officers' words for what the pages say", () => {
  const kbOf = (body: string) => pageKb('Meetings and money', body);
  const meetings = kbOf(
    [
      '## The 2023 meeting',
      '',
      'The sixth meeting was held in Bali in July 2023. Partners present included DFAT, MLIT and MOLIT. Three cities were accepted as members at the meeting.',
      '',
      '## Meetings',
      '',
      'The members meet once a year. Each meeting is hosted by the chair country.',
      '',
      '## Australian support',
      '',
      'Australia announced funding of AUD 30 million over five years for training in March 2018.',
      '',
      '## The 2022 meeting',
      '',
      'The fifth meeting was held online in August 2022. Its theme was "Addressing Challenges Together". The date and theme all come from one source (a local newspaper), and no outcomes are recorded.',
    ].join('\n'),
  );

  it.each([
    // "showed up" is "present", "pledge" is money, "came in" is "accepted as members".
    ['which partners showed up at the bali meeting', /DFAT, MLIT and MOLIT/],
    ['how much did australia pledge', /AUD 30 million/],
    ['which three cities came in at the 2023 meeting', /accepted as members/],
    // "donors" are partners, "finish" is the end.
    ['which donors were at the bali meeting', /DFAT, MLIT and MOLIT/],
    // "how often" is a frequency: once a year; "over the years" is no content.
    ['how often do they meet', /once a year/],
    // "happened" is no word to find: the meeting's own sentences are the answer.
    ['what happened at the 2022 meeting', /held online in August 2022/],
  ])('%s → understood', (q, expected) => {
    expect(meetings.ask(q).answer).toMatch(expected);
  });

  it('answers with the fact, not with the sentence that says where the fact comes from', () => {
    expect(meetings.ask('what was the 2022 meeting theme').answer).toMatch(
      /Addressing Challenges Together/,
    );
  });
});

describe('numbers the question names', () => {
  it('quotes the sentence about the meeting numbered in the question', () => {
    const japan = pageKb(
      'Japan',
      [
        '## What is the high level meeting?',
        '',
        'The high level meeting is a recurring meeting between Japan and the network. The 2nd meeting was held online in 2020. The 6th meeting took place in Tokyo in October 2024.',
      ].join('\n'),
    );
    expect(japan.ask('where was the 6th high level meeting').answer).toMatch(/Tokyo/);
  });

  it('answers where the 2026 meeting will be with the section saying it is not published', () => {
    const meetings = pageKb(
      'Annual meetings 2018-2026',
      [
        '## 7th annual meeting, 2024',
        '',
        'The seventh annual meeting falls in 2024, in the chair country. Its date and venue are not confirmed.',
        '',
        '## Next annual meeting',
        '',
        'The date and place of the 2026 annual meeting have not been published. It will be hosted by the chair country.',
      ].join('\n'),
    );
    expect(meetings.ask('where will the 2026 annual meeting take place').answer).toMatch(
      /2026 annual meeting have not been published/,
    );
  });
});

describe('the detail asked for inside a longer section', () => {
  it('answers "how many" with a number the question does not already name', () => {
    const growth = pageKb(
      'Growth',
      [
        '## Which river towns joined in 2023?',
        '',
        'Arden, Bexley and Corvin joined the league in 2023, raising membership from 26 to 29 towns. They were accepted at the sixth assembly. Three candidate towns also attended that assembly.',
      ].join('\n'),
    );
    expect(
      growth.ask('how many towns did the league have after the river three joined').answer,
    ).toMatch(/29 towns/);
  });

  it('answers a question about what is missing with the sentence that says it is not recorded', () => {
    const agencies = pageKb(
      'Agencies',
      [
        '## Which agencies lead the work?',
        '',
        'Meeting reports show these lead agencies:',
        '',
        '- Arden: Ministry of Works',
        '- Bexley: Ministry of Roads',
        '',
        'Agencies for Corvin and Dunmore are not recorded in our sources.',
      ].join('\n'),
    );
    expect(agencies.ask('for which countries is no lead agency recorded').answer).toBe(
      'Agencies for Corvin and Dunmore are not recorded in our sources.',
    );
  });

  it('does not take a clause set off by commas for a list of names', () => {
    const programme = pageKb(
      'Green towns',
      [
        '## What is the green towns programme?',
        '',
        'Green Towns is a programme of about EUR 5 million, implemented together with a fund, that supports ten towns in sustainable and smart development. It works beside the league. Our sources do not name the ten towns it supports.',
      ].join('\n'),
    );
    expect(programme.ask('names of the green towns').answer).toMatch(/do not name the ten towns/);
  });

  it('adds, to the sentence about the thing, the one that says what asked is not known', () => {
    const towns = createKnowledgeBase([
      ...parseMarkdown(
        'eu.md',
        page(
          'European Union and the network',
          '## What is the Green Towns programme?\n\nGreen Towns (GT) is an EU-funded programme of about EUR 5.1 million, implemented together with a fund, that supports ten towns in sustainable and smart urban development. It started in 2021. Our sources do not name the ten towns it supports.\n\n## When did it end?\n\nThe end date differs between sources: 2024 or 2025.',
        ),
      ).sections,
      ...parseMarkdown(
        'towns.md',
        page(
          'Member towns',
          '## Towns in Arland\n\nArland has three member towns: Arden, Belmont and Carver.',
        ),
      ).sections,
    ]);
    for (const q of ['which 10 towns are in gt', 'names of the gt towns']) {
      const answer = towns.ask(q).answer;
      expect(answer).toMatch(/^Green Towns \(GT\) is an EU-funded programme/);
      expect(answer).toMatch(/Our sources do not name the ten towns it supports\.$/);
    }
  });

  it('reads "our sources give only the name, not …" as saying what is not known', () => {
    const [intro, gap] = analyzeSentences(
      "Arden's E-government Services is one of six projects reported in 2021. For E-government Services our sources give only the project's name and town, not the services it covers.",
    );
    expect(intro!.evidence.notKnown).toBe(false);
    expect(gap!.evidence.notKnown).toBe(true);
  });

  it('answers "why" with the sentence that gives the reason', () => {
    const towns = pageKb(
      'Member towns',
      [
        '## Why are small towns members?',
        '',
        'Small towns are members as well as capitals. Examples are Arden and Belmont. Including such towns reflects the view that middleweight towns will drive most future growth.',
      ].join('\n'),
    );
    expect(towns.ask('why are small towns like arden members').answer).toMatch(
      /reflects the view that middleweight towns/,
    );
  });

  it('answers "name every …" with the list, not the word "name"', () => {
    expect(answerKind('name every cambodian city in the network')).toBe('list');
  });

  it('answers with the fact rather than the note on its source, unless the source is asked', () => {
    const meeting = pageKb(
      'Meetings',
      [
        '## 5th assembly, 2022',
        '',
        'The fifth assembly was held online on 30 August 2022. Its theme was "Acting Together". The date, chair and theme all come from one source (the Post), and our sources record no further outcomes of this assembly.',
        '',
        '## How many towns are members now?',
        '',
        'The latest count is 34 towns, as the minister said in April 2025. That figure comes from one report, and our sources do not say which towns make it up.',
      ].join('\n'),
    );
    expect(meeting.ask('theme of the 5th assembly').answer).toMatch(/Acting Together/);
    expect(meeting.ask('source of the 34 towns figure').answer).toMatch(/one report/);
  });
});

describe('the n-th item of a list', () => {
  const aims = pageKb(
    'The league',
    [
      '## What is the main goal of the league?',
      '',
      'The main goal of the league is to improve the lives of its citizens.',
      '',
      '## What are the three aims of the league?',
      '',
      'The league has three stated aims:',
      '',
      '1. to help towns cooperate;',
      '2. to start bankable projects with firms;',
      '3. to secure support from partners.',
      '',
      '## 2nd annual meeting, 2019',
      '',
      'The second annual meeting was held in Arden in 2019.',
    ].join('\n'),
  );

  it('quotes the lead-in and the item asked for, from the section that holds the list', () => {
    expect(aims.ask('what is the 2nd aim of the league').answer).toBe(
      'The league has three stated aims:\n2. to start bankable projects with firms;',
    );
    expect(aims.ask('third aim of the league').answer).toMatch(/3\. to secure support/);
  });

  it('still reads an ordinal before a meeting as the meeting it numbers', () => {
    expect(listPosition('where was the 2nd annual meeting')).toBeNull();
    expect(listPosition('where was the 6th asean japan high level meeting')).toBeNull();
    expect(listPosition('what is the fourth ascf focus area')).toMatchObject({ n: 4 });
    expect(aims.ask('where was the 2nd annual meeting').answer).toMatch(/Arden/);
  });
});

describe('answerable paraphrases that used to be declined', () => {
  it('reads "came out" as released, not as "came after"', () => {
    const note = pageKb(
      'The league',
      [
        '## Who proposed the league?',
        '',
        'Arden proposed the league in 2018. A concept note setting out the proposal was released on 27 April 2018.',
        '',
        '## What came after the workshop?',
        '',
        'The workshop was followed by the first assembly on 8 July 2018. The concept note also planned a matchmaking platform next to that assembly.',
      ].join('\n'),
    );
    expect(note.ask('date the concept note came out').answer).toMatch(/27 April 2018/);
    expect(answerKind('latest project count')).toBe('number');
  });

  it('reads a phrase of small words as the concept it names ("get into" is joining)', () => {
    const joining = pageKb(
      'How a town joins the league',
      '## How does a town join?\n\nOur sources describe no public application form for joining the league: new towns have come in through their national governments.',
    );
    expect(joining.ask('do we fill in a form to get into the league').answer).toMatch(
      /no public application form/,
    );
  });

  it("spells out a city's short form when asked for its full form", () => {
    const cities = pageKb(
      'Member cities',
      '## Cities in Viet Nam\n\nViet Nam has three member cities: Da Nang, Ha Noi and Ho Chi Minh City (HCMC). All three use the zone Asia/Ho_Chi_Minh.',
    );
    expect(cities.ask('hcmc full form').answer).toMatch(/Ho Chi Minh City \(HCMC\)/);
  });
});

describe('names the knowledge base lacks', () => {
  it('does not read two unknown words side by side as two typos ("timor leste")', () => {
    const members = pageKb(
      'Members',
      '## Which towns are members?\n\nThe time zone of each member town is listed below. New towns join the league at the annual assembly.',
    );
    expect(members.ask('is timor leste joining the league').answer).toBeNull();
    expect(members.ask('is the time zone of each town listd').answer).toMatch(/listed below/);
  });
});

describe('widening the answer to the sentence with the kind asked', () => {
  it('adds the sentence of the section that holds the number when the quoted ones do not', () => {
    const league = pageKb(
      'Growth',
      [
        '## How has the league grown?',
        '',
        'By the end of 2023 the league counted 29 towns in all. Its assembly meets every spring in Dunmore, in the hall by the harbour. Our sources do not say when the river towns joined the league.',
        '',
        '## The harbour hall',
        '',
        'The harbour hall was painted blue in 2022. Its roof was mended by the towns in 2021.',
      ].join('\n'),
    );
    const answer = league.ask('how many towns after the river towns joined').answer;
    expect(answer).toMatch(/29 towns/);
    expect(answer).toMatch(/do not say when the river towns joined/);
  });
});

describe('where to start', () => {
  it('reads "first thing to do" and "first step" as a how-to, not as something that came first', () => {
    expect(answerKind('first thing to do if my city wants to become a member')).toBe('howto');
    expect(answerKind('what is the first step to join the network')).toBe('howto');
  });
});

describe('whom to ask', () => {
  it('answers "who can give me …" with the sentence that says whom to ask', () => {
    const plan = pageKb(
      'The river plan 2026-2035',
      [
        '## When was the river plan prepared?',
        '',
        'The river plan 2026-2035 was being prepared at the eighth assembly in Dunmore. Our sources do not say who drafts it.',
        '',
        '## What is not yet known about the river plan?',
        '',
        'Its text and targets have not been published. For the current draft of the river plan, ask your national delegate or the league office.',
      ].join('\n'),
    );
    expect(plan.ask('who can give me the draft of the river plan').answer).toMatch(
      /ask your national delegate/,
    );
  });

  it('reads "who should my town contact" as whom to turn to, with "contact" no topic word', () => {
    const league = pageKb(
      'How a town enters the league',
      [
        'A town that wants to enter the league should start with its national delegate.',
        '',
        '## What came of the first workshop?',
        '',
        'Partner contacts: towns met partners and kept their contacts for later twinning.',
      ].join('\n'),
    );
    expect(league.ask('who should my town contact to enter the league').answer).toMatch(
      /start with its national delegate/,
    );
  });
});

describe('idioms that name nothing to look for', () => {
  it('reads "in the first place" as originally, not as a first place', () => {
    const league = pageKb(
      'The river league',
      [
        '## Who proposed the league?',
        '',
        'Dunmore proposed the river league in 2019.',
        '',
        '## Which town took first place in the river race?',
        '',
        'Harlow took first place in the first river race, ahead of Dunmore.',
      ].join('\n'),
    );
    expect(league.ask('who came up with the league in the first place').answer).toMatch(
      /Dunmore proposed/,
    );
  });
});

describe('irregular verbs and chat fragments', () => {
  it('finds "took over" for "take", and "held" for "hold"', () => {
    const league = pageKb(
      'The river league',
      [
        '## Who chairs the league?',
        '',
        'Dunmore took over the chair of the river league on 9 May 2025.',
        '',
        '## What will the league take up next?',
        '',
        'The league plans to take up flood maps and a chair for each town board.',
      ].join('\n'),
    );
    expect(league.ask('when did dunmore take the chair').answer).toMatch(/9 May 2025/);
    expect(stem('held')).toBe(stem('hold'));
  });

  it('keeps apart words the stemmer joins: initiative / initial, governance / government', () => {
    expect(stem('initiatives')).toBe(stem('initiative'));
    expect(stem('initiative')).not.toBe(stem('initial'));
    expect(stem('initiated')).toBe(stem('initiate'));
    expect(stem('governance')).not.toBe(stem('government'));
    expect(stem('assistant')).not.toBe(stem('assists'));
  });

  it('reads "sign it up" as "sign up", with the pronoun no word to look for', () => {
    const league = pageKb(
      'The river league',
      [
        '## How does a town enrol?',
        '',
        'A town enrols in the river league through its national delegate.',
        '',
        '## Which town is a league of its own?',
        '',
        'Harlow is a member in itself, a single-town state.',
      ].join('\n'),
    );
    expect(league.ask('can a town sign itself up').answer).toMatch(/through its national delegate/);
  });

  it('does not search for "these days" or "at the moment", which only ask for the latest state', () => {
    const searched = maskKindPhrases(words('how big is the league these days at the moment'));
    expect(searched).not.toContain('days');
    expect(searched).not.toContain('moment');
    expect(searched).toContain('league');
  });

  it('reads chat requests and words: "remind me", "happening", "drawn up"', () => {
    const league = pageKb(
      'The river league',
      [
        '## What are the three aims of the league?',
        '',
        'The league has three aims: cleaner rivers, shared flood maps and joint training.',
        '',
        '## When is the 2027 assembly?',
        '',
        'The date and place of the 2027 assembly have not been published.',
        '',
        '## Where was the river plan prepared?',
        '',
        'The river plan was prepared at the eighth assembly in Dunmore.',
      ].join('\n'),
    );
    expect(league.ask('could you remind me what the three aims of the league are').answer).toMatch(
      /cleaner rivers/,
    );
    expect(league.ask("when's the 2027 assembly happening").answer).toMatch(/not been published/);
    expect(league.ask('the river plan, where was it being drawn up').answer).toMatch(/Dunmore/);
  });

  it('reads "X is what exactly" and "what exactly is X" as asking what X is', () => {
    expect(answerKind('kampong ayer is what exactly')).toBe('definition');
    expect(answerKind('kampong ayer is what exactly po')).toBe('definition');
    expect(answerKind('jaif is what ah')).toBe('definition');
    expect(answerKind('what exactly is kampong ayer')).toBe('definition');
    expect(answerKind('jcm means what')).toBe('definition');
    expect(answerKind('what actually happened at the assembly')).toBe('summary');
  });

  it('reads a fragment led by "year" as a question for a date', () => {
    expect(answerKind('year the river league kicked off')).toBe('date');
    expect(answerKind('year')).not.toBe('date');
  });
});

describe('a list item that names and explains', () => {
  it('answers "what is X" with the item "X Y: …" of a list of programmes', () => {
    const programmes = pageKb(
      'The partnership',
      [
        '## What did the joint statement say?',
        '',
        'In a joint statement the two partners announced a River Sisters Program for the league towns and agreed on joint training.',
        '',
        '## What programmes does the partnership run?',
        '',
        'The partnership runs several programmes for league towns:',
        '',
        '- **River Sisters**: town-to-town twinning between league towns and partner towns.',
        '- **Expert Advisors**: expert support for town projects.',
      ].join('\n'),
    );
    expect(programmes.ask('what is river sisters').answer).toMatch(/town-to-town twinning/);
  });
});

describe('ranking by the number asked', () => {
  it('prefers the section that states the count over one that only has an amount near the words', () => {
    const partnership = pageKb(
      'The river partnership (RP)',
      [
        'The river partnership supports the league. It committed over $10 million to more than 20 RP projects since 2018.',
        '',
        '## What is the river partnership?',
        '',
        'The river partnership (RP) is the main programme of support for league towns. It was announced in 2018 by the partner. Its RP projects cover water, transport and energy. A study names five committed partners of the league.',
      ].join('\n'),
    );
    expect(partnership.ask('how many rp projects').answer).toMatch(/more than 20/);
  });
});

describe('everyday words for the pages words (fifth round)', () => {
  const kb = () =>
    createKnowledgeBase(
      parseMarkdown(
        'p.md',
        `---\ntitle: Officers\nsummary: A page written by a test.\ntags: [test]\nsources:\n  - https://example.org/test\nupdated: 2026-02-01\n---\n\n# Officers\n\nThe network has officers in every city.\n\n## How senior is an officer?\n\nAn officer's status is equivalent to that of a chief urban planner.\n\n## Who chairs it?\n\nMalaysia passed the chairmanship to Marlo Iringan in 2025.\n\n## How much did the pilot get?\n\nThe Phuket pilot got a government injection of about US$13 million.\n`,
      ).sections,
    );

  it('reads "on par with" as equivalent, "received" as handed over, "amount" as a number asked', () => {
    expect(kb().ask('officer is on par with what position').answer).toContain(
      'chief urban planner',
    );
    expect(kb().ask('who recieved the chairmanship from malaysia').answer).toContain('Iringan');
    expect(kb().ask('phuket govt funding amount').answer).toContain('13 million');
  });
});

describe('the sentence that carries the detail asked (sixth round)', () => {
  it('reads a span typed with a hyphen as the same span written with an en dash', () => {
    const shepherd = pageKb(
      'Shepherd',
      [
        '## Who is the shepherd now?',
        '',
        'Lanora is the shepherd now; it took the role over from Veloria in 2023. A statement of 11 December 2025 describes Lanora as "Shepherd (2025-2027)". Sources differ on the years of its term: they give 2023–2025, 2024–2026 and 2025–2027. Our sources do not say whether the 2025–2027 term is a renewal or a continuation.',
      ].join('\n'),
    );
    expect(shepherd.ask("is lanora's 2025-2027 shepherd term a renewal").answer).toContain(
      'renewal',
    );
  });

  it('lets a sentence that points back to the dated one answer without the year itself', () => {
    const town = pageKb(
      'Orvale traffic',
      [
        'Orvale joined the league in 2018.',
        '',
        ...['port', 'market', 'school', 'bridge', 'park', 'library', 'museum', 'stadium'].flatMap(
          (place) => [`## What is the Orvale ${place}?`, '', `Orvale has one ${place}.`, ''],
        ),
        '## How does Orvale monitor traffic?',
        '',
        'Orvale was monitoring its traffic through automated control centres in 2018, according to one article in Metro Weekly. The article does not describe the equipment or the results. The same article named Tessa Marn as the chief smart city officer of Orvale at that time.',
      ].join('\n'),
    );
    expect(town.ask('who was the chief smart city officer of orvale in 2018').answer).toContain(
      'Tessa Marn',
    );
  });

  it('reads "what kinds of" as a list asked for, not as a word to look for', () => {
    const partners = pageKb(
      'Partners',
      [
        ...['Lanora', 'Veloria', 'Castel'].flatMap((name) => [
          `## What does ${name} do?`,
          '',
          `${name} is mentioned as one kind of donor in the news.`,
          '',
        ]),
        '## Who are the league partners?',
        '',
        'The league partners include, according to a 2020 study, five committed collaborators.',
        '',
        'The league charter refers to dialogue, sectoral, development and other partners, but no formal list exists.',
      ].join('\n'),
    );
    expect(partners.ask('what kinds of partners does the charter mention').answer).toContain(
      'dialogue, sectoral, development',
    );
  });

  it('answers "what share" with a percentage rather than another amount', () => {
    expect(answerKind("what share of the region's growth would middleweight towns drive")).toBe(
      'number',
    );
    expect(answerKind('which two areas had about 26 percent of projects')).not.toBe('number');
    const growth = pageKb(
      'Growth',
      [
        '## Why does the league include small towns?',
        '',
        "The league includes smaller towns, not only capitals. Examples are Lanora and Veloria. Including such towns reflects the view that middleweight towns of 200,000 to 2 million people will drive a large share of the region's future growth.",
        '',
        '## Why was the league set up?',
        '',
        "The league was set up because most growth comes from towns. The founding note expected middleweight towns of 200,000 to 2 million residents to drive around 40% of the region's growth. Fast growth brings congestion and poverty.",
      ].join('\n'),
    );
    expect(
      growth.ask("what share of the region's growth would middleweight towns drive").answer,
    ).toContain('40%');
  });

  it('answers a question asking for an example with the sentence that gives one', () => {
    const area = pageKb(
      'Areas',
      [
        '## What is the Quiet Water area?',
        '',
        "Quiet Water is one of the six focus areas that the league charter sets for projects. Our sources give no share or count for it. In the editors' reading, river projects such as the Clean Reach scheme fit this area.",
      ].join('\n'),
    );
    expect(area.ask('example project that fits the quiet water area').answer).toContain(
      'Clean Reach',
    );
  });
});

describe('chat around the question, on the shipped pages', () => {
  let shipped: KnowledgeBase;
  beforeAll(async () => {
    // The day the pages were checked: "this year" in these questions is 2026.
    shipped = createKnowledgeBase(
      (await readDocs(SHIPPED_DOCS)).flatMap((f) => parseMarkdown(f.path, f.markdown).sections),
      undefined,
      { today: () => new Date('2026-12-01T00:00:00Z') },
    );
  });

  it('reads "puts it together" as drafting and "put online" as publishing', () => {
    expect(shipped.ask('the yearly ascn report, who puts it together').answer).toMatch(
      /ASEAN Secretariat \(ASEC\) produces the ASCN annual report/,
    );
    expect(shipped.ask('where were the scaps put online').answer).toMatch(/asean\.org/);
  });

  it('reads "block my calendar" as the errand and a get-together as a meeting', () => {
    expect(withoutFrames('need to block my calender - when is the 2026 meeting')).toBe(
      'when is the 2026 meeting',
    );
    expect(
      shipped.ask(
        "need to block my calender - when is this year's get-together that the philippines is hosting?",
      ).answer,
    ).toMatch(/have not been published/);
  });

  it('declines a how-to about a thing no page knows, in whichever sentence it is asked', () => {
    expect(
      shipped.ask(
        'Magandang hapon po, my passport expires before the next trip. How do I renew a Philippine passport at DFA Aseana, need appointment ba?',
      ).answer,
    ).toBeNull();
  });

  it('answers a clock time asked across zones with the sentence that converts one', () => {
    expect(
      shipped.ask(
        "Morning! Setting up a call with the Mandalay and Singapore teams - if it's 10am in Singapore, what time is it in Yangon?",
      ).answer,
    ).toMatch(/08:30 in Yangon/);
  });

  it('reads "compiling our hosting history for the minister" as the errand, not a minister asked for', () => {
    expect(
      shipped.ask(
        'Hi, Bandar team here. Compiling our hosting history for the minister - who chaired the 2021 meeting that Brunei hosted by video?',
      ).answer,
    ).toMatch(/Haji Mohammad Nazri/);
  });

  it('reads a yes-or-no question that opens with a time phrase as the one that asks', () => {
    expect(
      shipped.ask(
        'Sawasdee ka, Bangkok CSCO office. During our 2019 chairmanship did Thailand say it wanted China as a partner? need it for a briefing na ka',
      ).answer,
    ).toMatch(/Thailand named China as a possible ASCN partner/);
  });

  it('declines a theme no page gives, asked as one of a choice', () => {
    expect(shipped.ask('what was the theme or tagline of ASCN8 in KL').answer).toBeNull();
  });

  it('reads "quick one from X" as who asks', () => {
    expect(
      withoutFrames('Hi boss, quick one from Kuching finance unit: is there a common fund?'),
    ).toBe('is there a common fund?');
  });

  it('reads Malay and Filipino question words mixed into English chat', () => {
    expect(shipped.ask('shepherd ascn skrg siapa ya').answer).toMatch(
      /^Indonesia is the ASCN Shepherd/,
    );
  });

  it('reads "approved" as adopted', () => {
    expect(shipped.ask('what governing document got approved in bangkok in 2019').answer).toMatch(
      /adopted the ASCN Terms of Reference/,
    );
  });

  it('reads "junior" as a question about how senior a post is', () => {
    expect(shipped.ask('is a csco a junior post').answer).toMatch(/senior official/);
  });

  it('reads "equal to", "post" and "position" in a question about how senior the CSCO is', () => {
    for (const q of [
      'HR is asking how senior the csco post should be. equivalent to what position?',
      'my mayor asks whether the csco post is meant to be a senior one — what level is it considered equal to',
    ])
      expect(shipped.ask(q).answer, q).toMatch(/Chief Urban Planner/);
    // "HR is asking" says who asks, like "HR asks".
    expect(withoutFrames('HR is asking how senior the csco post should be')).toBe(
      'how senior the csco post should be',
    );
  });

  it('defines the project asked about, not the place whose short form a sentence spells out', () => {
    // "Bandar Seri Begawan (BSB)" in the page's first sentence spells out the place, not the project.
    expect(shipped.ask("what is bsb's clean river project about").answer).toMatch(
      /river so that its water stays clean|keeping the city's river water clean/,
    );
    // Asked what the short form stands for, a sentence that spells it out answers.
    expect(shipped.ask('bsb full form').answer).toMatch(/Bandar Seri Begawan \(BSB\)/);
  });

  it('answers "what is X" for a role with what the role does', () => {
    // "What does the ASCN Shepherd do?" answers it; the list of what is unclear about the
    // Shepherd's terms, whose heading starts "What is", does not.
    for (const q of ['what is the shepherd', 'shepherd meaning', "what's the ascn shepherd"]) {
      const a = shipped.ask(q);
      expect(a.answer, q).toMatch(/^The ASCN Shepherd advises and supports the ASCN Chair/);
      expect(a.citation?.heading, q).toBe('What does the ASCN Shepherd do?');
    }
  });

  it('reads "what does the role involve" as asking what the role is', () => {
    for (const q of ['what does the shepherd role involve', 'what does the shepherd job entail'])
      expect(shipped.ask(q).citation?.heading, q).toBe('What does the ASCN Shepherd do?');
  });

  it('reads a year range written short ("2026-35") as the pages write it', () => {
    const full = shipped.ask('what is the 2026-2035 action plan');
    expect(full.answer).toMatch(/Action Plan 2026–2035 is the next action plan/);
    expect(shipped.ask('what is the 2026-35 action plan').answer).toBe(full.answer);
  });

  it('does not take the city a sender names to introduce themselves for the city asked about', () => {
    const plain = shipped.ask('how is home affairs choosing new indonesian members');
    expect(plain.answer).toMatch(/Innovation Assessment/);
    expect(
      shipped.ask('makassar here — how is home affairs choosing new indonesian members').answer,
    ).toBe(plain.answer);
    // …unless the question is about "we": then it is about their city.
    expect(shipped.ask('makassar here — when did we join').answer).toMatch(/Makassar/);
  });

  it("answers a detail of a project from the page's section that holds it, not from the page's intro", () => {
    // The intro shares the project's name; only "what is not known" holds the budget.
    expect(
      shipped.ask('any budget figure for the BSB clean river management project?').answer,
    ).toMatch(/do not give the budget/);
    // Without a detail asked for, the intro still answers.
    expect(shipped.ask('BSB clean river management project').answer).toMatch(
      /one of two smart city projects/,
    );
  });

  it('does not search a greeting, an errand or who wants to know: they name nothing asked', () => {
    const pairs = [
      [
        "for my mayor's speech: whose idea was the ascn in the first place",
        'whose idea was the ascn in the first place',
      ],
      [
        'prepping for the july meeting — how does the network report its progress to the leaders',
        'how does the network report its progress to the leaders',
      ],
      [
        'good morning all! when was the first annual meeting held? salamat',
        'when was the first annual meeting held',
      ],
      ["need the ascn's 3 objectives for our council briefing", "the ascn's 3 objectives"],
      [
        'hello from the sumedang team! is the framework legally binding on our regency',
        'is the framework legally binding on our regency',
      ],
      // Who asked, named without "my" or "our": the place in it is not the question's.
      [
        'Lao NR asked for the portal link. whats the ascn online portal url',
        'whats the ascn online portal url',
      ],
    ];
    for (const [framed, plain] of pairs) {
      const answer = shipped.ask(plain!).answer;
      expect(answer, plain).not.toBeNull();
      expect(shipped.ask(framed!).answer, framed).toBe(answer);
    }
    // Their words are no part of the question: "annual meeting" in the errand does not make
    // a question about the population of Bangkok one about the Bangkok meeting.
    expect(
      shipped.ask('for our annual meeting deck: what is the population of bangkok').answer,
    ).toBeNull();
    expect(
      shipped.ask("need it for our council briefing, what's the gdp of singapore").answer,
    ).toBeNull();
    expect(shipped.ask('for the annual report: how many cities are in the ascn').answer).toBe(
      shipped.ask('how many cities are in the ascn').answer,
    );
  });

  it('keeps what a city wants when it is the question ("our city wants to become a member")', () => {
    expect(shipped.ask('our city wants to become a member, where do we start').citation?.path).toBe(
      'network/joining.md',
    );
  });

  it("does not take the place of the sender's team for a place asked about", () => {
    expect(
      shipped.ask(
        'our khon kaen team found a photo from a june 2019 roundtable in bangkok. what did members do there',
      ).citation?.anchor,
    ).toBe('ascn-roundtable-bangkok-june-2019');
  });

  it('reads a clause after a question without a question word as an aside ("…? dont want to quote it wrongly")', () => {
    const answer = shipped.ask(
      'is this assistant an official asean service or just a helper tool? dont want to quote it wrongly in our council memo',
    ).answer;
    expect(answer).toMatch(/ASCN Assistant/);
  });

  it('does not search the sender introducing themselves before a message ("sihanoukville team here 👋 …")', () => {
    expect(
      shipped.ask(
        'sihanoukville team here 👋 which other cambodian cities are in the network with us',
      ).answer,
    ).toMatch(/(?=[\s\S]*Battambang)(?=[\s\S]*Phnom Penh)(?=[\s\S]*Siem Reap)/);
  });

  it('declines a detail the answering section lacks though other pages name it ("budget")', () => {
    expect(shipped.ask("what is asec's budget for ascn in 2026").answer).toBeNull();
    // The same section answers what it holds, and "the process for" asks how, not for a detail.
    expect(shipped.ask('who hosts the 2026 annual meeting').answer).toMatch(/Philippines/);
    expect(shipped.ask('what is the process for a new city to enter the network').answer).toMatch(
      /member state|national/i,
    );
    // A detail a page states or lacks, named anywhere in the question…
    for (const q of [
      'fax number of the ascn secretariat office',
      'theme of the 2019 bangkok annual meeting',
      'registration fee for the smart city connect exhibition',
      'what population figure does the network list for cauayan city',
    ])
      expect(shipped.ask(q).answer, q).toBeNull();
    // …and answered where the section has it, by the page's word or its synonym.
    expect(
      shipped.ask('the 2022 meeting hosted by cambodia had a slogan right? what was it').answer,
    ).toMatch(/Addressing Challenges Together/);
    expect(shipped.ask('how much did the bsb clean river project cost').answer).toMatch(
      /do not give the budget/,
    );
  });

  it('does not take a verb form or a spelling the pages lack for the thing to define', () => {
    expect(shipped.ask("what's this business matching thing i keep hearing about").answer).toMatch(
      /Business matching/,
    );
    expect(shipped.ask("bsb river cleanup thing — what's it about").answer).toMatch(
      /Clean Water River Management/,
    );
  });

  it("reads a country code with a possessive, and officers' words for priorities and the Secretary-General", () => {
    expect(
      shipped.ask("vn's national smart city plan, what are its 3 main pillars").answer,
    ).toMatch(/three priorities: smart urban planning/);
    expect(
      shipped.ask('which asean sg described a smart city as using science tech digital solutions')
        .answer,
    ).toMatch(/Lim Jock Hoi/);
  });

  it('answers "what does X stand for" from the entry that defines X, not a sentence that uses it', () => {
    for (const q of ['what does jaif stand for', 'JAIF full name? drafting a footnote'])
      expect(shipped.ask(q).answer, q).toMatch(/JAIF: the fund[\s\S]*do not spell out the acronym/);
  });

  it('answers "which country" with the country, though the answer does not say "country"', () => {
    expect(shipped.ask('MOLIT is the ministry of which country').answer).toMatch(
      /^These acronyms[^\n]*\n- MOLIT: the Republic of Korea's ministry/,
    );
    expect(shipped.ask('which country came up with the ascn idea').answer).toMatch(
      /Singapore proposed/,
    );
  });

  it('does not take a month for a person who answers "who"', () => {
    // "…prepared at ASCN8 … in September 2025" names no one; the officers who draft plans do.
    const a = shipped.ask('who writes a citys action plan');
    expect(a.citation?.path).toBe('initiatives/action-plans.md');
    expect(a.answer).toMatch(/Chief Smart City Officers/);
  });

  it("answers a city's time zone with the city's own zone, not the page's opening sentence", () => {
    expect(shipped.ask('what timezone is sihanoukville on').answer).toMatch(/Asia\/Phnom_Penh/);
    expect(
      shipped.ask('what time zone is cauyan city on? setting up our team calendar').answer,
    ).toMatch(/Asia\/Manila/);
  });

  it("declines another body's event, named by a name the pages have never seen", () => {
    expect(shipped.ask("when's the next APEC leaders' meeting").answer).toBeNull();
    expect(shipped.ask('when is the next c40 world mayors summit').answer).toBeNull();
    // The network's own meetings are still answered, the unknown ones too.
    expect(shipped.ask('when is the next ascn annual meeting').answer).toMatch(
      /not (?:yet )?(?:been )?published|2026/,
    );
  });

  it("reads officers' short forms of the pages' words ('HLM', 'usec')", () => {
    expect(shipped.ask('6th asean-japan HLM - when & where').answer).toMatch(/Tokyo/);
    expect(shipped.ask('name of the DILG usec who received the chair').answer).toMatch(/Iringan/);
  });

  it('reads "us" at the end of a question as the sender, not the United States', () => {
    const plain = shipped.ask('which cambodian cities are in the network').answer;
    expect(plain).toMatch(/(?=[\s\S]*Battambang)(?=[\s\S]*Phnom Penh)(?=[\s\S]*Siem Reap)/);
    expect(shipped.ask('which cambodian cities are in the network with us').answer).toBe(plain);
  });

  it('reads country codes and chat short forms ("PH", "Msia") as the member states', () => {
    const full = shipped.ask(
      'handover of the chairmanship from malaysia to the philippines, what date',
    );
    expect(full.answer).toMatch(/9 September 2025/);
    expect(shipped.ask('handover of the chairmanship from msia to ph, what date').answer).toBe(
      full.answer,
    );
    expect(shipped.ask('ph cities in ascn, all of them').answer).toMatch(
      /(?=[\s\S]*Cebu)(?=[\s\S]*Davao)(?=[\s\S]*Manila)(?=[\s\S]*Cauayan)/,
    );
  });

  it('does not hold against an answer what a clause after the question says about the sender', () => {
    const plain = shipped.ask('who chairs the ascn in 2026');
    expect(plain.answer).toMatch(/Philippines/);
    // "mayor" there is no office asked about, nor "briefing" a word the answer must hold.
    expect(
      shipped.ask("who chairs the ascn in 2026? need it for the mayor's briefing tomorrow").answer,
    ).toBe(plain.answer);
  });

  it('answers "who are you" and "what can you do" with what the assistant is', () => {
    for (const q of ['who are you', 'what can you do?', 'hi, how do you work'])
      expect(shipped.ask(q).answer, q).toMatch(/^The ASCN Assistant is a chat companion/);
    // Who made it, the pages do not say ("made" had been answered with what the ACC is made of).
    expect(shipped.ask('who made you').answer).toBeNull();
    // A question about something else, asked of "you", is about that thing.
    expect(shipped.ask('what do you know about the shepherd').answer).toMatch(/Shepherd advises/);
  });

  it('searches no web address or file path: on their own they are declined', () => {
    for (const q of ['https://asean.org/ascn', '../../etc/passwd', '/etc/passwd'])
      expect(shipped.ask(q).answer, q).toBeNull();
    expect(shipped.ask('see https://asean.org/ascn — who chairs the ascn in 2026').answer).toMatch(
      /^The Philippines chairs the ASEAN Smart Cities Network in 2026/,
    );
  });

  it('does not search greetings, sign-offs or "ours"', () => {
    const plain = shipped.ask('what does business matching mean for a city');
    expect(plain.answer).toMatch(/business matching/i);
    for (const q of [
      'good morning! what does business matching mean for a city like ours',
      'what does business matching mean for a city, cheers',
      'apologies, what does business matching mean for a city etc',
    ])
      expect(shipped.ask(q).answer, q).toBe(plain.answer);
  });

  it('answers a choice although its last alternative, the guess, is not on the page', () => {
    // "helper tool" is nowhere in the pages; "an official asean thing" is, and is answered.
    expect(
      shipped.ask('is this assistant an official asean thing or just a helper tool').answer,
    ).toMatch(/not an official ASEAN publication/);
  });

  it('reads "euro" as the pages\' EUR, but "euro 2024" as the football championship', () => {
    expect(shipped.ask('sgac is how many euro ah').answer).toMatch(/EUR 5\.1 million/);
    expect(shipped.ask('who won the euro 2024 final').answer).toBeNull();
  });

  it('answers a guess to check with what the page says, though the place guessed is wrong', () => {
    expect(shipped.ask('was the 2019 annual meeting in hanoi').answer).toMatch(
      /second ASCN annual meeting was held in Bangkok/,
    );
    expect(shipped.ask('is cauayan in thailand').answer).toMatch(/Cauayan City[^.]*Philippines/);
    expect(shipped.ask('the 1st asean-japan hlm was in yokohama right').answer).toMatch(
      /first meeting are not confirmed/,
    );
    // A place asked about, not a guess to check, is still required of the page.
    expect(shipped.ask('is the 2025 sea games in thailand').answer).toBeNull();
    expect(shipped.ask('where is the 2019 annual meeting in hanoi held').answer).toBeNull();
  });

  it('answers "what month" with the page saying the month is not known, not with the year', () => {
    for (const q of ['what month did cauayan come in', 'month cauayan came in?'])
      expect(shipped.ask(q).answer, q).toMatch(/do not give the month/);
  });

  it('answers "how many" with the count, not the sentence holding the number guessed', () => {
    expect(shipped.ask('how many cities in ascn now ka, still 31?').answer).toMatch(
      /^The latest count of ASCN member cities in our sources is 34/,
    );
  });

  it('answers the sentence that asks, after a greeting, an introduction and the story', () => {
    expect(
      shipped.ask(
        'Hi all, Kuching CSCO office. In a council briefing someone claimed the ASCF was written only by Singapore. Who actually drafted it? Cheers',
      ).answer,
    ).toMatch(/^Singapore wrote the first draft/);
    expect(
      shipped.ask(
        "hi, I'm the new smart city officer in Rayong, still learning the ropes. how do cities actually apply the ascf in practice? thanks krub",
      ).answer,
    ).toMatch(/aligning their Smart City Action Plans/);
    // The sender's city is not asked about, nor is a detail the pages never hold.
    expect(
      shipped.ask(
        'Good evening, NR office Jakarta. Which hotel hosted the Bali 2023 ASCN meeting? We need it for the delegation report. terima kasih',
      ).answer,
    ).toBeNull();
  });

  it('keeps the sentence break of a dropped errand, so who asks stays out of the question', () => {
    expect(
      shipped.ask(
        'Good morning, HR at the Sihanoukville municipal admin. We are appointing a new CSCO, how senior is the role supposed to be? Thank you',
      ).answer,
    ).toMatch(/meant to be a senior official/);
    expect(
      shipped.ask(
        'Hi, ASEC legal affairs intern. for a footnote in a report: when was the ASCF adopted by the leaders? many thanks',
      ).answer,
    ).toMatch(/November 2018: the framework was adopted at the 33rd ASEAN Summit/);
  });

  it('reads a 24-hour clock time ("10:00 singapore time") like "10am"', () => {
    for (const q of [
      'if our call is set for 10:00 singapore time, what time is that for the colleagues in yangon',
      'call is 10:00 singapore time - what time in yangon?',
    ])
      expect(shipped.ask(q).answer, q).toMatch(/08:30 in Yangon/);
  });

  it('drops the errand of a message ("for a timeline graphic:") from the question', () => {
    expect(
      shipped.ask(
        'hey, CLC research intern here. for a timeline graphic: how long was Singapore the ASCN shepherd? cheers',
      ).answer,
    ).toMatch(/four years \(two terms\)/);
  });

  it('reads "my supervisor asks whether…" as the question, not the introduction before it', () => {
    expect(
      shipped.ask(
        'hi, ASEC comms intern here. my supervisor asks whether this assistant is an official ASEAN service or not, bc we might quote it in the newsletter. pls advise',
      ).answer,
    ).toMatch(/not an official ASEAN publication/);
  });

  it('reads a yes-or-no question after an introduction as the question', () => {
    expect(
      shipped.ask(
        'Hi, intern at the ASEC M&E unit here. Is there a per-city breakdown of the ~108 projects? I need it for a dashboard. thx!',
      ).answer,
    ).toMatch(/no breakdown of the 108 projects by city/);
  });

  it('keeps what a boss asked to find: it is the question, not who asks', () => {
    expect(
      shipped.ask(
        'Hi po, im an intern at DILG. boss asked me to find the host city and dates of APEC 2026, can u check? thanks po',
      ).answer,
    ).toBeNull();
    expect(
      shipped.ask('my director asked me to find out who chairs the ascn in 2026').answer,
    ).toMatch(/Philippines/);
  });

  it('keeps the question mark of a question whose sign-off is dropped', () => {
    expect(
      shipped.ask(
        'Hi, intern at the Indian embassy ASEAN desk. Does India have an ASCN partnership? need it for a brief, thanks ji',
      ).answer,
    ).toMatch(/No ASCN-specific partnership with India/);
  });

  it('reads an ordinal before a meeting\'s short form ("6th hlm", "5th mtg") as naming the meeting', () => {
    expect(shipped.ask('6th asean-japan hlm').answer).toMatch(/Tokyo on 29–30 October 2024/);
    expect(shipped.ask('5th mtg theme').answer).toMatch(/Addressing Challenges Together/);
  });

  it('reads "what came out of the workshop" as its results', () => {
    expect(shipped.ask('what came out of the scgw').answer).toMatch(/three main results/);
  });

  it('reads a yes-or-no question whose question mark ends a later clause of its sentence', () => {
    expect(
      shipped.ask(
        'hi! setting up the shared calendar for the Cambodian and Myanmar CSCOs. do any ascn cities use daylight saving time, or are the offsets fixed all year? tq',
      ).answer,
    ).toMatch(/no ASEAN country uses daylight saving time/);
  });

  it('reads the clause led by a question word as the question, not an errand holding one', () => {
    expect(
      shipped.ask(
        'Hi! intern at ASEC here 🙂 writing a 1-pager on why the network was created. what urbanisation numbers did the concept note use? thank youu',
      ).answer,
    ).toMatch(/90 million more people/);
  });

  it('judges a how-to by its own object, not by a word of a remark after it', () => {
    expect(
      shipped.ask(
        "Hi, I'm preparing a briefing for our Permanent Representative's office. How does the ASCN report its progress up to the Leaders? A short chain is fine. thanks",
      ).answer,
    ).toMatch(/Joint Consultative Meeting/);
    expect(shipped.ask('how do I renew my passport? a short answer is fine').answer).toBeNull();
  });

  it('reads "us" before a noun it describes as the United States ("phuket us partner")', () => {
    expect(shipped.ask('phuket us partner').answer).toMatch(
      /Phuket[^\n]*The Water Council, Milwaukee/,
    );
  });

  it('declines "which X" when the pages have never seen an X', () => {
    for (const q of [
      'which convention centre in kl was the venue for ascn8',
      'which hotel hosted the bali 2023 meeting',
      'which hotel or convention centre in KL hosted ASCN8? need the venue name for the invite',
    ])
      expect(shipped.ask(q).answer, q).toBeNull();
    expect(shipped.ask('which minster chaired the 2020 online meeting').answer).toMatch(
      /Pham Hong Ha/,
    );
  });

  it('reads "what\'s (actually) in the plan" as asking for its contents', () => {
    for (const q of [
      'whats in the 2026-2035 plan',
      "what's actually in the new 2026-2035 action plan",
    ])
      expect(shipped.ask(q).answer, q).toMatch(/contents[^.]*not been published/);
  });

  it('finds "the jaif-funded project" in "a project funded through JAIF"', () => {
    expect(shipped.ask('who implemented the jaif-funded project with japan').answer).toMatch(
      /Urban Renaissance Agency/,
    );
  });

  it("leaves the region's thank-yous and greetings out of the question", () => {
    const plain = shipped.ask('which thai cities joined in 2023').answer;
    expect(plain).toMatch(/Chiang Mai, Khon Kaen and Rayong/);
    for (const thanks of [
      'khob khun krub',
      'kob kun ka',
      'khop jai',
      'maraming salamat',
      'sabai dee',
    ])
      expect(shipped.ask(`which thai cities joined in 2023 ${thanks}`).answer, thanks).toBe(plain);
    for (const greeting of ['magandang umaga po', 'selamat siang', 'sua sdei'])
      expect(shipped.ask(`${greeting} which thai cities joined in 2023`).answer, greeting).toBe(
        plain,
      );
  });

  it("declines an edition of another body's event, named by a name and its year", () => {
    expect(shipped.ask('apec 2026 venue philippines').answer).toBeNull();
    expect(shipped.ask('where is the 2026 annual meeting').answer).toMatch(/not been published/);
  });

  it('declines a question most of whose own words the pages never use', () => {
    expect(shipped.ask('best hotel near changi airport, need for a colleague').answer).toBeNull();
    // Numbers the question names are its own words too.
    expect(shipped.ask('is 77 projects vs 108 projects a fair comparison?').answer).toMatch(/108/);
    // A chat particle or short form ("la", "kb") is no such word.
    expect(shipped.ask('how fresh is ur info la, when was the kb last reviewed').answer).toMatch(
      /1 December 2026/,
    );
  });

  it('reads WHO in capitals inside a lower-case question as another body', () => {
    expect(shipped.ask('who heads the WHO these days').answer).toBeNull();
    expect(shipped.ask('where is WHO headquarters').answer).toBeNull();
    expect(shipped.ask('WHO CHAIRS THE ASCN IN 2026').answer).toMatch(/Philippines/);
    // The question word shouted: after a greeting, after markup, or with a verb after it.
    for (const q of [
      'hi, WHO chairs the ascn in 2026',
      '<b>hello</b> WHO chairs the ascn in 2026',
      'tell me WHO is the ascn chair in 2026',
    ])
      expect(shipped.ask(q).answer, q).toMatch(/Philippines/);
  });

  it('does not require of the page the words that only ask for precision ("exact", "full")', () => {
    expect(shipped.ask('exact launch date of the ascn, for the timeline').answer).toMatch(
      /28 April 2018/,
    );
    expect(shipped.ask("full title of davao's transport project").answer).toMatch(
      /Intelligent Transportation and Traffic Systems with Security/,
    );
  });

  it('reads "what kind of place is it" as asking what it is', () => {
    expect(answerKind('what kind of place is kampong ayer')).toBe('definition');
    expect(
      shipped.ask('kampong ayer — what kind of place is it? short description for a photo caption')
        .answer,
    ).toMatch(/water village/);
  });

  it('reads a person\'s "full name" as asking for the person, not an acronym\'s expansion', () => {
    expect(
      answerKind('malaysian official who handed over the chair — full name and title po'),
    ).toBe('person');
    expect(
      shipped.ask('malaysian official who handed over the chair — full name and title po').answer,
    ).toMatch(/Mohd Hazli/);
    expect(answerKind('jaif full name')).toBe('definition');
  });

  it('answers "which body … for <place>" with what is not known for that place when no body is named for it', () => {
    expect(shipped.ask('which ministry leads ascn for lao pdr').answer).toMatch(
      /Lao PDR[^.]*not recorded/,
    );
    expect(shipped.ask('which ministry leads ascn for viet nam').answer).toMatch(
      /Ministry of Construction/,
    );
  });

  it('reads "quick check before the speech:" as the errand, and what follows as the question', () => {
    expect(
      shipped.ask("quick check before the NR's speech: is india an ascn partner?").answer,
    ).toMatch(/No ASCN-specific partnership with India/);
  });

  it('reads "the 5 committed collaborators" as a list, an adjective between the number and the noun', () => {
    expect(answerKind('the 5 committed collaborators per ISEAS 2020')).toBe('list');
    expect(shipped.ask('the 5 committed collaborators per ISEAS 2020').answer).toMatch(
      /United States, Australia, Japan, China and the Republic of Korea/,
    );
  });

  it('reads "which organisation" and "organisations behind" as asking for a body, not the word', () => {
    for (const q of [
      'organisations behind wise',
      'which organisation operates the wise water programme',
    ])
      expect(shipped.ask(q).answer, q).toMatch(/U\.S\. Water Partnership/);
  });

  it('reads "name of the X manager" as asking for a person holding that title', () => {
    expect(answerKind('name of the UNCDF programme manager for smart green asean cities')).toBe(
      'person',
    );
    expect(
      shipped.ask('name of the UNCDF programme manager for smart green asean cities').answer,
    ).toBeNull();
    expect(
      shipped.ask('name of the asean secretary-general who described a smart city').answer,
    ).toMatch(/Lim Jock Hoi/);
  });

  it('reads "right now" as asking for the latest state, not for something "right"', () => {
    expect(shipped.ask('how many cities are in the network right now').answer).toMatch(/\b34\b/);
  });

  it('reads "the thing where cities pair up" as describing a thing, not asking where', () => {
    expect(
      answerKind('the thing where cities pair up with a foreign partner, is it compulsary?'),
    ).not.toBe('place');
    expect(
      shipped.ask('the thing where cities pair up with a foreign partner, is it compulsary?')
        .answer,
    ).toMatch(/voluntary/);
    expect(answerKind('where is the 2026 meeting')).toBe('place');
  });

  it('reads "one shared pot of money" as the common fund the pages say there is not', () => {
    expect(
      shipped.ask('is there one shared pot of network money that cities can apply to?').answer,
    ).toMatch(/no common ASCN fund/);
  });

  it('reads "this year" as the year of the day the question is asked', () => {
    // 2026: the Philippines, not the general rule of who chairs.
    expect(shipped.ask('chair this year?').answer).toMatch(/^The Philippines chairs .* in 2026/);
    expect(shipped.ask('who chairs the ascn this yr').answer).toMatch(/Philippines/);
    // 2027, which no page covers: not answered with 2026's chair. The same knowledge base keeps
    // no answer across the new year.
    let today = new Date('2026-12-31T12:00:00Z');
    const kb = createKnowledgeBase([...shipped.sections()], undefined, { today: () => today });
    expect(kb.ask('chair this year?').answer).toMatch(/Philippines/);
    today = new Date('2027-01-01T12:00:00Z');
    expect(kb.ask('chair this year?').answer).toBeNull();
  });

  it('reads "LGU" as the local government officers in the Philippines mean by it', () => {
    expect(shipped.ask('is the ascf legally binding on our lgu or just guidance').answer).toMatch(
      /not binding/,
    );
  });

  it('reads "the governance workshop" as the SCGW its own section is named by', () => {
    expect(shipped.ask('when and where was the governance workshop').answer).toMatch(
      /22 to 25 May 2018/,
    );
  });

  it('answers what a CSCO does, not how senior the post is, when asked what one is supposed to do', () => {
    expect(shipped.ask('what is a CSCO supposed to do').answer).toMatch(/local planning/);
  });

  it('reads "face to face" as the pages\' "in person"', () => {
    expect(shipped.ask('was the bali meeting online or face to face').answer).toMatch(/in-person/);
  });

  it('declines the date of a meeting still to come when the only sentence found is about past ones', () => {
    expect(shipped.ask('next jcm meeting date').answer).toBeNull();
    expect(shipped.ask('when is the next asean leaders summit').answer).toBeNull();
    // …but says what is not known about the next annual meeting.
    expect(shipped.ask('when is the next annual meeting').answer).toMatch(/not been published/);
  });

  it('answers the second question of a message too ("what date, and who passed it to whom")', () => {
    const answer = shipped.ask(
      'the handover to the philippines - what date, and who passed it to whom?',
    ).answer;
    expect(answer).toMatch(/9 September 2025/);
    expect(answer).toMatch(/Hazli/);
  });

  it('reads the greeting "assalamualaikum" as a greeting, not as what is asked about', () => {
    expect(shipped.ask('assalamualaikum, who chairs the ascn in 2026?').answer).toMatch(
      /Philippines/,
    );
  });

  it('reads "flagged" as the pages\' "marked"', () => {
    const a = shipped.ask('how are single-source facts flagged');
    expect(a.answer).not.toBeNull();
    expect(a.citation?.path).toBe('about-this-assistant.md');
  });

  it('adds the next sentence while the answer stays one chat message (under 400 characters)', () => {
    const answer = shipped.ask("bsb's two ascn projects?").answer ?? '';
    // Both projects: the second is named in the sentence after the best one.
    expect(answer).toMatch(/Kampong Ayer Revitalisation/);
    expect(answer).toMatch(/Clean Water River Management/);
    expect(answer.length).toBeLessThan(600);
  });

  it('does not take "the US side" for the sender speaking of themselves: the introduction is still only who asks', () => {
    const a = shipped.ask(
      'Hello, Phuket Water Authority liaison here, new in the role. What is WiSE, and who runs it on the US side? Thanks',
    );
    expect(a.citation?.path).toBe('initiatives/partners-united-states.md');
    expect(a.answer).toMatch(/^Water Smart Engagements \(WiSE\) is/);
  });

  it("declines a meeting's logistics no page gives (its hotel, who moderated a talk) but still says where it was", () => {
    expect(shipped.ask('ascn8 venue hotel').answer).toBeNull();
    expect(shipped.ask('who moderated the smart city expert talk at ascn8').answer).toBeNull();
    expect(shipped.ask('ascn8 venue').answer).toMatch(/Kuala Lumpur/);
  });

  it('declines a numbered meeting the pages never number ("the 4th asean-japan hlm"), not one they do', () => {
    expect(shipped.ask('where was the 4th asean-japan high level meeting held').answer).toBeNull();
    expect(shipped.ask("when's the 7th asean-japan hlm happening").answer).toBeNull();
    expect(shipped.ask('where was the 6th asean-japan high level meeting held').answer).toMatch(
      /Tokyo/,
    );
    expect(shipped.ask('where was the 2nd annual meeting').answer).toMatch(/Bangkok/);
  });

  it('reads a last word with two letters swapped as the word, not as the start of a longer one', () => {
    // "chian" starts "Chiang Mai", but it is "chain" mistyped.
    expect(shipped.ask('ascn reporting chian').citation?.path).toBe('reporting/mechanism.md');
  });

  it('reads "the kb" as the knowledge base asked, not as a subject the pages lack', () => {
    expect(shipped.ask('how many member cities are actually named in the kb').answer).toMatch(
      /32 member cities/,
    );
  });

  it('declines a detail the pages never give, however everyday its word ("phone number")', () => {
    expect(
      shipped.ask('phone number of the dilg person in charge of the 2026 chairmanship').answer,
    ).toBeNull();
  });

  it('reads a bare "how much" after a question as asking about that question', () => {
    expect(
      shipped.ask('does our city pay a yearly membership fee to be in the network? how much')
        .answer,
    ).toBeNull();
    expect(shipped.ask('sgac funding? how much').answer).toMatch(/EUR 5.1 million/);
  });

  it('declines a deadline, a template or an allowance no page gives', () => {
    for (const q of [
      "deadline for submitting our city's yearly progress report to the secretariat this year?",
      "where can i download the official template for our city's progress report to the secretariat",
      'does the ascn pay a travel allowance for cscos going to the annual meeting',
    ])
      expect(shipped.ask(q).answer, q).toBeNull();
  });

  it('reads "short version pls" and "briefly" as how long the answer should be', () => {
    const plain = shipped.ask('how does asean define a smart city').answer;
    expect(plain).toMatch(/technological and digital solutions/);
    for (const q of [
      'how does asean define a smart city, short version pls',
      'briefly, how does asean define a smart city',
    ])
      expect(shipped.ask(q).answer, q).toBe(plain);
  });

  it('reads "biggest" as the pages\' "largest"', () => {
    expect(
      shipped.ask('biggest project categories in 2024 and roughly what percent').answer,
    ).toMatch(/26%/);
  });

  it('reads "which ones" as asking for the things named before it, not for "ones"', () => {
    expect(shipped.ask('the first pairs of wise, which ones').answer).toMatch(
      /Ho Chi Minh City[^.]*San Francisco|San Francisco[^.]*Ho Chi Minh City/,
    );
  });

  it('keeps the question mark of a question followed by a sign-off and a name', () => {
    expect(
      shipped.ask(
        "Sabaidee, I work in the Luang Prabang provincial urban office and I'm covering the network while my chief is away. We're a small heritage town, very different from the big capitals. Does the network make every member city follow one single model? Thanks, Khamla",
      ).answer,
    ).toMatch(/not seek to impose a single, monolithic system/);
  });

  it('drops the sign-off and the name that ends a message, keeping its question mark', () => {
    expect(withoutFrames('Does the network make every city follow one model? Thanks, Khamla')).toBe(
      'Does the network make every city follow one model?',
    );
    // A capitalised word that does not follow a sign-off stays.
    expect(withoutFrames('hi, when did Sumedang join')).toBe('when did Sumedang join');
    // "Many thanks, Thiri" signs off too, and the name in "I'm Thiri from …" is no word of the
    // question (read as a typo, it was "third").
    expect(withoutFrames('what time is that for us here in Yangon? Many thanks, Thiri')).toBe(
      'what time is that for us here in Yangon?',
    );
    expect(
      withoutFrames("I'm Thiri from the Yangon office, what time is 10:00 Singapore time for us"),
    ).toBe("I'm from the Yangon office, what time is 10:00 Singapore time for us");
  });
});
