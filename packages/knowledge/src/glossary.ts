import { CITIES, cityAliases, MEMBER_STATES } from '@ascn/domain';
import { PHRASAL } from './chat-lexicon.js';
import { stem, words } from './text.js';

/** A short form and what it stands for; search treats the two as the same thing. */
export interface GlossaryEntry {
  readonly term: string;
  readonly expansion: string;
}

/** The network's acronyms. Matching ignores case and a plural "s" (CSCOs, SCAPs, NRs). */
export const ACRONYMS: readonly GlossaryEntry[] = [
  { term: 'CSCO', expansion: 'chief smart city officer' },
  { term: 'SCGW', expansion: 'smart cities governance workshop' },
  { term: 'SCGW', expansion: 'governance workshop' },
  { term: 'ASCF', expansion: 'asean smart cities framework' },
  { term: 'ASCN', expansion: 'asean smart cities network' },
  { term: 'ASEC', expansion: 'asean secretariat' },
  { term: 'IMD', expansion: 'integration monitoring directorate' },
  { term: 'JCM', expansion: 'joint consultative meeting' },
  { term: 'ACC', expansion: 'asean coordinating council' },
  { term: 'AMS', expansion: 'asean member states' },
  { term: 'NR', expansion: 'national representative' },
  { term: 'SCAP', expansion: 'smart city action plan' },
  { term: 'ASUS', expansion: 'asean sustainable urbanisation strategy' },
  { term: 'WCS', expansion: 'world cities summit' },
  { term: 'CLC', expansion: 'centre for liveable cities' },
  { term: 'DILG', expansion: 'department of the interior and local government' },
  { term: 'USASCP', expansion: 'asean smart cities partnership' },
  { term: 'AASCTF', expansion: 'asean australia smart cities trust fund' },
  { term: 'SGAC', expansion: 'smart green asean cities' },
  { term: 'WiSE', expansion: 'water smart engagements' },
  { term: 'DEPA', expansion: 'digital economy promotion agency' },
  { term: 'DOST', expansion: 'department of science and technology' },
  { term: 'AEC', expansion: 'asean economic community' },
  { term: 'ADB', expansion: 'asian development bank' },
  { term: 'AIIB', expansion: 'asian infrastructure investment bank' },
  { term: 'GIH', expansion: 'global infrastructure hub' },
  { term: 'SNDGO', expansion: 'smart nation and digital government office' },
  { term: 'MTIC', expansion: 'ministry of transport and infocommunications' },
  { term: 'BRT', expansion: 'bus rapid transit' },
  { term: 'ToR', expansion: 'terms of reference' },
];

/** Member states by their other names, and the adjectives people use for them. */
export const COUNTRY_NAMES: readonly GlossaryEntry[] = [
  { term: 'Brunei', expansion: 'Brunei Darussalam' },
  { term: 'Bruneian', expansion: 'Brunei' },
  { term: 'Cambodian', expansion: 'Cambodia' },
  { term: 'Khmer', expansion: 'Cambodia' },
  { term: 'Indonesian', expansion: 'Indonesia' },
  { term: 'Laos', expansion: 'Lao PDR' },
  { term: 'Lao', expansion: 'Lao PDR' },
  { term: 'Laotian', expansion: 'Lao PDR' },
  { term: 'Malaysian', expansion: 'Malaysia' },
  { term: 'Burma', expansion: 'Myanmar' },
  { term: 'Burmese', expansion: 'Myanmar' },
  { term: 'Filipino', expansion: 'Philippines' },
  { term: 'Philippine', expansion: 'Philippines' },
  { term: 'Singaporean', expansion: 'Singapore' },
  { term: 'Thai', expansion: 'Thailand' },
  { term: 'Vietnam', expansion: 'Viet Nam' },
  { term: 'Vietnamese', expansion: 'Viet Nam' },
];

/**
 * Member states by the short forms officers type: ISO 3166 codes (not the two-letter ones that are
 * also English words, "my", "id", "la", "th") and chat forms. Read in questions only (see
 * `plainChat`), not as glossary entries: those work both ways, and would add "ph" or "mm" to every
 * section naming a member state, which moved answers when tried (one fact fewer on the
 * development files).
 */
