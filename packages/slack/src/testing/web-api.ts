import { blockProblems, LIMITS, viewProblems } from './block-kit-limits.js';
import {
  addMessage,
  type Conversation,
  exchangeTrigger,
  type FakeSlackState,
  findMessage,
  type MessageMetadata,
  messageJson,
  newId,
  newViewHash,
  openDm,
  repliesOf,
  resolveConversation,
  tsMicros,
  userJson,
  type ViewRecord,
  viewJson,
} from './state.js';

/**
 * The Web API methods of the fake Slack, each a function of the state and the call's
 * arguments returning Slack's JSON (`{ ok: true, … }` or `{ ok: false, error, … }`).
 * Arguments arrive as Slack accepts them: form fields (strings; objects JSON-encoded, which is
 * how @slack/web-api sends them) or a JSON body.
 */

export type Params = Record<string, unknown>;
export type SlackJson = Record<string, unknown> & { ok: boolean };
export type TokenKind = 'bot' | 'app';

export interface MethodCall {
  params: Params;
  tokenKind: TokenKind;
}

type Handler = (state: FakeSlackState, call: MethodCall) => SlackJson;

const fail = (error: string, extra: Record<string, unknown> = {}): SlackJson => ({
  ok: false,
  error,
  ...extra,
});

const invalidArguments = (problems: string[]): SlackJson =>
  fail('invalid_arguments', {
    response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) },
  });

