import {
  type CalendarEvent,
  type CalendarEventInput,
  daysUntil,
  type EventKind,
  eventStartsAt,
  FOCUS_AREAS,
  findCity,
  findFocusArea,
  formatInZone,
  isTimeZone,
  ROLES,
  type Role,
  upcomingEvents,
} from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import type { Platform, Store } from '@ascn/store';
import {
  type Actor,
  BadInput,
  NotAllowed,
  readerZone,
  requireOfficer,
  requireRole,
} from './actor.js';
import { parseArgs, requireArg } from './args.js';
import {
  cityName,
  findOfficerByIdentity,
  registerOfficer,
  removeOfficer,
  subscribeChannel,
} from './directory.js';
import { activeEvents, addEvent, cancelEvent, editEvent } from './events.js';
import {
  bestPracticeForm,
  type FormId,
  type FormValues,
  validateBestPractice,
  validateStatusUpdate,
} from './forms.js';
import { knowledgeGaps, logQuestion, recordFeedback } from './gaps.js';
import { sharePractice } from './practices.js';
import type { Clock } from './reminders/clock.js';
import { type Block, heading, note, problem, type Reply, reply, text } from './reply.js';
import {
  buildReport,
  closeRound,
  currentRound,
  openRound,
  reportBlocks,
  statusFormFor,
  submitStatus,
} from './rounds.js';

export interface AssistantDeps {
  store: Store;
  knowledge: KnowledgeBase;
  clock?: Clock;
  /** Re-plans reminders after the calendar, the directory or a channel changed. */
  replan?: () => Promise<void>;
  /** Reminder actions, provided by the scheduler. */
  snooze?: (deliveryId: number, until: Date) => Promise<boolean>;
  markDone?: (
    eventId: string,
    recipient: { kind: 'officer' | 'channel'; id: string },
  ) => Promise<number>;
  /** A link to the HTML report, when a web page serves it. */
  reportUrl?: (roundId: number) => string;
  /** Where unexpected errors go (never into chat). */
  onError?: (error: unknown, where: string) => void;
}

export type FormSubmitResult =
  | { ok: true; reply: Reply }
  | { ok: false; errors: Record<string, string> };

export interface Assistant {
  resolveActor(platform: Platform, userId: string, channelId?: string): Promise<Actor>;
  /** A typed command or a question: `deadlines`, `status`, `what is the ASCF?`. */
  handle(actor: Actor, input: string): Promise<Reply>;
  submitForm(
    actor: Actor,
    formId: FormId,
    context: Record<string, string>,
    values: FormValues,
    idempotencyKey: string,
  ): Promise<FormSubmitResult>;
  action(actor: Actor, action: string, value: string): Promise<Reply>;
}

export const HELP_LINES = [
  'Ask me anything about the ASEAN Smart Cities Network, e.g. "what are the six focus areas?"',
  'deadlines [Asia/Yangon]: upcoming meetings and due dates in your time zone',
  'status: report your city’s project status for the open round (Chief Smart City Officers)',
  'report [round]: the progress report of a status round',
  'share: share a best practice with the network',
  'subscribe <focus areas…> | reminders on|off: what this channel follows',
  'digest on|off: one message a day with your reminders instead of one per reminder',
  'gaps: questions I could not answer (Secretariat)',
  'admin …: officers, events and rounds (Secretariat); "admin help" lists them',
];

const ADMIN_HELP = [
  'admin officer add id=… name="…" role=csco|national-representative|secretariat|ascn-chair|shepherd [city=…] [country=MM] [tz=Asia/Yangon] [slack=U…] [discord=…]',
  'admin officer remove <id>',
  'admin event add id=… kind=report-due title="…" start=YYYY-MM-DD [end=…] [time=HH:mm] tz=Asia/Jakarta (source=https://… | example=true) [place="…"]',
  'admin event edit <id> start=… [title="…"] [tz=…]',
  'admin event cancel <id>',
  'admin round open title="…" closes=YYYY-MM-DD [nudge=48] [escalate=96]',
  'admin round close <id>',
];

const COMMANDS = new Set([
  'digest',
  'help',
  'ask',
  'deadlines',
  'status',
  'report',
  'share',
  'subscribe',
  'gaps',
  'admin',
  'whoami',
]);