export const COUNTRY_CODES: ReadonlyMap<string, string> = new Map([
  ['bn', 'Brunei Darussalam'],
  ['brn', 'Brunei Darussalam'],
  ['kh', 'Cambodia'],
  ['khm', 'Cambodia'],
  ['idn', 'Indonesia'],
  ['indo', 'Indonesia'],
  ['mys', 'Malaysia'],
  ['msia', 'Malaysia'],
  ['mm', 'Myanmar'],
  ['mmr', 'Myanmar'],
  ['ph', 'Philippines'],
  ['phl', 'Philippines'],
  ['pinas', 'Philippines'],
  ['sgp', 'Singapore'],
  ['tha', 'Thailand'],
  ['vn', 'Viet Nam'],
  ['vnm', 'Viet Nam'],
]);

/** External partners by their other names and adjectives (China's support, Chinese support). */
const PARTNER_NAMES: readonly GlossaryEntry[] = [
  { term: 'Chinese', expansion: 'China' },
  { term: 'Japanese', expansion: 'Japan' },
  { term: 'Korean', expansion: 'Korea' },
  { term: 'ROK', expansion: 'Republic of Korea' },
  { term: 'South Korea', expansion: 'Republic of Korea' },
  { term: 'Australian', expansion: 'Australia' },
  { term: 'American', expansion: 'United States' },
  { term: 'America', expansion: 'United States' },
  { term: 'USA', expansion: 'United States' },
  { term: 'EU', expansion: 'European Union' },
  { term: 'European', expansion: 'European Union' },
  // A capital the pages never name stands for its government ("is beijing funding …").
  { term: 'Beijing', expansion: 'China' },
  { term: 'Canberra', expansion: 'Australia' },
  { term: 'Brussels', expansion: 'European Union' },
];

