import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { shardOf } from './snowflake.js';
import { isRecord, type Json } from './validate.js';
import { guildCreateObject, type World } from './world.js';

/** Gateway opcodes (v10). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Gateway intent bits the fake acts on. */
export const Intents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

const PRIVILEGED = Intents.GuildMembers | Intents.GuildPresences | Intents.MessageContent;
const ALL_INTENTS = (1 << 26) - 1;

/** Dispatches kept per session for RESUME; an older seq cannot be resumed (op 9 false). */
const REPLAY_BUFFER = 10_000;

/** A close code after which Discord forgets the session (the next connection must IDENTIFY). */
const SESSION_ENDING_CODES = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

/** One frame in or out of the fake gateway (tokens redacted). */
export interface GatewayFrame {
  connection: number;
  direction: 'received' | 'sent';
  op: number;
  t?: string;
  s?: number;
  /** The path the connection was opened on: `/gateway` or `/gateway-resume`. */
  path: string;
  sessionId?: string;
  d?: unknown;
  at: number;
}

export interface GatewaySession {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  /** Every dispatch of the session, for RESUME replays. */
  events: { s: number; t: string; d: unknown }[];
  connection?: Connection;
  ended: boolean;
  resumes: number;
}

interface Connection {
  id: number;
  ws: WebSocket;
  path: string;
  session?: GatewaySession;
  open: boolean;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  privilegedIntents: number;
  resumeUrl: string;
  changed: () => void;
}

export interface DispatchOptions {
  /** Routes the event to the shard of this guild (none: shard 0, as DMs). */
  guildId?: string;
  /** The intent a session needs to receive it (none: every session, like INTERACTION_CREATE). */
  intent?: number;
  /** Per-session shaping, e.g. blanking message content without the MESSAGE_CONTENT intent. */
  shape?: (d: Json, session: GatewaySession) => Json;
}

export interface Gateway {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  dispatch(t: string, d: Json, options?: DispatchOptions): number;
  sessions: Map<string, GatewaySession>;
  log: GatewayFrame[];
  /** Ends every connection abruptly (no close frame): clients see 1006 and may RESUME. */
  drop(): void;
  close(code: number, reason?: string): void;
  send(op: number, d: unknown): void;
  invalidate(resumable: boolean): void;
  setHeartbeatAcks(on: boolean): void;
  shutdown(): Promise<void>;
}

