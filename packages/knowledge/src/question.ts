import { placeNames } from './glossary.js';
import { CONTRACTIONS, STOPWORDS, stem, words } from './text.js';

/** What a question asks for, told from its wording. */
export type AnswerKind =
  | 'zone'
  | 'reason'
  | 'role'
  | 'summary'
  | 'number'
  | 'date'
  | 'place'
  | 'person'
  | 'list'
  | 'definition'
  | 'howto'
  | 'other';

/** Phrases split once: `has` runs dozens of times for every question. */
const phraseWords = new Map<string, readonly string[]>();

const has = (ws: readonly string[], phrase: string): boolean => {
  let p = phraseWords.get(phrase);
  if (!p) {
    p = phrase.split(' ');
    phraseWords.set(phrase, p);
  }
  for (let i = 0; i + p.length <= ws.length; i++) if (startsAt(ws, i, p)) return true;
  return false;
};

/** Whether `phrase` occurs in `ws` at `i`. */
function startsAt(ws: readonly string[], i: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (ws[i + k] !== phrase[k]) return false;
  return true;
}

const NUMBER_WORD =
  /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)$|^(?:\d+)(?:st|nd|rd|th)$/;
/** Nouns that, after a number or "which/what", ask for several things. */
const PLURAL = /^(?:[a-z]{3,}s)$/;
const BODY_NOUNS = new Set([
  'country',
  'countries',
  'ministry',
  'ministries',
  'agency',
  'agencies',
  'body',
  'bodies',
  'organisation',
  'organization',
  'department',
  'office',
  'person',
  'people',
  'official',
  'officer',
  'member',
  'state',
  'partner',
  'bank',
  'government',
  'utility',
  'undersecretary',
  'minister',
]);
/** Adverbs of chat that say nothing of the answer ("what exactly is", "is what actually"). */
const FILLER_ADVERBS = new Set(['exactly', 'actually', 'really', 'precisely', 'again']);
/** Words that ask for a share as a figure ("what percentage of projects"). */
const PERCENT_WORDS = new Set(['percent', 'percentage', 'percentages', 'proportion']);

/** Whether a word of a "how many" question asks for a share ("what share", "what percent"). */
export function asksShare(word: string): boolean {
  return PERCENT_WORDS.has(word) || word === 'share' || word === 'shares';
}
const PLACE_NOUNS = new Set(['city', 'venue', 'location', 'place', 'town', 'where']);
const TIME_NOUNS = new Set(['year', 'years', 'date', 'dates', 'month', 'day', 'time', 'period']);
/** "What is missing", "what is known": words after "what is" that ask for a state, not a definition. */
const STATE_WORDS = new Set([
  // "what is inside the plan", "what is in the report": its contents, not a definition.
  'inside',
  'in',
  'missing',
  'known',
  'unknown',
  'unclear',
  'new',
  'next',
  'planned',
  'available',
  'left',
  'happening',
]);
/** "Which meeting …": an event is told by its date (and place). */
const EVENT_NOUNS = new Set([
  'meeting',
  'meetings',
  'summit',
  'workshop',
  'conference',
  'roundtable',
  'event',
  // "the 6th asean-japan hlm": a high-level meeting, by its short form.
  'hlm',
  'mtg',
]);
/** Plural nouns that make a question without a question word ask for a list ("indonesian cities in ascn"). */
const LIST_NOUNS = new Set([
  'cities',
  'countries',
  'members',
  'partners',
  'projects',
  'programmes',
  'programs',
  'areas',
  'aims',
  'outcomes',
  'pairings',
  'priorities',
  'enablers',
  'states',
  'steps',
  'chapters',
  'outputs',
]);
/** A clock time as typed in chat: "10am", "3pm". */
export const CLOCK_TIME = /^\d{1,2}(?:am|pm)$/;
/** Words that open a yes-or-no question, not a request ("could you…"). */
export const ASKING_OPENERS: ReadonlySet<string> = new Set([
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'has',
  'have',
]);
/**
 * Whether a clause's words open a yes-or-no question, after a time or place phrase of at most four
 * words: "did Thailand say…", "during our 2019 chairmanship did Thailand say…".
 */
function opensYesNo(ws: readonly string[]): boolean {
  if (ASKING_OPENERS.has(ws[0] ?? '')) return true;
  if (!LEADING_PREPOSITIONS.has(ws[0] ?? '')) return false;
  const at = ws.findIndex((w, i) => i > 1 && ASKING_OPENERS.has(w));
  return at > 1 && at <= 5;
}
const LEADING_PREPOSITIONS = new Set(['during', 'in', 'at', 'since', 'after', 'before', 'for']);
/** Words that open a yes-or-no question ("is the framework binding", "do all cities …"), requests too. */
const YES_NO = new Set([
  ...ASKING_OPENERS,
  'can',
  'could',
  'will',
  'would',
  'had',
  'should',
  'must',
]);
/** Nouns after which "where" describes rather than asks ("the thing where cities pair up"). */
const RELATIVE_WHERE = new Set([
  'thing',
  'one',
  'stuff',
  'programme',
  'program',
  'scheme',
  'initiative',
]);
/** Nouns for a person, whose "full name" is a person's name, not an acronym's expansion. */
const PERSON_NOUNS = new Set([
  'official',
  'minister',
  'person',
  'officer',
  'secretary',
  'undersecretary',
  'director',
  'mayor',
]);
/** Nouns whose answer is a name: "what was the theme", "what is the title of the plan". */
const NAME_NOUNS = new Set(['theme', 'themes', 'title', 'slogan', 'motto', 'called', 'named']);
/** …unless the question asks what happened ("what was the programme and theme"). */
const SUMMARY_ONLY = /\b(?:programme|program|agenda|what happened|highlights?|outcomes?)\b/;
/** Adjectives of places between "which" and its noun ("which thai provinces"). */
const PLACE_ADJECTIVES = new Set([
  'thai',
  'malaysian',
  'indonesian',
  'cambodian',
  'filipino',
  'philippine',
  'vietnamese',
  'lao',
  'laotian',
  'burmese',
  'bruneian',
  'singaporean',
  'asean',
  'us',
  'american',
  'japanese',
  'korean',
  'chinese',
  'australian',
  'european',
  'new',
  'other',
]);
const ROLE_WORDS = new Set([
  'role',
  'roles',
  'job',
  'duty',
  'duties',
  'responsibility',
  'responsibilities',
  // "what does the shepherd role involve": what the role is, not something else "involved".
  'involve',
  'involves',
  'entail',
  'entails',
]);
const ZONE_WORDS = new Set(['timezone', 'timezones', 'tz', 'utc', 'gmt', 'offset']);
const REASON_WORDS = new Set(['reason', 'reasons', 'rationale', 'why']);
const QUESTION_WORDS = new Set([
  'what',
  'which',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'why',
  'how',
]);
const SUMMARY =
  /\b(?:programme|program|agenda|what happened|what was decided|what did \w+ (?:decide|do|agree)|highlights?|tell me about|about the|details|overview|summary|outcomes?|what (?:came|comes|has come) out of|results? of)\b/;
const WEB = /\b(?:url|link|website|web address|site|download|online)\b/;

