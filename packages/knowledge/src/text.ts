import lunr from 'lunr';

/**
 * Text normalisation shared by indexing and querying, so both sides always agree:
 * Unicode NFKD, Latin diacritics dropped (Hồ Chí Minh → ho chi minh, đ → d), lower case,
 * British/American spellings folded, split on anything that is not a letter, mark or digit.
 */
export function normalize(text: string): string {
  return (
    text
      .replace(/\bM\s*&\s*E\b/gi, ' monitoring and evaluation ')
      // "don't" is "dont" (a contraction read as "do not"), not "don" and a stray "t".
      .replace(/(\p{L})n['’]t\b/gu, '$1nt')
      // "U.S." would be two one-letter words, which are dropped.
      .replace(/\bU\.S\.(?![\p{L}\p{N}])/gu, ' United States ')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
  );
}

/** Longest word we keep; longer runs are noise (hashes, base64, unspaced scripts). */
export const MAX_WORD_LENGTH = 40;

/** A letter, mark or digit, in any script. */
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

/** Whether the code point at `i` of `s` is a letter, mark or digit (ASCII told without a regex). */
function isWordAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  return WORD_CHAR.test(String.fromCodePoint(s.codePointAt(i)!));
}

/** Length in UTF-16 units of the code point at `i` of `s`. */
function widthAt(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** The hyphens that join a compound: hyphen-minus, hyphen, non-breaking hyphen. */
const isHyphen = (c: number) => c === 0x2d || c === 0x2010 || c === 0x2011;

/**
 * The lower-cased, diacritic-free words of `text`, in order (apostrophe-s dropped). A hyphenated
 * compound gives its parts and then the joined form, so "well-being" also matches "wellbeing".
 *
 * A word is what the regex `[\p{L}\p{M}\p{N}]+(?:[-‐‑][\p{L}\p{M}\p{N}]+)*` (flag u) matches.
 * It is scanned by hand: every sentence of every section searched goes through here, and
 * matching that regex (a match array per word) was most of the time of analysing a section.
 */
export function words(text: string): readonly string[] {
  // One question's text is split a dozen times (its plan, its kind, the decline checks): the
  // last result is kept, so asking allocates it once.
  if (text === lastText) return lastWords;
  const out: string[] = [];
  // "2025–2027" (the pages' en dash) is the span an officer types "2025-2027": one compound.
  const norm = normalize(text)
    .replace(/['’]s\b/g, '')
    .replace(/(\d)–(?=\d)/g, '$1-')
    .replace(HOST_NAME, hostWords);
  const n = norm.length;
  let i = 0;
  while (i < n) {
    if (!isWordAt(norm, i)) {
      i += widthAt(norm, i);
      continue;
    }
    const start = i;
    let compound = false;
    for (;;) {
      while (i < n && isWordAt(norm, i)) i += widthAt(norm, i);
      if (i + 1 < n && isHyphen(norm.charCodeAt(i)) && isWordAt(norm, i + 1)) {
        compound = true;
        i++;
      } else break;
    }
    const word = norm.slice(start, i);
    if (!compound) {
      pushWord(out, word);
      continue;
    }
    const parts = word.split(/[-‐‑]/);
    for (const part of parts) pushWord(out, part);
    pushWord(out, parts.join(''));
  }
  lastText = text;
  lastWords = out;
  return out;
}

/**
 * A host name in a cited source ("mb.com.ph", "smartcitysummit.org.vn"): its top-level and generic
 * labels ("com", "ph") are no words of the page. Read as words, ".ph" and ".vn" would make every
 * page citing a Philippine source look like a page about the Philippines when an officer types "ph".
 */
export const HOST_NAME =
  /(?<![\p{L}\p{N}-])(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|int|info|io|news|tech|world|sg|my|id|th|vn|ph|kh|la|mm|bn|jp|kr|cn|au|eu|us|uk)(?![\p{L}\p{N}])/gu;
const GENERIC_LABELS: ReadonlySet<string> = new Set([
  'com',
  'org',
  'net',
  'gov',
  'edu',
  'co',
  'ac',
  'www',
  'en',
]);

/** The labels of a host name that name its site ("mb", "smartcitysummit"), space-separated. */
export function hostWords(host: string): string {
  const labels = host.split('.');
  return labels
    .slice(0, -1)
    .filter((label) => !GENERIC_LABELS.has(label))
    .join(' ');
}

let lastText: string | undefined;
let lastWords: readonly string[] = [];

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

function pushWord(out: string[], w: string): void {
  if (w.length > MAX_WORD_LENGTH) return;
  if (w.length === 1 && !isDigit(w.charCodeAt(0))) return;
  // "UTC+08:00" and "utc+8" name the same offset: a two-digit number's leading zero is dropped.
  if (w.length === 2 && w.charCodeAt(0) === 0x30 && isDigit(w.charCodeAt(1))) {
    out.push(w.slice(1));
    return;
  }
  out.push(SPELLING.get(w) ?? w);
}

/** British and American spellings of words that occur in the knowledge base fold to one. */
const SPELLING = new Map<string, string>(
  Object.entries({
    // Chat spellings of words the pages write out.
    thru: 'through',
    urbanization: 'urbanisation',
    urbanize: 'urbanise',
    organization: 'organisation',
    organizations: 'organisations',
    organize: 'organise',
    organized: 'organised',
    prioritize: 'prioritise',
    prioritized: 'prioritised',
    digitalization: 'digitalisation',
    digitization: 'digitisation',
    mobilize: 'mobilise',
    utilize: 'utilise',
    center: 'centre',
    centers: 'centres',
    program: 'programme',
    programs: 'programmes',
    labor: 'labour',
    neighborhood: 'neighbourhood',
    neighborhoods: 'neighbourhoods',
    behavior: 'behaviour',
  }),
);

/**
 * Chat contractions without their apostrophe: "whats" is "what is". Questions read them so
 * (question.ts); they are stopwords, for the words they stand for are.
 */
export const CONTRACTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['whats', ['what', 'is']],
  ['wats', ['what', 'is']],
  ['wat', ['what']],
  ['whos', ['who', 'is']],
  ['wheres', ['where', 'is']],
  ['whens', ['when', 'is']],
  ['hows', ['how', 'is']],
  ['whys', ['why', 'is']],
  // Chat drops the apostrophe; the "not" still counts ("which cities dont have a csco").
  ['dont', ['do', 'not']],
  ['doesnt', ['does', 'not']],
  ['didnt', ['did', 'not']],
  ['isnt', ['is', 'not']],
  ['arent', ['are', 'not']],
  ['wasnt', ['was', 'not']],
  ['werent', ['were', 'not']],
  ['havent', ['have', 'not']],
  ['hasnt', ['has', 'not']],
  ['cant', ['can', 'not']],
  ['wont', ['will', 'not']],
]);

/**
 * Greetings, courtesy words, honorifics and particles of chat in the region's English
 * (Bahasa, Thai, Vietnamese, Tagalog, Singlish), and words that only ask for information.
 * Deliberately excludes anything that is part of a place name (chi in Ho Chi Minh).
 */
const CHAT_WORDS = `hi hello hey dear thanks thank thx tq ty pls plz please kindly sorry ok okay
  sir madam maam mam boss bro sis guys team admin
  pak bapak ibu bu mbak kak kakak mohon tolong minta terima kasih ya yah dong
  krub krap khrap khrub ka kha na ja
  anh oi em ban
  po opo naman
  lah leh lor meh hor ah eh
  info information details detail question query ask asking help regarding
  thought think thinking guess wonder wondering heard
  several very still belong belongs
  hold holds holding get gets getting make makes run runs during over between
  remind abt coz cuz bcos ur ${[...CONTRACTIONS.keys()].join(' ')}`;

/**
 * Words that carry no meaning for retrieval: Lunr's English list plus the words people wrap
 * questions in ("tell me", "what does X stand for", "how many").
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a able about across after all almost also am among an and any are as at be because been but by
  can cannot could dear did do does either else ever every for from get got had has have he her hers
  him his how however i if in into is it its just least let like likely may me might most must my
  neither no nor not of off on only or other our own rather said say says she should since so
  some than that the their them then there these they this tis to too twas us wants was we were what
  when where which while who whom why will with would yet you your
  tell please know explain describe give show want need does doing done being whose shall am im
  many much mean means meant meaning stand stands standing anything something thing things kind
  exactly actually really currently there here s t ll ve re d m
  now nowadays today presently current
  list lists number acronym acronyms abbreviation abbreviations abbr
  could would should one per vs versus via
  itself themselves ourselves myself yourself yourselves himself herself ours yours theirs
  ${CHAT_WORDS}`
    .split(/\s+/)
    .filter(Boolean),
);

const stemCache = new Map<string, string>();

/**
 * Irregular verb forms the stemmer cannot join to their verb: "when did the Philippines take the
 * chair" must find "took over", "who runs WiSE" must find "run by". Forms that are also other
 * words ("found", "left", "saw", "led") are left out.
 */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  Object.entries({
    took: 'take',
    taken: 'take',
    held: 'hold',
    began: 'begin',
    begun: 'begin',
    became: 'become',
    came: 'come',
    chose: 'choose',
    chosen: 'choose',
    gave: 'give',
    given: 'give',
    went: 'go',
    gone: 'go',
    ran: 'run',
    grew: 'grow',
    grown: 'grow',
    wrote: 'write',
    written: 'write',
    met: 'meet',
    won: 'win',
    sent: 'send',
    built: 'build',
    paid: 'pay',
    made: 'make',
    told: 'tell',
    brought: 'bring',
    kept: 'keep',
    spent: 'spend',
    stood: 'stand',
  }),
);

/**
 * Words the Porter stemmer cuts to another word's stem: "initiative" becomes "initi", the stem of
 * "initial" and "initiate", so "the initial cities" matched every partner's "Initiative".
 */
const OVERSTEMMED: ReadonlyMap<string, string> = new Map([
  ['initiative', 'initiativ'],
  ['initiatives', 'initiativ'],
  // …and the ASCN Assistant is no "assist", a government no "governance", a publication not
  // "public", an identity not "identical".
  ['assistant', 'assistant'],
  ['assistants', 'assistant'],
  ['governance', 'governanc'],
  ['publication', 'publicat'],
  ['publications', 'publicat'],
  ['identical', 'identic'],
]);

/** Porter stem (Lunr's stemmer), memoised; irregular verbs and over-stemmed words first. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const base = IRREGULAR.get(word) ?? word;
    s =
      OVERSTEMMED.get(word) ??
      (/^[a-z]+$/.test(base) ? lunr.stemmer(new lunr.Token(base, {})).toString() : base);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** A list item or table row line starts with its marker ("- ", "3. "). */
export const ITEM_MARKER = /^(?:[-*•]|\d{1,3}[.)])\s+/;