/**
 * Words officers use for what the pages say in other words: each group's phrases stand for one
 * another. Applied to questions only (never to the index), so a page's own words keep their
 * weight; a match through a group counts as a glossary expansion (boost 5, not 10). A phrase
 * marked "~" is understood in questions but never searched for ("~form": "when was it formed"
 * means launched, but a page's "application form" is no launch); one marked "^" is searched for
 * but never understood in questions ("^city": a province is a city, a city no province).
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // "one shared pot of network money": the pages say there is no common fund.
  ['common', '~shared'],
  // "biggest project categories": the pages' largest shares of focus areas.
  ['largest', 'biggest'],
  // "set up" / "launched" (issue 9)
  [
    'launch',
    'set up',
    'setup',
    'start',
    'found',
    'establish',
    'create',
    'creation',
    'begin',
    'began',
    'inception',
    '~form',
    '~come into being',
    '~came into being',
    '~came about',
    'kick off',
    'kicked off',
    'go live',
    'went live',
    '~birth',
    '~born',
  ],
  // "join" / "become a member" (issue 9)
  [
    'join',
    'become a member',
    'became a member',
    'becoming a member',
    'admit',
    'admission',
    'accept',
    'add',
    'membership',
    'enter',
    'get into',
    'be part of',
    'become part of',
    'part of',
    'come in',
    'came in',
    'sign up',
    'signed up',
    'got in',
    'get in',
    'want in',
    'wants in',
    'enrol',
    'enroll',
  ],
  // "is the framework compulsory" is answered by "non-binding", "is twinning compulsory" by "voluntary"
  [
    'binding',
    'compulsory',
    'mandatory',
    'obligatory',
    'obliged',
    'have to follow',
    'must follow',
    'required to follow',
    'voluntary',
    'optional',
    'non-binding',
  ],
  ['choose', 'chosen', 'pick', 'select', 'elect', 'appoint', 'nominate', 'decide', 'designate'],
  [
    'in charge',
    'responsible',
    'lead',
    'handle',
    'oversee',
    'manage',
    'operate',
    'administer',
    'look after',
    'looks after',
  ],
  ['organisation', 'organization', 'body', 'agency', 'institution', 'entity'],
  [
    'hand over',
    'handover',
    'give up',
    'pass',
    'take over',
    'gave',
    'handed',
    '~receive',
    '~received',
  ],
  [
    'parts of',
    'building blocks',
    'components',
    'structure',
    'structured',
    'elements of',
    'made up of',
  ],
  ['one size fits all', 'monolithic', 'single model', 'one model', 'same model', 'uniform'],
  ['inside', 'contents', 'content', 'contain'],
  ['clock', 'time zone', 'local time', 'time difference', 'hours ahead', 'hours behind'],
  ['daylight saving', 'summer time', 'summer', 'dst', 'change their clocks', 'change clocks'],
  ['reliable', 'reliability', 'trustworthy', 'accurate', 'accuracy', 'confirmed', 'verified'],
  ['assistant', 'bot', 'chatbot', 'chat bot'],
  ['size', 'big', 'large', 'grow', 'grown', 'growth', 'expand', 'expansion'],
  // "pilot cities" / "member cities" (issue 9)
  ['pilot city', 'member city', 'ascn city'],
  ['apply', 'application'],
  // "when did the concept note come out": released.
  ['release', 'released', 'came out', 'come out', 'issued'],
  ['reason', 'rationale', 'why'],
  [
    'attend',
    'joined',
    'took part',
    'take part',
    'participate',
    'participant',
    'present',
    'showed up',
    'turned up',
  ],
  [
    'propose',
    'suggest',
    'came up with',
    'come up with',
    'initiate',
    'idea',
    'push for',
    'pushed for',
    'championed',
    'brainchild',
  ],
  ['aim', 'goal', 'objective', 'purpose', 'trying to do', 'trying to achieve', 'try to do'],
  ['population', 'residents', 'inhabitants'],
  ['main', 'primary', 'principal'],
  ['first', 'initial', 'original', 'inaugural'],
  ['original cities', 'first cities', 'initial cities', 'founding cities', 'pilot cities'],
  ['write', 'wrote', 'written', 'draft', 'prepare', 'author', 'draw up', 'drawn up', 'drew up'],
  ['spelling', 'spelled', 'spelt', 'written', 'also written'],
  ['definition', 'define'],
  ['output', 'outcome', 'result', 'produce'],
  ['highlight', 'feature', 'key item'],
  ['partner', 'collaborator', 'donor', 'funder', 'sponsor'],
  [
    'budget',
    'cost',
    'price',
    'spend',
    'spent',
    'money',
    'funding',
    'fund',
    'pay',
    'paid',
    'finance',
    'money pot',
    '~pot',
    'put in',
    'pledge',
    'contribute',
    'contribution',
    'donate',
    'donation',
  ],
  ['pledge', 'commit', 'commitment', 'promise'],
  ['decade', 'ten years', 'ten-year'],
  // "which thai provinces joined": the pages call them cities (but "city" never means a province).
  ['province', 'town', 'municipality', '^city'],
  ['use', 'apply', 'implement', 'put into practice', 'in practice', 'make use of'],
  ['max', 'maximum', 'up to', 'at most', 'cap', 'limit'],
  ['vendor', 'supplier', 'contractor', 'company', 'firm'],
  ['url', 'link', 'web address', 'website', 'site'],
  ['demo', 'example', 'sample', 'demonstration'],
  // Not "person": its stem is also that of "personal" and "in person".
  ['people', 'citizen', 'resident'],
  [
    'role',
    'job',
    'duty',
    'duties',
    'responsibility',
    'responsibilities',
    'task',
    '~supposed to do',
  ],
  // "a csco is on par with what position": its status is equivalent to that of …
  ['equivalent', 'on par', 'on a par', 'same level', 'same rank', 'comparable', '~equal'],
  ['now', 'right now', 'at present', 'currently'],
  ['chair', 'chairman', 'chairmanship', 'head'],
  [
    'criteria',
    'criterion',
    'requirement',
    'condition',
    'eligibility',
    'eligible',
    'qualify',
    'prerequisite',
  ],
  ['end', 'finish', 'conclude', 'expire', 'wrap up', 'close'],
  ['donor', 'funder', 'sponsor', 'backer'],
  ['support', 'assist', 'assistance', 'aid', 'backing'],
  ['portal', 'platform'],
  // Officers' short forms of the pages' names ("BIF 2.0", "aus initiative", "the japan HLM",
  // "the DILG usec", "singapore's PMO").
  ['~bif', 'business innovation fund'],
  ['~aus', '~aussie', 'australia'],
  ['~hlm', 'high level meeting'],
  ['~usec', 'undersecretary'],
  ['~pmo', "prime minister's office"],
  ['theme', 'slogan', 'motto', 'tagline'],
  // "the plan's 3 main pillars": its priorities.
  ['priority', 'priorities', 'pillar', 'pillars', 'main areas', 'key areas', 'thrusts'],
  // "bsb river cleanup": the pages say the river is kept clean.
  ['~cleanup', '~clean-up', 'clean'],
  ['venue', 'location', 'place'],
  // "sgac is how many euro": the pages write amounts as "EUR 5.1 million".
  ['~euros', 'eur'],
  // "whats in the 2026-2035 plan": its contents.
  [
    '~what is in',
    '~what is inside',
    '~whats in',
    '~whats inside',
    '~what is actually in',
    '~whats actually in',
    'contents',
  ],
  ['focal point', 'national representative'],
  // "how are single-source facts flagged": the pages say marked.
  ['mark', '~flag'],
  // "is a csco a junior post": the pages say how senior it is.
  ['senior', '~junior'],
  // "what got approved in bangkok in 2019": the pages say adopted.
  ['adopt', '~approve', '~ratify'],
  // "how senior is the csco post": the pages speak of a senior official.
  ['official', '~post', '~position'],
  // "how often does the ascn meet": once a year.
  ['often', 'frequency', 'frequently', 'annual', 'every year', 'once a year', 'yearly'],
];

/** Everyday short forms and synonyms of chat. */
export const SYNONYMS: readonly GlossaryEntry[] = [
  { term: 'yearly', expansion: 'annual' },
  { term: 'objective', expansion: 'aim' },
  { term: 'goal', expansion: 'aim' },
  { term: 'max', expansion: 'maximum' },
  { term: 'min', expansion: 'minimum' },
  { term: 'rep', expansion: 'representative' },
  { term: 'gov', expansion: 'government' },
  { term: 'govt', expansion: 'government' },
  { term: 'mtg', expansion: 'meeting' },
  { term: 'country', expansion: 'member state' },
  { term: 'timezone', expansion: 'time zone' },
  { term: 'tz', expansion: 'time zone' },
  { term: 'livable', expansion: 'liveable' },
  { term: 'dept', expansion: 'department' },
  { term: 'ppl', expansion: 'people' },
  { term: 'mgmt', expansion: 'management' },
  { term: 'intl', expansion: 'international' },
  { term: 'incl', expansion: 'including' },
  { term: 'LGU', expansion: 'local government' },
  { term: 'LGUs', expansion: 'local governments' },
  { term: 'sec gen', expansion: 'secretary-general' },
  { term: 'secgen', expansion: 'secretary-general' },
  { term: 'asean sg', expansion: 'asean secretary-general' },
  { term: 'jan', expansion: 'january' },
  { term: 'feb', expansion: 'february' },
  { term: 'mar', expansion: 'march' },
  { term: 'apr', expansion: 'april' },
  { term: 'jun', expansion: 'june' },
  { term: 'jul', expansion: 'july' },
  { term: 'aug', expansion: 'august' },
  { term: 'sep', expansion: 'september' },
  { term: 'sept', expansion: 'september' },
  { term: 'oct', expansion: 'october' },
  { term: 'nov', expansion: 'november' },
  { term: 'dec', expansion: 'december' },
];

