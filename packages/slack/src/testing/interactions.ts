import { randomUUID } from 'node:crypto';
import {
  addMessage,
  deliverResponse,
  type FakeSlackState,
  findMessage,
  issueResponseUrl,
  issueTrigger,
  messageJson,
  newId,
  newViewHash,
  openDm,
  resolveConversation,
  type ViewRecord,
  viewJson,
} from './state.js';
import { modalStack } from './web-api.js';

/**
 * What Slack sends an app when a person does something: the same payloads go over HTTP
 * (signed, see `sender.ts`) or over Socket Mode (in an envelope). Builders here make them
 * from the fake's workspace, issuing the trigger_id and response_url a real Slack would, and
 * record in the fake what the person did (a mention or DM is a message in the conversation).
 */

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface Interaction {
  /** The Socket Mode envelope type; over HTTP it decides the encoding. */
  type: EnvelopeType;
  /** Slash command fields, an interaction payload, or an Events API body. */
  payload: Record<string, unknown>;
  triggerId?: string;
  responseUrl?: string;
  eventId?: string;
  /** Where an ack with a message body is shown (slash commands). */
  replyTarget?: { channel: string; userId: string };
  /** The view a view_submission submits. */
  viewId?: string;
}

/** A text input value as `view.state.values` holds it, or the raw value object. */
export type InputValue = string | Record<string, unknown>;

export interface CommandArgs {
  user: string;
  channel: string;
  command?: string;
  text?: string;
}

export interface BlockActionArgs {
  user: string;
  actionId: string;
  value?: string;
  blockId?: string;
  /** The message the button was in, or an ephemeral one shown to `user` (a response_url is issued for it). */
  message?: { channel: string; ts: string };
  /** Or the view (modal or App Home) the button was in. */
  viewId?: string;
}

export interface ViewSubmissionArgs {
  viewId: string;
  /** `{ block_id: { action_id: 'typed text' | valueObject } }` */
  values: Record<string, Record<string, InputValue>>;
}

export interface MessageArgs {
  user: string;
  channel: string;
  text: string;
  threadTs?: string;
}

export type InteractionBuilders = ReturnType<typeof createInteractionBuilders>;

function userRef(state: FakeSlackState, userId: string) {
  const user = state.users.get(userId);
  if (!user) throw new Error(`The fake Slack has no user ${userId}; seed it in the workspace.`);
  return { id: user.id, username: user.name, name: user.name, team_id: state.workspace.teamId };
}

function conversationOrThrow(state: FakeSlackState, channel: string) {
  const conversation = resolveConversation(state, channel);
  if (!conversation) throw new Error(`The fake Slack has no channel ${channel}.`);
  return conversation;
}

function inputValues(values: ViewSubmissionArgs['values']) {
  return Object.fromEntries(
    Object.entries(values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [
          actionId,
          typeof value === 'string' ? { type: 'plain_text_input', value } : value,
        ]),
      ),
    ]),
  );
}

