/**
 * Near misses: questions that use the pages' words but ask for a detail no page holds. The
 * section found shares the question's words, yet in another sense: *the DILG secretary* is
 * answered by a sentence about the DILG *Undersecretary* or a *Deputy Secretary-General*, *the
 * summit in 2027* by a term *2025–2027*. These checks look at the answer chosen and say whether
 * it holds the detail in the sense asked; when it does not, the assistant declines.
 */
import { type AnswerKind, isPlaceName, isSortNoun, ordinalOf, saysNotKnown } from './question.js';
import { groupMatches, isEnglishWord, isNumber, oneEditApart, type QueryPlan } from './search.js';
import { messageSentenceWords, normalize, STOPWORDS, words } from './text.js';

/**
 * Nouns of office (general English): "who is the mayor of …" asks for the holder of this very
 * office. Each maps to the words of an answer that name that office (a verb form included: "who
 * heads X" is answered by "X is chaired by …").
 */
const TITLES: ReadonlyMap<string, readonly string[]> = new Map([
  ['secretary', ['secretary', 'secretaries']],
  ['undersecretary', ['undersecretary']],
  ['governor', ['governor', 'governors']],
  ['mayor', ['mayor', 'mayors']],
  ['minister', ['minister', 'ministers']],
  ['director', ['director', 'directors']],
  ['head', ['head', 'heads', 'headed', 'chair', 'chairs', 'chaired', 'chairman', 'chairperson']],
  ['president', ['president', 'presidents']],
  ['chairman', ['chairman', 'chairperson', 'chairwoman', 'chair', 'chaired', 'chairs']],
  ['chairperson', ['chairman', 'chairperson', 'chairwoman', 'chair', 'chaired', 'chairs']],
  ['ceo', ['ceo']],
  ['ambassador', ['ambassador', 'ambassadors']],
  ['commissioner', ['commissioner', 'commissioners']],
  ['premier', ['premier']],
  ['councillor', ['councillor', 'councilor']],
  ['councilor', ['councillor', 'councilor']],
  ['sultan', ['sultan']],
  ['king', ['king']],
  ['queen', ['queen']],
  ['treasurer', ['treasurer']],
  ['spokesperson', ['spokesperson', 'spokesman', 'spokeswoman']],
  ['manager', ['manager', 'managers']],
]);

/** Words before a title that name one office of its kind ("prime minister", "chief minister"). */
const NARROWING = new Set(['prime', 'chief', 'foreign', 'finance']);

/** Words that make a title another office ("Deputy Governor" is not the governor). */
const QUALIFIERS = new Set([
  'deputy',
  'vice',
  'under',
  'assistant',
  'acting',
  'associate',
  'former',
  'sub',
  'co',
  'lieutenant',
]);

/** A title's plural or verb form typed in the question ("heads", "governors") → its title. */
function titleOf(word: string): string | undefined {
  if (TITLES.has(word)) return word;
  for (const end of ['s', 'es', 'ed']) {
    const base = word.endsWith(end) ? word.slice(0, -end.length) : '';
    if (base && TITLES.has(base)) return base;
  }
  return undefined;
}

/**
 * The office a question asks about, if it asks for the holder of one: a "who" question naming a
 * title ("who is the dilg secretary", "who heads the directorate"), or one that starts with the
 * title ("director of the centre for liveable cities", "mayor of kuching name").
 */
export function titleAsked(
  question: string,
  kind: AnswerKind,
  context: ReadonlySet<string> = new Set(),
): string | undefined {
  const ws = words(question);
  // ("a councilor asks which agencies…": the title of who asks is not asked for.)
  const content = ws.filter(
    (w, i) => !LEAD_IN.has(w) && !context.has(w) && !ASKING_VERBS.has(ws[i + 1] ?? ''),
  );
  if (kind === 'person') {
    for (const w of content) {
      const t = titleOf(w);
      if (t) return t;
    }
    return undefined;
  }
  return content[0] ? titleOf(content[0]) : undefined;
}