/** One calendar event as a reader in `zone` sees it. */
function eventLine(e: CalendarEvent, now: Date, zone: string): string {
  const days = daysUntil(e.start, now, zone);
  const when = days <= 0 ? 'now' : days === 1 ? 'tomorrow' : `in ${days} days`;
  const range = e.end ? `${e.start} to ${e.end}` : e.start;
  // All-day events keep their own local date; only a timed start is converted for the reader.
  const starts = e.time ? `, starts ${formatInZone(eventStartsAt(e), zone)}` : '';
  return `${e.title}: ${range} (${when})${starts}${e.place ? `, ${e.place}` : ''}${e.example ? ' [example data]' : ''}`;
}

/** Which calendar events a "when is…" question is about, by kind. */
const WHEN = /\b(when|date|dates|next|upcoming|deadline|due|schedule[ds]?)\b/i;
const EVENT_WORDS: Array<[RegExp, EventKind[]]> = [
  [/\bannual\s+meeting|\bmeeting/i, ['annual-meeting', 'meeting']],
  [/\bworkshop|\bscgw\b/i, ['governance-workshop']],
  [/\breports?\b|\bdue\b|\bdeadlines?\b/i, ['report-due', 'deadline']],
  [/\bsummit\b/i, ['summit']],
];

export function eventKindsAskedAbout(question: string): EventKind[] {
  if (!WHEN.test(question)) return [];
  return EVENT_WORDS.filter(([re]) => re.test(question)).flatMap(([, kinds]) => kinds);
}

