import { randomBytes } from 'node:crypto';
import {
  type FakeUserSeed,
  type WorkspaceSeed,
  zoneLabel,
  zoneOffsetSeconds,
} from './workspace.js';

/**
 * What the fake Slack remembers: conversations and their messages, DMs, ephemeral messages,
 * trigger ids, views, App Home tabs and response_urls. Plain data, changed by the functions
 * below; the Web API handlers and the request builders share it.
 */

/** The fake's clock: real time plus whatever a test has advanced it by. */
export interface FakeClock {
  now(): number;
  /** Moves fake time forward (trigger ids and response_urls expire on fake time). */
  advance(ms: number): void;
}

export function createClock(): FakeClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface MessageRecord {
  channel: string;
  ts: string;
  /** Author: a user id, or the bot user id for the app's own messages. */
  user: string;
  /** Set on messages the app posted. */
  botId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  replyBroadcast?: boolean;
  metadata?: MessageMetadata;
  edited?: { user: string; ts: string };
}

export interface Conversation {
  id: string;
  name: string;
  isIm: boolean;
  isPrivate: boolean;
  /** For a DM: the person on the other side. */
  user?: string;
  members: Set<string>;
  /** Oldest first. */
  messages: MessageRecord[];
}

export interface EphemeralRecord {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** How it reached the user: chat.postEphemeral, a response_url, or the HTTP/socket ack. */
  via: 'chat.postEphemeral' | 'response_url' | 'ack';
}

export interface TriggerRecord {
  id: string;
  userId: string;
  issuedAt: number;
  exchanged: boolean;
}

export interface ViewRecord {
  id: string;
  userId: string;
  type: 'modal' | 'home';
  /** The view as the app sent it (title, blocks, callback_id, private_metadata, …). */
  view: Record<string, unknown>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string;
  /** Input values a person typed, as view.state.values. */
  values: Record<string, Record<string, unknown>>;
  open: boolean;
  /** The errors of the last `response_action: 'errors'`, shown under the inputs. */
  errors?: Record<string, string> | undefined;
}

export interface ResponseUrlRecord {
  id: string;
  url: string;
  kind: 'commands' | 'actions';
  channel: string;
  userId: string;
  /** For an interaction on a message: the message a `replace_original` replaces. */
  messageTs?: string;
  issuedAt: number;
  uses: number;
}