const ASKING_VERBS = new Set(['asks', 'asked', 'wants', 'wanted', 'wonders', 'needs']);

/** Words before the title that do not change what is asked ("name of the", "who is the"). */
const LEAD_IN = new Set([
  'who',
  'whos',
  'is',
  'was',
  'are',
  'the',
  'a',
  'an',
  'current',
  'name',
  'names',
  'of',
  'what',
  'tell',
  'me',
]);

/**
 * Whether `answer` names the office `title` as asked: the title's word stands alone, not inside a
 * longer office the question did not name ("Deputy Governor", "Secretary-General",
 * "Undersecretary" are other offices; a word the question has, "deputy secretary general", is
 * fine), and not inside another word ("Directorate" is no director).
 */
export function holdsTitle(answer: string, title: string, question: string): boolean {
  const forms = new Set(TITLES.get(title) ?? [title]);
  const qs = words(question);
  const asked = new Set(qs);
  // "prime minister": the answer's minister must be a prime one too.
  const narrowed = qs.find((w, i) => NARROWING.has(w) && titleOf(qs[i + 1] ?? '') === title);
  const text = normalize(answer).replace(/['’]s\b/g, '');
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+(?:[-‐‑][\p{L}\p{N}]+)*/gu)].map((m) => m[0]);
  for (let i = 0; i < tokens.length; i++) {
    const parts = tokens[i]!.split(/[-‐‑]/);
    const at = parts.findIndex((p) => forms.has(p));
    if (at === -1) continue;
    // "Secretary-General", "Vice-President": every other part must be a word of the question.
    if (parts.some((p, k) => k !== at && !asked.has(p))) continue;
    // "Deputy Governor": a qualifier before it must be one the question has too.
    const before = at > 0 ? undefined : tokens[i - 1];
    if (before && QUALIFIERS.has(before) && !asked.has(before)) continue;
    if (narrowed && before !== narrowed) continue;
    return true;
  }
  return false;
}

const YEAR = /^(?:19|20)\d\d$/;
const SPAN = /\b(?:19|20)\d\d\s*(?:[-‐‑–—]|to|until)\s*(?:19|20)\d\d\b/;
/** "until 2027", "2026 onwards": one end of a span, which a term "2025–2027" does answer. */
const OPEN_SPAN =
  /\b(?:until|till|til|through|thru|(?:up|runs?|running|lasts?|goes)\s+(?:up\s+)?to)\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\s+onwards?\b/;
const RANGE = /\b((?:19|20)\d\d)\s*(?:[-‐‑–—]|to|until)\s*((?:19|20)\d\d)\b/g;

/**
 * The year a question places its subject in ("who hosts the summit in 2027", "chair for 2026"),
 * unless it asks about a span ("the 2026-2035 plan", "from 2018 to 2025").
 */
export function yearAsked(question: string): string | undefined {
  const q = normalize(question);
  if (SPAN.test(q) || OPEN_SPAN.test(q)) return undefined;
  // (The same year said twice is one year: "planning our 2027 calendar… the 2027 meeting?")
  const years = new Set(words(question).filter((w) => YEAR.test(w)));
  if (years.size !== 1) return undefined;
  return [...years][0];
}

/**
 * Whether `text` holds `year` as a year in itself, not only as one end of a span: "Shepherd for
 * 2025–2027" says nothing about what happens in 2027.
 */
export function holdsYear(text: string, year: string): boolean {
  const alone = text.replace(RANGE, ' ');
  return new RegExp(`(?<![\\d.,])${year}(?![\\d])`).test(alone);
}

/**
 * "where was the 4th asean-japan hlm held" answered by a section on the 2nd and the 6th: the
 * numbered one asked about is not in it. True when an ordinal of the question ("4th", "seventh")
 * is in none of `texts`, where "ASCN8" counts as an 8th. ("second" is left out: mostly
 * "another"; so is a question's own "ascn9": "date of ascn9 in 2026" is answered by the 2026
 * meeting, which the pages never number.)
 */
