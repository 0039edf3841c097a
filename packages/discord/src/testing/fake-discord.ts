import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIApplicationCommand, APIMessage, APIUser } from 'discord-api-types/v10';
import { answers, type RestAnswer } from './errors.js';
import { messageEvents } from './events.js';
import { createGateway, type GatewayFrame, Intents, Op } from './gateway.js';
import {
  type AutocompleteInput,
  buttonInteraction,
  type ComponentInput,
  commandInteraction,
  type ModalSubmitInput,
  modalSubmitInteraction,
  type SelectInput,
  type SlashCommandInput,
  selectInteraction,
} from './interactions.js';
import { type Route, restRoutes } from './rest.js';
import type { Json } from './validate.js';
import {
  channelObject,
  createWorld,
  dmChannel,
  type FakeGuildInput,
  type FakeInteraction,
  type FakeUserInput,
  restMessage,
  storeMessage,
} from './world.js';

export interface FakeDiscordOptions {
  /** The bot token the fake accepts (default `fake-bot-token`). */
  token?: string;
  applicationId?: string;
  applicationName?: string;
  /** The bot user (its id defaults to the application id, as on Discord). */
  botUser?: { id?: string; username?: string };
  /** People (and other bots) the fake knows. */
  users?: FakeUserInput[];
  /** Guilds with channels, roles and members (default: one guild "ASCN" with #general). */
  guilds?: FakeGuildInput[];
  /** HELLO's heartbeat interval (Discord: about 41 s; tests use a few hundred ms). */
  heartbeatIntervalMs?: number;
  /** `shards` in GET /gateway/bot (default 1). */
  recommendedShards?: number;
  /**
   * `session_start_limit.max_concurrency` (default 1): how many shards may IDENTIFY per 5 s.
   * discord.js waits 5 s between IDENTIFYs of the same bucket, as Discord requires.
   */
  maxConcurrency?: number;
  /** Privileged intents switched on "in the developer portal" (default none, like a new app). */
  privilegedIntents?: number;
  /** How long after its creation an interaction accepts its callback (Discord: 3 s). */
  interactionDeadlineMs?: number;
  /** How long `enforce_nonce` remembers a nonce (Discord: "a few minutes"; default 5 min). */
  nonceWindowMs?: number;
  /** Requests allowed per rate-limit bucket per window (default 50 per second). */
  bucketLimit?: { requests: number; windowMs: number };
  /** The fake's clock for interaction deadlines, nonce windows and snowflakes (default Date.now). */
  clock?: () => number;
}

/** One REST request the fake answered. */
export interface RecordedRequest {
  method: string;
  /** The path below `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The route template, e.g. `/channels/:channel/messages` (undefined when none matched). */
  route?: string;
  status: number;
  body?: unknown;
  at: number;
}

/** Which requests an injected fault applies to: a method and an exact path or a pattern. */
export interface RouteMatch {
  method?: string;
  path: string | RegExp;
  /** How many matching requests it affects (default 1). */
  count?: number;
}

export interface FakeDiscord {
  /** Pass as `rest: { api }`: `http://127.0.0.1:<port>/api`. */
  apiUrl: string;
  /** The gateway URL GET /gateway/bot gives out. */
  gatewayUrl: string;
  /** The `resume_gateway_url` READY gives out (a different path, so RESUMEs are visible). */
  resumeGatewayUrl: string;
  token: string;
  applicationId: string;
  botUser: APIUser;
  guilds: {
    id: string;
    name: string;
    channels: { id: string; name: string; type: number }[];
    roles: { id: string; name: string }[];
  }[];
  users: APIUser[];