export interface ResponseRecord {
  via: 'response_url' | 'ack';
  /** The response_url posted to (for `via: 'response_url'`). */
  url?: string;
  channel: string;
  userId: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeSlackState {
  workspace: WorkspaceSeed;
  clock: FakeClock;
  /** `http://127.0.0.1:<port>`, set once the server listens. */
  baseUrl: string;
  users: Map<string, FakeUserSeed>;
  conversations: Map<string, Conversation>;
  /** user id → DM channel id */
  dms: Map<string, string>;
  ephemerals: EphemeralRecord[];
  triggers: Map<string, TriggerRecord>;
  views: Map<string, ViewRecord>;
  /** user id → published App Home view id */
  homes: Map<string, string>;
  responseUrls: Map<string, ResponseUrlRecord>;
  responses: ResponseRecord[];
  lastTsMicros: number;
  counter: number;
}

/** Slack's windows: a trigger_id lives 3 s; a response_url 30 min and 5 uses. */
export const TRIGGER_TTL_MS = 3000;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;

export function createState(workspace: WorkspaceSeed, clock: FakeClock): FakeSlackState {
  const state: FakeSlackState = {
    workspace,
    clock,
    baseUrl: '',
    users: new Map(workspace.users.map((user) => [user.id, user])),
    conversations: new Map(),
    dms: new Map(),
    ephemerals: [],
    triggers: new Map(),
    views: new Map(),
    homes: new Map(),
    responseUrls: new Map(),
    responses: [],
    lastTsMicros: 0,
    counter: 0,
  };
  const everyone = [workspace.botUserId, ...workspace.users.map((user) => user.id)];
  for (const channel of workspace.channels) {
    state.conversations.set(channel.id, {
      id: channel.id,
      name: channel.name,
      isIm: false,
      isPrivate: channel.isPrivate ?? false,
      members: new Set(channel.members ?? everyone),
      messages: [],
    });
  }
  return state;
}

/** A new id with Slack's look: a prefix letter and upper-case letters and digits. */
export function newId(state: FakeSlackState, prefix: string): string {
  state.counter += 1;
  return `${prefix}0${state.counter.toString(36).toUpperCase().padStart(4, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;
}

/** A message timestamp (`seconds.micros`), unique and increasing, from the fake clock. */
export function nextTs(state: FakeSlackState): string {
  const micros = Math.max(state.lastTsMicros + 1, state.clock.now() * 1000);
  state.lastTsMicros = micros;
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

export function tsMicros(ts: string): number {
  const [seconds = '0', micros = '0'] = ts.split('.');
  return Number(seconds) * 1e6 + Number(micros.padEnd(6, '0').slice(0, 6));
}

/** The DM channel between the app and `userId`, opened on first use (always the same id). */
export function openDm(state: FakeSlackState, userId: string): Conversation {
  const existing = state.dms.get(userId);
  if (existing) return state.conversations.get(existing)!;
  const id = `D0${userId.slice(1)}`;
  const conversation: Conversation = {
    id,
    name: id,
    isIm: true,
    isPrivate: true,
    user: userId,
    members: new Set([userId, state.workspace.botUserId]),
    messages: [],
  };
  state.conversations.set(id, conversation);
  state.dms.set(userId, id);
  return conversation;
}

/**
 * The conversation a `channel` argument names: a channel or DM id, or a user id (Slack posts
 * those to the app's DM with that person).
 */
export function resolveConversation(
  state: FakeSlackState,
  channel: string,
): Conversation | undefined {
  const conversation = state.conversations.get(channel);
  if (conversation) return conversation;
  if (state.users.has(channel)) return openDm(state, channel);
  return undefined;
}

export function addMessage(
  state: FakeSlackState,
  conversation: Conversation,
  message: Omit<MessageRecord, 'channel' | 'ts'>,
): MessageRecord {
  const record: MessageRecord = { ...message, channel: conversation.id, ts: nextTs(state) };
  conversation.messages.push(record);
  // A thread's parent carries thread_ts too, once it has a reply.
  if (record.threadTs) {
    const parent = findMessage(conversation, record.threadTs);
    if (parent && !parent.threadTs) parent.threadTs = parent.ts;
  }
  return record;
}

export function findMessage(conversation: Conversation, ts: string): MessageRecord | undefined {
  return conversation.messages.find((message) => message.ts === ts);
}

export function repliesOf(conversation: Conversation, threadTs: string): MessageRecord[] {
  return conversation.messages.filter(
    (message) => message.threadTs === threadTs && message.ts !== threadTs,
  );
}

/** A message as the Web API returns it. Metadata only when asked for (include_all_metadata). */
export function messageJson(
  state: FakeSlackState,
  conversation: Conversation,
  message: MessageRecord,
  includeMetadata: boolean,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    type: 'message',
    user: message.user,
    text: message.text,
    ts: message.ts,
    team: state.workspace.teamId,
  };
  if (message.botId) {
    json.bot_id = message.botId;
    json.app_id = state.workspace.appId;
  }
  if (message.blocks) json.blocks = message.blocks;
  if (message.attachments) json.attachments = message.attachments;
  if (message.edited) json.edited = message.edited;
  if (message.threadTs) {
    json.thread_ts = message.threadTs;
    if (message.threadTs !== message.ts) json.parent_user_id = parentUser(conversation, message);
  }
  const replies = message.threadTs === message.ts ? repliesOf(conversation, message.ts) : [];
  if (replies.length > 0) {
    json.reply_count = replies.length;
    json.reply_users = [...new Set(replies.map((reply) => reply.user))];
    json.reply_users_count = (json.reply_users as string[]).length;
    json.latest_reply = replies[replies.length - 1]!.ts;
  }
  if (includeMetadata && message.metadata) json.metadata = message.metadata;
  return json;
}

function parentUser(conversation: Conversation, message: MessageRecord): string | undefined {
  return conversation.messages.find((candidate) => candidate.ts === message.threadTs)?.user;
}

export function issueTrigger(state: FakeSlackState, userId: string): string {
  const id = `${Math.floor(state.clock.now() / 1000)}${String(state.counter).padStart(4, '0')}.${state.workspace.teamId.replace(/\D/g, '').padEnd(6, '0')}.${randomBytes(16).toString('hex')}`;
  state.counter += 1;
  state.triggers.set(id, { id, userId, issuedAt: state.clock.now(), exchanged: false });
  return id;
}

/** Exchanges a trigger_id for the person it was issued to, or says why it cannot be. */
export function exchangeTrigger(
  state: FakeSlackState,
  triggerId: string,
): { userId: string } | { error: string } {
  const trigger = state.triggers.get(triggerId);
  if (!trigger) return { error: 'invalid_trigger_id' };
  if (trigger.exchanged) return { error: 'exchanged_trigger_id' };
  if (state.clock.now() - trigger.issuedAt > TRIGGER_TTL_MS) return { error: 'expired_trigger_id' };
  trigger.exchanged = true;
  return { userId: trigger.userId };
}

export function issueResponseUrl(
  state: FakeSlackState,
  kind: ResponseUrlRecord['kind'],
  channel: string,
  userId: string,
  messageTs?: string,
): string {
  const id = `${state.counter}${randomBytes(4).readUInt32BE(0)}`;
  state.counter += 1;
  const secret = randomBytes(12).toString('base64url');
  const url = `${state.baseUrl}/${kind}/${state.workspace.teamId}/${id}/${secret}`;
  state.responseUrls.set(url, {
    id,
    url,
    kind,
    channel,
    userId,
    issuedAt: state.clock.now(),
    uses: 0,
    ...(messageTs === undefined ? {} : { messageTs }),
  });
  return url;
}

/**
 * Shows a reply the way Slack does for a response_url post or an ack with a body: ephemeral to
 * the person by default, in the channel with `response_type: 'in_channel'`; `replace_original`
 * and `delete_original` act on the message an interaction came from.
 */
export function deliverResponse(
  state: FakeSlackState,
  target: { channel: string; userId: string; messageTs?: string },
  body: Record<string, unknown>,
  via: 'response_url' | 'ack',
): void {
  const conversation = resolveConversation(state, target.channel);
  if (!conversation) return;
  const original = target.messageTs ? findMessage(conversation, target.messageTs) : undefined;
  if (body.delete_original === true || body.delete_original === 'true') {
    if (original) conversation.messages.splice(conversation.messages.indexOf(original), 1);
    return;
  }
  const text = typeof body.text === 'string' ? body.text : '';
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  if ((body.replace_original === true || body.replace_original === 'true') && original) {
    original.text = text;
    if (blocks) original.blocks = blocks;
    else delete original.blocks;
    return;
  }
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  if (body.response_type === 'in_channel') {
    addMessage(state, conversation, {
      user: state.workspace.botUserId,
      botId: state.workspace.botId,
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    return;
  }
  state.ephemerals.push({
    channel: conversation.id,
    user: target.userId,
    ts: nextTs(state),
    text,
    ...(blocks ? { blocks } : {}),
    ...(threadTs ? { threadTs } : {}),
    via,
  });
}

export function userJson(state: FakeSlackState, user: FakeUserSeed): Record<string, unknown> {
  const at = new Date(state.clock.now());
  const tz = user.tz ?? 'UTC';
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: state.workspace.teamId,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: realName,
    tz,
    tz_label: zoneLabel(tz, at),
    tz_offset: zoneOffsetSeconds(tz, at),
    is_admin: user.isAdmin ?? false,
    is_owner: false,
    is_bot: false,
    is_app_user: false,
    updated: Math.floor(state.clock.now() / 1000),
    profile: {
      real_name: realName,
      display_name: user.name,
      ...(user.email ? { email: user.email } : {}),
      team: state.workspace.teamId,
    },
  };
}

export function newViewHash(state: FakeSlackState): string {
  return `${Math.floor(state.clock.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}

/** A view as the Web API returns it (views.open, .update, .push, .publish, payloads). */
export function viewJson(state: FakeSlackState, record: ViewRecord): Record<string, unknown> {
  const view = record.view;
  return {
    id: record.id,
    team_id: state.workspace.teamId,
    type: record.type,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    state: { values: record.values },
    hash: record.hash,
    title: view.title,
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    root_view_id: record.rootViewId,
    previous_view_id: record.previousViewId,
    app_id: state.workspace.appId,
    external_id: record.externalId,
    app_installed_team_id: state.workspace.teamId,
    bot_id: state.workspace.botId,
  };
}