export function missesOrdinal(question: string, texts: readonly string[]): boolean {
  const asked = words(question)
    .filter((w) => w !== 'second' && !w.startsWith('ascn'))
    .map(ordinalOf)
    .filter((n) => n !== undefined);
  if (asked.length === 0) return false;
  const held = new Set(texts.flatMap((t) => words(t).map(ordinalOf)));
  return asked.some((n) => !held.has(n));
}

/** "when is the next jcm", "upcoming hlm date": a meeting still to come. */
const NEXT_EVENT =
  /\b(?:next|upcoming|forthcoming)\s+(?:[a-z0-9&-]+\s+){0,2}(?:meeting|meetings|summit|workshop|hlm|jcm|conference|forum|session|ascn\d*)\b/;

/**
 * "next jcm meeting date" answered by a sentence whose only years are past ones: a date still to
 * come is not in it. (An answer that says the date is not known, or names this year or a later
 * one, may answer.)
 */
export function answersPastForNext(question: string, answer: string, thisYear: number): boolean {
  if (!NEXT_EVENT.test(normalize(question)) || saysNotKnown(answer)) return false;
  const years = answer.match(/\b(?:19|20)\d\d\b/g) ?? [];
  return !years.some((y) => Number(y) >= thisYear);
}

/**
 * A year the knowledge base never mentions ("where will the 2028 annual meeting be held"): the
 * pages cannot hold anything that happens in it, whatever else the question shares with them.
 */
export function asksUnknownYear(plan: QueryPlan): boolean {
  return plan.groups.some((g) => g.unknown && YEAR.test(g.word));
}

/**
 * "how many staff work at the secretariat": the thing to count is a word the knowledge base has
 * never seen, so no number in the pages counts it.
 */
export function countsUnknown(plan: QueryPlan): boolean {
  if (plan.kind !== 'number') return false;
  const ws = words(plan.query);
  const at = ws.findIndex(
    (w, i) => (w === 'many' && ws[i - 1] === 'how') || (w === 'number' && ws[i + 1] === 'of'),
  );
  if (at === -1) return false;
  const counted = ws
    .slice(at + 1)
    .find((w) => w !== 'of' && !STOPWORDS.has(w) && !QUANTIFIERS.has(w));
  const group = counted && plan.groups.find((g) => g.word.split(' ').includes(counted));
  return !!group && group.unknown;
}

/**
 * "what is the gdp of chonburi", "what's the combined gdp of …", "how much is the ascn membership
 * fee per city": the attribute, the last word (after at most two others) before "of / in / for /
 * per" or the end.
 */
const ATTRIBUTE_OF =
  /^(?:what(?:s| is| are| was| were)|how much (?:is|are|was|were)) (?:the |an? )?(?:[a-z0-9]+ ){0,2}?([a-z]+)(?: (?:of|in|for|per)\b| *$)/;

/** "which hotel did they put the delegates in": the one thing asked for (a plural asks for a list). */
const WHICH_NOUN =
  /^(?:which|what) ([a-z]+[^s\W]) (?:did|does|do|is|are|was|were|has|have|will|can|should)\b/;
/** "the business matching thing i keep hearing about", "what happened": a verb form, no thing. */
export const VERB_FORM = /(?:ing|ed)$/;
/**
 * "which hotel hosted the bali meeting", "which convention centre in kl was the venue", "which
 * hotel or convention centre in kl hosted": a thing asked for.
 */
const WHICH_DID = /^(?:which|what) ([a-z]+[^s\W])(?: or [a-z]+)?(?: [a-z]+)? (?:[a-z]+ed|in|at)\b/;

