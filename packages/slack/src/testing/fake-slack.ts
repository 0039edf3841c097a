import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createInteractionBuilders,
  type Interaction,
  type InteractionBuilders,
} from './interactions.js';
import { type AppResponse, createSender, type SendOptions } from './sender.js';
import {
  createSocketModeServer,
  type SentEnvelope,
  type SocketAck,
  type SocketDeliveryOptions,
} from './socket-mode.js';
import {
  createClock,
  createState,
  deliverResponse,
  type EphemeralRecord,
  type FakeClock,
  type FakeSlackState,
  messageJson,
  RESPONSE_URL_MAX_USES,
  RESPONSE_URL_TTL_MS,
  type ResponseRecord,
  repliesOf,
  resolveConversation,
  type ViewRecord,
  viewJson,
} from './state.js';
import { type Params, type SlackJson, type TokenKind, webApiHandler } from './web-api.js';
import { type WorkspaceSeed, workspaceSeed } from './workspace.js';

/**
 * A local fake of Slack for tests and benchmarks: the Web API at `apiUrl` (point Bolt's
 * `clientOptions.slackApiUrl` at it), response_urls, Socket Mode, and a sender of signed
 * requests to an app. Every Web API call is recorded; failures can be injected.
 */

export interface FakeSlackOptions {
  /** Replaces parts of the default workspace (team, bot, users, channels). */
  workspace?: Partial<WorkspaceSeed>;
  signingSecret?: string;
  botToken?: string;
  appToken?: string;
}

export interface RecordedCall {
  method: string;
  /** The arguments as the fake parsed them (form fields are strings). */
  params: Params;
  /** Which token authorised the call (the token itself is not kept). */
  token: TokenKind | 'none' | 'invalid';
  contentType: string;
  status: number;
  response: SlackJson;
  /** True when the answer was an injected failure. */
  injected: boolean;
  /** Fake time (ms) when the call arrived. */
  at: number;
}

/** A failure for the next call(s) of a method: HTTP 429/5xx, or a Slack `error` with 200. */
export type InjectedFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 504 }
  | { error: string; extra?: Record<string, unknown> };