export function createGateway(world: World, options: GatewayOptions): Gateway {
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, GatewaySession>();
  const connections = new Set<Connection>();
  const log: GatewayFrame[] = [];
  let nextConnection = 0;
  let acks = true;

  const record = (c: Connection, direction: GatewayFrame['direction'], payload: Json) => {
    const frame: GatewayFrame = {
      connection: c.id,
      direction,
      op: payload.op as number,
      path: c.path,
      at: world.clock(),
    };
    if (typeof payload.t === 'string') frame.t = payload.t;
    if (typeof payload.s === 'number') frame.s = payload.s;
    if (c.session) frame.sessionId = c.session.id;
    if (payload.d !== undefined) {
      frame.d =
        isRecord(payload.d) && 'token' in payload.d
          ? { ...payload.d, token: '[redacted]' }
          : payload.d;
    }
    log.push(frame);
    options.changed();
  };

  const send = (c: Connection, payload: Json) => {
    if (!c.open) return;
    record(c, 'sent', payload);
    c.ws.send(JSON.stringify(payload));
  };

  const closeWith = (c: Connection, code: number, reason: string) => {
    if (c.session && SESSION_ENDING_CODES.has(code)) c.session.ended = true;
    c.open = false;
    c.ws.close(code, reason);
  };

  const pushEvent = (session: GatewaySession, t: string, d: unknown) => {
    session.seq += 1;
    const event = { s: session.seq, t, d };
    session.events.push(event);
    if (session.events.length > REPLAY_BUFFER) session.events.shift();
    const c = session.connection;
    if (c?.open && c.session === session) send(c, { op: Op.Dispatch, t, s: event.s, d });
  };

  const identify = (c: Connection, d: Json) => {
    if (d.token !== world.token) return closeWith(c, 4004, 'Authentication failed.');
    const intents = d.intents;
    if (
      typeof intents !== 'number' ||
      !Number.isInteger(intents) ||
      intents < 0 ||
      intents > ALL_INTENTS
    ) {
      return closeWith(c, 4013, 'Invalid intent(s).');
    }
    if (intents & PRIVILEGED & ~options.privilegedIntents) {
      return closeWith(c, 4014, 'Disallowed intent(s).');
    }
    const shard = Array.isArray(d.shard) ? d.shard : [0, 1];
    const [shardId, shardCount] = shard as [number, number];
    if (
      !(
        Number.isInteger(shardId) &&
        Number.isInteger(shardCount) &&
        shardId >= 0 &&
        shardId < shardCount
      )
    ) {
      return closeWith(c, 4010, 'Invalid shard.');
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      intents,
      shard: [shardId, shardCount],
      seq: 0,
      events: [],
      connection: c,
      ended: false,
      resumes: 0,
    };
    sessions.set(session.id, session);
    c.session = session;
    const guilds = [...world.guilds.values()].filter((g) => shardOf(g.id, shardCount) === shardId);
    pushEvent(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...world.bot, verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: options.resumeUrl,
      shard: [shardId, shardCount],
      application: { id: world.application.id, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
    });
    if (intents & Intents.Guilds) {
      for (const g of guilds) pushEvent(session, 'GUILD_CREATE', guildCreateObject(world, g));
    }
  };

  const resume = (c: Connection, d: Json) => {
    if (d.token !== world.token) return closeWith(c, 4004, 'Authentication failed.');
    const session = typeof d.session_id === 'string' ? sessions.get(d.session_id) : undefined;
    if (!session || session.ended) return send(c, { op: Op.InvalidSession, d: false });
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (seq > session.seq) return closeWith(c, 4007, 'Invalid seq.');
    const oldest = session.events[0]?.s ?? session.seq + 1;
    if (seq < oldest - 1) return send(c, { op: Op.InvalidSession, d: false });
    const previous = session.connection;
    if (previous && previous !== c && previous.open) {
      previous.open = false;
      previous.ws.terminate();
    }
    session.connection = c;
    session.resumes += 1;
    c.session = session;
    for (const event of session.events) {
      if (event.s > seq) send(c, { op: Op.Dispatch, t: event.t, s: event.s, d: event.d });
    }
    pushEvent(session, 'RESUMED', null);
  };

  const onFrame = (c: Connection, raw: string) => {
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return closeWith(c, 4002, 'Error while decoding payload.');
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') {
      return closeWith(c, 4002, 'Error while decoding payload.');
    }
    record(c, 'received', payload);
    const d = isRecord(payload.d) ? payload.d : {};
    switch (payload.op) {
      case Op.Heartbeat:
        if (acks) send(c, { op: Op.HeartbeatAck });
        return;
      case Op.Identify:
        if (c.session) return closeWith(c, 4005, 'Already authenticated.');
        return identify(c, d);
      case Op.Resume:
        if (c.session) return closeWith(c, 4005, 'Already authenticated.');
        return resume(c, d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!c.session) return closeWith(c, 4003, 'Not authenticated.');
        return;
      default:
        return closeWith(c, 4001, 'Unknown opcode.');
    }
  };

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    const url = new URL(request.url ?? '/', 'ws://fake');
    const c: Connection = { id: ++nextConnection, ws, path: url.pathname, open: true };
    connections.add(c);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return closeWith(c, 4002, 'Error while decoding payload.');
      onFrame(c, data.toString());
    });
    ws.on('close', (code) => {
      c.open = false;
      connections.delete(c);
      if (c.session && SESSION_ENDING_CODES.has(code) && c.session.connection === c)
        c.session.ended = true;
      options.changed();
    });
    ws.on('error', () => {});
    if (url.searchParams.get('v') !== '10') return closeWith(c, 4012, 'Invalid API version.');
    if (url.searchParams.get('encoding') !== 'json')
      return closeWith(c, 4002, 'The fake speaks JSON only.');
    if (url.searchParams.has('compress')) return closeWith(c, 4000, 'The fake does not compress.');
    send(c, { op: Op.Hello, d: { heartbeat_interval: options.heartbeatIntervalMs } });
  });

  const live = () => [...connections].filter((c) => c.open);

  return {
    handleUpgrade(request, socket, head) {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    dispatch(t, d, dispatchOptions = {}) {
      let reached = 0;
      for (const session of sessions.values()) {
        if (session.ended) continue;
        const [shardId, shardCount] = session.shard;
        const target = dispatchOptions.guildId ? shardOf(dispatchOptions.guildId, shardCount) : 0;
        if (target !== shardId) continue;
        if (dispatchOptions.intent !== undefined && !(session.intents & dispatchOptions.intent))
          continue;
        pushEvent(session, t, dispatchOptions.shape ? dispatchOptions.shape(d, session) : d);
        reached++;
      }
      return reached;
    },
    sessions,
    log,
    drop() {
      for (const c of live()) {
        c.open = false;
        c.ws.terminate();
      }
    },
    close(code, reason = '') {
      for (const c of live()) closeWith(c, code, reason);
    },
    send(op, d) {
      for (const c of live()) send(c, { op, d });
    },
    invalidate(resumable) {
      for (const c of live()) {
        if (!resumable && c.session) c.session.ended = true;
        send(c, { op: Op.InvalidSession, d: resumable });
      }
    },
    setHeartbeatAcks(on) {
      acks = on;
    },
    async shutdown() {
      for (const c of connections) c.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