/**
 * "what is the gdp of chonburi": the attribute asked for is a word the knowledge base has never
 * seen, so a page about the place does not give it; nor does a section that lacks it, when it is a
 * detail ("what is asec's budget for ascn in 2026", "which building was the venue") and not how
 * the thing is ("the process for", "the size of": `GENERIC_ATTRIBUTES`). A detail that a page
 * either states or lacks (`DETAIL_ATTRIBUTES`: "fax number of the ascn office", "theme of the 2019
 * meeting") is declined wherever the question names it. `terms` are the answering section's.
 */
export function asksUnknownAttribute(
  plan: QueryPlan,
  terms: ReadonlySet<string>,
  text = '',
): boolean {
  if (
    plan.groups.some(
      // (An everyday word, "phone", is still a detail asked for; one in an aside is not.)
      // ("theme or tagline" is one concept of two words: either one is the detail.)
      (g) =>
        !plan.aside.has(g.word) &&
        g.word.split(' ').some((w) => DETAIL_ATTRIBUTES.has(w)) &&
        !(g.word === 'address' && ADDRESS_VERB.test(plan.query)) &&
        !groupMatches(g, terms),
    )
  )
    return true;
  const q = words(plan.query).join(' ');
  // (…in any sentence of the message: "NR office Jakarta. Which hotel hosted the Bali meeting?",
  // which the pages cannot answer when they have never seen the thing.)
  // (A word one letter off a word of the answering section is a typo: "which minster chaired".)
  const sentences = messageSentenceWords(plan.query).map((ws) => ws.join(' '));
  const did = sentences.map((x) => WHICH_DID.exec(x)?.[1]).find((noun) => noun !== undefined);
  if (
    did !== undefined &&
    !VERB_FORM.test(did) &&
    plan.groups.some((g) => g.word === did && g.unknown) &&
    !words(text).some((w) => oneEditApart(w, did))
  )
    return true;
  const which = sentences.map((x) => WHICH_NOUN.exec(x)?.[1]).find((noun) => noun !== undefined);
  const attribute = ATTRIBUTE_OF.exec(q)?.[1] ?? (which && !isSortNoun(which) ? which : undefined);
  if (attribute === undefined) return false;
  const group = plan.groups.find((g) => g.weight > 0 && g.word === attribute);
  if (!group) return false;
  if (group.unknown) return true;
  return (
    !group.place &&
    !GENERIC_ATTRIBUTES.has(attribute) &&
    // "listed", "again", "setting": no noun, so no attribute ("the key enablers listed in").
    !/(?:ed|ly|ing)$/.test(attribute) &&
    // An everyday word ("word", "thing") says too little to decline on.
    group.missShare >= 0.5 &&
    !groupMatches(group, terms)
  );
}

/** Stems of the words that name an event (meeting, summit, conference…). */
const EVENT_STEMS = new Set([
  'meet',
  'summit',
  'confer',
  'forum',
  'award',
  'game',
  'festiv',
  'expo',
  'exhibit',
]);

/**
 * "when is the next APEC leaders meeting", "the c40 world mayors summit": an event named by a name
 * the pages have never seen is another body's event, not one of the network's. `nameWeight` is the
 * weight the searcher gives such a name (`unknownNameWeight`); a code with digits (c40) is one too.
 */
export function namesOtherEvent(plan: QueryPlan, nameWeight: number): boolean {
  const gs = plan.groups;
  return gs.some(
    (g, i) =>
      g.unknown &&
      (g.weight === nameWeight || /^[a-z]+\d+$/.test(g.word)) &&
      !g.place &&
      g.missShare >= 0.5 &&
      (gs.slice(i + 1, i + 4).some((h) => h.stems.some((t) => EVENT_STEMS.has(t))) ||
        // "the host city and dates of APEC 2026": a name and its year name an edition of an event.
        YEAR.test(gs[i + 1]?.word ?? '')),
  );
}

/** "who do I address it to": the verb, no postal address. */
const ADDRESS_VERB =
  /\baddress (?:it|them|this|that|the (?:letter|invite|invitation|email)|my|our)\b/i;