  // ---- what the bot did --------------------------------------------------------------------
  /** Registered commands: global, or of one guild. */
  commands(guildId?: string): APIApplicationCommand[];
  /** A channel's messages, oldest first, as Discord keeps them (no ephemerals, no nonces). */
  messages(channelId: string): APIMessage[];
  /** Any message by id, ephemeral ones included. */
  message(id: string): APIMessage | undefined;
  /** The DM channel between the bot and a user, if one was opened. */
  dmChannelId(userId: string): string | undefined;
  interactions(): FakeInteraction[];
  interaction(id: string): FakeInteraction | undefined;
  requests: RecordedRequest[];
  gatewayLog: GatewayFrame[];
  /** Gateway frames received from clients with this opcode. */
  received(op: number): GatewayFrame[];
  sessions(): {
    id: string;
    intents: number;
    shard: [number, number];
    seq: number;
    connected: boolean;
    ended: boolean;
    resumes: number;
  }[];

  // ---- what people do ----------------------------------------------------------------------
  slashCommand(input: SlashCommandInput): FakeInteraction;
  /**
   * A slash command whose INTERACTION_CREATE payload is changed by `tamper` before it is sent
   * (a malformed or unexpected interaction); its id and token still work for the answer.
   */
  tamperedCommand(input: SlashCommandInput, tamper: (payload: Json) => Json): FakeInteraction;
  autocomplete(input: AutocompleteInput): FakeInteraction;
  pressButton(input: ComponentInput): FakeInteraction;
  selectOptions(input: SelectInput): FakeInteraction;
  submitModal(input: ModalSubmitInput): FakeInteraction;
  /** A person posts a message (no channelId: a DM to the bot); MESSAGE_CREATE follows. */
  userMessage(input: { userId: string; content: string; channelId?: string }): APIMessage;
  /**
   * A person starts a thread in a text channel, or a post in a forum (type 15), with a first
   * message: THREAD_CREATE (to sessions with the Guilds intent), then MESSAGE_CREATE.
   */
  startThread(input: { userId: string; parentId: string; name: string; content: string }): {
    threadId: string;
    message: APIMessage;
  };
  /** A raw dispatch to every session that should see it; returns how many did. */
  dispatch(t: string, d: Json, options?: { guildId?: string; intent?: number }): number;

  // ---- what goes wrong ---------------------------------------------------------------------
  /** Ends every gateway connection without a close frame (clients see 1006 and RESUME). */
  dropConnections(): void;
  closeConnections(code: number, reason?: string): void;
  /** Sends op 7 RECONNECT. */
  requestReconnect(): void;
  /** Sends op 9 INVALID_SESSION; not resumable: the sessions end and clients re-IDENTIFY. */
  invalidateSessions(resumable: boolean): void;
  /** Stops (or resumes) answering heartbeats, so clients find a zombie connection. */
  setHeartbeatAcks(on: boolean): void;
  /** The next matching requests get 429 with `retry_after` seconds. */
  rateLimitNext(match: RouteMatch & { retryAfter: number; global?: boolean }): void;
  /** The next matching requests fail with this status (default 500). */
  failNext(match: RouteMatch & { status?: number }): void;
  /** The next matching requests wait this long first; they still take effect, like a slow Discord. */
  delayNext(match: RouteMatch & { delayMs: number }): void;
  /**
   * The next matching requests take effect at once, and their answer is held this long: the
   * client may be gone (crashed, timed out) before it learns that its message was posted.
   */
  holdAnswerNext(match: RouteMatch & { delayMs: number }): void;