const NUMBER_WORDS = [
  '',
  '',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const ORDINALS = [
  '',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
const suffix = (n: number) => (n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th');

/** Small numbers in digits and in words: 3 ↔ three, 6th ↔ sixth. */
export const NUMBERS: readonly GlossaryEntry[] = [
  ...NUMBER_WORDS.flatMap((w, n) => (w ? [{ term: String(n), expansion: w }] : [])),
  ...ORDINALS.flatMap((w, n) => (w ? [{ term: `${n}${suffix(n)}`, expansion: w }] : [])),
];

/**
 * Acronyms, synonyms, numbers, member-state names, every city alias (HCMC → Ho Chi Minh City, KL → Kuala Lumpur,
 * Hanoi → Ha Noi) and multi-word city names written as one word (Phnom Penh ↔ phnompenh), so a
 * city's name is one concept in a question.
 */
export function glossary(): readonly GlossaryEntry[] {
  const joined = CITIES.filter((c) => c.name.includes(' ')).map((c) => ({
    term: c.name.replace(/\s+/g, ''),
    expansion: c.name,
  }));
  // "Ho Chi Minh" (as in Asia/Ho_Chi_Minh) is Ho Chi Minh City; Cebu and Davao are aliases already.
  const short = CITIES.filter(
    (c) => c.name.endsWith(' City') && !c.aliases.includes(c.name.slice(0, -5)),
  ).map((c) => ({
    term: c.name.slice(0, -5),
    expansion: c.name,
  }));
  return [
    ...ACRONYMS,
    ...SYNONYMS,
    ...NUMBERS,
    ...COUNTRY_NAMES,
    ...PARTNER_NAMES,
    ...cityAliases().map(({ alias, name }) => ({ term: alias, expansion: name })),
    ...joined,
    ...short,
  ];
}

/** Countries outside ASEAN that questions name (partners and others): places too. */
const OTHER_COUNTRIES = [
  'Japan',
  'Japanese',
  'Korea',
  'Korean',
  'South Korea',
  'Republic of Korea',
  'China',
  'Chinese',
  'Australia',
  'Australian',
  'United States',
  'America',
  'American',
  'European Union',
  'EU',
  'India',
  'Russia',
  'Norway',
  'France',
  'Germany',
  'United Kingdom',
];

/**
 * Every country and region's English name that the runtime's Unicode data knows (Intl; "France",
 * "Peru", "United Nations"): places the pages may never name, which a question about them is
 * located in, and never typos of the pages' words ("france" is not "finance").
 */
function worldRegionNames(): string[] {
  const names: string[] = [];
  let regions: Intl.DisplayNames;
  try {
    regions = new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    return names;
  }
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = regions.of(code);
      } catch {
        continue;
      }
      if (name && name !== code) names.push(...name.split(/\s*\(|\)/)[0]!.split(' & '));
    }
  return names;
}

/**
 * Names of places (cities, their aliases, member states) as normalised word strings. A question
 * whose only matched words are places and numbers is not about anything the page explains.
 */
export function placeNames(): ReadonlySet<string> {
  const names = new Set<string>();
  const add = (text: string) => names.add(words(text).join(' '));
  for (const city of CITIES) {
    for (const name of [city.name, ...city.aliases, city.id.replace(/-/g, ' ')]) add(name);
    if (city.name.endsWith(' City')) add(city.name.slice(0, -5));
  }
  for (const name of Object.values(MEMBER_STATES)) add(name);
  for (const name of OTHER_COUNTRIES) add(name);
  for (const name of worldRegionNames()) add(name);
  for (const entry of PARTNER_NAMES) {
    add(entry.term);
    add(entry.expansion);
  }
  for (const entry of COUNTRY_NAMES) {
    add(entry.term);
    add(entry.expansion);
  }
  return names;
}

/** A place in a word list where one side of a glossary entry occurs. */
export interface GlossaryMatch {
  /** Index of the first matched word. */
  readonly start: number;
  /** Index after the last matched word. */
  readonly end: number;
  /** The words of the other side, to add (e.g. `['chief', 'smart', 'city', 'officer']`). */
  readonly expansion: readonly string[];
}

/** Singular key of a word for matching: cities → city, states → state (short words kept). */
function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

interface Side {
  keys: readonly string[];
  other: readonly string[];
}

function compile(entries: readonly GlossaryEntry[]): Map<string, Side[]> {
  const byFirst = new Map<string, Side[]>();
  const add = (from: readonly string[], to: readonly string[]) => {
    if (from.length === 0 || to.length === 0) return;
    // Single words (acronyms, one-word aliases) match exactly or with a plural "s";
    // phrases match word by word on singular keys, so "smart city" also matches "smart cities".
    const keys = from.length === 1 ? from : from.map(singular);
    const first = keys[0]!;
    const list = byFirst.get(first) ?? [];
    list.push({ keys, other: to });
    byFirst.set(first, list);
  };
  for (const entry of entries) {
    const a = words(entry.term);
    const b = words(entry.expansion);
    if (a.join(' ') === b.join(' ')) continue;
    add(a, b);
    add(b, a);
  }
  return byFirst;
}

function sideMatchesAt(side: Side, ws: readonly string[], i: number): boolean {
  if (i + side.keys.length > ws.length) return false;
  if (side.keys.length === 1) {
    const w = ws[i]!;
    return w === side.keys[0] || w === `${side.keys[0]}s`;
  }
  return side.keys.every((key, k) => {
    const w = ws[i + k]!;
    return w === key || singular(w) === key;
  });
}

/** Finds glossary terms and expansions in `ws` (output of `words`). */
export function createGlossaryMatcher(entries: readonly GlossaryEntry[] = glossary()) {
  const byFirst = compile(entries);
  return function matchGlossary(ws: readonly string[]): GlossaryMatch[] {
    const out: GlossaryMatch[] = [];
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      const exact = byFirst.get(w);
      const single = byFirst.get(singular(w));
      const bare = w.endsWith('s') ? byFirst.get(w.slice(0, -1)) : undefined;
      // Most words start no entry: no set of candidates for them (this runs on every section's text).
      if (!exact && !single && !bare) continue;
      const candidates = new Set<Side>(exact);
      for (const side of single ?? []) candidates.add(side);
      for (const side of bare ?? []) candidates.add(side);
      for (const side of candidates) {
        if (sideMatchesAt(side, ws, i))
          out.push({ start: i, end: i + side.keys.length, expansion: side.other });
      }
    }
    return out;
  };
}