/**
 * Details a page either states or does not have ("the fax number of", "the population of", "how
 * much did it cost", "the theme of"): asked anywhere in the question, a section without the word
 * does not give them.
 */
const DETAIL_ATTRIBUTES: ReadonlySet<string> = new Set(
  [
    'address addresses email emails e-mail fax phone telephone',
    'population cost costs price prices fee fees salary salaries gdp revenue',
    'vote votes theme themes ranking rankings',
    'deadline deadlines template templates allowance allowances logo logos',
    // A meeting's logistics ("ascn8 venue hotel", "who moderated the expert talk", "what time did
    // the opening ceremony start"): details no page about a meeting gives unless it names them.
    'hotel hotels ceremony ceremonies moderator moderators moderated headcount attendance',
    'sponsor sponsors catering registration visa visas',
    // "flight time jakarta to manila": travel, which no page gives.
    'flight flights airfare airfares',
  ]
    .join(' ')
    .split(' '),
);

/** Attributes that ask how something is, not for a detail a page may lack ("the process for", "the size of"). */
const GENERIC_ATTRIBUTES = new Set([
  'process',
  'procedure',
  'size',
  'total',
  'list',
  'status',
  'purpose',
  'role',
  'aim',
  'aims',
  'goal',
  'idea',
  'point',
  'plan',
  'story',
  'deal',
  'difference',
  'situation',
  'update',
  'news',
  'latest',
]);

/** Words between "how many" and the thing counted ("how many extra people"). */
const QUANTIFIERS = new Set([
  'extra',
  'more',
  'additional',
  'new',
  'other',
  'different',
  'separate',
  'total',
  'such',
  'exactly',
  'roughly',
  'approximately',
]);

const REQUEST = /^(?:(?:can|could|would|will) (?:you|u)|please|pls|kindly) /;
/** "can you write me a python script", "could you help me write a cover letter": a text to write. */
const WRITE_REQUEST =
  /^(?:(?:can|could|would|will) (?:you|u) |please |pls |kindly )(?:help (?:me |us )?)?(?:write|draft|code|design|build|create|make) /;
/** "book a meeting room for tomorrow": a chore that no page is about (as `words` reads it: no articles). */
const CHORE =
  /^(?:(?:can|could|would|will) (?:you|u) |please |pls |kindly )?(?:book|reserve|translate|install|reset|scrape) /;

/**
 * "can you order lunch for the team": a request for a task whose object is a word the knowledge
 * base has never seen is no question about the network, even when its verb is a page's word
 * ("order" as in alphabetical order). So is a chore, whatever its object ("book a meeting room").
 */
export function requestsUnknownTask(plan: QueryPlan): boolean {
  // (Any sentence of the message may ask to have something written: "Hello, intern here. Could
  // you help me write a cover letter…?" A thing the pages have never heard of is no question.)
  const sentences = messageSentenceWords(plan.query);
  if (sentences.some((x) => CHORE.test(x.join(' ')))) return true;
  const unknownWords = new Set(plan.groups.filter((g) => g.unknown).map((g) => g.word));
  if (sentences.some((x) => WRITE_REQUEST.test(x.join(' ')) && x.some((w) => unknownWords.has(w))))
    return true;
  const asked = words(plan.query).join(' ');
  if (!REQUEST.test(asked)) return false;
  const content = plan.groups.filter((g) => g.weight > 0 || g.unknown);
  return content.some((g) => g.unknown);
}

/**
 * "best hotel near changi airport": most of the question's own words (not an aside's, not a
 * place's) are words the pages never use: it is about something else.
 */
export function mostlyUnknown(plan: QueryPlan): boolean {
  // (A word that only tells the kind of answer, "amount", weighs nothing and is not counted; a
  // number the question names is content: "is 77 projects vs 108 projects a fair comparison".)
  const content = plan.groups.filter(
    (g) => g.weight > 0 && (!g.place || isNumber(g)) && !plan.aside.has(g.word),
  );
  // (Two letters are a chat particle or a short form more often than a word: "la", "kb".)
  const unknown = content.filter((g) => g.unknown && g.word.length > 2).length;
  return unknown >= 2 && unknown * 2 > content.length;
}