/** "… is what", "… means what", with only chat particles after ("jaif is what ah"). */
function lastAsks(ws: readonly string[]): boolean {
  let end = ws.length;
  while (end > 2 && STOPWORDS.has(ws[end - 1]!) && !ASKS_LAST.has(ws[end - 1]!)) end--;
  return ws[end - 1] === 'what' && ASKS_LAST.has(ws[end - 2] ?? '');
}
const ASKS_LAST = new Set(['what', 'is', 'are', 'means', 'mean']);

function questionWords(question: string): string[] {
  return words(whIs(question)).flatMap((w) => CONTRACTIONS.get(w) ?? [w]);
}

/** "what's" reads as "what is": words() would drop its "'s" as a possessive ("what the ascn"). */
export function whIs(text: string): string {
  return text.replace(WH_IS, '$1 is');
}

const WH_IS = /\b(what|who|where|when|how|why|which)['’]s\b/gi;

/** Clauses of a chat message: "the yearly ascn report, who puts it together". */
const CLAUSE_BREAK_SOURCE = [
  String.raw`[,;:.?!]+\s+|\s+[-–—]\s+|\s*\p{Extended_Pictographic}+\s*`,
  // "my mayor wants to know who chairs": the question starts at its question word.
  String.raw`(?<=\b(?:to know|wondering|wonders|wondered|asking|asks|asked|curious|tell me|explain))\s+(?=(?:who|what|when|where|which|how|why|whether)\b)`,
  // "need the 3 objectives for our council briefing": the errand is a clause of its own.
  // (Only documents an officer writes: "for the latest draft", "for a work trip" may be asked about.)
  String.raw`\s+(?=for (?:my|our|the|a|an|his|her|their) (?:[\p{L}'’]+ ){0,3}(?:briefing|memo|speech|deck|slides?|presentation|note|backgrounder|newsletter|onboarding|talk|report)s?\b)`,
].join('|');
const CLAUSE_BREAK = new RegExp(CLAUSE_BREAK_SOURCE, 'u');
/** The same, kept in the split: clause, break, clause, … */
const CLAUSE_PARTS = new RegExp(`(${CLAUSE_BREAK_SOURCE})`, 'u');

/**
 * The message without the clauses that say who asks or what for: a greeting ("good morning all!"),
 * the sender introducing themselves ("makassar here", "hello from the sumedang team"), the errand
 * ("for my mayor's speech:", "prepping for the july meeting —", "…, need it for our council
 * briefing"), who wants to know, an apology for asking. They name no thing asked about, and their
 * words ("briefing", "annual meeting", a city) would otherwise be searched like the question's.
 * So is where the sender's team sits ("our khon kaen team" reads "our team").
 */
export function withoutFrames(text: string): string {
  const message = text.replace(SENDER_GROUP, '$1 team').replace(INTRODUCED_NAME, '$1');
  const parts = message.split(CLAUSE_PARTS);
  // parts: clause, break, clause, break, …, clause
  const clauses = parts.filter((_, i) => i % 2 === 0);
  if (clauses.length < 2) return message;
  // "makassar here — when did we join" is about Makassar: an introduction says who asks only
  // when the rest of the message does not ask about "we" (the clauses that ask, when some do:
  // "we're sending invitations — which ministry leads for malaysia" asks nothing about "we").
  const holds = clauses.map(holdsQuestionWord);
  const asking = holds.some(Boolean);
  const speaks = (i: number) =>
    clauses.some((c, j) => j !== i && (!asking || holds[j]) && SPEAKER.test(c));
  const framed = clauses.map((raw, i) => {
    const c = raw.trim();
    if (c === '' || holds[i]) return false;
    return CONTEXT_FRAME.test(c) || (INTRODUCTION_CLAUSE.test(c) && !speaks(i));
  });
  // "Thanks, Khamla": the name that signs a message off is no word of the question.
  for (let i = 1; i < clauses.length; i++)
    if (
      framed[i - 1] &&
      SIGN_OFF.test(clauses[i - 1]!.trim()) &&
      SIGNATURE.test(clauses[i]!.trim())
    )
      framed[i] = true;
  if (!framed.some(Boolean) || framed.every((f, i) => f || clauses[i]!.trim() === ''))
    return message;
  // "for the annual report, who writes it": the question points back into those clauses.
  const asks = holds.includes(true)
    ? holds.indexOf(true)
    : framed.findIndex((f, i) => !f && clauses[i]!.trim() !== '');
  // (Not an existential "there": "is there one common fund" points nowhere.)
  if (POINTS_BACK.test(clauses[asks]!.replace(EXISTENTIAL_THERE, ' '))) return message;
  // Clauses are joined by the break before them, or by a sentence's end where a dropped clause
  // ended one ("ASEC intern. for a footnote: when was…" stays two sentences).
  // (…and a question mark that ended the last clause kept stays: "Does India have an ASCN
  // partnership? need it for a brief".)
  // (…and so does one before a dropped sign-off with a name after it: "…one single model?
  // Thanks, Khamla".)
  let kept = '';
  let ended = false;
  let asked = false;
  clauses.forEach((clause, i) => {
    const before = parts[2 * i - 1] ?? ' ';
    if (framed[i]) {
      ended ||= /[.?!]/.test(before) || /[.?!]/.test(parts[2 * i + 1] ?? '');
      asked ||= kept !== '' && /\?/.test(before);
      return;
    }
    const sentenceEnd = ended && kept !== '' && !/[.?!]/.test(before);
    kept += kept === '' ? clause : (sentenceEnd ? (asked ? '? ' : '. ') : before) + clause;
    ended = false;
    asked = false;
  });
  return asked ? `${kept.trim()}?` : kept.trim();
}

/** "I'm Thiri from the Yangon office": the sender's name, no word of the question (a typo of "third"). */
const INTRODUCED_NAME =
  /\b((?:[Ii] am|[Ii]['’]m|[Ii]m|[Tt]his is|[Mm]y name is)) \p{Lu}[\p{Ll}'’-]+(?= (?:from|of|at|with|in)\b)/gu;
/** Words that sign a message off, before the sender's name. */
const SIGN_OFF =
  /^(?:many |big )?(?:thanks?|thank you|cheers|regards|best|salamat(?: po)?|terima kasih)\b/i;
/** A name alone, as it signs a message: "Khamla", "Sokha", "Thiri". */
const SIGNATURE = /^\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)?$/u;

/** How a chat message's clauses read: the one that asks, and those after the question. */
export interface ClauseReading {
  /**
   * The clause that asks, when the message opens with something else: "the yearly ascn report, who
   * puts it together" asks who; "davao's traffic project, what's the security part" asks what. The
   * first later clause led by a question word, else the whole message.
   */
  readonly asking: string;
  /**
   * Words of the clauses after the question that ask nothing themselves ("what must a csco do? i
   * just got appointed last week", "is this official? dont want to quote it wrongly"), and of the
   * sentences before it ("Hi, Kuching CSCO office. In a council briefing someone claimed…"). They tell
   * why the sender asks, not what, so a section that lacks them is no worse an answer (see
   * `QueryGroup.missShare`).
   */
  readonly aside: ReadonlySet<string>;
  /**
   * Those of them that tell the sender's story ("…? saw it on a brunei slide"): a place there is
   * not one the question is about. ("…, compared with jakarta" carries the question on.)
   */
  readonly aboutSender: ReadonlySet<string>;
  /**
   * Those of them in the sentences before the question ("Hi, Battambang city hall. We want partner
   * funding for a drainage project. How do we apply?"): they often name what the question is
   * about, so they weigh more in the search than words after it (see `CONTEXT_BOOST`).
   */
  readonly context: ReadonlySet<string>;
}

/** Reads the clauses of `question` once, for everything the plan needs of them. */
export function readClauses(question: string): ClauseReading {
  const clauses = question.split(CLAUSE_BREAK).map((c) => c.trim());
  if (clauses.length < 2)
    return { asking: question, aside: NO_WORDS, aboutSender: NO_WORDS, context: NO_WORDS };
  // A clause *led* by a question word asks; one merely *holding* one ("i need to know who…") asks too.
  const leads = clauses.map(leadsWithQuestionWord);
  const holds = clauses.map(holdsQuestionWord);
  const at = leads[0] ? -1 : leads.findIndex((led, i) => i > 0 && led);
  const asking = at === -1 ? question : clauses.slice(at).join(', ');
  const clauseWords = clauses.map((c) => words(c));
  // With no question word anywhere ("is this official? dont want to quote it wrongly"), the
  // first clause with a word in it asks.
  // (…or, after a sentence that introduces the sender, the first that asks a yes-or-no question
  // with its question mark: "intern at the Indian embassy desk. Does India have an ASCN partnership?".)
  const parts = question.split(CLAUSE_PARTS);
  const sentenceOf = sentenceNumbers(parts);
  // (The question mark ends its sentence: "is there a common fund, or is it all partner programmes?")
  const endsWithMark = (i: number) => {
    let j = i;
    while (j + 1 < clauses.length && sentenceOf[j + 1] === sentenceOf[i]) j++;
    return /\?/.test(parts[2 * j + 1] ?? '') || /\?\s*$/.test(clauses[j]!);
  };
  const yesNoAt = clauseWords.findIndex(
    (ws, i) => opensYesNo(ws) && sentenceOf[i]! > 0 && endsWithMark(i),
  );
  // (A clause led by a question word asks before one that merely holds one: "writing a 1-pager on
  // why the network was created. what urbanisation numbers did the concept note use".)
  const first = leads.includes(true)
    ? leads.indexOf(true)
    : holds.includes(true)
      ? holds.indexOf(true)
      : yesNoAt !== -1
        ? yesNoAt
        : clauseWords.findIndex((ws) => ws.length > 0);
  // "does our city pay a yearly membership fee? how much": a bare question word at the end asks
  // about the sentence before it, which is no aside.
  if (first === clauses.length - 1 && first > 0 && clauseWords[first]!.length <= 2)
    return { asking: question, aside: NO_WORDS, aboutSender: NO_WORDS, context: NO_WORDS };
  // The sentences before the one that asks tell who asks and why ("Hi, Battambang city hall. We
  // want partner funding for a drainage project. How do we apply?"): searched, but like an aside.
  // (Only before the first sentence that asks anything: a question word, a yes-or-no opener.)
  const asks = leads.includes(true)
    ? first
    : clauses.findIndex((_, i) => holds[i] || YES_NO.has(clauseWords[i]![0] ?? '') || i === first);
  const before = clauses.map((_, i) => asks !== -1 && sentenceOf[i]! < sentenceOf[asks]!);
  const after = clauses.map((_, i) => first !== -1 && i > first && !holds[i]);
  if (!after.some(Boolean) && !before.some(Boolean))
    return { asking, aside: NO_WORDS, aboutSender: NO_WORDS, context: NO_WORDS };
  const asked = new Set(clauseWords.filter((_, i) => !after[i] && !before[i]).flat());
  const wordsWhere = (which: (clause: string, i: number) => boolean) =>
    new Set(
      clauseWords
        .filter((_, i) => which(clauses[i]!, i))
        .flat()
        .filter((w) => !asked.has(w)),
    );
  return {
    asking,
    aside: wordsWhere((_, i) => after[i]! || before[i]!),
    aboutSender: wordsWhere((c, i) => before[i]! || (after[i]! && !CONTINUATION.test(c))),
    context: wordsWhere((_, i) => before[i]!),
  };
}

/** The number of the sentence each clause is in (sentences end at . ? !); `parts` as CLAUSE_PARTS splits. */
function sentenceNumbers(parts: readonly string[]): number[] {
  const numbers: number[] = [];
  let n = 0;
  for (let i = 0; i < parts.length; i += 2) {
    numbers.push(n);
    if (/[.?!]/.test(parts[i + 1] ?? '')) n++;
  }
  return numbers;
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** A clause that carries the question on: a comparison, a place or a time ("…, compared with jakarta"). */
const CONTINUATION =
  /^(?:(?:and|or|but|also)\s+)?(?:compared\s+(?:with|to)|vs\.?|versus|than|in|at|on|for|from|to|between|during|since|before|after)\b/i;
// ("US" in capitals is the United States: "who runs it on the US side" is not the sender.)
const SPEAKER = /\b(?:[Ww][Ee]|[Oo][Uu][Rr][Ss]?|[Mm][Yy]|[Mm][Ee]|[Ii]|us|Us)\b/;
/** "our khon kaen team", "our team in chiang mai": the sender's team; where it sits is not asked about. */
const SENDER_GROUP =
  /\b(our|my) (?:(?:team|office|colleagues|staff|unit) (?:in|at|from) [\p{L}'’-]+(?: [\p{L}'’-]+)?|[\p{L}'’-]+(?: [\p{L}'’-]+)? (?:team|office|colleagues|staff|unit))\b/giu;
const POINTS_BACK = /\b(?:it|its|they|them|their|there)\b/i;
const EXISTENTIAL_THERE =
  /\b(?:is|are|was|were|be|been|any)\s+there\b|\bthere\s+(?:is|are|was|were|be)\b/gi;

/** A clause in which the sender says who they are: "makassar here", "hello from the sumedang team". */
// (A clause that opens with a greeting, "hello from the sumedang team", is a CONTEXT_FRAME already.)
const INTRODUCTION_CLAUSE = new RegExp(
  `^(?:${[
    String.raw`from (?:the )?[\p{L}'’ ]{1,40}`,
    String.raw`(?:this is|i am|i'm|im|we are|we're) (?:the |a )?[\p{L}'’ ]{1,40}?(?: (?:from|of|at) [\p{L}'’ ]{1,40}| (?:team|office|csco|officer|nr|secretariat))`,
    // "i'm from the asean secretariat events team", "we're with the sumedang office".
    String.raw`(?:i am|i'm|im|we are|we're) (?:from|with|at) [\p{L}'’ ]{1,40}`,
    String.raw`.*\bhere\b(?:\s+\p{L}{1,5})?\P{L}*`,
    // "journalist at a Jakarta daily", "phd student from chula": who asks, by their job.
    String.raw`(?:an? )?(?:[\p{L}'’-]+ ){0,2}(?:journalist|reporter|student|intern|researcher|consultant|staffer)(?: (?:at|from|with|of|in) [\p{L}'’ ]{1,40})?`,
  ].join('|')})$`,
  'iu',
);

/** What an officer may be preparing when they ask: "for my mayor's speech", "drafting section 3". */
const ERRAND =
  '(?:briefing|memo|speech|deck|slides?|presentation|note|backgrounder|newsletter|onboarding|talk|visit|trip|call|email|section|chapter|paper|brief|submission|proposal|draft|notes|report|graphic|infographic|chart|map|table|timeline|history|chronology|footnote|letter|pack|recap|one-pager|1-pager|dashboard|post|article|piece|handout|poster)s?';
/** Who may want to know: "my mayor wants…", "our finance officer asked…" (not "our city wants to join"). */
const ASKER =
  '(?:mayor|boss|governor|director|minister|council|team|secretary|deputy|head|chief|supervisor|colleagues?|staff|office|hr|officer|officers|manager|mayors|governors|lgu|department|dept|ministry|nr|nrs|csco|cscos)';

/**
 * A clause that says who asks or what for, not what: a greeting, the errand ("for my mayor's
 * speech", "prepping for the july meeting"), who wants to know ("my mayor wants a one-liner",
 * "our sihanoukville team would like to know"), an apology for asking, an aside ("fyi …").
 */
const CONTEXT_FRAME = new RegExp(
  `^(?:${[
    String.raw`(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening|day)|selamat \p{L}+|sawasdee\p{L}*|xin chao|mingalabar?|kumusta|salamat|(?:many |big )?thanks?|thank you|(?:much |really )?appreciated?(?: it)?)\b`,
    String.raw`(?:(?:we|i) (?:just |recently |only )?joined|just joined|new (?:csco|cscos|officer|nr|here|to (?:this|the (?:network|team|role|job))))\b`,
    String.raw`for (?:my|our|his|her|their|tomorrow's|today's|next week's)\b`,
    String.raw`for (?:the|a|an|this|next|tomorrow's) (?:[\p{L}'’-]+ ){0,3}${ERRAND}\b`,
    String.raw`(?:prepping|preparing|prep|drafting|writing|compiling|putting together|working on|finali[sz]ing) (?:for |up )?(?:a|an|the|my|our|some|this|next|tomorrow's)? ?(?:[\p{L}'’-]+ ){0,3}(?:${ERRAND}|meeting)\b`,
    String.raw`(?:need|needed|needs) (?:it|this|them|that|these|those)\b`,
    String.raw`(?:(?:my|our|the) )?(?:[\p{L}'’-]+ ){0,2}${ASKER} (?:(?:is|are|was|were) )?(?:ask|asks|asked|asking|want|wants|wanted|needs|needed|keeps asking|would like)\b(?!.*\b(?:whether|if|to (?:find|check|look up|look for|confirm))\b)`,
    String.raw`(?:sorry|apologies|apologi[sz]e)\b`,
    // "need to block my calender - when is …": the errand of the date asked.
    String.raw`(?:(?:i |we )?(?:need|want|have) to |so (?:i|we) can )?(?:block|mark|save|update) (?:my|our|the) (?:calendar|calender|diary|schedule)\b`,
    String.raw`(?:quick|basic|silly|dumb|stupid|random|newbie) (?:q|qn|question|one)\b`,
    String.raw`(?:(?:a |just a )?quick|just|double|sanity)[ -]?check(?:ing)?\b`,
    String.raw`(?:and )?(?:fyi|btw|ps|also fyi)\b`,
    String.raw`[\p{L}'’ ]{1,30}\b(?:is|are) curious\b`,
    String.raw`(?:we|i)(?: in [\p{L} ]{1,30})? (?:are|am|'m|'re) (?:still |quite |very )?new\b`,
    String.raw`(?:we're|i'm|im) (?:still |quite |very )?new\b`,
    String.raw`(?:before|so that|so) (?:i|we) (?:can |could )?(?:start|quote|tell|brief|answer|reply|explain|send|share|present)\b`,
  ].join('|')})`,
  'iu',
);

/** "how senior is a …", "how reliable are the …": a word, a copula, then what it describes. */
const DEGREE =
  /^how [a-z]+[^s\W] (?:is|are|was|were) (?:the |this |that |these |those |its |their |our |your |ur |my )?[a-z]+(?<!ed|en|ing)(?: |$)/;

/** Whether a clause holds a question word anywhere ("i need to know who…" does). */
function holdsQuestionWord(clause: string): boolean {
  // ("…asks whether this assistant is official" asks too.)
  return questionWords(clause).some((w) => QUESTION_WORDS.has(w) || w === 'whether');
}

function leadsWithQuestionWord(clause: string): boolean {
  const first = questionWords(clause).find((w) => !FILLER_ADVERBS.has(w) && !LEADING.has(w));
  return first !== undefined && QUESTION_WORDS.has(first);
}

/** Words a chat clause opens with before its question word: "ok so who…", "and when…". */
const LEADING = new Set(['ok', 'okay', 'so', 'and', 'but', 'also', 'then', 'btw', 'pls', 'please']);

/**
 * Phrases that only tell the kind of answer ("aec short for", "usascp full name", "where did it
 * take place"): they are not content to search for.
 */
const KIND_PHRASES = [
  ['full', 'form'],
  ['short', 'form'],
  ['long', 'form'],
  ['short', 'for'],
  ['full', 'name'],
  // "the ministry of which country": a country is the answer, "country" no word to look for.
  ['which', 'country'],
  ['what', 'country'],
  // "which organisation operates wise", "organisations behind wise": a body is the answer, and
  // the pages name bodies without calling them organisations.
  ['which', 'organisation'],
  ['which', 'organization'],
  ['which', 'organisations'],
  ['which', 'organizations'],
  ['what', 'organisation'],
  ['what', 'organization'],
  ['organisations', 'behind'],
  ['organizations', 'behind'],
  ['organisation', 'behind'],
  ['organization', 'behind'],
  // "three candidate cities came to bali - which ones?": the cities are the answer.
  ['which', 'ones'],
  ['spell', 'out'],
  ['spelled', 'out'],
  ['spelt', 'out'],
  ['letters', 'mean'],
  ['letters', 'stand'],
  ['letters', 'in'],
  ['stand', 'for'],
  ['stands', 'for'],
  // "where did the meeting take place": where and when, not a "place" to look for.
  ['take', 'place'],
  ['took', 'place'],
  ['takes', 'place'],
  ['taking', 'place'],
  ['how', 'long'],
  // "first thing to do if…", "the first step": where to start, not something that came first.
  ['first', 'thing'],
  ['first', 'step'],
  // "what do we do first": where to start, too.
  ['do', 'first'],
  // "how big is the network these days", "at the moment": they ask for the latest state
  // (asksForLatest reads the question as typed), not for a day or a moment. ("latest" and "so
  // far" stay searched: masked, they let "latest football scores" through and lost "how many
  // partnerships so far".)
  ['these', 'days'],
  ['right', 'now'],
  ['at', 'the', 'moment'],
  ['as', 'of', 'now'],
  ['at', 'present'],
  // "who came up with it in the first place": originally, not a place.
  ['in', 'the', 'first', 'place'],
  // "name every cambodian city", "name all the chairs": a list, not the word "name".
  ['name', 'every'],
  ['name', 'all'],
  ['name', 'each'],
  // "what's the ascn, one line pls", "in a nutshell": how long the answer should be, not a
  // "line" or a "nutshell" to look for (words() has already dropped the "a").
  ['one', 'line'],
  ['one', 'liner'],
  ['in', 'nutshell'],
  ['in', 'sentence'],
  ['in', 'one', 'sentence'],
  ['in', 'few', 'words'],
  ['short', 'answer'],
  ['short', 'version'],
  ['long', 'story', 'short'],
  ['in', 'brief'],
  ['briefly'],
  ['quick', 'summary'],
];

/**
 * `ws` with the phrases that only say what kind of answer is wanted masked as stopwords (so the
 * other words keep their places).
 */
export function maskKindPhrases(ws: readonly string[]): string[] {
  const out = [...ws];
  for (let i = 0; i < out.length; i++) {
    let p: readonly string[] | undefined;
    for (const phrase of KIND_PHRASES)
      if (startsAt(out, i, phrase)) {
        p = phrase;
        break;
      }
    if (!p) continue;
    for (let k = 0; k < p.length; k++) out[i + k] = 'the';
    i += p.length - 1;
  }
  return out;
}

/** Where a second question starts: "…, and who runs it", "when and where", "…? who manages it". */
const SECOND_ASKED =
  /(?:[,;]\s*|\s+)(?:and|&)\s+(?=(?:who|whom|when|where|which|what|how many|how much)\b)|\?\s+(?=(?:and\s+)?(?:who|whom|when|where|which|how many|how much)\b)/i;

/** Kinds a second question may add to an answer: a thing a sentence holds or lacks. */
const SECOND_KINDS: ReadonlySet<AnswerKind> = new Set(['number', 'date', 'place', 'person']);

/**
 * The kind of answer a second question of the message asks for, when it differs from `kind`:
 * "what is WiSE, and who runs it" wants a body too, "when and where was the workshop" a place.
 */
export function secondKind(question: string, kind: AnswerKind): AnswerKind | undefined {
  const at = question.search(SECOND_ASKED);
  if (at <= 0) return undefined;
  const second = answerKind(question.slice(at).replace(/^[\s,;?]*(?:and|&)?\s*/i, ''));
  return second !== kind && SECOND_KINDS.has(second) ? second : undefined;
}

/**
 * The kind of answer a question wants: a number (how many, how much, budget), a date (when,
 * which year), a place (where), a person or body (who, which country or ministry), a list (list,
 * which cities, the six …), a definition (what is, stands for) or a how-to (how do, steps).
 */
export function answerKind(question: string): AnswerKind {
  // "what exactly is kampong ayer": an adverb of chat says nothing of the kind.
  const ws = questionWords(question).filter((w) => !FILLER_ADVERBS.has(w));
  if (ws.length === 0) return 'other';
  const first = ws[0]!;
  if (
    has(ws, 'how many') ||
    has(ws, 'how much') ||
    has(ws, 'how long') ||
    has(ws, 'number of') ||
    has(ws, 'how big') ||
    has(ws, 'how large') ||
    ws.some(
      (w) => w === 'cost' || w === 'budget' || w === 'amount' || w === 'total' || w === 'count',
    ) ||
    // "what share of the region's growth", "roughly what percentage of projects": a number too
    // (not "which two areas had about 26 percent", which names the share).
    ws.some((w, i) => asksShare(w) && (ws[i - 1] === 'what' || ws[i - 1] === 'which'))
  )
    return 'number';
  // "what time zone" asks for a zone, not a time.
  const zone = ws.findIndex(
    (w, i) => w === 'time' && (ws[i + 1] === 'zone' || ws[i + 1] === 'zones'),
  );
  if (zone !== -1) ws.splice(zone, 2, 'timezone');
  // "what time is it in yangon when its 10am in singapore": a clock time asks for local times.
  if (ws.some((w) => CLOCK_TIME.test(w))) return 'zone';
  // "time difference between yangon and manila", "how many hours ahead is makassar": offsets.
  if (has(ws, 'time difference') || has(ws, 'hours ahead') || has(ws, 'hours behind'))
    return 'zone';
  if (ws.some((w) => ZONE_WORDS.has(w))) return 'zone';
  // The question word leads: "when did Singapore give up the Shepherd role" wants a date; so
  // does a chat fragment led by a time noun ("year the network kicked off").
  if (first === 'when' || ((first === 'year' || first === 'month') && ws.length > 2)) return 'date';
  if (first === 'why' || ws.some((w) => REASON_WORDS.has(w))) return 'reason';
  if (
    ws.some((w) => ROLE_WORDS.has(w)) ||
    (first === 'what' && ws.at(-1) === 'do' && ws.length > 2)
  )
    return 'role';
  if (
    ws.includes('when') ||
    has(ws, 'since when') ||
    has(ws, 'what time') ||
    ws.some((w, i) => TIME_NOUNS.has(w) && (ws[i - 1] === 'which' || ws[i - 1] === 'what')) ||
    ws.includes('date')
  )
    return 'date';
  const whichNoun = ws.findIndex((w) => w === 'which' || w === 'what');
  // The noun after "which": "which three thai provinces" asks about provinces, not "three".
  let nounAt = whichNoun === -1 ? -1 : whichNoun + 1;
  while (
    nounAt > 0 &&
    nounAt < ws.length - 1 &&
    (NUMBER_WORD.test(ws[nounAt]!) || PLACE_ADJECTIVES.has(ws[nounAt]!))
  )
    nounAt++;
  const next = nounAt === -1 ? undefined : ws[nounAt];
  const joined = ws.join(' ');
  // "do all cities have to follow one model", "is beijing funding ascn cities": a yes-or-no
  // question, whatever nouns it holds, asks for no list.
  const yesNo = YES_NO.has(first);
  if (WEB.test(joined)) return 'place';
  // "name every cambodian city": several things.
  if (ws.includes('list') || ((ws.includes('all') || ws.includes('every')) && !yesNo))
    return 'list';
  // "which partner agencies showed up", "which member states": a plural body noun after a
  // singular one names several bodies, a list.
  const after = nounAt === -1 ? undefined : ws[nounAt + 1];
  if (
    next &&
    BODY_NOUNS.has(next) &&
    after &&
    PLURAL.test(after) &&
    BODY_NOUNS.has(after.replace(/ies$/, 'y').replace(/s$/, ''))
  )
    return 'list';
  // "which organisation runs the programme": a body, though "programme" sounds like a summary.
  if (next && BODY_NOUNS.has(next) && !PLURAL.test(next) && whichNoun === 0) return 'person';
  // "what was the theme of the 2022 meeting": a name, not a definition of "theme".
  if (whichNoun === 0 && ws.some((w) => NAME_NOUNS.has(w)) && !SUMMARY_ONLY.test(joined))
    return 'person';
  // "name of the UNCDF programme manager": a name, though "programme" sounds like a summary.
  if (first === 'name' && ws[1] === 'of') return 'person';
  // "malaysian official who handed over the chair — full name and title": a person's full name.
  if (has(ws, 'full name') && ws.some((w) => w === 'who' || PERSON_NOUNS.has(w))) return 'person';
  if (SUMMARY.test(joined)) return 'summary';
  if (
    !yesNo &&
    ws.some(
      (w, i) =>
        NUMBER_WORD.test(w) &&
        i < ws.length - 1 &&
        // "the 5 committed collaborators": an adjective may stand between.
        (PLURAL.test(ws[i + 1] ?? '') ||
          (/(?:ed|ing)$/.test(ws[i + 1]!) && PLURAL.test(ws[i + 2] ?? ''))),
    )
  )
    return 'list';
  if (next && (next === 'cities' || next === 'countries' || next === 'projects')) return 'list';
  // "which services …", "what programmes …", "which end results …": several things of one sort.
  const pluralNoun = (w: string | undefined) =>
    w !== undefined &&
    PLURAL.test(w) &&
    !STOPWORDS.has(w) &&
    !BODY_NOUNS.has(w) &&
    !w.endsWith('ss');
  if (
    pluralNoun(next) ||
    (next && !STOPWORDS.has(next) && pluralNoun(ws[nounAt + 1]) && YES_NO.has(ws[nounAt + 2] ?? ''))
  )
    return 'list';
  if (first === 'who' || ws.includes('whom') || ws.includes('whose')) return 'person';
  if (next && BODY_NOUNS.has(next)) return 'person';
  if (next && EVENT_NOUNS.has(next)) return 'date';
  if (has(ws, 'name of') || first === 'name') return 'person';
  // "where do we start": a how-to, not a place.
  if (
    ws.includes('where') &&
    ws.some((w) => w === 'start' || w === 'begin' || w === 'apply' || w === 'contact')
  )
    return 'howto';
  // ("the thing where cities pair up…, is it compulsory": a "where" after a noun describes the
  // thing, it asks no place.)
  if (
    ws.some((w, i) => w === 'where' && !RELATIVE_WHERE.has(ws[i - 1] ?? '')) ||
    (next && PLACE_NOUNS.has(next))
  )
    return 'place';
  // "first thing to do if my city wants to join": where to start, a how-to.
  if (has(ws, 'thing to do') || has(ws, 'things to do') || has(ws, 'first step')) return 'howto';
  // "what is the process for a new city to enter": the steps, not a definition of "process".
  if (ws.some((w) => w === 'process' || w === 'procedure' || w === 'steps')) return 'howto';
  if (
    // What a short form stands for ("stands for", "full name", "spell out SGAC", "what do the
    // letters mean"), or a word's short form.
    asksExpansion(joined) ||
    has(ws, 'short form') ||
    ws.includes('define') ||
    ws.includes('definition') ||
    has(ws, 'what is') ||
    has(ws, 'what are') ||
    has(ws, 'what does') ||
    // ("… had a slogan right? what was it": "it" points back to the slogan, no thing to define)
    (has(ws, 'what was') && !(ws.at(-1) === 'it' && ws.at(-3) === 'what')) ||
    // "kampong ayer is what exactly", "jcm means what", "jaif is what ah": the question word
    // last, but for chat particles.
    lastAsks(ws)
  ) {
    if (has(ws, 'what are') && next === 'are' && PLURAL.test(ws[whichNoun + 3] ?? ''))
      return 'list';
    // "what are the ascf key focus areas": several things named by a plural noun at the end.
    if (
      next === 'are' &&
      whichNoun === 0 &&
      ws.length >= whichNoun + 5 &&
      LIST_NOUNS.has(ws.at(-1)!)
    )
      return 'list';
    // "what is missing", "what is known": a state of things, not a definition.
    if ((next === 'is' || next === 'are') && STATE_WORDS.has(ws[whichNoun + 2] ?? ''))
      return 'other';
    return 'definition';
  }
  // "what kind of place is kampong ayer": a description, not a named thing.
  if (
    (next === 'kind' || next === 'sort' || next === 'type') &&
    ws[nounAt + 1] === 'of' &&
    !pluralNoun(ws[nounAt + 2])
  )
    return 'definition';
  // "how senior is a csco", "how reliable is the mandalay info": how much of a quality, no steps.
  if (first === 'how' && DEGREE.test(joined)) return 'other';
  if (first === 'how' || ws.includes('steps') || ws.includes('process')) return 'howto';
  if (next !== undefined) return 'person'; // "which summit …": a named thing
  if (!yesNo && !ws.some((w) => QUESTION_WORDS.has(w)) && ws.some((w) => LIST_NOUNS.has(w)))
    return 'list';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// What a sentence holds

const MONTH =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
const YEAR = /\b(?:19|20)\d\d\b/;
const FULL_DATE =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b/i;
const TIME_OF_DAY = /\b\d{1,2}:\d\d\b/;
/** Dates, ordinals, years, clock times, UTC offsets and codes such as ASCN8: numbers that are no amount. */
const NOT_AMOUNT = new RegExp(
  [
    // ("22–25 May", and "from 22 to 25 May", "8 and 9 July": days, not amounts.)
    String.raw`\b\d{1,2}(?:\s*(?:[–-]|to|and)\s*\d{1,2})?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*`,
    String.raw`\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}\b`,
    String.raw`\b\d+(?:st|nd|rd|th)\b`,
    String.raw`\b(?:19|20)\d\d(?:\s*[–-]\s*(?:19|20)?\d\d)?\b`,
    String.raw`[+−-]?\b\d{1,2}:\d\d\b`,
    String.raw`\b[a-z]+\d+\b`,
  ].join('|'),
  'gi',
);
const AMOUNT_WORD =
  /^(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|dozen|million|billion)$/;

/**
 * The stems of the words near each amount of a text (four words either side), dates, years and
 * ordinals left out: "more than 20 USASCP projects" counts projects.
 */
export function amountNeighbours(text: string): Set<string> {
  const ws = words(text.replace(NOT_AMOUNT, ' . '));
  const near = new Set<string>();
  ws.forEach((w, i) => {
    if (!AMOUNT_WORD.test(w)) return;
    for (let k = Math.max(0, i - 4); k <= Math.min(ws.length - 1, i + 4); k++)
      if (k !== i && !STOPWORDS.has(ws[k]!)) near.add(stem(ws[k]!));
  });
  return near;
}

const NUMBER_VALUES: Readonly<Record<string, string>> = {
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  twenty: '20',
  thirty: '30',
};

/** The amounts of a text as digits ("three cities", "3 cities" → 3), dates, years and ordinals left out. */
export function amountsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text.replace(NOT_AMOUNT, ' . '))) {
    if (/^\d[\d,.]*$/.test(w)) out.add(w.replace(/,/g, ''));
    else if (NUMBER_VALUES[w]) out.add(NUMBER_VALUES[w]);
  }
  return out;
}

const AMOUNT =
  /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|dozen|million|billion)\b/i;
const WEB_EVIDENCE =
  /\b(?:website|web address|\w+\.(?:org|com|gov|net)\b|published|portal|online|download)/i;
const NOT_KNOWN =
  /\b(?:not (?:yet )?(?:been )?(?:known|published|confirmed|given|recorded|stated|named|announced|public)|(?:do|does|did) not (?:give|say|name|record|list|describe|hold|state|confirm|report|spell)|no (?:published|confirmed|official) |unconfirmed|not settled|not found|(?:give|gives|name|names|record|records) only)\b/i;
const DEFINITION =
  /\b(?:describe[sd]?|define[sd]?|call(?:s|ed)?)\s+(?:\S+\s+){0,4}?as\b|\b(?:is|are|was|were|means|refers to)\s+(?:a|an|the|one|its|their)\b|\bstands? for\b|^-?\s*[A-Z][A-Za-z&.]+(?:\s+(?:[A-Z][A-Za-z&.]*|&|\([A-Za-z]+\))){0,4}: /;
const ORG =
  /\b(?:country|countries|Ministry|Department|Secretariat|Centre|Center|Office|Council|Agency|Authority|Directorate|Division|Bank|Fund|Commission|Minister|Secretary|President|Governor|Chairman|Undersecretary|Representative|DILG|MLIT|MOLIT|DFAT|CLC|SNDGO|UNCDF)\b/;
/** Capitalised words of the network's own vocabulary: no answer to "who". */
const GENERIC_NAMES = new Set(
  'The A An Our It Its This That These Those In On At For By Of And Or Smart Cities City Network Networks Chair Chairs Shepherd Framework Summit Summits Meeting Meetings Annual Officer Officers Chief National Representative Representatives Terms Reference Action Plan Plans Sources Source Leaders Member Members States Partners Partner Initiative Programme Report According See January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(
    ' ',
  ),
);

/** Whether the text names someone or something by a capitalised name that is not a place ("Mohd Hazli", "DILG"; not "Philippine"). */
function namesSomeone(text: string): boolean {
  const re = /\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*/g;
  for (const m of text.matchAll(re)) {
    const names = m[0]
      .split(/\s+/)
      .filter((w, k) => (k > 0 || (m.index ?? 0) > 0) && !GENERIC_NAMES.has(w));
    if (names.length === 0) continue;
    if (names.length === 1 && isPlaceName(names[0]!)) continue;
    if (names.length > 1 && isPlaceName(names.join(' '))) continue;
    return true;
  }
  return false;
}

/** Whether a sentence opens with a place, its actor: "Singapore prepared the initial draft". */
function startsWithPlace(text: string): boolean {
  const ws = words(text).slice(0, 4);
  if (ws[0] === 'the') ws.shift();
  for (let n = Math.min(ws.length, 3); n >= 1; n--)
    if (PLACE_WORDS.has(ws.slice(0, n).join(' '))) return true;
  return false;
}

export function isPlaceName(name: string): boolean {
  return PLACE_WORDS.has(words(name).join(' '));
}
const HOWTO =
  /\b(?:through|nominat\w*|appl(?:y|ies|ied)|must|steps?|then|process|via|select\w*|accept\w*|admit\w*|assess\w*|in which|align\w*|(?:is|are|was|were)\s+\w+ed by|should|start with|contact|ask your)\b/i;
/** A zone, an offset, or a local clock time ("10:00 in Singapore is 08:30 in Yangon"). */
const ZONE_EVIDENCE = /\bAsia\/[A-Z]\w+|\bUTC\s*[+−-]|[+−-]\d{2}:\d{2}\b|\b\d{1,2}:\d\d\b/;
const REASON_EVIDENCE =
  /\b(?:because|due to|so that|in order to|reasons?|rationale|to help|meant to|expected|argued|aims? to|reflects?|reflected|as a result|given that|since|so as to|to ensure|to allow|to enable|to avoid|thereby|which is why|led to|driven by|view that)\b/i;
const VENUE = /\b(?:online|virtual(?:ly)?|video conference|in person|in-person|held in|hosted)\b/i;

const PLACE_WORDS = (() => {
  const set = new Set<string>();
  for (const name of placeNames()) set.add(name);
  return set;
})();

/** The first word of every place name: no phrase starting with another word is a place. */
const PLACE_FIRST_WORDS = new Set([...PLACE_WORDS].map((name) => name.split(' ')[0]!));

function mentionsPlace(text: string): boolean {
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    if (!PLACE_FIRST_WORDS.has(ws[i]!)) continue;
    let phrase = '';
    for (let n = 0; n < 4 && i + n < ws.length; n++) {
      phrase = n === 0 ? ws[i]! : `${phrase} ${ws[i + n]}`;
      if (PLACE_WORDS.has(phrase)) return true;
    }
  }
  return false;
}

const DEFINITION_NOUNS = new Set([
  'definition',
  'define',
  'defined',
  'meaning',
  'mean',
  ...ROLE_WORDS,
]);

/**
 * A noun that names the sort of thing asked for ("which country", "what year", "which meeting"):
 * it tells the kind of answer, whatever the pages call the thing.
 */
export function isSortNoun(word: string): boolean {
  return (
    BODY_NOUNS.has(word) ||
    PLACE_NOUNS.has(word) ||
    TIME_NOUNS.has(word) ||
    EVENT_NOUNS.has(word) ||
    NAME_NOUNS.has(word)
  );
}

/** Whether the question asks what a short form stands for ("what does JAIF stand for", "full name"). */
export function asksExpansion(question: string): boolean {
  return EXPANSION_ASKED.test(question);
}

const EXPANSION_ASKED =
  /\b(?:stands? for|full (?:name|form)|long form|short for|letters|acronym|abbreviation|spel(?:l|led|t) out|expand|meaning)\b/i;

/**
 * Whether a word of the question only says what kind of answer it wants ("which years",
 * "definition of", "role of"): such a word is not content to look for in the answer.
 */
export function isKindWord(kind: AnswerKind, word: string): boolean {
  // "when did the first meeting happen": "happen" only asks when.
  // ("what month": the month is searched too, so that "our sources do not give the month" answers.)
  if (kind === 'date')
    return (TIME_NOUNS.has(word) && word !== 'month') || /^happen(?:s|ed|ing)?$/.test(word);
  if (kind === 'definition') return DEFINITION_NOUNS.has(word);
  if (kind === 'role') return ROLE_WORDS.has(word);
  if (kind === 'reason') return REASON_WORDS.has(word);
  // "name of the undersecretary": "name" only asks for a name.
  if (kind === 'person') return word === 'name';
  // "phuket govt funding amount": "amount" only asks for a number.
  if (kind === 'number') return word === 'amount' || word === 'amounts' || asksShare(word);
  // "what happened in 2024": the events are the answer, "happened" is no word to look for.
  if (kind === 'summary') return /^happen(?:s|ed|ing)?$/.test(word);
  // "what kinds of partners": the partners are the list asked for; "kinds" is no word to look for.
  if (kind === 'list') return /^(?:kind|type|sort|categor(?:y|ie))s?$/.test(word);
  return false;
}

const RECENT =
  /\b(?:now|current|currently|today|latest|nowadays|presently|this year|these days|at present|at the moment|so far|as of now)\b/;

/** Whether the question asks for the latest state of things ("who is the shepherd now"). */
export function asksForLatest(question: string): boolean {
  return RECENT.test(words(question).join(' '));
}

const ORDINALS: Readonly<Record<string, number>> = {
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  '5th': 5,
  '6th': 6,
  '7th': 7,
  '8th': 8,
  '9th': 9,
  '10th': 10,
};

/** The number an ordinal word stands for ("4th", "fourth", "ascn8" → 4, 4, 8), if it is one. */
export function ordinalOf(word: string): number | undefined {
  const n = ORDINALS[word];
  if (n !== undefined) return n;
  const short = /^ascn(\d{1,2})$/.exec(word);
  return short ? Number(short[1]) : undefined;
}

/** A place in a list the question asks for: "the 2nd aim", "the fourth ascf focus area". */
export interface ListPosition {
  /** 1-based. */
  readonly n: number;
  /** The ordinal as typed ("2nd", "fourth"): it says which item, it is no word to look for. */
  readonly word: string;
  /** Stems of the content words after it ("focus", "area"): what the list is of. */
  readonly nouns: readonly string[];
}

/**
 * The item of a list a question asks for ("what is the 2nd aim of the ascn", "second building
 * block of the ascf"), or null. An ordinal before a meeting, a summit or a year numbers that
 * event ("the 2nd annual meeting"), not a list item; "first" is left out, as it mostly means
 * the earliest ("first csco of battambang").
 */
export function listPosition(question: string): ListPosition | null {
  const ws = questionWords(question);
  for (let i = 0; i < ws.length; i++) {
    const n = ORDINALS[ws[i]!];
    if (n === undefined) continue;
    const nouns: string[] = [];
    for (let k = i + 1; k < ws.length; k++) {
      const w = ws[k]!;
      if (w === 'of' || w === 'in' || w === 'that' || w === 'for') break;
      if (EVENT_NOUNS.has(w) || TIME_NOUNS.has(w) || w === 'annual') return null;
      if (!STOPWORDS.has(w) && k <= i + 3) nouns.push(stem(w));
    }
    if (nouns.length > 0) return { n, word: ws[i]!, nouns };
  }
  return null;
}

const CONTACT =
  /\b(?:who|whom) (?:(?:to|can|could|do|should|shall|must) (?:\w+ ){0,2})?(?:ask|contact|approach|give|get|send|request|provide)\b|\bwhere (?:can|do|should) (?:i|we) (?:get|find|obtain|request)\b/;
/** The verbs of a question that asks whom to turn to: they say what kind of answer is wanted. */
export const CONTACT_VERBS: ReadonlySet<string> = new Set(['ask', 'contact', 'approach']);
const TELLS_WHOM = /\b(?:ask|contact|write to|check with|request it from|start with|turn to)\b/i;

/** Whether a question asks whom to turn to ("who can give me the draft", "who to ask about …"). */
export function asksForContact(question: string): boolean {
  return CONTACT.test(questionWords(question).join(' '));
}

/** Whether a sentence tells the reader whom to turn to ("ask your National Representative"). */
export function tellsWhom(text: string): boolean {
  return TELLS_WHOM.test(text);
}

/** Words of a question that ask what is missing or not known ("which countries have no agency recorded"). */
const NEGATION = new Set(['no', 'not', 'unknown', 'missing', 'unclear', 'unconfirmed', 'without']);

/**
 * Whether a question asks what is not known: a wh-question with a negation ("for which countries
 * is no lead agency recorded", "what is still unclear about the terms"), not a yes-or-no one.
 */
export function asksForUnknown(question: string): boolean {
  const ws = questionWords(question);
  if (ws.length === 0 || YES_NO.has(ws[0]!)) return false;
  return ws.some((w) => QUESTION_WORDS.has(w)) && ws.some((w) => NEGATION.has(w));
}

/** Whether a year alone answers the question ("which year", "since when"), not only a full date. */
export function asksForYear(question: string): boolean {
  const ws = questionWords(question);
  return ws.includes('year') || ws.includes('years') || has(ws, 'since when');
}

/** Whether `text` says plainly that something is not known ("has not been published"). */
export function saysNotKnown(text: string): boolean {
  return NOT_KNOWN.test(text);
}

/** What kinds of answer a sentence can give: 1 when it holds one, 0.5 when it says the thing is not known. */
export interface Evidence {
  number: boolean;
  readonly date: boolean;
  readonly place: boolean;
  readonly person: boolean;
  /** It names a person or a body, not only a place ("Mohd Hazli passed it", not "three Philippine sources"). */
  readonly named: boolean;
  readonly definition: boolean;
  readonly howto: boolean;
  readonly zone: boolean;
  readonly reason: boolean;
  /** A day or a month with its year, not a year alone ("April 2018", "12 July 2023"). */
  readonly fullDate: boolean;
  /** It says the thing is not known (or it is an item of a list of things not known). */
  notKnown: boolean;
}

export function evidenceOf(text: string): Evidence {
  // Checks that several kinds of evidence share are made once, and only when needed.
  let place: boolean | undefined;
  const mentions = () => {
    place ??= mentionsPlace(text);
    return place;
  };
  let someone: boolean | undefined;
  const names = () => {
    someone ??= namesSomeone(text);
    return someone;
  };
  const org = ORG.test(text);
  const definition = DEFINITION.test(text);
  return {
    number: AMOUNT.test(text.replace(NOT_AMOUNT, ' ')),
    date: MONTH.test(text) || YEAR.test(text) || TIME_OF_DAY.test(text),
    place: VENUE.test(text) || WEB_EVIDENCE.test(text) || mentions(),
    person: org || names() || mentions(),
    named: org || names() || startsWithPlace(text),
    definition,
    howto: HOWTO.test(text) || definition,
    zone: ZONE_EVIDENCE.test(text),
    fullDate: FULL_DATE.test(text) || TIME_OF_DAY.test(text),
    reason: REASON_EVIDENCE.test(text),
    notKnown: saysNotKnown(text),
  };
}

/**
 * How well a sentence's content fits the kind of answer asked for, 0…1: 1 when it holds that kind
 * of thing (a number for "how many"), 0.6 when it says plainly that the thing is not known, else
 * 0. `list` is judged by the caller (a list lead-in, or items); `other` is always 0.
 */
export function kindFit(kind: AnswerKind, e: Evidence): number {
  let has = false;
  switch (kind) {
    case 'number':
      has = e.number;
      break;
    case 'date':
      has = e.date;
      break;
    case 'place':
      has = e.place;
      break;
    case 'person':
      // A place alone ("three Philippine sources") answers "who" less well than a name.
      if (e.person && !e.named) return 0.7;
      has = e.person;
      break;
    case 'definition':
      has = e.definition;
      break;
    case 'howto':
      has = e.howto;
      break;
    case 'zone':
      has = e.zone;
      break;
    case 'reason':
      has = e.reason;
      break;
    case 'role':
      return e.definition ? 0.5 : 0;
    default:
      return 0;
  }
  if (has) return 1;
  // "Our sources do not confirm the list of enablers" answers "what are the enablers" too.
  return e.notKnown && kind !== 'howto' && kind !== 'reason' ? 0.6 : 0;
}
