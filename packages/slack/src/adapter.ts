import {
  type Assistant,
  decodeAction,
  type Incoming,
  type PlatformNotifier,
  type PlatformProfile,
  problem,
  type Reply,
  runOnce,
  type Where,
} from '@ascn/core';
import type { Store } from '@ascn/store';
import {
  type AllMiddlewareArgs,
  App,
  HTTPReceiver,
  type Logger,
  LogLevel,
  type SlackCommandMiddlewareArgs,
  type SlashCommand,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { mrkdwnToPlain } from './inbound.js';
import {
  FORM_CALLBACK_ID,
  FORM_COMMANDS,
  fieldErrorsForSlack,
  formValuesFromState,
  loadingModal,
  matchingOptions,
  readFormMetadata,
  renderFormModal,
  renderReplyModal,
  VALUE_ACTION,
} from './modal.js';
import { slackNotifier } from './notifier.js';
import { renderBlocks, renderMessage } from './render.js';
import { type SlackRequestListener, slackRequestListener } from './request-listener.js';

/**
 * The Slack app: @slack/bolt listeners that turn Slack's events into the core's calls and its
 * replies into Block Kit. HTTP mode mounts Bolt's receiver at `POST /slack/events` on the
 * assistant's own server (signatures and the 5-minute window checked by Bolt over the raw
 * bytes); Socket Mode connects with the app token instead. Every event Slack may send again
 * (Events API retries, Socket Mode redelivery) is answered once: the first delivery claims
 * the event id in the store, which replicas share.
 */

/** Where adapter messages go: JSON lines without tokens or message text. */
export type SlackLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export interface SlackAdapterOptions {
  assistant: Assistant;
  /** The assistant's store: events are claimed there, so replicas answer each once. */
  store: Store;
  botToken: string;
  /** HTTP mode: requests at `POST /slack/events` are verified with it. */
  signingSecret?: string;
  /** Socket Mode (`xapp-…`): takes precedence over HTTP mode. */
  appToken?: string;
  /** The Web API's base (`SLACK_API_URL`), e.g. a local fake in tests. */
  apiUrl?: string;
  /** Reads a follow-up in a thread together with the thread's question when it does not stand alone. */
  knowledge?: { ask(question: string): { answer: string | null } };
  log?: SlackLog;
  /** The slash command Slack sends. Default `/ascn`. */
  command?: string;
  /** A slash command's answer is the ack when ready this soon; later it goes to the response_url. Default 2,000 ms. */
  ackWithinMs?: number;
  /** Longest wait for one Web API call made while answering. Default 10 s. */
  apiTimeoutMs?: number;
  /**
   * After a failed token check, how long before an event may try it again (until then events are
   * answered 503: an unsigned request must not make the assistant call Slack each time). Default 30 s.
   */
  recheckMs?: number;
}

export interface SlackAdapter {
  mode: 'http' | 'socket';
  app: App;
  /**
   * HTTP mode: Bolt's receiver as a plain request listener for `POST /slack/events` (pass the
   * request unread, or with the exact bytes in `rawBody`).
   */
  listener?: SlackRequestListener;
  notifier: PlatformNotifier;
  /** Socket Mode: connects. HTTP mode: checks the token (`auth.test`) and says whom it runs as. */
  start(): Promise<void>;
  /** Stops taking events; waits (a little) for the ones in flight. */
  stop(): Promise<void>;
}

/** The message shortcut of the manifest: "Share as best practice". */
export const SHARE_SHORTCUT = 'ascn_share_practice';
const PROFILE_TTL_MS = 60 * 60_000;
const PROFILE_CACHE_MAX = 5000;
/** Threads the app takes part in, remembered to spare a lookup per follow-up. */
const THREAD_CACHE_MAX = 2000;
/** Button kinds that open a form: the modal opens first, the form is loaded into it. */
const OPENS_FORM = new Set(['status-open', 'share-open', 'form-open']);

const DONE: Reply = { blocks: [], visibility: 'private', tone: 'normal' };

/** A Bolt logger that forwards only warnings and errors, cut short, into the assistant's log. */
function boltLogger(log: SlackLog): Logger {
  let level = LogLevel.WARN;
  const say =
    (lvl: 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const first = parts.find((p) => typeof p === 'string' || p instanceof Error);
      const detail =
        first instanceof Error ? `${first.name}: ${first.message}` : String(first ?? '');
      log(lvl, 'slack sdk', { detail: detail.slice(0, 200) });
    };
  return {
    debug: () => {},
    info: () => {},
    warn: say('warn'),
    error: say('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function describe(error: unknown): Record<string, string> {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.data?.error) return { error: e.code ?? 'slack', detail: e.data.error };
  if (error instanceof Error) return { error: error.name, detail: error.message.slice(0, 200) };
  return { error: String(error).slice(0, 200) };
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { assistant, store } = options;
  const log: SlackLog = options.log ?? (() => {});
  const command = options.command ?? '/ascn';
  const ackWithinMs = options.ackWithinMs ?? 2000;
  const logger = boltLogger(log);
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // Answers are worth a short wait, never a half-hour of SDK retries.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000, maxRetryTime: 5000 },
    timeout: options.apiTimeoutMs ?? 10_000,
  };
  const socket = Boolean(options.appToken);
  if (!socket && !options.signingSecret)
    throw new Error(
      'Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).',
    );
  const receiver = socket
    ? undefined
    : new HTTPReceiver({
        signingSecret: options.signingSecret!,
        logger,
        processBeforeResponse: false,
      });
  const app = new App({
    token: options.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: options.appToken! }),
    clientOptions,
    logger,
    // Replicas share nothing in memory: no conversation store.
    convoStore: false,
    // Bolt checks the token (auth.test) in init(), which `initialize` calls. Otherwise it checks
    // it in this constructor, and a Slack that cannot be reached at start is an unhandled
    // rejection that stops the process with a stack trace; and the failed check would stay
    // failed, every later event refused, until a restart.
    deferInitialization: true,
  });

  /**
   * Bolt's token check, done once it succeeds; tried again by an event `recheckMs` after it
   * fails, so Slack coming back needs no restart. False, and logged, while it fails.
   */
  const recheckMs = options.recheckMs ?? 30_000;
  let checked: Promise<boolean> | undefined;
  const initialize = (): Promise<boolean> => {
    checked ??= app.init().then(
      () => true,
      (error: unknown) => {
        setTimeout(() => {
          checked = undefined;
        }, recheckMs).unref();
        log(
          'error',
          'slack: SLACK_BOT_TOKEN was not accepted, or Slack could not be reached (auth.test failed); check the token and SLACK_API_URL',
          describe(error),
        );
        return false;
      },
    );
    return checked;
  };

  // ------------------------------------------------------------------ in flight, for stop()
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };

  // ------------------------------------------------------------------ people
  const profiles = new Map<string, { at: number; profile: Promise<PlatformProfile> }>();
  /** users.info, cached: guests' zones are read on every message. */
  function profileOf(client: WebClient, userId: string): Promise<PlatformProfile> {
    const cached = profiles.get(userId);
    if (cached && Date.now() - cached.at < PROFILE_TTL_MS) return cached.profile;
    const profile = client.users.info({ user: userId }).then(
      (r) => ({
        ...(r.user?.profile?.email ? { email: r.user.profile.email } : {}),
        ...(r.user?.tz ? { zone: r.user.tz } : {}),
      }),
      (error: unknown) => {
        profiles.delete(userId);
        log('warn', 'slack users.info failed', describe(error));
        return {};
      },
    );
    if (profiles.size >= PROFILE_CACHE_MAX) profiles.delete(profiles.keys().next().value!);
    profiles.set(userId, { at: Date.now(), profile });
    return profile;
  }

  const incoming = (
    client: WebClient,
    teamId: string | undefined,
    userId: string,
    where: Where,
    eventId: string,
  ): Incoming => ({
    platform: 'slack',
    workspaceId: teamId ?? '',
    userId,
    where,
    eventId,
    profile: () => profileOf(client, userId),
  });

  /**
   * Runs `work` for the first delivery of an event only (Slack retries events it thinks were
   * missed; Socket Mode redelivers after a reconnect). The claim is a row in the store, so
   * replicas agree; a failed run gives the claim back for the next retry.
   */
  async function firstDelivery(eventId: string, work: () => Promise<void>): Promise<boolean> {
    let ran = false;
    await runOnce(
      store,
      { platform: 'slack', eventId: `delivery:${eventId}`, command: 'slack event' },
      async () => {
        ran = true;
        await work();
        return DONE;
      },
    );
    return ran;
  }

  // ------------------------------------------------------------------ answering
  /** A reply in a conversation: public ones posted (in the thread), private ones ephemeral. */
  async function answerIn(
    client: WebClient,
    target: { channel: string; user: string; threadTs?: string; dm?: boolean },
    reply: Reply,
  ): Promise<void> {
    const message = renderMessage(reply);
    const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
    if (reply.visibility === 'public' || target.dm)
      await client.chat.postMessage({
        channel: target.channel,
        ...message,
        ...thread,
        unfurl_links: false,
        unfurl_media: false,
      });
    else
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        ...message,
        ...thread,
      });
  }

  /** Shows a reply in a modal opened before it was ready: the form, or whatever came instead. */
  async function showInModal(
    client: WebClient,
    view: { id?: string; hash?: string } | undefined,
    reply: Reply,
  ) {
    if (!view?.id) return;
    const next: ModalView = reply.blocks.some((b) => b.kind === 'form')
      ? renderFormModal(reply)
      : renderReplyModal(reply);
    await client.views.update({
      view_id: view.id,
      ...(view.hash ? { hash: view.hash } : {}),
      view: next,
    });
  }

  /** Opens a modal at once (inside the 3-second trigger window), then loads the reply into it. */
  async function modalFirst(
    client: WebClient,
    triggerId: string,
    load: () => Promise<Reply>,
    push = false,
  ): Promise<void> {
    const opened = push
      ? await client.views.push({ trigger_id: triggerId, view: loadingModal() })
      : await client.views.open({ trigger_id: triggerId, view: loadingModal() });
    await showInModal(client, opened.view, await load());
  }

  const slashResponse = (reply: Reply) => ({
    response_type: reply.visibility === 'public' ? ('in_channel' as const) : ('ephemeral' as const),
    ...renderMessage(reply),
  });

  const within = <T>(work: Promise<T>, ms: number): Promise<T | undefined> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  const formCommands = new Set(Object.values(FORM_COMMANDS));
  const commandWords = new Set(assistant.commands.map((c) => c.path[0]!));

  // ------------------------------------------------------------------ /ascn
  // Answered in global middleware, ahead of the listeners below: Bolt runs every listener's
  // filters for every request, which cost a slash command a quarter of its time (bench:slack),
  // and none of them ever concerns `/ascn`. Anything else goes on to the listeners.
  app.use(async (args) => {
    const cmd = 'command' in args ? (args.command as SlashCommand | undefined) : undefined;
    if (cmd?.command !== command) return args.next();
    const { ack, respond, client } = args as unknown as SlackCommandMiddlewareArgs &
      AllMiddlewareArgs;
    await track(
      (async () => {
        const text = mrkdwnToPlain(cmd.text ?? '');
        const where: Where = cmd.channel_id.startsWith('D')
          ? { kind: 'dm', channelId: cmd.channel_id }
          : { kind: 'channel', channelId: cmd.channel_id };
        const who = incoming(client, cmd.team_id, cmd.user_id, where, cmd.trigger_id);
        if (formCommands.has(text.toLowerCase())) {
          // `/ascn share`, `/ascn status`: a form. Open the modal now, load the form into it.
          await ack();
          await modalFirst(client, cmd.trigger_id, () => assistant.handle(who, text));
          return;
        }
        const pending = assistant.handle(who, text);
        const ready = await within(pending, ackWithinMs);
        if (ready?.blocks.some((b) => b.kind === 'form')) {
          await ack();
          await client.views.open({ trigger_id: cmd.trigger_id, view: renderFormModal(ready) });
        } else if (ready) await ack(slashResponse(ready));
        else {
          await ack({ response_type: 'ephemeral', text: 'Working on it…' });
          await respond({ ...slashResponse(await pending), replace_original: false });
        }
      })(),
    );
  });

  // ------------------------------------------------------------------ mentions
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (!event.user || ('bot_id' in event && event.bot_id)) return;
    const user = event.user;
    await track(
      firstDelivery(body.event_id, async () => {
        const threadTs = event.thread_ts ?? event.ts;
        const text = mrkdwnToPlain(event.text ?? '', context.botUserId);
        // A mention inside a thread the app knows is a follow-up to the thread's question.
        const question = threads.get(`${event.channel}:${threadTs}`);
        if (question === undefined) rememberThread(event.channel, threadTs, text);
        const who = incoming(
          client,
          body.team_id,
          user,
          { kind: 'thread', channelId: event.channel, threadId: threadTs },
          body.event_id,
        );
        const reply = await assistant.handle(
          who,
          question === undefined ? text : followUpText(text, question),
        );
        await answerIn(client, { channel: event.channel, user, threadTs }, reply);
      }),
    );
  });

  // ------------------------------------------------------------------ DMs, threads, channels
  const threads = new Map<string, string>();
  function rememberThread(channel: string, threadTs: string, question: string) {
    if (threads.size >= THREAD_CACHE_MAX) threads.delete(threads.keys().next().value!);
    threads.set(`${channel}:${threadTs}`, question);
  }

  /** The thread's question when the app takes part in it (mentioned in it, or answered there). */
  async function threadQuestion(
    client: WebClient,
    channel: string,
    threadTs: string,
    bot: { botId?: string; botUserId?: string },
  ): Promise<string | undefined> {
    const known = threads.get(`${channel}:${threadTs}`);
    if (known !== undefined) return known;
    const replies = await client.conversations.replies({ channel, ts: threadTs, limit: 50 });
    const messages = replies.messages ?? [];
    const mention = bot.botUserId ? `<@${bot.botUserId}>` : undefined;
    const takesPart = messages.some(
      (m) =>
        (bot.botId && m.bot_id === bot.botId) ||
        (bot.botUserId && m.user === bot.botUserId) ||
        (mention && m.text?.includes(mention)),
    );
    if (!takesPart) return undefined;
    const parent = messages[0];
    const question =
      parent && !parent.bot_id ? mrkdwnToPlain(parent.text ?? '', bot.botUserId) : '';
    rememberThread(channel, threadTs, question);
    return question;
  }

  /** A follow-up that does not stand alone ("and who chairs it?") is read with the thread's question. */
  function followUpText(text: string, question: string): string {
    const first = text.split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!options.knowledge || !question || commandWords.has(first)) return text;
    if (options.knowledge.ask(text).answer !== null) return text;
    const together = `${question} ${text}`.slice(0, 2000);
    return options.knowledge.ask(together).answer !== null ? together : text;
  }

  app.message(async ({ message, body, client, context }) => {
    // People's own messages only: no edits, joins, bots or the app itself.
    if (message.subtype !== undefined || !('user' in message) || !message.user) return;
    if ('bot_id' in message && message.bot_id) return;
    const m = message as typeof message & {
      text?: string;
      thread_ts?: string;
      channel_type?: string;
    };
    const user = m.user as string;
    const text = mrkdwnToPlain(m.text ?? '', context.botUserId);
    const eventId = (body as { event_id: string }).event_id;
    const teamId = (body as { team_id?: string }).team_id;
    const inThread = m.thread_ts !== undefined && m.thread_ts !== m.ts;

    if (m.channel_type === 'im') {
      await track(
        firstDelivery(eventId, async () => {
          const who = incoming(client, teamId, user, { kind: 'dm', channelId: m.channel }, eventId);
          const reply = await assistant.handle(who, text);
          await answerIn(
            client,
            { channel: m.channel, user, dm: true, ...(inThread ? { threadTs: m.thread_ts! } : {}) },
            reply,
          );
        }),
      );
      return;
    }
    // A mention is answered by app_mention (Slack sends both events for it).
    if (context.botUserId && m.text?.includes(`<@${context.botUserId}>`)) return;
    if (!text) return;
    await track(
      (async () => {
        if (inThread) {
          const question = await threadQuestion(client, m.channel, m.thread_ts!, context);
          if (question === undefined) return;
          await firstDelivery(eventId, async () => {
            const who = incoming(
              client,
              teamId,
              user,
              { kind: 'thread', channelId: m.channel, threadId: m.thread_ts! },
              eventId,
            );
            const reply = await assistant.handle(who, followUpText(text, question));
            await answerIn(client, { channel: m.channel, user, threadTs: m.thread_ts! }, reply);
          });
          return;
        }
        await firstDelivery(eventId, async () => {
          const who = incoming(
            client,
            teamId,
            user,
            { kind: 'channel', channelId: m.channel },
            eventId,
          );
          const reply = await assistant.answerIfConfident(who, text);
          if (!reply) return;
          rememberThread(m.channel, m.ts, text);
          await answerIn(client, { channel: m.channel, user, threadTs: m.ts }, reply);
        });
      })(),
    );
  });

  // ------------------------------------------------------------------ App Home
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await track(
      (async () => {
        const who = incoming(
          client,
          body.team_id,
          event.user,
          { kind: 'dm', channelId: event.channel },
          body.event_id,
        );
        const reply = await assistant.home(who);
        await client.views.publish({
          user_id: event.user,
          view: { type: 'home', blocks: renderBlocks(reply, { surface: 'view' }) },
        });
      })(),
    );
  });

  // ------------------------------------------------------------------ buttons
  app.action(/^ascn:/, async ({ ack, body, action, client, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || !('value' in action) || typeof action.value !== 'string')
      return;
    const value = action.value;
    await track(
      (async () => {
        const b = body as typeof body & {
          container?: { type?: string; channel_id?: string; view_id?: string };
          channel?: { id: string };
          message?: { ts: string; thread_ts?: string };
          view?: { id: string; type: string };
        };
        const channelId = b.channel?.id ?? b.container?.channel_id;
        const threadTs = b.message?.thread_ts;
        const where: Where = !channelId
          ? { kind: 'dm' }
          : channelId.startsWith('D')
            ? { kind: 'dm', channelId }
            : threadTs
              ? { kind: 'thread', channelId, threadId: threadTs }
              : { kind: 'channel', channelId };
        const who = incoming(client, b.team?.id, b.user.id, where, b.trigger_id);
        let kind: string | undefined;
        try {
          kind = decodeAction(value).kind;
        } catch {
          kind = undefined;
        }
        if (kind && OPENS_FORM.has(kind)) {
          await modalFirst(
            client,
            b.trigger_id,
            () => assistant.action(who, value),
            b.view?.type === 'modal',
          );
          return;
        }
        const reply = await assistant.action(who, value);
        if (b.message && channelId) {
          await respond({
            response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
            replace_original: reply.replaceOriginal === true,
            ...renderMessage(reply),
          });
          return;
        }
        // A button in App Home or a modal: the answer comes as a direct message.
        await client.chat.postMessage({ channel: b.user.id, ...renderMessage(reply) });
      })(),
    );
  });

  // ------------------------------------------------------------------ forms
  app.view(FORM_CALLBACK_ID, async ({ ack, body, view, client }) => {
    await track(
      (async () => {
        let ref: ReturnType<typeof readFormMetadata>;
        try {
          ref = readFormMetadata(view.private_metadata);
        } catch {
          await ack({
            response_action: 'update',
            view: renderReplyModal(problem('That form is out of date; please open it again.')),
          });
          return;
        }
        // The view id: a double click or a redelivered submission is the same submission.
        const who = incoming(
          client,
          body.team?.id,
          body.user.id,
          { kind: 'dm' },
          `view:${view.id}`,
        );
        const outcome = await assistant.submitForm(who, {
          formId: ref.formId,
          context: ref.context,
          values: formValuesFromStateSafe(view.state?.values),
          ...(ref.draftId ? { draftId: ref.draftId } : {}),
        });
        if (outcome.status === 'invalid') {
          const errors = fieldErrorsForSlack(outcome.reply);
          if (errors && !errors.formError && Object.keys(errors.errors).length > 0) {
            await ack({ response_action: 'errors', errors: errors.errors });
            return;
          }
          await ack({ response_action: 'update', view: renderFormModal(outcome.reply) });
          return;
        }
        await ack({
          response_action: 'update',
          view:
            outcome.status === 'next'
              ? renderFormModal(outcome.reply)
              : renderReplyModal(outcome.reply),
        });
      })(),
    );
  });

  // Long choice lists (more than a static select holds): the options, searched on the server.
  app.options(
    { type: 'block_suggestion', action_id: VALUE_ACTION },
    async ({ ack, body, client }) => {
      const b = body as unknown as {
        block_id: string;
        value: string;
        user: { id: string };
        team?: { id: string };
        view?: { private_metadata?: string };
      };
      try {
        const ref = readFormMetadata(b.view?.private_metadata ?? '');
        const who = incoming(
          client,
          b.team?.id,
          b.user.id,
          { kind: 'dm' },
          `options:${Date.now()}`,
        );
        const reply = await assistant.handle(who, FORM_COMMANDS[ref.formId]);
        const form = reply.blocks.find((x) => x.kind === 'form');
        const field =
          form?.kind === 'form'
            ? form.form.groups.flatMap((g) => g.fields).find((f) => f.name === b.block_id)
            : undefined;
        // Bolt types this ack for dialogs too; a block_suggestion takes Block Kit options.
        await (ack as unknown as (r: { options: unknown[] }) => Promise<void>)({
          options: matchingOptions(field, b.value ?? ''),
        });
      } catch (error) {
        log('warn', 'slack options failed', describe(error));
        await ack({ options: [] });
      }
    },
  );

  // ------------------------------------------------------------------ the message shortcut
  app.shortcut(
    { callback_id: SHARE_SHORTCUT, type: 'message_action' },
    async ({ ack, shortcut, client }) => {
      await ack();
      await track(
        modalFirst(client, shortcut.trigger_id, () => {
          const s = shortcut as typeof shortcut & {
            channel?: { id: string };
            message?: { text?: string };
          };
          const who = incoming(
            client,
            s.team?.id,
            s.user.id,
            { kind: 'channel', ...(s.channel ? { channelId: s.channel.id } : {}) },
            s.trigger_id,
          );
          return assistant.shareFrom(who, mrkdwnToPlain(s.message?.text ?? ''));
        }),
      );
    },
  );

  app.error(async (error) => {
    log(
      'error',
      'slack listener failed',
      describe((error as { original?: unknown }).original ?? error),
    );
  });

  const notifier = slackNotifier({
    token: options.botToken,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    logger,
  });

  const receive = receiver ? slackRequestListener(receiver) : undefined;
  // HTTP mode: a request waits for the token check; while Slack cannot be reached it is answered
  // 503, and Slack sends the event again (nothing is read from it, so nothing is lost here).
  const listener: SlackRequestListener | undefined = receive
    ? (request, response) => {
        void initialize().then((ready) => {
          if (ready) return receive(request, response);
          response.writeHead(503, { 'retry-after': '60' });
          response.end();
        });
      }
    : undefined;

  return {
    mode: socket ? 'socket' : 'http',
    app,
    ...(listener ? { listener } : {}),
    notifier,
    async start() {
      if (await initialize()) {
        // (A second auth.test: Bolt keeps the first one's workspace to itself.)
        const who = await app.client.auth.test().catch(() => undefined);
        log('info', 'slack connected', {
          ...(who ? { team: who.team_id, botUser: who.user_id } : {}),
          mode: socket ? 'socket' : 'http',
        });
      } else if (socket)
        // Socket Mode has no connection to open without Slack: start-up stops, in one line.
        throw new Error(
          'Slack could not be reached or refused SLACK_BOT_TOKEN (auth.test failed); check the token and SLACK_API_URL',
        );
      if (socket) await app.start();
    },
    async stop() {
      if (socket) await app.stop().catch(() => {});
      const deadline = new Promise((resolve) => setTimeout(resolve, 5000).unref());
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
    },
  };
}

function formValuesFromStateSafe(values: unknown) {
  return formValuesFromState(
    typeof values === 'object' && values !== null
      ? (values as Record<string, Record<string, unknown>>)
      : undefined,
  );
}