/**
 * "who heads the WHO", "where is WHO headquarters": the World Health Organization, written in
 * capitals inside a question typed in lower case, is another body, not the question word. (Not
 * the question word shouted at the start of a clause, "hi, WHO is the chair", nor one a verb
 * follows, "tell me WHO is the chair".)
 */
export function namesWho(query: string): boolean {
  return /[a-z]/.test(query) && WHO_BODY.test(query);
}
const WHO_BODY =
  /[a-z]\s+WHO\b(?!\s+(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|chairs|heads|leads|runs|hosts)\b)/;

/** Holders of an office whose name a question may ask for ("sumedang csco name"). */
const PERSON_ROLE =
  /\b(?:csco|cscos|officer|representative|nr|director|minister|secretary|usec|undersecretary|head|chair|chairman|official|governor|mayor|person|ambassador|manager)\b/;

/**
 * "sumedang csco name", "indonesia's nr name": the name of a person in
 * an office (within three words of "name"), not of a body, a fund or a project.
 */
export function asksPersonName(question: string): boolean {
  const ws = words(question);
  return ws.some(
    (w, i) =>
      (w === 'name' || w === 'names') &&
      ws.slice(Math.max(0, i - 3), i + 4).some((x) => PERSON_ROLE.test(x)),
  );
}

/** Capitalised words that may stand before or among a person's name but are none of it (titles). */
const TITLE_WORD =
  /^(?:The|A|An|Of|And|Its|This|That|Our|Chief|National|Representative|Minister|Secretary|Deputy|Undersecretary|General|Director|Executive|Governor|Mayor|Permanent|Prime|President|Chair|Chairman|Digital|Housing|Local|Interior|Home|State|Senior|Officer|According|[A-Z]{2,}s?)$/;
/** Words that make a run of capitalised words a body, a place, a thing or a date, not a person. */
const THING_WORD =
  /^(?:Ministry|Department|Directorate|Secretariat|Centre|Center|Office|Council|Agency|Authority|Division|Bank|Fund|Trust|Programme|Program|Government|Meeting|Meetings|Summit|Network|Framework|Plan|Plans|Action|Cities|City|Province|Regency|States|Administration|Affairs|Development|Economy|Society|Transport|Infocommunications|Construction|Works|Strategy|Project|Projects|Initiative|Partnership|Engagements|Report|System|Systems|Services|Upgrade|Organisation|Organization|University|Association|Forum|Water|Exhibition|Talk|Sources|Source|January|February|March|April|May|June|July|August|September|October|November|December)$/;

/**
 * Whether `text` names a person: two or more capitalised words in a row, titles not counted, no
 * word of a body, a thing or a date among them, one of them no English word, and no place ("Ye
 * Myat Thu", "Marlo L. Iringan"; not "Integration Monitoring Directorate", "Khon Kaen").
 */
export function namesPerson(text: string): boolean {
  // (A possessive ends a name: "Luang Prabang's Smart … Strategy".)
  const runs = text
    .replace(/['’]s\b/g, ',')
    .matchAll(/\b\p{Lu}[\p{Ll}'’-]+(?:\s+(?:\p{Lu}\.\s+)?\p{Lu}[\p{Ll}'’-]+)+/gu);
  for (const m of runs) {
    const parts = m[0].split(/\s+/).filter((w) => !/^\p{Lu}\.$/u.test(w));
    if (parts.some((w) => THING_WORD.test(w))) continue;
    const own = parts.filter((w) => !TITLE_WORD.test(w));
    // (…and a person's name has a word no English dictionary holds: "Economic Community" is none.)
    if (
      own.length >= 2 &&
      own.some((w) => !isEnglishWord(w.toLowerCase())) &&
      !isPlaceName(own.join(' '))
    )
      return true;
  }
  return false;
}