function str(params: Params, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function bool(params: Params, name: string): boolean {
  const value = params[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

function int(params: Params, name: string, fallback: number): number {
  const value = Number(params[name] ?? Number.NaN);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A JSON-typed argument: an object or array as given, or its JSON encoding in a form field. */
function jsonArg(params: Params, name: string): { value: unknown } | { error: true } {
  const raw = params[name];
  if (raw === undefined || raw === '') return { value: undefined };
  if (typeof raw !== 'string') return { value: raw };
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return { error: true };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Content {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
}

/** Text, blocks, attachments and metadata of a message call, or Slack's error for them. */
function messageContent(params: Params, requireSome: boolean): Content | SlackJson {
  const text = str(params, 'text') ?? '';
  const blocks = jsonArg(params, 'blocks');
  if ('error' in blocks) return fail('invalid_blocks_format');
  const attachments = jsonArg(params, 'attachments');
  if ('error' in attachments) return fail('invalid_attachments');
  const metadata = jsonArg(params, 'metadata');
  if ('error' in metadata) return fail('invalid_metadata_format');
  const blockList = blocks.value as unknown[] | undefined;
  if (blockList !== undefined) {
    const problems = blockProblems(blockList, 'message');
    if (problems.length > 0)
      return fail('invalid_blocks', {
        errors: problems,
        response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) },
      });
  }
  if (requireSome && text === '' && !blockList?.length && !attachments.value)
    return fail('no_text');
  if (text.length > LIMITS.messageText) return fail('msg_too_long');
  const content: Content = { text };
  if (blockList) content.blocks = blockList;
  if (Array.isArray(attachments.value)) content.attachments = attachments.value;
  if (metadata.value !== undefined) {
    const value = metadata.value;
    if (!isRecord(value) || typeof value.event_type !== 'string' || !isRecord(value.event_payload))
      return fail('invalid_metadata_format');
    content.metadata = { event_type: value.event_type, event_payload: value.event_payload };
  }
  return content;
}

function isError(value: object): value is SlackJson {
  return 'ok' in value && (value as SlackJson).ok === false;
}

/** The conversation named by `channel`, which the bot must be able to read and write. */
function conversationFor(
  state: FakeSlackState,
  params: Params,
  name = 'channel',
): Conversation | SlackJson {
  const channel = str(params, name);
  const conversation = channel ? resolveConversation(state, channel) : undefined;
  if (!conversation) return fail('channel_not_found');
  if (!conversation.members.has(state.workspace.botUserId)) return fail('not_in_channel');
  return conversation;
}

/** Top-level messages (and broadcast replies) of a conversation, newest first. */
function timeline(conversation: Conversation) {
  return conversation.messages
    .filter((m) => !m.threadTs || m.threadTs === m.ts || m.replyBroadcast)
    .slice()
    .reverse();
}

function page<T>(items: T[], params: Params, defaultLimit: number) {
  const limit = Math.min(int(params, 'limit', defaultLimit), 999);
  const cursor = str(params, 'cursor');
  const start = cursor
    ? Number(Buffer.from(cursor, 'base64').toString().replace('offset:', ''))
    : 0;
  const slice = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return {
    slice,
    has_more: more,
    response_metadata: {
      next_cursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '',
    },
  };
}

function withinRange(ts: string, params: Params): boolean {
  const at = tsMicros(ts);
  const inclusive = bool(params, 'inclusive');
  const oldest = str(params, 'oldest');
  const latest = str(params, 'latest');
  if (oldest && (inclusive ? at < tsMicros(oldest) : at <= tsMicros(oldest))) return false;
  if (latest && (inclusive ? at > tsMicros(latest) : at >= tsMicros(latest))) return false;
  return true;
}

function viewArg(params: Params): Record<string, unknown> | SlackJson {
  const view = jsonArg(params, 'view');
  if ('error' in view || view.value === undefined)
    return invalidArguments(['must be a JSON object [json-pointer:/view]']);
  const problems = viewProblems(view.value);
  if (problems.length > 0) return invalidArguments(problems);
  return view.value as Record<string, unknown>;
}

function externalIdTaken(state: FakeSlackState, externalId: unknown, except?: string): boolean {
  if (typeof externalId !== 'string' || externalId === '') return false;
  for (const record of state.views.values())
    if (record.externalId === externalId && record.id !== except) return true;
  return false;
}

function createView(
  state: FakeSlackState,
  userId: string,
  view: Record<string, unknown>,
  root?: ViewRecord,
): ViewRecord {
  const id = newId(state, 'V');
  const record: ViewRecord = {
    id,
    userId,
    type: view.type === 'home' ? 'home' : 'modal',
    view,
    hash: newViewHash(state),
    rootViewId: root?.rootViewId ?? id,
    previousViewId: root ? (topOfStack(state, root.rootViewId)?.id ?? null) : null,
    externalId: typeof view.external_id === 'string' ? view.external_id : '',
    values: {},
    open: true,
  };
  state.views.set(id, record);
  return record;
}

/** The open modals of a stack, root first. */
export function modalStack(state: FakeSlackState, rootViewId: string): ViewRecord[] {
  return [...state.views.values()].filter(
    (record) => record.type === 'modal' && record.open && record.rootViewId === rootViewId,
  );
}

function topOfStack(state: FakeSlackState, rootViewId: string): ViewRecord | undefined {
  return modalStack(state, rootViewId).at(-1);
}

function findView(state: FakeSlackState, params: Params): ViewRecord | undefined {
  const viewId = str(params, 'view_id');
  if (viewId) return state.views.get(viewId);
  const externalId = str(params, 'external_id');
  if (externalId) return [...state.views.values()].find((v) => v.externalId === externalId);
  return undefined;
}

const handlers: Record<string, Handler> = {
  'auth.test': (state) => ({
    ok: true,
    url: `https://${state.workspace.teamDomain}.slack.com/`,
    team: state.workspace.teamName,
    user: state.workspace.botName,
    team_id: state.workspace.teamId,
    user_id: state.workspace.botUserId,
    bot_id: state.workspace.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (state, { params }) => {
    const conversation = conversationFor(state, params);
    if (isError(conversation)) return conversation;
    const content = messageContent(params, true);
    if (isError(content)) return content;
    const threadTs = str(params, 'thread_ts');
    const record = addMessage(state, conversation, {
      user: state.workspace.botUserId,
      botId: state.workspace.botId,
      ...content,
      ...(threadTs ? { threadTs, replyBroadcast: bool(params, 'reply_broadcast') } : {}),
    });
    return {
      ok: true,
      channel: conversation.id,
      ts: record.ts,
      message: messageJson(state, conversation, record, true),
    };
  },

  'chat.postEphemeral': (state, { params }) => {
    const conversation = conversationFor(state, params);
    if (isError(conversation)) return conversation;
    const user = str(params, 'user');
    if (!user || !state.users.has(user)) return fail('user_not_found');
    if (!conversation.members.has(user)) return fail('user_not_in_channel');
    const content = messageContent(params, true);
    if (isError(content)) return content;
    const threadTs = str(params, 'thread_ts');
    const ts = `${Math.floor(state.clock.now() / 1000)}.${String(state.counter++).padStart(6, '0')}`;
    state.ephemerals.push({
      channel: conversation.id,
      user,
      ts,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      via: 'chat.postEphemeral',
    });
    return { ok: true, message_ts: ts };
  },

  'chat.update': (state, { params }) => {
    const conversation = conversationFor(state, params);
    if (isError(conversation)) return conversation;
    const ts = str(params, 'ts');
    const message = ts ? findMessage(conversation, ts) : undefined;
    if (!message) return fail('message_not_found');
    if (message.botId !== state.workspace.botId) return fail('cant_update_message');
    const content = messageContent(params, false);
    if (isError(content)) return content;
    if (params.text !== undefined) message.text = content.text;
    if (content.blocks) message.blocks = content.blocks;
    if (content.attachments) message.attachments = content.attachments;
    if (content.metadata) message.metadata = content.metadata;
    message.edited = {
      user: state.workspace.botUserId,
      ts: `${Math.floor(state.clock.now() / 1000)}.000000`,
    };
    return {
      ok: true,
      channel: conversation.id,
      ts: message.ts,
      text: message.text,
      message: messageJson(state, conversation, message, true),
    };
  },

  'chat.delete': (state, { params }) => {
    const conversation = conversationFor(state, params);
    if (isError(conversation)) return conversation;
    const ts = str(params, 'ts');
    const message = ts ? findMessage(conversation, ts) : undefined;
    if (!message) return fail('message_not_found');
    if (message.botId !== state.workspace.botId) return fail('cant_delete_message');
    conversation.messages.splice(conversation.messages.indexOf(message), 1);
    return { ok: true, channel: conversation.id, ts: message.ts };
  },

  'conversations.open': (state, { params }) => {
    const users = (str(params, 'users') ?? '').split(',').filter(Boolean);
    if (users.length === 0) return fail('users_list_not_supplied');
    if (users.length > 1)
      return invalidArguments(['the fake Slack opens one-to-one DMs only [json-pointer:/users]']);
    const user = users[0]!;
    if (!state.users.has(user)) return fail('user_not_found');
    const alreadyOpen = state.dms.has(user);
    const dm = openDm(state, user);
    const channel = bool(params, 'return_im')
      ? { id: dm.id, created: 0, is_im: true, is_org_shared: false, user, is_user_deleted: false }
      : { id: dm.id };
    return alreadyOpen
      ? { ok: true, no_op: true, already_open: true, channel }
      : { ok: true, channel };
  },

  'conversations.history': (state, { params }) => {
    const conversation = conversationFor(state, params);
    if (isError(conversation)) return conversation;
    const includeMetadata = bool(params, 'include_all_metadata');
    const matching = timeline(conversation).filter((m) => withinRange(m.ts, params));
    const { slice, ...rest } = page(matching, params, 100);
    return {
      ok: true,
      messages: slice.map((m) => messageJson(state, conversation, m, includeMetadata)),
      pin_count: 0,
      ...rest,
    };
  },

  'conversations.replies': (state, { params }) => {
    const conversation = conversationFor(state, params);
    if (isError(conversation)) return conversation;
    const ts = str(params, 'ts');
    const message = ts ? findMessage(conversation, ts) : undefined;
    if (!message) return fail('thread_not_found');
    const parentTs = message.threadTs ?? message.ts;
    const parent = findMessage(conversation, parentTs) ?? message;
    const includeMetadata = bool(params, 'include_all_metadata');
    const thread = [parent, ...repliesOf(conversation, parentTs)].filter((m) =>
      withinRange(m.ts, params),
    );
    const { slice, ...rest } = page(thread, params, 1000);
    return {
      ok: true,
      messages: slice.map((m) => messageJson(state, conversation, m, includeMetadata)),
      ...rest,
    };
  },

  'views.open': (state, { params }) => {
    const triggerId = str(params, 'trigger_id') ?? str(params, 'interactivity_pointer');
    if (!triggerId) return invalidArguments(['trigger_id or interactivity_pointer is required']);
    const view = viewArg(params);
    if (isError(view)) return view;
    if (view.type !== 'modal') return invalidArguments(['must be modal [json-pointer:/view/type]']);
    if (externalIdTaken(state, view.external_id)) return fail('duplicate_external_id');
    const exchanged = exchangeTrigger(state, triggerId);
    if ('error' in exchanged) return fail(exchanged.error);
    const record = createView(state, exchanged.userId, view);
    return { ok: true, view: viewJson(state, record) };
  },

  'views.push': (state, { params }) => {
    const triggerId = str(params, 'trigger_id') ?? str(params, 'interactivity_pointer');
    if (!triggerId) return invalidArguments(['trigger_id or interactivity_pointer is required']);
    const view = viewArg(params);
    if (isError(view)) return view;
    if (externalIdTaken(state, view.external_id)) return fail('duplicate_external_id');
    const trigger = state.triggers.get(triggerId);
    const root = [...state.views.values()]
      .filter((v) => v.type === 'modal' && v.open && v.userId === trigger?.userId)
      .at(-1);
    if (trigger && !root) return fail('not_found');
    if (root && modalStack(state, root.rootViewId).length >= 3) return fail('push_limit_reached');
    const exchanged = exchangeTrigger(state, triggerId);
    if ('error' in exchanged) return fail(exchanged.error);
    const record = createView(state, exchanged.userId, view, root);
    return { ok: true, view: viewJson(state, record) };
  },

  'views.update': (state, { params }) => {
    if (!str(params, 'view_id') && !str(params, 'external_id'))
      return invalidArguments(['view_id or external_id is required']);
    const record = findView(state, params);
    if (!record) return fail('not_found');
    const view = viewArg(params);
    if (isError(view)) return view;
    const hash = str(params, 'hash');
    if (hash && hash !== record.hash) return fail('hash_conflict');
    if (externalIdTaken(state, view.external_id, record.id)) return fail('duplicate_external_id');
    record.view = view;
    record.hash = newViewHash(state);
    if (typeof view.external_id === 'string') record.externalId = view.external_id;
    return { ok: true, view: viewJson(state, record) };
  },

  'views.publish': (state, { params }) => {
    const userId = str(params, 'user_id');
    if (!userId || !state.users.has(userId)) return fail('not_found');
    const view = viewArg(params);
    if (isError(view)) return view;
    if (view.type !== 'home') return invalidArguments(['must be home [json-pointer:/view/type]']);
    const existing = state.homes.get(userId);
    const record = existing ? state.views.get(existing) : undefined;
    const hash = str(params, 'hash');
    if (record) {
      if (hash && hash !== record.hash) return fail('hash_conflict');
      record.view = view;
      record.hash = newViewHash(state);
      return { ok: true, view: viewJson(state, record) };
    }
    const created = createView(state, userId, view);
    state.homes.set(userId, created.id);
    return { ok: true, view: viewJson(state, created) };
  },

  'users.info': (state, { params }) => {
    const id = str(params, 'user') ?? '';
    if (id === state.workspace.botUserId)
      return {
        ok: true,
        user: {
          id,
          team_id: state.workspace.teamId,
          name: state.workspace.botName,
          real_name: state.workspace.botName,
          deleted: false,
          is_bot: true,
          is_app_user: false,
          profile: { bot_id: state.workspace.botId, real_name: state.workspace.botName },
        },
      };
    const user = state.users.get(id);
    if (!user) return fail('user_not_found');
    return { ok: true, user: userJson(state, user) };
  },

  'users.lookupByEmail': (state, { params }) => {
    const email = (str(params, 'email') ?? '').toLowerCase();
    const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === email);
    if (!user) return fail('users_not_found');
    return { ok: true, user: userJson(state, user) };
  },
};

/** The methods the fake implements (apps.connections.open is answered by the server). */
export const WEB_API_METHODS = [...Object.keys(handlers), 'apps.connections.open'] as const;

export function webApiHandler(method: string): Handler | undefined {
  return Object.hasOwn(handlers, method) ? handlers[method] : undefined;
}