export function createInteractionBuilders(state: FakeSlackState) {
  const ws = () => state.workspace;
  const team = () => ({ id: ws().teamId, domain: ws().teamDomain });
  const verificationToken = 'fake-verification-token';

  function eventCallback(event: Record<string, unknown>, eventId?: string): Interaction {
    const id = eventId ?? newId(state, 'Ev');
    return {
      type: 'events_api',
      eventId: id,
      payload: {
        token: verificationToken,
        team_id: ws().teamId,
        context_team_id: ws().teamId,
        context_enterprise_id: null,
        api_app_id: ws().appId,
        event,
        type: 'event_callback',
        event_id: id,
        event_time: Math.floor(state.clock.now() / 1000),
        authorizations: [
          {
            enterprise_id: null,
            team_id: ws().teamId,
            user_id: ws().botUserId,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
        event_context: `4-${Buffer.from(id).toString('base64url')}`,
      },
    };
  }

  /** A person's message, stored in the conversation as Slack would, and its event fields. */
  function userMessage(args: MessageArgs) {
    userRef(state, args.user);
    const conversation = conversationOrThrow(state, args.channel);
    const record = addMessage(state, conversation, {
      user: args.user,
      text: args.text,
      ...(args.threadTs ? { threadTs: args.threadTs } : {}),
    });
    return {
      conversation,
      fields: {
        user: args.user,
        text: args.text,
        ts: record.ts,
        channel: conversation.id,
        event_ts: record.ts,
        team: ws().teamId,
        client_msg_id: randomUUID(),
        ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
      },
    };
  }

  return {
    /** `/ascn …` typed by `user` in `channel` (form fields, as Slack posts them). */
    command(args: CommandArgs): Interaction {
      userRef(state, args.user);
      const conversation = conversationOrThrow(state, args.channel);
      const triggerId = issueTrigger(state, args.user);
      const responseUrl = issueResponseUrl(state, 'commands', conversation.id, args.user);
      return {
        type: 'slash_commands',
        triggerId,
        responseUrl,
        replyTarget: { channel: conversation.id, userId: args.user },
        payload: {
          token: verificationToken,
          team_id: ws().teamId,
          team_domain: ws().teamDomain,
          channel_id: conversation.id,
          channel_name: conversation.isIm ? 'directmessage' : conversation.name,
          user_id: args.user,
          user_name: state.users.get(args.user)!.name,
          command: args.command ?? '/ascn',
          text: args.text ?? '',
          api_app_id: ws().appId,
          is_enterprise_install: 'false',
          response_url: responseUrl,
          trigger_id: triggerId,
        },
      };
    },

    /** A button (or other element) clicked in a message or a view. */
    blockActions(args: BlockActionArgs): Interaction {
      const user = userRef(state, args.user);
      const triggerId = issueTrigger(state, args.user);
      const action = {
        type: 'button',
        action_id: args.actionId,
        block_id: args.blockId ?? 'actions',
        text: { type: 'plain_text', text: args.actionId, emoji: true },
        ...(args.value === undefined ? {} : { value: args.value }),
        action_ts: `${(state.clock.now() / 1000).toFixed(6)}`,
      };
      const payload: Record<string, unknown> = {
        type: 'block_actions',
        user,
        api_app_id: ws().appId,
        token: verificationToken,
        trigger_id: triggerId,
        team: team(),
        enterprise: null,
        is_enterprise_install: false,
        actions: [action],
      };
      let responseUrl: string | undefined;
      if (args.message) {
        const conversation = conversationOrThrow(state, args.message.channel);
        const message = findMessage(conversation, args.message.ts);
        // Or an ephemeral message the person was shown there (only they can press its buttons).
        const ephemeral = message
          ? undefined
          : state.ephemerals.find(
              (e) =>
                e.channel === conversation.id && e.ts === args.message!.ts && e.user === args.user,
            );
        if (!message && !ephemeral)
          throw new Error(`No message ${args.message.ts} in ${conversation.id}.`);
        const ts = message?.ts ?? ephemeral!.ts;
        responseUrl = issueResponseUrl(state, 'actions', conversation.id, args.user, ts);
        payload.container = {
          type: 'message',
          message_ts: ts,
          channel_id: conversation.id,
          is_ephemeral: !message,
        };
        payload.channel = { id: conversation.id, name: conversation.name };
        payload.message = message
          ? messageJson(state, conversation, message, false)
          : {
              type: 'message',
              text: ephemeral!.text,
              ts,
              ...(ephemeral!.blocks ? { blocks: ephemeral!.blocks } : {}),
            };
        payload.state = { values: {} };
        payload.response_url = responseUrl;
      } else if (args.viewId) {
        const view = viewOrThrow(args.viewId);
        payload.container = { type: 'view', view_id: view.id };
        payload.view = viewJson(state, view);
      }
      return {
        type: 'interactive',
        triggerId,
        payload,
        ...(responseUrl ? { responseUrl } : {}),
      };
    },

    /** The person presses Submit on an open modal with these input values. */
    viewSubmission(args: ViewSubmissionArgs): Interaction {
      const view = viewOrThrow(args.viewId);
      if (!view.open) throw new Error(`View ${view.id} is not open.`);
      view.values = inputValues(args.values);
      const triggerId = issueTrigger(state, view.userId);
      return {
        type: 'interactive',
        triggerId,
        viewId: view.id,
        payload: {
          type: 'view_submission',
          team: team(),
          user: userRef(state, view.userId),
          api_app_id: ws().appId,
          token: verificationToken,
          trigger_id: triggerId,
          view: viewJson(state, view),
          response_urls: [],
          is_enterprise_install: false,
          enterprise: null,
        },
      };
    },

    /** A global shortcut chosen from the shortcuts menu. */
    shortcut(args: { user: string; callbackId: string }): Interaction {
      const triggerId = issueTrigger(state, args.user);
      return {
        type: 'interactive',
        triggerId,
        payload: {
          type: 'shortcut',
          token: verificationToken,
          action_ts: `${(state.clock.now() / 1000).toFixed(6)}`,
          team: team(),
          user: userRef(state, args.user),
          is_enterprise_install: false,
          enterprise: null,
          callback_id: args.callbackId,
          trigger_id: triggerId,
        },
      };
    },

    /** A message shortcut (e.g. "Share as best practice") chosen on a stored message. */
    messageAction(args: {
      user: string;
      callbackId: string;
      channel: string;
      messageTs: string;
    }): Interaction {
      const conversation = conversationOrThrow(state, args.channel);
      const message = findMessage(conversation, args.messageTs);
      if (!message) throw new Error(`No message ${args.messageTs} in ${conversation.id}.`);
      const triggerId = issueTrigger(state, args.user);
      const responseUrl = issueResponseUrl(
        state,
        'actions',
        conversation.id,
        args.user,
        message.ts,
      );
      return {
        type: 'interactive',
        triggerId,
        responseUrl,
        payload: {
          type: 'message_action',
          token: verificationToken,
          action_ts: `${(state.clock.now() / 1000).toFixed(6)}`,
          team: team(),
          user: userRef(state, args.user),
          channel: { id: conversation.id, name: conversation.name },
          is_enterprise_install: false,
          enterprise: null,
          callback_id: args.callbackId,
          trigger_id: triggerId,
          response_url: responseUrl,
          message_ts: message.ts,
          message: messageJson(state, conversation, message, false),
        },
      };
    },

    /** Any Events API event, wrapped in an event_callback with a fresh (or given) event_id. */
    event: eventCallback,

    /** `@ascn …` in a channel (stored as the person's message). */
    appMention(args: MessageArgs, eventId?: string): Interaction {
      const mention = `<@${ws().botUserId}>`;
      const text = args.text.includes(mention) ? args.text : `${mention} ${args.text}`;
      const { fields } = userMessage({ ...args, text });
      return eventCallback({ type: 'app_mention', ...fields }, eventId);
    },

    /** A message in a channel the app is in (`message.channels`). */
    channelMessage(args: MessageArgs, eventId?: string): Interaction {
      const { fields } = userMessage(args);
      return eventCallback({ type: 'message', ...fields, channel_type: 'channel' }, eventId);
    },

    /** A direct message to the app (`message.im`). */
    directMessage(
      args: { user: string; text: string; threadTs?: string },
      eventId?: string,
    ): Interaction {
      const dm = openDm(state, args.user);
      const { fields } = userMessage({ ...args, channel: dm.id });
      return eventCallback({ type: 'message', ...fields, channel_type: 'im' }, eventId);
    },

    /** The person opens the app's Home tab. */
    appHomeOpened(args: { user: string; tab?: 'home' | 'messages' }, eventId?: string) {
      userRef(state, args.user);
      const dm = openDm(state, args.user);
      const homeId = state.homes.get(args.user);
      const home = homeId ? state.views.get(homeId) : undefined;
      return eventCallback(
        {
          type: 'app_home_opened',
          user: args.user,
          channel: dm.id,
          tab: args.tab ?? 'home',
          event_ts: `${(state.clock.now() / 1000).toFixed(6)}`,
          ...(home ? { view: viewJson(state, home) } : {}),
        },
        eventId,
      );
    },

    /** Slack's check of a new Request URL. */
    urlVerification(challenge: string = randomUUID()): Interaction {
      return {
        type: 'events_api',
        payload: { token: verificationToken, challenge, type: 'url_verification' },
      };
    },
  };

  function viewOrThrow(viewId: string): ViewRecord {
    const view = state.views.get(viewId);
    if (!view) throw new Error(`The fake Slack has no view ${viewId}.`);
    return view;
  }
}

/**
 * What Slack does with an app's answer to an interaction (the HTTP response body, or the
 * Socket Mode ack's payload): a slash command's message is shown (ephemeral unless
 * `response_type: 'in_channel'`); a view_submission's `response_action` keeps the modal open
 * with errors, updates or pushes it, or clears the stack; an empty answer closes the modal.
 */
export function applyAppResponse(
  state: FakeSlackState,
  interaction: Interaction,
  body: Record<string, unknown> | undefined,
): void {
  if (interaction.type === 'slash_commands' && interaction.replyTarget && body) {
    if (Object.keys(body).length === 0) return;
    state.responses.push({
      via: 'ack',
      channel: interaction.replyTarget.channel,
      userId: interaction.replyTarget.userId,
      body,
      at: state.clock.now(),
    });
    deliverResponse(state, interaction.replyTarget, body, 'ack');
    return;
  }
  if (interaction.type !== 'interactive' || interaction.payload.type !== 'view_submission') return;
  const view = interaction.viewId ? state.views.get(interaction.viewId) : undefined;
  if (!view) return;
  const action = body?.response_action;
  if (action === 'errors') {
    view.errors = (body?.errors as Record<string, string>) ?? {};
    return;
  }
  view.errors = undefined;
  if (action === 'update' && body?.view) {
    view.view = body.view as Record<string, unknown>;
    view.hash = newViewHash(state);
    return;
  }
  if (action === 'push' && body?.view) {
    const id = newId(state, 'V');
    state.views.set(id, {
      id,
      userId: view.userId,
      type: 'modal',
      view: body.view as Record<string, unknown>,
      hash: newViewHash(state),
      rootViewId: view.rootViewId,
      previousViewId: view.id,
      externalId: '',
      values: {},
      open: true,
    });
    return;
  }
  if (action === 'clear') {
    for (const open of modalStack(state, view.rootViewId)) open.open = false;
    return;
  }
  view.open = false;
}