export interface FakeSlack {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>/api/`, for `slackApiUrl`. */
  apiUrl: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
  workspace: WorkspaceSeed;
  /** Fake time: real time plus what `clock.advance(ms)` added (trigger and response_url expiry). */
  clock: FakeClock;
  /** Everything the fake holds, for assertions beyond the helpers below. */
  state: FakeSlackState;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first recorded call of `method` (matching `where`), waiting for it. */
  waitForCall(
    method: string,
    where?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Polls `check` until it returns something other than undefined/false. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** The next `times` calls of `method` fail this way (after the token check). */
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  /** A conversation's messages, oldest first, as conversations.history shows them (with metadata). */
  messages(channel: string): Record<string, unknown>[];
  /** A thread's replies (without the parent), oldest first. */
  replies(channel: string, threadTs: string): Record<string, unknown>[];
  /** The DM channel id between the app and `userId` (opened if needed). */
  dmChannel(userId: string): string;
  ephemerals: EphemeralRecord[];
  /** Posts to response_urls and slash-command acks with a body, in order. */
  responses: ResponseRecord[];
  /** A view by id as the Web API shows it, with `open` and the last `errors`. */
  view(viewId: string): (Record<string, unknown> & Pick<ViewRecord, 'open' | 'errors'>) | undefined;
  /** The modals a person has open (bottom of the stack first). */
  openModals(userId: string): Record<string, unknown>[];
  /** The App Home a person last had published to them. */
  homeView(userId: string): Record<string, unknown> | undefined;
  /** Builds what Slack sends when a person acts (shared by HTTP and Socket Mode). */
  build: InteractionBuilders;
  /** A client for an app's Request URL: signed requests, built from the fake's workspace. */
  sender(appUrl: string): SlackSender;
  socketMode: SocketModeControl;
  close(): Promise<void>;
}

type Builders = InteractionBuilders;
type Sent<K extends keyof Builders> = (
  args: Parameters<Builders[K]>[0],
  options?: SendOptions,
) => Promise<AppResponse>;

export interface SlackSender {
  /** Sends a built interaction (again, for a retry). */
  send(interaction: Interaction, options?: SendOptions): Promise<AppResponse>;
  command: Sent<'command'>;
  blockActions: Sent<'blockActions'>;
  viewSubmission: Sent<'viewSubmission'>;
  shortcut: Sent<'shortcut'>;
  messageAction: Sent<'messageAction'>;
  appMention: Sent<'appMention'>;
  channelMessage: Sent<'channelMessage'>;
  directMessage: Sent<'directMessage'>;
  appHomeOpened: Sent<'appHomeOpened'>;
  event(event: Record<string, unknown>, options?: SendOptions): Promise<AppResponse>;
  urlVerification(challenge?: string, options?: SendOptions): Promise<AppResponse>;
}

type Delivered<K extends keyof Builders> = (
  args: Parameters<Builders[K]>[0],
  options?: SocketDeliveryOptions,
) => Promise<SocketAck>;

export interface SocketModeControl {
  connections(): number;
  waitForConnection(count?: number, timeoutMs?: number): Promise<void>;
  deliver(interaction: Interaction, options?: SocketDeliveryOptions): Promise<SocketAck>;
  command: Delivered<'command'>;
  blockActions: Delivered<'blockActions'>;
  viewSubmission: Delivered<'viewSubmission'>;
  shortcut: Delivered<'shortcut'>;
  messageAction: Delivered<'messageAction'>;
  appMention: Delivered<'appMention'>;
  directMessage: Delivered<'directMessage'>;
  appHomeOpened: Delivered<'appHomeOpened'>;
  /** Every envelope sent, with the app's ack once it came. */
  envelopes: SentEnvelope[];
  disconnect(reason?: 'warning' | 'refresh_requested' | 'link_disabled'): void;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Parses a Web API request body as Slack does: form fields or a JSON object. */
function parseParams(
  contentType: string,
  text: string,
): Params | 'invalid_json' | 'invalid_form_data' {
  if (text === '') return {};
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Params)
        : 'invalid_json';
    } catch {
      return 'invalid_json';
    }
  }
  if (contentType.startsWith('application/x-www-form-urlencoded') || contentType === '')
    return Object.fromEntries(new URLSearchParams(text));
  return 'invalid_form_data';
}

/** Starts a fake Slack on 127.0.0.1 (a free port). `close()` it after the test. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const workspace = workspaceSeed(options.workspace);
  const clock = createClock();
  const state = createState(workspace, clock);
  const botToken = options.botToken ?? `xoxb-${randomBytes(6).toString('hex')}-fake`;
  const appToken =
    options.appToken ?? `xapp-1-${workspace.appId}-${randomBytes(6).toString('hex')}`;
  const signingSecret = options.signingSecret ?? randomBytes(16).toString('hex');
  const calls: RecordedCall[] = [];
  const failures = new Map<string, InjectedFailure[]>();
  const socketMode = createSocketModeServer(state);

  function tokenKind(request: IncomingMessage, params: Params): RecordedCall['token'] {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice('Bearer '.length)
      : typeof params.token === 'string'
        ? params.token
        : undefined;
    if (!token) return 'none';
    if (token === botToken) return 'bot';
    if (token === appToken) return 'app';
    return 'invalid';
  }

  async function webApi(method: string, request: IncomingMessage, response: ServerResponse) {
    const contentType = request.headers['content-type'] ?? '';
    const query = Object.fromEntries(new URL(request.url ?? '/', 'http://fake').searchParams);
    const parsed = parseParams(contentType, await readBody(request));
    const params: Params = typeof parsed === 'string' ? query : { ...query, ...parsed };
    const token = tokenKind(request, params);
    delete params.token;
    const record = (status: number, body: SlackJson, injected = false, headers = {}) => {
      calls.push({
        method,
        params,
        token,
        contentType,
        status,
        response: body,
        injected,
        at: clock.now(),
      });
      sendJson(response, status, body, headers);
    };
    const handler = webApiHandler(method);
    if (!handler && method !== 'apps.connections.open')
      return record(404, { ok: false, error: 'unknown_method', req_method: method });
    if (typeof parsed === 'string') return record(200, { ok: false, error: parsed });
    if (token === 'none') return record(200, { ok: false, error: 'not_authed' });
    if (token === 'invalid') return record(200, { ok: false, error: 'invalid_auth' });
    const needs: TokenKind = method === 'apps.connections.open' ? 'app' : 'bot';
    if (token !== needs) return record(200, { ok: false, error: 'not_allowed_token_type' });
    const failure = failures.get(method)?.shift();
    if (failure) {
      if ('error' in failure)
        return record(200, { ok: false, error: failure.error, ...failure.extra }, true);
      if (failure.status === 429)
        return record(429, { ok: false, error: 'ratelimited' }, true, {
          'retry-after': String(failure.retryAfter),
        });
      return record(failure.status, { ok: false, error: 'internal_error' }, true);
    }
    if (method === 'apps.connections.open')
      return record(200, { ok: true, url: socketMode.issueUrl() });
    return record(200, handler!(state, { params, tokenKind: token }));
  }

  async function responseUrl(request: IncomingMessage, response: ServerResponse, path: string) {
    const text = await readBody(request);
    const url = `${state.baseUrl}${path}`;
    const target = state.responseUrls.get(url);
    const plain = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(body);
    };
    if (!target) return plain(404, 'no_service');
    if (clock.now() - target.issuedAt > RESPONSE_URL_TTL_MS) return plain(404, 'expired_url');
    if (target.uses >= RESPONSE_URL_MAX_USES) return plain(404, 'used_url');
    const contentType = request.headers['content-type'] ?? '';
    let body: Record<string, unknown>;
    try {
      const parsed = contentType.startsWith('application/x-www-form-urlencoded')
        ? JSON.parse(new URLSearchParams(text).get('payload') ?? '')
        : JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return plain(400, 'invalid_payload');
    }
    target.uses += 1;
    state.responses.push({
      via: 'response_url',
      url,
      channel: target.channel,
      userId: target.userId,
      body,
      at: clock.now(),
    });
    deliverResponse(state, target, body, 'response_url');
    sendJson(response, 200, { ok: true });
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const apiMethod = /^\/api\/([A-Za-z.]+)$/.exec(path)?.[1];
    const handle = apiMethod
      ? webApi(apiMethod, request, response)
      : request.method === 'POST' && /^\/(commands|actions)\//.test(path)
        ? responseUrl(request, response, path)
        : Promise.resolve(sendJson(response, 404, { ok: false, error: 'not_found' }));
    handle.catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: 'fatal_error', detail: String(error) });
    });
  });
  server.on('upgrade', (request, socket, head) => socketMode.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  const build = createInteractionBuilders(state);

  async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`The fake Slack waited ${timeoutMs} ms in vain.`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  function conversation(channel: string) {
    const found = resolveConversation(state, channel);
    if (!found) throw new Error(`The fake Slack has no channel ${channel}.`);
    return found;
  }

  function sender(appUrl: string): SlackSender {
    const send = createSender(state, appUrl, signingSecret);
    const via =
      <K extends keyof Builders>(name: K): Sent<K> =>
      (args, options) =>
        send((build[name] as (a: typeof args) => Interaction)(args), options);
    return {
      send,
      command: via('command'),
      blockActions: via('blockActions'),
      viewSubmission: via('viewSubmission'),
      shortcut: via('shortcut'),
      messageAction: via('messageAction'),
      appMention: via('appMention'),
      channelMessage: via('channelMessage'),
      directMessage: via('directMessage'),
      appHomeOpened: via('appHomeOpened'),
      event: (event, options) => send(build.event(event), options),
      urlVerification: (challenge, options) => send(build.urlVerification(challenge), options),
    };
  }

  const overSocket =
    <K extends keyof Builders>(name: K): Delivered<K> =>
    (args, options) =>
      socketMode.deliver((build[name] as (a: typeof args) => Interaction)(args), options);

  return {
    url: state.baseUrl,
    apiUrl: `${state.baseUrl}/api/`,
    botToken,
    appToken,
    signingSecret,
    workspace,
    clock,
    state,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitForCall: (method, where = () => true, timeoutMs = 5000) =>
      waitFor(() => calls.find((call) => call.method === method && where(call)), timeoutMs),
    waitFor,
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      failures.set(method, queue);
    },
    messages(channel) {
      const found = conversation(channel);
      return found.messages.map((message) => messageJson(state, found, message, true));
    },
    replies(channel, threadTs) {
      const found = conversation(channel);
      return repliesOf(found, threadTs).map((message) => messageJson(state, found, message, true));
    },
    dmChannel: (userId) => conversation(userId).id,
    ephemerals: state.ephemerals,
    responses: state.responses,
    view(viewId) {
      const record = state.views.get(viewId);
      return record
        ? { ...viewJson(state, record), open: record.open, errors: record.errors }
        : undefined;
    },
    openModals: (userId) =>
      [...state.views.values()]
        .filter((record) => record.type === 'modal' && record.open && record.userId === userId)
        .map((record) => viewJson(state, record)),
    homeView(userId) {
      const id = state.homes.get(userId);
      const record = id ? state.views.get(id) : undefined;
      return record ? viewJson(state, record) : undefined;
    },
    build,
    sender,
    socketMode: {
      connections: socketMode.connections,
      waitForConnection: (count = 1, timeoutMs = 5000) =>
        waitFor(() => socketMode.connections() >= count, timeoutMs).then(() => undefined),
      deliver: socketMode.deliver,
      command: overSocket('command'),
      blockActions: overSocket('blockActions'),
      viewSubmission: overSocket('viewSubmission'),
      shortcut: overSocket('shortcut'),
      messageAction: overSocket('messageAction'),
      appMention: overSocket('appMention'),
      directMessage: overSocket('directMessage'),
      appHomeOpened: overSocket('appHomeOpened'),
      envelopes: socketMode.envelopes,
      disconnect: socketMode.disconnect,
    },
    async close() {
      await socketMode.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