/**
 * The words of each sentence of a chat message, split at every ". ", "? " and "! " (chat is
 * often lower case, so unlike `sentences` no capital letter is needed after the stop).
 */
export function messageSentenceWords(message: string): (readonly string[])[] {
  return message.split(/[.?!]+\s+/).map((sentence) => words(sentence));
}

/**
 * Splits plain text into sentences; every line (paragraph, list item, table row) is split on its
 * own, and a list item's marker stays on its first sentence.
 */
export function sentences(text: string): string[] {
  return sentenceLines(text).map((s) => s.text);
}

/** The sentences of `text` with the number of the line each comes from (a list item is one line). */
export function sentenceLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split('\n').forEach((line, n) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const marker = ITEM_MARKER.exec(trimmed)?.[0] ?? '';
    const body = trimmed.slice(marker.length);
    const parts: string[] = [];
    let start = 0;
    const boundary = /[.!?]["'”’)]*\s+(?=["'“‘(]?[\p{Lu}\d])/gu;
    for (const m of body.matchAll(boundary)) {
      const end = (m.index ?? 0) + m[0].trimEnd().length;
      const candidate = body.slice(start, end);
      if (isAbbreviationEnd(candidate)) continue;
      parts.push(candidate.trim());
      start = (m.index ?? 0) + m[0].length;
    }
    const rest = body.slice(start).trim();
    if (rest) parts.push(rest);
    if (parts.length > 0) parts[0] = `${marker}${parts[0]}`;
    for (const part of parts) out.push({ text: part, line: n });
  });
  return out;
}

const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'dr',
  'mr',
  'mrs',
  'ms',
  'no',
  'st',
  'jr',
  'sr',
  'approx',
  'cf',
  'fig',
]);

function isAbbreviationEnd(candidate: string): boolean {
  const lastWord = /(\S+)[.!?]["'”’)]*$/.exec(candidate)?.[1] ?? '';
  const bare = lastWord.replace(/^[("'“‘]+/, '').toLowerCase();
  // "e.g.", "etc.", initials such as "J." and dotted abbreviations such as "U.S." end no sentence.
  return ABBREVIATIONS.has(bare) || /^\p{L}$/u.test(bare) || /^(?:\p{L}\.)+\p{L}$/u.test(bare);
}