interface SynonymPhrase {
  readonly stems: readonly string[];
  readonly words: readonly string[];
  readonly group: number;
}

/** Marks a synonym phrase that questions may use but that is never searched for. */
const QUERY_ONLY = '~';
/** Marks a synonym phrase that is searched for but never matched in questions. */
const SEARCH_ONLY = '^';

let synonymIndex: Map<string, SynonymPhrase[]> | undefined;
let synonymWordList: string[] | undefined;

/** Every one-word phrase that questions may use in the synonym groups ("mandatory", "pledge"). */
export function synonymWords(): readonly string[] {
  synonymWordList ??= [
    ...new Set(
      SYNONYM_GROUPS.flat()
        .filter((p) => !p.startsWith(SEARCH_ONLY) && /^[~]?[a-z]+$/.test(p))
        .map((p) => p.replace(/^~/, '')),
    ),
  ];
  return synonymWordList;
}

/**
 * Synonym-group matches in `ws` (questions only). Phrases match on stems, so every form of a
 * word counts (create, created, creating); each match offers the other phrases of its group.
 */
export function matchSynonyms(ws: readonly string[]): GlossaryMatch[] {
  if (!synonymIndex) {
    synonymIndex = new Map();
    SYNONYM_GROUPS.forEach((phrases, group) => {
      for (const phrase of phrases) {
        if (phrase.startsWith(SEARCH_ONLY)) continue;
        const w = words(phrase);
        const entry = { stems: w.map(stem), words: w, group };
        const list = synonymIndex!.get(entry.stems[0]!) ?? [];
        list.push(entry);
        synonymIndex!.set(entry.stems[0]!, list);
      }
    });
  }
  const stems = ws.map(stem);
  const out: GlossaryMatch[] = [];
  for (let i = 0; i < stems.length; i++) {
    // "put on the table": the formal words the pages use for it (offer, commit, propose).
    for (const { stems: phrase, formal } of phrasalIndex().get(stems[i]!) ?? [])
      if (phrase.every((s, k) => stems[i + k] === s))
        for (const f of formal) out.push({ start: i, end: i + phrase.length, expansion: [f] });
    for (const phrase of synonymIndex.get(stems[i]!) ?? []) {
      if (!phrase.stems.every((s, k) => stems[i + k] === s)) continue;
      // A phrase such as "part of" matches only as written: "the parts of the ASCF" is no membership.
      if (phrase.words.at(-1) === 'of' && !phrase.words.every((w, k) => ws[i + k] === w)) continue;
      for (const other of SYNONYM_GROUPS[phrase.group]!) {
        // "~form" is understood in a question ("when was it formed") but never searched for:
        // "application form" is no launch.
        if (other.startsWith(QUERY_ONLY)) continue;
        const w = words(other);
        if (w.join(' ') === phrase.words.join(' ')) continue;
        out.push({ start: i, end: i + phrase.stems.length, expansion: w });
      }
    }
  }
  return out;
}

let phrasal: Map<string, { stems: string[]; formal: readonly string[] }[]> | undefined;

/** The chat lexicon's informal phrases by the stem of their first word. */
function phrasalIndex() {
  if (!phrasal) {
    phrasal = new Map();
    for (const [phrase, formal] of PHRASAL) {
      const stems = words(phrase).map(stem);
      const list = phrasal.get(stems[0]!) ?? [];
      list.push({ stems, formal });
      phrasal.set(stems[0]!, list);
    }
  }
  return phrasal;
}

let defaultMatcher: ReturnType<typeof createGlossaryMatcher> | undefined;

/** Glossary matches in `ws` against the default glossary. */
export function matchGlossary(ws: readonly string[]): GlossaryMatch[] {
  defaultMatcher ??= createGlossaryMatcher();
  return defaultMatcher(ws);
}
