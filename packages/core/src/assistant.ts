import { CITIES, isTimeZone, upcomingEvents } from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import type { Store } from '@ascn/store';
import { type ActionId, decodeAction } from './actions.js';
import { askQuestion } from './commands/ask.js';
import { eventLine } from './commands/calendar-lines.js';
import { COMMANDS, GROUP_SUMMARIES } from './commands/index.js';
import { shareReply } from './commands/share.js';
import { statusReply } from './commands/status.js';
import { cityName } from './directory.js';
import { deleteDraft, loadDraft, mergeValues, saveDraft } from './drafts.js';
import { BadInput, NotAllowed } from './errors.js';
import { activeEvents } from './events.js';
import {
  bestPracticeForm,
  type FormId,
  type FormSpec,
  type FormValues,
  keptValues,
  validateBestPractice,
  validateGroup,
  validateStatusUpdate,
} from './forms.js';
import { loggedQuestion, recordFeedback } from './gaps.js';
import {
  type Actor,
  createActorCache,
  type Incoming,
  requireOfficer,
  requireRole,
  resolveActor,
} from './identity.js';
import { runOnce } from './once.js';
import { requireMayShare, sharePractice } from './practices.js';
import {
  type ArgValues,
  type AutocompleteSource,
  type Command,
  type CommandContext,
  type CommandNode,
  checkArgs,
  commandTree,
  findCommand,
  parseCommandText,
} from './registry.js';
import { markDone, snooze } from './reminders/actions.js';
import { type Clock, systemClock } from './reminders/clock.js';
import { planRemindersFromStore } from './reminders/plan.js';
import { heading, note, problem, type Reply, reply, text } from './reply.js';
import { currentRoundFor, statusFormFor, submitStatus } from './rounds.js';

export interface AssistantDeps {
  store: Store;
  knowledge: KnowledgeBase;
  clock?: Clock;
  /** Absolute base of links in chat (`PUBLIC_URL`), or a getter (known once the server listens). Default http://localhost:3000. */
  publicUrl?: string | (() => string);
  /**
   * Re-plans reminders after the calendar, the directory or a channel changed. Default: the
   * core plans from the store itself, so a change made from any process (`ascn chat` on a
   * shared PostgreSQL) is planned at once.
   */
  replan?: () => Promise<void>;
  /** Where unexpected errors go (never into chat). */
  onError?: (error: unknown, where: string) => void;
}

/** A form as a platform hands it back: the form, its context, and (when shown in steps) the step and draft. */
export interface FormSubmission {
  formId: FormId;
  context: Record<string, string>;
  values: FormValues;
  /** The group shown (a platform showing one group at a time); absent: the whole form. */
  group?: number;
  draftId?: string;
}

/**
 * `done`: saved, here is the confirmation. `invalid`: the reply holds the form again with the
 * values typed and the errors per field and for the form. `next`: the step was fine; the
 * reply holds the next group, the values so far kept in a draft.
 */
export type FormOutcome =
  | { status: 'done'; reply: Reply }
  | { status: 'invalid'; reply: Reply }
  | { status: 'next'; reply: Reply };

export interface Suggestion {
  label: string;
  value: string;
}

export interface Assistant {
  /** Every command, declared once (help, Slack subcommands and Discord slash commands come from it). */
  readonly commands: readonly Command[];
  /** The commands as a tree of words (command → group → subcommand). */
  commandTree(): CommandNode[];
  resolveActor(incoming: Incoming): Promise<Actor>;
  /** Typed text: a command (`deadlines Asia/Yangon`) or a question. */
  handle(incoming: Incoming, text: string): Promise<Reply>;
  /** A command by its path with typed options (Discord's slash options), never re-parsed as text. */
  run(
    incoming: Incoming,
    path: readonly string[],
    options: Record<string, unknown>,
  ): Promise<Reply>;
  /** Up to 25 suggestions for an argument being typed. */
  autocomplete(
    incoming: Incoming,
    path: readonly string[],
    arg: string,
    typed: string,
  ): Promise<Suggestion[]>;
  /** A plain message in a channel set to answer questions: a public answer when confident, else null. */
  answerIfConfident(incoming: Incoming, text: string): Promise<Reply | null>;
  submitForm(incoming: Incoming, submission: FormSubmission): Promise<FormOutcome>;
  /** A button: the encoded action id (see `encodeAction`). */
  action(incoming: Incoming, actionId: string): Promise<Reply>;
  /** The share form with a text to start from (Slack's "Share as best practice" on a message). */
  shareFrom(incoming: Incoming, textToShare: string): Promise<Reply>;
  /** A person's overview: their city, next deadlines, the open round, recent practices (Slack's App Home). */
  home(incoming: Incoming): Promise<Reply>;
}