export function createAssistant(deps: AssistantDeps): Assistant {
  const { store, knowledge } = deps;
  const clock = deps.clock ?? { now: () => new Date() };
  const replan = async () => {
    await deps.replan?.();
  };

  /** Turns any failure into a reply in plain words; unexpected ones are logged, never shown. */
  async function guard(where: string, run: () => Promise<Reply>): Promise<Reply> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BadInput) return problem(error.message, error.hint);
      if (error instanceof NotAllowed) return problem(error.message);
      deps.onError?.(error, where);
      return problem(
        'Sorry, something went wrong on my side. Nothing you sent was lost; please try again in a minute.',
      );
    }
  }

  async function ask(actor: Actor, question: string): Promise<Reply> {
    const answer = knowledge.ask(question);
    const top = answer.results[0];
    const questionId = await logQuestion(store, {
      query: question,
      declined: answer.answer === null,
      topPath: top?.path ?? null,
      platform: actor.platform,
      officerId: actor.officer?.id ?? null,
      at: clock.now(),
    });
    const feedback: Block = {
      kind: 'buttons',
      buttons: [
        { action: 'feedback:up', label: '👍 Helpful', value: String(questionId) },
        { action: 'feedback:down', label: '👎 Not helpful', value: String(questionId) },
      ],
    };
    // "When is the annual meeting?": the calendar answers the date, the docs the context.
    const kinds = eventKindsAskedAbout(question);
    const now = clock.now();
    const zone = readerZone(actor.officer);
    const next = kinds.length
      ? upcomingEvents(await activeEvents(store.db), now)
          .filter((e) => kinds.includes(e.kind))
          .slice(0, 3)
      : [];
    const calendar: Block[] = next.length
      ? [
          heading('Next in the calendar'),
          { kind: 'list', items: next.map((e) => eventLine(e, now, zone)) },
        ]
      : [];
    if ((answer.answer === null || !answer.citation) && calendar.length > 0)
      return reply([...calendar, feedback]);
    if (answer.answer === null || !answer.citation)
      return reply([
        text(
          'I could not find that in the knowledge base (it is in English), so I would rather not guess.',
        ),
        note(
          'Try other words, or type "help". The Secretariat sees unanswered questions and fills the gaps.',
        ),
      ]);
    return reply([
      ...calendar,
      text(answer.answer),
      { kind: 'citation', ...answer.citation },
      feedback,
    ]);
  }

  async function deadlines(actor: Actor, args: string): Promise<Reply> {
    const requested = args.trim();
    if (requested && !isTimeZone(requested))
      throw new BadInput(
        `"${requested}" is not a time zone I know.`,
        'Use an IANA name such as Asia/Yangon or Asia/Makassar.',
      );
    const zone = requested || readerZone(actor.officer);
    const now = clock.now();
    const events = upcomingEvents(await activeEvents(store.db), now).slice(0, 10);
    if (events.length === 0)
      return reply([text('No upcoming meetings or due dates in the calendar.')]);
    const items = events.map((e) => eventLine(e, now, zone));
    return reply([
      heading('Upcoming deadlines'),
      { kind: 'list', items },
      note(`Times in ${zone}.`),
    ]);
  }

  async function status(actor: Actor): Promise<Reply> {
    const { round, form } = await statusFormFor(store, actor, clock.now());
    return reply([
      text(`Status round "${round.title}" for ${cityName(actor.officer?.cityId)}.`),
      { kind: 'form', form },
    ]);
  }

  async function report(actor: Actor, args: string): Promise<Reply> {
    requireOfficer(actor);
    const id = args.trim() ? Number(args.trim()) : (await currentRound(store.db, clock.now()))?.id;
    if (id === undefined)
      throw new BadInput('No status round is open; say "report <round number>".');
    if (!Number.isInteger(id) || id <= 0)
      throw new BadInput(`"${args.trim()}" is not a round number.`);
    const r = await buildReport(store, id, clock.now());
    if (!r) throw new BadInput(`There is no status round ${id}.`);
    return reply(reportBlocks(r, deps.reportUrl?.(id)));
  }

  async function subscribe(actor: Actor, args: string): Promise<Reply> {
    const officer = requireOfficer(actor);
    if (!actor.channelId)
      throw new BadInput('Say this in the channel that should follow the updates.');
    const { positional, named } = parseArgs(args);
    const words = positional.map((w) => w.toLowerCase());
    const remindersArg = named.reminders ?? (words[0] === 'reminders' ? words[1] : undefined);
    const reminders = remindersArg === undefined ? undefined : remindersArg === 'on';
    if (remindersArg !== undefined && !['on', 'off'].includes(remindersArg))
      throw new BadInput('Say "subscribe reminders on" or "subscribe reminders off".');
    const areaWords =
      words[0] === 'reminders'
        ? []
        : positional
            .join(' ')
            .split(/[,;]+/)
            .map((s) => s.trim())
            .filter(Boolean);
    const focusAreas = areaWords.map((w) => {
      const id = findFocusArea(w);
      if (!id)
        throw new BadInput(
          `"${w}" is not a focus area.`,
          `Focus areas: ${Object.values(FOCUS_AREAS).join(', ')}`,
        );
      return id;
    });
    if (focusAreas.length === 0 && reminders === undefined)
      throw new BadInput(
        'Name the focus areas to follow, or say "subscribe reminders on".',
        `Focus areas: ${Object.values(FOCUS_AREAS).join(', ')}`,
      );
    const channel = await subscribeChannel(store, {
      platform: actor.platform,
      channelId: actor.channelId,
      name: actor.channelId,
      ...(focusAreas.length > 0 ? { focusAreas } : {}),
      ...(reminders !== undefined ? { reminders } : {}),
      timeZone: readerZone(officer),
    });
    if (reminders !== undefined) await replan();
    return reply([
      text(
        `This channel follows: ${channel.focusAreas.map((f) => FOCUS_AREAS[f as keyof typeof FOCUS_AREAS]).join(', ') || 'no focus areas'}; deadline reminders ${channel.reminders ? 'on' : 'off'}.`,
      ),
    ]);
  }

  async function digest(actor: Actor, args: string): Promise<Reply> {
    const officer = requireOfficer(actor);
    const choice = args.trim().toLowerCase();
    if (choice !== 'on' && choice !== 'off') throw new BadInput('Say "digest on" or "digest off".');
    await store.db
      .updateTable('officers')
      .set({ reminderDigest: choice === 'on' })
      .where('id', '=', officer.id)
      .execute();
    return reply([
      text(
        choice === 'on'
          ? 'From now on your reminders for a day come as one message at 09:00 your time.'
          : 'From now on each reminder comes as its own message.',
      ),
    ]);
  }

  async function gaps(actor: Actor): Promise<Reply> {
    requireRole(actor, 'secretariat');
    const rows = await knowledgeGaps(store, 20);
    if (rows.length === 0) return reply([text('No unanswered or thumbs-down questions so far.')]);
    return reply([
      heading('Questions I could not answer well'),
      {
        kind: 'list',
        items: rows.map(
          (g) => `${g.count}× "${g.query}" (${g.declined} declined, ${g.thumbsDown} thumbs down)`,
        ),
      },
    ]);
  }

  async function admin(actor: Actor, args: string): Promise<Reply> {
    const { positional, named } = parseArgs(args);
    const [area, verb, target] = positional.map((p) => p.toLowerCase());
    if (!area || area === 'help')
      return reply([heading('Admin commands'), { kind: 'list', items: ADMIN_HELP }]);
    requireRole(actor, 'secretariat');
    const now = clock.now();
    if (area === 'officer' && verb === 'add') {
      const role = requireArg(named, 'role', 'role=csco');
      if (!(role in ROLES))
        throw new BadInput(
          `role: "${role}" is not a role.`,
          `Roles: ${Object.keys(ROLES).join(', ')}`,
        );
      const city = named.city ? findCity(named.city) : undefined;
      if (named.city && !city)
        throw new BadInput(`city: "${named.city}" is not a city of the network.`);
      const officer = await registerOfficer(store, {
        id: requireArg(named, 'id', 'id=csco-yangon'),
        name: requireArg(named, 'name', 'name="Daw Example"'),
        role: role as Role,
        ...(city ? { cityId: city.id } : {}),
        ...(named.country ? { country: named.country.toUpperCase() as 'MM' } : {}),
        ...(named.tz ? { timeZone: named.tz } : {}),
        ...(named.slack ? { slackUserId: named.slack } : {}),
        ...(named.discord ? { discordUserId: named.discord } : {}),
        ...(named.email ? { email: named.email } : {}),
      });
      await replan();
      return reply([
        text(
          `Registered ${officer.name} as ${ROLES[officer.role as Role]}${officer.cityId ? ` for ${cityName(officer.cityId)}` : ''}.`,
        ),
      ]);
    }
    if (area === 'officer' && verb === 'remove') {
      const id = positional[2];
      if (!id) throw new BadInput('Say which officer: admin officer remove <id>');
      if (!(await removeOfficer(store, id, now)))
        throw new BadInput(`There is no active officer ${id}.`);
      return reply([text(`Removed ${id}; their pending messages were cancelled.`)]);
    }
    if (area === 'event' && (verb === 'add' || verb === 'edit')) {
      const fields: Partial<CalendarEventInput> = {
        ...(named.kind ? { kind: named.kind as CalendarEventInput['kind'] } : {}),
        ...(named.title ? { title: named.title } : {}),
        ...(named.start ? { start: named.start } : {}),
        ...(named.end ? { end: named.end } : {}),
        ...(named.time ? { time: named.time } : {}),
        ...(named.tz ? { timeZone: named.tz } : {}),
        ...(named.place ? { place: named.place } : {}),
        ...(named.source ? { source: named.source } : {}),
        ...(named.example ? { example: named.example === 'true' } : {}),
        ...(named.description ? { description: named.description } : {}),
      };
      const event =
        verb === 'add'
          ? await addEvent(store.db, {
              id: requireArg(named, 'id', 'id=report-due-2027'),
              ...fields,
            } as CalendarEventInput)
          : await editEvent(
              store.db,
              positional[2] ?? requireArg(named, 'id', 'admin event edit <id> start=…'),
              fields,
              now,
            );
      await replan();
      return reply([
        text(
          `${verb === 'add' ? 'Added' : 'Updated'} "${event.title}" on ${event.start}${event.example ? ' (example)' : ''}. Reminders re-planned.`,
        ),
      ]);
    }
    if (area === 'event' && verb === 'cancel') {
      const id = positional[2];
      if (!id) throw new BadInput('Say which event: admin event cancel <id>');
      await cancelEvent(store.db, id);
      await replan();
      return reply([text(`Cancelled ${id}; its pending reminders were dropped.`)]);
    }
    if (area === 'round' && verb === 'open') {
      const round = await openRound(
        store,
        actor,
        {
          title: requireArg(named, 'title', 'title="Status before the annual meeting"'),
          closes: requireArg(named, 'closes', 'closes=2027-06-30'),
          ...(named.event ? { eventId: named.event } : {}),
          ...(named.nudge ? { nudgeAfterHours: Number(named.nudge) } : {}),
          ...(named.escalate ? { escalateAfterHours: Number(named.escalate) } : {}),
        },
        now,
      );
      return reply([
        text(
          `Opened status round ${round.id} "${round.title}". Each city’s officer will be asked at 09:00 their time.`,
        ),
      ]);
    }
    if (area === 'round' && verb === 'close') {
      const id = Number(target);
      if (!Number.isInteger(id)) throw new BadInput('Say which round: admin round close <number>');
      const round = await closeRound(store, actor, id, now);
      return reply([text(`Closed round ${round.id} "${round.title}".`)]);
    }
    throw new BadInput(
      `I do not know "admin ${positional.join(' ')}".`,
      'Type "admin help" for the list.',
    );
  }

  async function handle(actor: Actor, input: string): Promise<Reply> {
    const trimmed = input.trim();
    if (!trimmed) return reply([text('Ask me a question, or type "help".')]);
    const [first = '', ...rest] = trimmed.split(/\s+/);
    const command = first.toLowerCase().replace(/^\//, '');
    const args = rest.join(' ');
    if (!COMMANDS.has(command) || (command === 'ask' && !args))
      return guard('ask', () => ask(actor, trimmed));
    return guard(command, async () => {
      switch (command) {
        case 'help':
          return reply([heading('What I can do'), { kind: 'list', items: HELP_LINES }]);
        case 'whoami':
          return reply([
            text(
              actor.officer
                ? `${actor.officer.name}, ${ROLES[actor.officer.role as Role]}${actor.officer.cityId ? `, ${cityName(actor.officer.cityId)}` : ''}; times shown in ${readerZone(actor.officer)}.`
                : 'You are not registered; you can ask questions and see deadlines.',
            ),
          ]);
        case 'ask':
          return ask(actor, args);
        case 'deadlines':
          return deadlines(actor, args);
        case 'status':
          return status(actor);
        case 'report':
          return report(actor, args);
        case 'share':
          requireOfficer(actor);
          return reply([
            {
              kind: 'form',
              form: bestPracticeForm({}),
              values: { city: actor.officer?.cityId ?? '' },
            },
          ]);
        case 'subscribe':
          return subscribe(actor, args);
        case 'gaps':
          return gaps(actor);
        case 'digest':
          return digest(actor, args);
        default:
          return admin(actor, args);
      }
    });
  }

  async function submitForm(
    actor: Actor,
    formId: FormId,
    context: Record<string, string>,
    values: FormValues,
    idempotencyKey: string,
  ): Promise<FormSubmitResult> {
    try {
      if (formId === 'status-update') {
        const { form } = await statusFormFor(store, actor, clock.now());
        const v = validateStatusUpdate(form, values);
        if (!v.ok) return v;
        const roundId = Number(context.roundId);
        const { answer, edited } = await submitStatus(store, actor, roundId, v.value, clock.now());
        return {
          ok: true,
          reply: reply([
            text(
              `${edited ? 'Updated' : 'Saved'}: ${answer.project}, ${answer.status.replace('-', ' ')}, ${answer.progress}%. You can change it until the round closes.`,
            ),
          ]),
        };
      }
      if (formId === 'best-practice') {
        requireOfficer(actor);
        const v = validateBestPractice(bestPracticeForm({}), values);
        if (!v.ok) return v;
        const { practice, created } = await sharePractice(
          { store, knowledge, now: clock.now() },
          actor,
          v.value,
          idempotencyKey,
        );
        return {
          ok: true,
          reply: reply([
            text(
              created
                ? `Thank you. "${practice.title}" is shared, announced to the channels that follow its focus areas, and searchable now.`
                : `"${practice.title}" was already shared.`,
            ),
          ]),
        };
      }
      return { ok: false, errors: { form: 'Unknown form.' } };
    } catch (error) {
      if (error instanceof BadInput || error instanceof NotAllowed)
        return { ok: false, errors: { form: error.message } };
      deps.onError?.(error, `form:${formId}`);
      return {
        ok: false,
        errors: {
          form: 'Sorry, I could not save this just now. Your answers are still here; please try again.',
        },
      };
    }
  }

  async function action(actor: Actor, name: string, value: string): Promise<Reply> {
    return guard(`action:${name}`, async () => {
      switch (name) {
        case 'feedback:up':
        case 'feedback:down': {
          await recordFeedback(store, Number(value), name === 'feedback:up' ? 'up' : 'down');
          return reply([
            text(
              name === 'feedback:up'
                ? 'Thanks for the feedback.'
                : 'Thanks; the Secretariat will look at this question.',
            ),
          ]);
        }
        case 'status:open':
          return status(actor);
        case 'share:open':
          return handle(actor, 'share');
        case 'reminder:snooze': {
          requireOfficer(actor);
          const ok = await deps.snooze?.(
            Number(value),
            new Date(clock.now().getTime() + 24 * 3_600_000),
          );
          return reply([
            text(
              ok ? 'Snoozed until this time tomorrow.' : 'That reminder can no longer be snoozed.',
            ),
          ]);
        }
        case 'reminder:done': {
          const officer = requireOfficer(actor);
          const n = (await deps.markDone?.(value, { kind: 'officer', id: officer.id })) ?? 0;
          return reply([
            text(
              n > 0
                ? 'Marked done: no more reminders for this event.'
                : 'No more reminders were due for this event.',
            ),
          ]);
        }
      }
      throw new BadInput('I do not know that button any more; please use the latest message.');
    });
  }

  return {
    resolveActor: async (platform, userId, channelId) => ({
      platform,
      userId,
      ...(channelId ? { channelId } : {}),
      officer: await findOfficerByIdentity(store, platform, userId),
    }),
    handle,
    submitForm,
    action,
  };
}