  /** Resolves with `check()`'s first truthy value, re-checked on every change in the fake. */
  until<T>(
    check: () => T | undefined | null | false,
    options?: { timeoutMs?: number; what?: string },
  ): Promise<T>;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

type Fault =
  | (RouteMatch & { kind: 'rate-limit'; retryAfter: number; global?: boolean; left: number })
  | (RouteMatch & { kind: 'fail'; status: number; left: number })
  | (RouteMatch & { kind: 'delay'; delayMs: number; left: number })
  | (RouteMatch & { kind: 'hold'; delayMs: number; left: number });

const MAJOR_PARAMS = ['channel', 'guild', 'interaction', 'token'];

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts a local Discord (REST + gateway v10) on 127.0.0.1 and a free port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const clock = options.clock ?? Date.now;
  const token = options.token ?? 'fake-bot-token';
  const worldOptions: Parameters<typeof createWorld>[0] = { token, clock };
  if (options.applicationId) worldOptions.applicationId = options.applicationId;
  if (options.applicationName) worldOptions.applicationName = options.applicationName;
  if (options.botUser) worldOptions.botUser = options.botUser;
  if (options.users) worldOptions.users = options.users;
  if (options.guilds) worldOptions.guilds = options.guilds;
  const world = createWorld(worldOptions);
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  const changed = () => changes.emit('change');

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  const resumeGatewayUrl = `ws://127.0.0.1:${port}/gateway-resume`;
  const gateway = createGateway(world, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    privilegedIntents: options.privilegedIntents ?? 0,
    resumeUrl: resumeGatewayUrl,
    changed,
  });
  const routes = restRoutes(world, gateway, {
    gatewayUrl,
    recommendedShards: options.recommendedShards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
    nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
    sessionStarts: { total: 1000, remaining: 1000 },
  }).map(compile);
  const { messageEvent } = messageEvents(world, gateway);

  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const bucketLimit = options.bucketLimit ?? { requests: 50, windowMs: 1000 };
  const buckets = new Map<string, { remaining: number; resetAt: number }>();

  const takeFault = (method: string, path: string): Fault | undefined => {
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (fault) fault.left -= 1;
    return fault;
  };

  const rateLimitHeaders = (hash: string, limit: number, remaining: number, resetAt: number) => {
    const now = Date.now();
    return {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (Math.max(0, resetAt - now) / 1000).toFixed(3),
      'X-RateLimit-Bucket': hash,
    };
  };

  const answer = async (
    request: IncomingMessage,
  ): Promise<RestAnswer & { route?: string; requestBody?: unknown }> => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = (request.method ?? 'GET').toUpperCase();
    if (!url.pathname.startsWith('/api/v10/')) return answers.notFound();
    // Discord takes `@me` percent-encoded too, as discord.js sends it.
    const path = url.pathname.slice('/api/v10'.length).replace(/%40/gi, '@');
    const candidates = routes.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === method);
    if (!route) return candidates.length > 0 ? answers.methodNotAllowed() : answers.notFound();
    const match = route.pattern.exec(path)!;
    const params = Object.fromEntries(
      route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
    );
    const text = await readBody(request);
    if (route.auth && request.headers.authorization !== `Bot ${token}`) {
      return { ...answers.unauthorized(), route: route.template };
    }
    const fault = takeFault(method, path);
    if (fault?.kind === 'delay') await sleep(fault.delayMs);
    const major = MAJOR_PARAMS.map((name) => params[name]).find((v) => v !== undefined) ?? '';
    const hash = createHash('sha1')
      .update(`${method} ${route.template}`)
      .digest('hex')
      .slice(0, 16);
    if (fault?.kind === 'rate-limit') {
      const resetAt = Date.now() + fault.retryAfter * 1000;
      const headers: Record<string, string> = {
        ...rateLimitHeaders(hash, bucketLimit.requests, 0, resetAt),
        'Retry-After': String(Math.ceil(fault.retryAfter)),
        'X-RateLimit-Scope': fault.global ? 'global' : 'user',
      };
      if (fault.global) headers['X-RateLimit-Global'] = 'true';
      return {
        status: 429,
        route: route.template,
        headers,
        body: {
          message: 'You are being rate limited.',
          retry_after: fault.retryAfter,
          global: !!fault.global,
          code: 0,
        },
      };
    }
    if (fault?.kind === 'fail') {
      return {
        status: fault.status,
        route: route.template,
        body: { message: `${fault.status}: fake failure`, code: 0 },
      };
    }
    const key = `${hash}:${major}`;
    const now = Date.now();
    let bucket = buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { remaining: bucketLimit.requests, resetAt: now + bucketLimit.windowMs };
      buckets.set(key, bucket);
    }
    if (bucket.remaining <= 0) {
      const retryAfter = (bucket.resetAt - now) / 1000;
      return {
        status: 429,
        route: route.template,
        headers: {
          ...rateLimitHeaders(hash, bucketLimit.requests, 0, bucket.resetAt),
          'Retry-After': String(Math.ceil(retryAfter)),
          'X-RateLimit-Scope': 'user',
        },
        body: {
          message: 'You are being rate limited.',
          retry_after: retryAfter,
          global: false,
          code: 0,
        },
      };
    }
    bucket.remaining -= 1;
    const headers = rateLimitHeaders(hash, bucketLimit.requests, bucket.remaining, bucket.resetAt);
    let body: unknown;
    if (text.length > 0) {
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return {
          ...answers.badBody('The fake accepts JSON bodies only (no file uploads).'),
          route: route.template,
          headers,
        };
      }
      try {
        body = JSON.parse(text);
      } catch {
        return { ...answers.badBody('It is not JSON.'), route: route.template, headers };
      }
    }
    const result = route.handle({ params, query: url.searchParams, body });
    if (fault?.kind === 'hold') {
      changed();
      await sleep(fault.delayMs);
    }
    return {
      ...result,
      route: route.template,
      headers: { ...headers, ...result.headers },
      requestBody: body,
    };
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    answer(request)
      .then((result) => {
        const url = new URL(request.url ?? '/', 'http://fake');
        const entry: RecordedRequest = {
          method: (request.method ?? 'GET').toUpperCase(),
          path: url.pathname.replace(/^\/api\/v10/, ''),
          status: result.status,
          at: clock(),
        };
        if (result.route) entry.route = result.route;
        if (result.requestBody !== undefined) entry.body = result.requestBody;
        requests.push(entry);
        const headers: Record<string, string> = { ...result.headers };
        if (result.body !== undefined) headers['Content-Type'] = 'application/json';
        response.writeHead(result.status, headers);
        response.end(result.body === undefined ? undefined : JSON.stringify(result.body));
        changed();
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ message: `fake Discord failed: ${String(error)}`, code: 0 }));
      });
  });

  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (path === '/gateway' || path === '/gateway-resume')
      gateway.handleUpgrade(request, socket, head);
    else socket.destroy();
  });

  const deliver = (i: FakeInteraction): FakeInteraction => {
    world.interactions.set(i.id, i);
    world.interactionsByToken.set(i.token, i.id);
    const guildId = i.payload.guild_id as string | undefined;
    i.deliveredTo = gateway.dispatch('INTERACTION_CREATE', i.payload, guildId ? { guildId } : {});
    changed();
    return i;
  };

  const addFault = (fault: Fault) => {
    faults.push(fault);
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    resumeGatewayUrl,
    token,
    applicationId: world.application.id,
    botUser: world.bot,
    guilds: [...world.guilds.values()].map((g) => ({
      id: g.id,
      name: g.name,
      channels: g.channelIds.map((id) => {
        const c = world.channels.get(id)!;
        return { id, name: c.name!, type: c.type };
      }),
      roles: g.roles.map((r) => ({ id: r.id, name: r.name })),
    })),
    users: [...world.users.values()].filter((u) => u.user.id !== world.bot.id).map((u) => u.user),

    commands: (guildId) => structuredClone(world.commands.get(guildId ?? 'global') ?? []),
    messages: (channelId) =>
      (world.channelMessages.get(channelId) ?? [])
        .map((id) => world.messages.get(id)!)
        .filter((m) => !m.deleted)
        .map(restMessage),
    message: (id) => {
      const stored = world.messages.get(id);
      return stored && !stored.deleted ? restMessage(stored) : undefined;
    },
    dmChannelId: (userId) => world.dmByUser.get(userId),
    interactions: () => [...world.interactions.values()],
    interaction: (id) => world.interactions.get(id),
    requests,
    gatewayLog: gateway.log,
    received: (op) => gateway.log.filter((f) => f.direction === 'received' && f.op === op),
    sessions: () =>
      [...gateway.sessions.values()].map((s) => ({
        id: s.id,
        intents: s.intents,
        shard: s.shard,
        seq: s.seq,
        connected: !!s.connection?.open,
        ended: s.ended,
        resumes: s.resumes,
      })),

    slashCommand: (input) => deliver(commandInteraction(world, input)),
    tamperedCommand(input, tamper) {
      const i = commandInteraction(world, input);
      i.payload = tamper(structuredClone(i.payload));
      return deliver(i);
    },
    autocomplete: (input) => deliver(commandInteraction(world, input, input.focused)),
    pressButton: (input) => deliver(buttonInteraction(world, input)),
    selectOptions: (input) => deliver(selectInteraction(world, input)),
    submitModal: (input) => deliver(modalSubmitInteraction(world, input)),
    userMessage(input) {
      const author = world.users.get(input.userId);
      if (!author) throw new Error(`fake Discord: unknown user ${input.userId}`);
      const channel =
        input.channelId === undefined
          ? dmChannel(world, input.userId)
          : world.channels.get(input.channelId);
      if (!channel) throw new Error(`fake Discord: unknown channel ${String(input.channelId)}`);
      if (channel.guildId && !world.guilds.get(channel.guildId)!.members.has(input.userId)) {
        throw new Error(
          `fake Discord: user ${input.userId} is not a member of the channel's guild`,
        );
      }
      const stored = storeMessage(world, {
        channel,
        author: author.user,
        body: { content: input.content },
      });
      messageEvent(stored, 'MESSAGE_CREATE');
      changed();
      return restMessage(stored);
    },
    startThread(input) {
      const parent = world.channels.get(input.parentId);
      if (!parent?.guildId || (parent.type !== 0 && parent.type !== 15) || parent.parentId)
        throw new Error(`fake Discord: ${input.parentId} is not a text or forum channel`);
      const guild = world.guilds.get(parent.guildId)!;
      const author = world.users.get(input.userId);
      if (!author || !guild.members.has(input.userId))
        throw new Error(`fake Discord: user ${input.userId} is not a member of ${guild.name}`);
      const thread = {
        id: world.nextId(),
        type: 11,
        guildId: guild.id,
        name: input.name,
        position: 0,
        parentId: parent.id,
        ownerId: input.userId,
        lastMessageId: null,
      };
      world.channels.set(thread.id, thread);
      guild.threadIds.push(thread.id);
      gateway.dispatch(
        'THREAD_CREATE',
        { ...channelObject(world, thread), newly_created: true },
        { guildId: guild.id, intent: Intents.Guilds },
      );
      const stored = storeMessage(world, {
        channel: thread,
        author: author.user,
        body: { content: input.content },
      });
      messageEvent(stored, 'MESSAGE_CREATE');
      changed();
      return { threadId: thread.id, message: restMessage(stored) };
    },
    dispatch: (t, d, dispatchOptions) => gateway.dispatch(t, d, dispatchOptions),

    dropConnections: () => gateway.drop(),
    closeConnections: (code, reason) => gateway.close(code, reason),
    requestReconnect: () => gateway.send(Op.Reconnect, null),
    invalidateSessions: (resumable) => gateway.invalidate(resumable),
    setHeartbeatAcks: (on) => gateway.setHeartbeatAcks(on),
    rateLimitNext: (match) => addFault({ ...match, kind: 'rate-limit', left: match.count ?? 1 }),
    failNext: (match) =>
      addFault({ ...match, kind: 'fail', status: match.status ?? 500, left: match.count ?? 1 }),
    delayNext: (match) => addFault({ ...match, kind: 'delay', left: match.count ?? 1 }),
    holdAnswerNext: (match) => addFault({ ...match, kind: 'hold', left: match.count ?? 1 }),

    until(check, untilOptions = {}) {
      const timeoutMs = untilOptions.timeoutMs ?? 5000;
      return new Promise((resolve, reject) => {
        const attempt = () => {
          let value: ReturnType<typeof check>;
          try {
            value = check();
          } catch (error) {
            finish();
            reject(error);
            return;
          }
          if (value) {
            finish();
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `fake Discord: timed out after ${timeoutMs} ms waiting for ${untilOptions.what ?? 'a condition'}`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          changes.off('change', attempt);
        };
        changes.on('change', attempt);
        attempt();
      });
    },
    async close() {
      await gateway.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
