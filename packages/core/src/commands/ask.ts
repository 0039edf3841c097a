import { type EventKind, upcomingEvents } from '@ascn/domain';
import type { Answer } from '@ascn/knowledge';
import { BadInput } from '../errors.js';
import { activeEvents } from '../events.js';
import { logQuestion } from '../gaps.js';
import { citationUrl } from '../links.js';
import type { Command, CommandContext } from '../registry.js';
import { type Block, heading, note, type Reply, reply, text } from '../reply.js';
import { eventLine } from './calendar-lines.js';

/** Which calendar events a "when is…" question is about, by kind. */
const WHEN = /\b(when|date|dates|next|upcoming|deadline|due|schedule[ds]?)\b/i;
const EVENT_WORDS: Array<[RegExp, EventKind[]]> = [
  [/\bannual\s+meeting|\bmeeting/i, ['annual-meeting', 'meeting']],
  [/\bworkshop|\bscgw\b/i, ['governance-workshop']],
  [/\breports?\b|\bdue\b|\bdeadlines?\b/i, ['report-due', 'deadline']],
  [/\bsummit\b/i, ['summit']],
];

/** Words that name one of the network's own events ("the annual meeting", "the scgw", "ascn8"). */
const OWN_EVENT =
  /\b(?:annual\s+meeting|ascn\d*|asean smart cities|workshop|scgw|reports?|deadlines?|due)\b/i;

export function eventKindsAskedAbout(question: string): EventKind[] {
  if (!WHEN.test(question)) return [];
  return EVENT_WORDS.filter(([re]) => re.test(question)).flatMap(([, kinds]) => kinds);
}

export const DECLINE =
  'I could not find that in the knowledge base (it is in English), so I would rather not guess.';

/** The reply to a question: the answer with its source and feedback buttons, or a plain decline. */
export function answerReply(input: {
  answer: Answer;
  questionId: number;
  calendar: Block[];
  publicUrl: string;
  visibility: 'private' | 'public';
  /** Offer "Share to channel" (a private answer in a conversation others read). */
  shareable: boolean;
  zone: string;
}): Reply {
  const { answer, questionId, calendar } = input;
  const buttons: Block = {
    kind: 'buttons',
    buttons: [
      { action: { kind: 'feedback', questionId, vote: 'up' }, label: '👍 Helpful' },
      { action: { kind: 'feedback', questionId, vote: 'down' }, label: '👎 Not helpful' },
      ...(input.shareable && answer.citation
        ? [{ action: { kind: 'answer-share' as const, questionId }, label: 'Share to channel' }]
        : []),
    ],
  };
  const opts = { visibility: input.visibility, zone: input.zone };
  if ((answer.answer === null || !answer.citation) && calendar.length > 0)
    return reply([...calendar, buttons], opts);
  if (answer.answer === null || !answer.citation)
    return reply(
      [
        text(DECLINE),
        note(
          'Try other words, or type "help". The Secretariat sees unanswered questions and fills the gaps.',
        ),
      ],
      opts,
    );
  return reply([...calendar, ...answerBlocks(answer, input.publicUrl), buttons], opts);
}

const answerBlocksKept = new WeakMap<Answer, { publicUrl: string; blocks: readonly Block[] }>();

/**
 * An answer's text and source as blocks, frozen and built once per answer: the knowledge base
 * hands out the same frozen answer for a question asked again, and the renderers keep their
 * work per frozen block (`bench:slack`), so a repeated question is not rendered again.
 */
function answerBlocks(answer: Answer, publicUrl: string): readonly Block[] {
  const kept = answerBlocksKept.get(answer);
  if (kept?.publicUrl === publicUrl) return kept.blocks;
  const c = answer.citation!;
  const blocks: readonly Block[] = Object.freeze([
    Object.freeze(text(answer.answer!)),
    Object.freeze({
      kind: 'citation',
      title: c.title,
      heading: c.heading,
      path: c.path,
      anchor: c.anchor,
      url: citationUrl(publicUrl, c.path, c.anchor),
    } satisfies Block),
  ]);
  answerBlocksKept.set(answer, { publicUrl, blocks });
  return blocks;
}

/** Answers a question from the knowledge base (and the calendar for "when is…"); logs it for the gaps list. */
export async function askQuestion(
  ctx: CommandContext,
  question: string,
  opts: { visibility?: 'private' | 'public' } = {},
): Promise<Reply> {
  const { store, knowledge, clock, actor } = ctx;
  const answer = knowledge.ask(question);
  const now = clock.now();
  const questionId = await logQuestion(store, {
    query: question,
    declined: answer.answer === null,
    topPath: answer.results[0]?.path ?? null,
    platform: actor.platform,
    officerId: actor.officer?.id ?? null,
    userId: actor.userId,
    at: now,
  });
  // "When is the annual meeting?": the calendar answers the date, the docs the context. When the
  // knowledge base declines, the calendar answers alone only a question that names one of the
  // network's own events: "when's the next APEC leaders' meeting" is another body's meeting.
  const kinds =
    answer.answer !== null || OWN_EVENT.test(question) ? eventKindsAskedAbout(question) : [];
  const next = kinds.length
    ? upcomingEvents(await activeEvents(store.db), now)
        .filter((e) => kinds.includes(e.kind))
        .slice(0, 3)
    : [];
  const calendar: Block[] = next.length
    ? [
        heading('Next in the calendar'),
        { kind: 'list', items: next.map((e) => eventLine(e, now, actor.zone)) },
      ]
    : [];
  const visibility = opts.visibility ?? (actor.where.kind === 'thread' ? 'public' : 'private');
  return answerReply({
    answer,
    questionId,
    calendar,
    publicUrl: ctx.publicUrl,
    visibility,
    shareable: visibility === 'private' && actor.platform !== 'web' && actor.where.kind !== 'dm',
    zone: actor.zone,
  });
}

export const askCommand: Command = {
  path: ['ask'],
  summary: 'Ask a question about the ASEAN Smart Cities Network',
  usage: 'ask <question>',
  audience: 'everyone',
  writes: false,
  args: [
    {
      name: 'question',
      description: 'Your question, e.g. what are the six focus areas?',
      type: 'string',
      required: true,
      rest: true,
      maxLength: 2000,
      autocomplete: 'titles',
    },
  ],
  async run(ctx, args) {
    const question = String(args.question ?? '').trim();
    if (!question) throw new BadInput('Ask me a question, or type "help".');
    return askQuestion(ctx, question);
  },
};