const QUESTION_START =
  /^(what|who|whom|whose|when|where|which|why|how|is|are|was|were|do|does|did|can|could|should|will|would|has|have|tell me|explain|list)\b/i;

/** A message in a busy channel that reads as a question (a question mark, or a question word first). */
export function looksLikeQuestion(message: string): boolean {
  const m = message.trim();
  return m.includes('?') || QUESTION_START.test(m);
}

const SORRY =
  'Sorry, something went wrong on my side. Nothing you sent was lost; please try again in a minute.';
const HAS_NUL = /\u0000/;

export function createAssistant(deps: AssistantDeps): Assistant {
  const { store, knowledge } = deps;
  const clock = deps.clock ?? systemClock;
  const publicUrl = () =>
    typeof deps.publicUrl === 'function'
      ? deps.publicUrl()
      : (deps.publicUrl ?? 'http://localhost:3000');
  const replan =
    deps.replan ??
    (async () => {
      await planRemindersFromStore(store.db, { now: clock.now() });
    });
  const actors = createActorCache(store);
  const context = (actor: Actor): CommandContext => ({
    store,
    knowledge,
    clock,
    actor,
    publicUrl: publicUrl(),
    replan,
  });

  /** Turns any failure into a reply in plain words; unexpected ones are logged, never shown. */
  async function guard(where: string, run: () => Promise<Reply>): Promise<Reply> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BadInput) return problem(error.message, error.hint);
      if (error instanceof NotAllowed) return problem(error.message);
      deps.onError?.(error, where);
      return problem(SORRY);
    }
  }

  function checkAudience(command: Command, actor: Actor): void {
    if (command.audience === 'everyone') return;
    if (command.audience === 'officers') requireOfficer(actor);
    else requireRole(actor, ...command.audience);
  }

  async function runCommand(
    incoming: Incoming,
    command: Command,
    raw: Record<string, unknown>,
  ): Promise<Reply> {
    // A read anyone may do takes who is speaking from the cache; anything else from the store.
    const readsOnly = !command.writes && command.audience === 'everyone';
    const actor = readsOnly ? await actors.resolve(incoming) : await resolveActor(store, incoming);
    checkAudience(command, actor);
    const args: ArgValues = checkArgs(command, raw);
    const go = async () => {
      const r = await command.run(context(actor), args);
      return r.zone ? r : { ...r, zone: actor.zone };
    };
    if (!command.writes) return go();
    try {
      return await runOnce(
        store,
        { platform: incoming.platform, eventId: incoming.eventId, command: command.path.join(' ') },
        go,
      );
    } finally {
      // A command that writes may have changed who is who (an officer added, a role changed).
      actors.clear();
    }
  }

  const GROUP_WORDS = new Set(
    COMMANDS.flatMap((c) => c.path.slice(0, -1).map((_, i) => c.path.slice(0, i + 1).join(' '))),
  );

  async function handle(incoming: Incoming, input: string): Promise<Reply> {
    if (typeof input !== 'string' || HAS_NUL.test(input))
      return problem(
        'Your message has a character I cannot read (a NUL byte); please type it again.',
      );
    const trimmed = input.trim();
    if (!trimmed) return reply([text('Ask me a question, or type "help".')]);
    return guard('handle', async () => {
      const found = findCommand(COMMANDS, trimmed);
      if (found && !(found.command.path[0] === 'ask' && !found.rest)) {
        let raw: Record<string, string>;
        try {
          raw = parseCommandText(found.command, found.rest);
        } catch (error) {
          // "status of the BRT?" is a question, not the status command with stray words.
          if (found.command.args.length === 0) return askAs(incoming, trimmed);
          throw error;
        }
        return runCommand(incoming, found.command, raw);
      }
      const words = trimmed.toLowerCase().split(/\s+/);
      if (words[0] === 'admin') {
        if (words.length === 1) return runCommand(incoming, adminHelp(), {});
        const prefix = words.slice(0, 2).join(' ');
        if (GROUP_WORDS.has(prefix) || words.length >= 2)
          throw new BadInput(
            `I do not know "${trimmed.slice(0, 80)}".`,
            'Type "admin help" for the list.',
          );
      }
      return askAs(incoming, trimmed);
    });
  }

  const adminHelp = () => COMMANDS.find((c) => c.path.join(' ') === 'admin help')!;
  const askAs = async (incoming: Incoming, question: string) =>
    askQuestion(context(await actors.resolve(incoming)), question);

  async function run(
    incoming: Incoming,
    path: readonly string[],
    options: Record<string, unknown>,
  ): Promise<Reply> {
    return guard(`run:${path.join(' ')}`, async () => {
      const command = COMMANDS.find(
        (c) => c.path.length === path.length && c.path.every((p, i) => p === path[i]),
      );
      if (!command) throw new BadInput('I do not know that command; type "help" for the list.');
      for (const v of Object.values(options ?? {}))
        if (typeof v === 'string' && HAS_NUL.test(v))
          throw new BadInput('Your message has a character I cannot read (a NUL byte).');
      return runCommand(incoming, command, options ?? {});
    });
  }

  async function autocomplete(
    incoming: Incoming,
    path: readonly string[],
    argName: string,
    typed: string,
  ): Promise<Suggestion[]> {
    const command = COMMANDS.find((c) => c.path.join(' ') === path.join(' '));
    const source = command?.args.find((a) => a.name === argName)?.autocomplete;
    if (!source) return [];
    try {
      return (await suggestions(incoming, source, String(typed ?? '').slice(0, 100))).slice(0, 25);
    } catch (error) {
      deps.onError?.(error, `autocomplete:${source}`);
      return [];
    }
  }

  async function suggestions(
    incoming: Incoming,
    source: AutocompleteSource,
    typed: string,
  ): Promise<Suggestion[]> {
    const q = typed.trim().toLowerCase();
    const match = (...texts: string[]) => !q || texts.some((t) => t.toLowerCase().includes(q));
    switch (source) {
      case 'zones': {
        const asean = [...new Set(CITIES.map((c) => c.timeZone))].sort();
        const all = (Intl as unknown as { supportedValuesOf(k: string): string[] })
          .supportedValuesOf('timeZone')
          .filter((z) => isTimeZone(z));
        return [...new Set([...asean, 'UTC', ...all])]
          .filter((z) => match(z))
          .slice(0, 25)
          .map((z) => ({ label: z, value: z }));
      }
      case 'titles': {
        const titles = [...new Set(knowledge.sections().map((s) => s.title))].sort();
        return titles
          .filter((t) => match(t))
          .slice(0, 25)
          .map((t) => ({ label: t.slice(0, 100), value: t.slice(0, 100) }));
      }
      case 'cities':
        return CITIES.filter((c) => match(c.name, c.id))
          .slice(0, 25)
          .map((c) => ({ label: c.name, value: c.id }));
      case 'events': {
        const events = await activeEvents(store.db);
        return events
          .filter((e) => match(e.id, e.title))
          .slice(0, 25)
          .map((e) => ({ label: `${e.title} (${e.start})`.slice(0, 100), value: e.id }));
      }
      case 'rounds': {
        const rounds = await store.db
          .selectFrom('statusRounds')
          .select(['id', 'title', 'status'])
          .orderBy('id', 'desc')
          .limit(100)
          .execute();
        return rounds
          .filter((r) => match(String(r.id), r.title))
          .slice(0, 25)
          .map((r) => ({
            label: `${r.id}: ${r.title} (${r.status})`.slice(0, 100),
            value: String(r.id),
          }));
      }
      case 'officers': {
        // The directory is the Secretariat's: nobody else gets names suggested.
        const actor = await resolveActor(store, incoming);
        if (actor.officer?.role !== 'secretariat') return [];
        const officers = await store.db
          .selectFrom('officers')
          .select(['id', 'name'])
          .where('removedAt', 'is', null)
          // The example Secretariat is shown example people only.
          .$if(actor.officer.example, (q) => q.where('example', '=', true))
          .orderBy('id')
          .execute();
        return officers
          .filter((o) => match(o.id, o.name))
          .slice(0, 25)
          .map((o) => ({ label: `${o.name} (${o.id})`.slice(0, 100), value: o.id }));
      }
    }
  }

  async function answerIfConfident(incoming: Incoming, input: string): Promise<Reply | null> {
    const question = typeof input === 'string' ? input.trim() : '';
    const channelId = incoming.where.channelId;
    if (!question || HAS_NUL.test(question) || !channelId) return null;
    try {
      const channel = await store.db
        .selectFrom('channels')
        .select('answerQuestions')
        .where('platform', '=', incoming.platform)
        .where('channelId', '=', channelId)
        .executeTakeFirst();
      if (!channel?.answerQuestions) return null;
      // Only confident answers to what reads as a question: chatter is left alone, and not logged.
      if (!looksLikeQuestion(question) || knowledge.ask(question).answer === null) return null;
      const actor = await actors.resolve(incoming);
      return await askQuestion(context(actor), question, { visibility: 'public' });
    } catch (error) {
      deps.onError?.(error, 'answerIfConfident');
      return null;
    }
  }

  /** The form, built on the server for this person (never trusted from the platform). */
  async function formFor(actor: Actor, formId: FormId): Promise<FormSpec> {
    if (formId === 'status-update') return (await statusFormFor(store, actor, clock.now())).form;
    if (formId === 'best-practice') {
      requireMayShare(actor);
      return bestPracticeForm();
    }
    throw new BadInput('There is no such form.');
  }

  function formReply(
    form: FormSpec,
    extra: {
      values: FormValues;
      draftId: string;
      group?: number;
      fieldErrors?: Record<string, string>;
      formError?: string;
    },
  ): Reply {
    return reply(
      [
        {
          kind: 'form',
          form,
          values: extra.values,
          draftId: extra.draftId,
          ...(extra.group !== undefined ? { group: extra.group } : {}),
          ...(extra.fieldErrors && Object.keys(extra.fieldErrors).length > 0
            ? { fieldErrors: extra.fieldErrors }
            : {}),
          ...(extra.formError ? { formError: extra.formError } : {}),
        },
      ],
      { tone: extra.fieldErrors || extra.formError ? 'error' : 'normal' },
    );
  }

  async function submitForm(incoming: Incoming, submission: FormSubmission): Promise<FormOutcome> {
    const owner = { platform: incoming.platform, userId: incoming.userId };
    const now = clock.now();
    let actor: Actor | undefined;
    let form: FormSpec | undefined;
    let values: FormValues = submission.values ?? {};
    let draftId = submission.draftId;
    const keep = async () => {
      draftId = await saveDraft(
        store,
        owner,
        {
          ...(draftId ? { id: draftId } : {}),
          formId: submission.formId,
          context: submission.context ?? {},
          values: keptValues(form!, values),
        },
        now,
      );
      return draftId;
    };
    try {
      for (const v of Object.values(values))
        for (const s of Array.isArray(v) ? v : [v])
          if (typeof s === 'string' && HAS_NUL.test(s))
            throw new BadInput(
              'A field has a character I cannot read (a NUL byte); please retype it.',
            );
      actor = await resolveActor(store, incoming);
      form = await formFor(actor, submission.formId);
      const draft = draftId ? await loadDraft(store, owner, draftId, now) : undefined;
      if (draft && draft.formId !== submission.formId)
        throw new BadInput('That form is out of date; please open it again.');
      values = mergeValues(draft, values);
      const group = submission.group;
      const last = form.groups.length - 1;
      if (group !== undefined && (!Number.isInteger(group) || group < 0 || group > last))
        throw new BadInput('That form is out of date; please open it again.');
      if (group !== undefined && group < last) {
        const step = validateGroup(form, group, values);
        await keep();
        if (!step.ok)
          return {
            status: 'invalid',
            reply: formReply(form, {
              values: keptValues(form, values),
              draftId: draftId!,
              group,
              fieldErrors: step.fieldErrors,
            }),
          };
        return {
          status: 'next',
          reply: formReply(form, {
            values: keptValues(form, values),
            draftId: draftId!,
            group: group + 1,
          }),
        };
      }
      const saved = await save(actor, form, submission, values);
      if (!saved.ok) {
        await keep();
        const firstBad = form.groups.findIndex((g) =>
          g.fields.some((f) => saved.fieldErrors[f.name]),
        );
        return {
          status: 'invalid',
          reply: formReply(form, {
            values: keptValues(form, values),
            draftId: draftId!,
            ...(group !== undefined ? { group: Math.max(0, firstBad) } : {}),
            fieldErrors: saved.fieldErrors,
          }),
        };
      }
      if (draftId) await deleteDraft(store, draftId);
      return { status: 'done', reply: saved.reply };
    } catch (error) {
      let formError: string;
      if (error instanceof BadInput || error instanceof NotAllowed) formError = error.message;
      else {
        deps.onError?.(error, `form:${submission.formId}`);
        formError =
          'Sorry, I could not save this just now. Your answers are still here; please try again.';
      }
      if (!form) return { status: 'invalid', reply: problem(formError) };
      try {
        await keep();
      } catch {
        // The database is away: the values still travel back in the reply.
      }
      return {
        status: 'invalid',
        reply: formReply(form, {
          values: keptValues(form, values),
          draftId: draftId ?? '',
          ...(submission.group !== undefined ? { group: submission.group } : {}),
          formError,
        }),
      };
    }
  }

  async function save(
    actor: Actor,
    form: FormSpec,
    submission: FormSubmission,
    values: FormValues,
  ): Promise<{ ok: true; reply: Reply } | { ok: false; fieldErrors: Record<string, string> }> {
    if (form.id === 'status-update') {
      const v = validateStatusUpdate(form, values);
      if (!v.ok) return v;
      const roundId = Number(submission.context?.roundId ?? form.context.roundId);
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
    const v = validateBestPractice(form, values);
    if (!v.ok) return v;
    const { practice, created } = await sharePractice(
      {
        store,
        knowledge,
        now: clock.now(),
        onError: (e) => deps.onError?.(e, 'practice index'),
      },
      actor,
      v.value,
      `${actor.platform}:${actor.eventId}`,
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

  async function action(incoming: Incoming, encoded: string): Promise<Reply> {
    return guard('action', async () => {
      const a: ActionId = decodeAction(encoded);
      const actor = await resolveActor(store, incoming);
      const ctx = context(actor);
      const once = (name: string, go: () => Promise<Reply>) =>
        runOnce(
          store,
          { platform: incoming.platform, eventId: incoming.eventId, command: name },
          go,
        );
      switch (a.kind) {
        case 'feedback': {
          const ok = await recordFeedback(store, {
            questionId: a.questionId,
            platform: actor.platform,
            userId: actor.userId,
            vote: a.vote,
            at: clock.now(),
          });
          if (!ok) throw new BadInput('I do not know that answer any more.');
          return reply([
            text(
              a.vote === 'up'
                ? 'Thanks for the feedback.'
                : 'Thanks; the Secretariat will look at this question.',
            ),
          ]);
        }
        case 'status-open': {
          const round = await currentRoundFor(store.db, actor, clock.now());
          if (round && round.id !== a.roundId)
            return reply([
              note('That round has closed; here is the open one.'),
              ...(await statusReply(ctx)).blocks,
            ]);
          return statusReply(ctx);
        }
        case 'share-open':
          return shareReply(ctx);
        case 'reminder-snooze': {
          const officer = requireOfficer(actor);
          const mine = await store.db
            .selectFrom('deliveries')
            .select('id')
            .where('id', '=', a.deliveryId)
            .where('recipientKind', '=', 'officer')
            .where('recipientId', '=', officer.id)
            .executeTakeFirst();
          // Someone else's reminder, or one sent to a channel: not theirs to snooze.
          if (!mine) throw new NotAllowed('That reminder is not yours to snooze.');
          return once('reminder snooze', async () => {
            const until = new Date(clock.now().getTime() + 24 * 3_600_000);
            const ok = (await snooze(store.db, a.deliveryId, until)) !== undefined;
            return reply([
              text(
                ok
                  ? 'Snoozed until this time tomorrow.'
                  : 'That reminder can no longer be snoozed.',
              ),
            ]);
          });
        }
        case 'reminder-done': {
          const officer = requireOfficer(actor);
          const n = await markDone(store.db, a.eventId, { kind: 'officer', id: officer.id });
          return reply([
            text(
              n > 0
                ? 'Marked done: no more reminders for this event.'
                : 'No more reminders were due for this event.',
            ),
          ]);
        }
        case 'form-open': {
          const draft = await loadDraft(store, incoming, a.draftId, clock.now());
          const form = await formFor(actor, draft.formId);
          if (a.group >= form.groups.length)
            throw new BadInput('That form is out of date; please open it again.');
          return formReply(form, { values: draft.values, draftId: draft.id, group: a.group });
        }
        case 'answer-share': {
          const q = await loggedQuestion(store, a.questionId);
          if (!q || q.platform !== actor.platform || q.userId !== actor.userId)
            throw new NotAllowed('Only the person who asked can share this answer.');
          return askQuestion(ctx, q.query, { visibility: 'public' });
        }
      }
    });
  }

  async function shareFrom(incoming: Incoming, textToShare: string): Promise<Reply> {
    return guard('shareFrom', async () =>
      shareReply(context(await resolveActor(store, incoming)), {
        problem: String(textToShare ?? '').replace(HAS_NUL, ''),
      }),
    );
  }

  async function home(incoming: Incoming): Promise<Reply> {
    return guard('home', async () => {
      const actor = await resolveActor(store, incoming);
      const now = clock.now();
      const events = upcomingEvents(await activeEvents(store.db), now).slice(0, 5);
      const round = await currentRoundFor(store.db, actor, now);
      const practices = await store.db
        .selectFrom('practices')
        .select(['title', 'cityId', 'createdAt'])
        .orderBy('id', 'desc')
        .limit(5)
        .execute();
      const o = actor.officer;
      return reply(
        [
          heading(o ? `Hello, ${o.name}` : 'ASCN Assistant'),
          text(
            o
              ? `${o.cityId ? `${cityName(o.cityId)}. ` : ''}Times shown in your zone (${actor.zone}).`
              : 'You are not registered as an officer: you can ask questions and see deadlines.',
          ),
          heading('Next deadlines'),
          events.length
            ? { kind: 'list', items: events.map((e) => eventLine(e, now, actor.zone)) }
            : text('No upcoming meetings or due dates in the calendar.'),
          ...(round
            ? [
                heading('Status round'),
                text([
                  `"${round.title}" is open until `,
                  { kind: 'time', at: round.closesAt.toISOString(), style: 'date' },
                  '.',
                ]),
                ...(o?.role === 'csco'
                  ? [
                      {
                        kind: 'buttons' as const,
                        buttons: [
                          {
                            action: { kind: 'status-open' as const, roundId: round.id },
                            label: 'Report status',
                            style: 'primary' as const,
                          },
                        ],
                      },
                    ]
                  : []),
              ]
            : []),
          heading('Recent best practices'),
          practices.length
            ? {
                kind: 'list',
                items: practices.map((p) => `${p.title} (${cityName(p.cityId)})`),
              }
            : text('None shared yet.'),
          ...(o
            ? [
                {
                  kind: 'buttons' as const,
                  buttons: [
                    { action: { kind: 'share-open' as const }, label: 'Share a best practice' },
                  ],
                },
              ]
            : []),
        ],
        { zone: actor.zone },
      );
    });
  }

  return {
    commands: COMMANDS,
    commandTree: () => commandTree(COMMANDS, GROUP_SUMMARIES),
    resolveActor: (incoming) => resolveActor(store, incoming),
    handle,
    run,
    autocomplete,
    answerIfConfident,
    submitForm,
    action,
    shareFrom,
    home,
  };
}
