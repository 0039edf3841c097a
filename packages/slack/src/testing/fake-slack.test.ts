import { verifySlackRequest } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../test-support.js';
import {
  encodeInteraction,
  type FakeSlack,
  RESPONSE_URL_MAX_USES,
  slackHeaders,
  startFakeSlack,
} from './index.js';

// The fake Slack's own behaviour, through the real @slack/web-api client and raw HTTP.

let slack: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  slack = await startFakeSlack();
  client = new WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: 0 },
  });
});
afterEach(async () => {
  await slack.close();
});

/** The Slack error code a call rejects with. */
const slackError = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );

const rawCall = (method: string, init: RequestInit) =>
  fetch(`${slack.apiUrl}${method}`, { method: 'POST', ...init }).then(
    async (r) => [r.status, await r.json()] as const,
  );

describe('tokens', () => {
  it('answers not_authed, invalid_auth and not_allowed_token_type as Slack does', async () => {
    expect(await rawCall('auth.test', {})).toEqual([200, { ok: false, error: 'not_authed' }]);
    expect(
      await rawCall('auth.test', { headers: { authorization: 'Bearer xoxb-someone-else' } }),
    ).toEqual([200, { ok: false, error: 'invalid_auth' }]);
    expect(
      await rawCall('auth.test', { headers: { authorization: `Bearer ${slack.appToken}` } }),
    ).toEqual([200, { ok: false, error: 'not_allowed_token_type' }]);
    // A token in the form body is accepted too, and never recorded.
    const [, viaForm] = await rawCall('auth.test', {
      body: new URLSearchParams({ token: slack.botToken }),
    });
    expect(viaForm).toMatchObject({ ok: true, user_id: slack.workspace.botUserId });
    expect(slack.calls.at(-1)).toMatchObject({ token: 'bot', params: {} });
  });

  it('answers unknown methods 404 unknown_method', async () => {
    const [status, body] = await rawCall('chat.scheduleMessage', {
      headers: { authorization: `Bearer ${slack.botToken}` },
    });
    expect([status, body]).toEqual([
      404,
      { ok: false, error: 'unknown_method', req_method: 'chat.scheduleMessage' },
    ]);
  });
});

describe('messages', () => {
  it('keeps message metadata and returns it from conversations.history only with include_all_metadata', async () => {
    const metadata = {
      event_type: 'ascn_delivery',
      event_payload: { key: 'reminder:annual-meeting:7d:U0ALICE01' },
    };
    const posted = await client.chat.postMessage({
      channel: 'C0GENERAL',
      text: 'Reminder',
      metadata,
    });
    expect(posted.message).toMatchObject({ metadata });

    const plain = await client.conversations.history({ channel: 'C0GENERAL' });
    const withMetadata = await client.conversations.history({
      channel: 'C0GENERAL',
      include_all_metadata: true,
    });
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    expect(withMetadata.messages?.[0]).toMatchObject({ ts: posted.ts, metadata });
  });

  it('accepts a JSON body (Content-Type: application/json) as well as form fields', async () => {
    const [, body] = await rawCall('chat.postMessage', {
      headers: {
        authorization: `Bearer ${slack.botToken}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({
        channel: 'C0CITIES1',
        text: 'hi',
        metadata: { event_type: 'x', event_payload: { a: 1 } },
      }),
    });
    expect(body).toMatchObject({ ok: true, message: { metadata: { event_payload: { a: 1 } } } });
  });

  it('refuses bad metadata, no text, unknown channels and blocks over Slack’s limits', async () => {
    expect(
      await slackError(
        client.chat.postMessage({
          channel: 'C0GENERAL',
          text: 'x',
          metadata: { event_type: 'x' } as never,
        }),
      ),
    ).toBe('invalid_metadata_format');
    expect(await slackError(client.chat.postMessage({ channel: 'C0GENERAL', text: '' }))).toBe(
      'no_text',
    );
    expect(await slackError(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const tooMany = Array.from({ length: 51 }, () => section('x'));
    expect(
      await slackError(
        client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: tooMany }),
      ),
    ).toBe('invalid_blocks');
    const long = await client.chat
      .postMessage({ channel: 'C0GENERAL', text: 'x', blocks: [section('a'.repeat(3001))] })
      .catch((e: { data: { errors: string[] } }) => e.data.errors);
    expect(long).toEqual(['must be at most 3000 characters [json-pointer:/blocks/0/text/text]']);
    const button = await client.chat
      .postMessage({
        channel: 'C0GENERAL',
        text: 'x',
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'a',
                text: { type: 'plain_text', text: 'b'.repeat(76) },
              },
            ],
          },
        ],
      })
      .catch((e: { data: { errors: string[] } }) => e.data.errors);
    expect(button).toEqual([
      'must be at most 75 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
    expect(slack.messages('C0GENERAL')).toHaveLength(0);
  });

  it('opens one DM per person, and posts to a user id into that DM', async () => {
    const first = await client.conversations.open({ users: 'U0BUDI002' });
    const again = await client.conversations.open({ users: 'U0BUDI002' });
    expect(first.channel?.id).toBe(again.channel?.id);
    expect(again).toMatchObject({ already_open: true });
    const posted = await client.chat.postMessage({ channel: 'U0BUDI002', text: 'Your reminder' });
    expect(posted.channel).toBe(first.channel?.id);
    expect(slack.messages(first.channel!.id!)).toHaveLength(1);
  });

  it('pages conversations.history newest first with a cursor', async () => {
    for (let i = 1; i <= 5; i += 1)
      await client.chat.postMessage({ channel: 'C0CITIES1', text: `m${i}` });
    const one = await client.conversations.history({ channel: 'C0CITIES1', limit: 2 });
    const two = await client.conversations.history({
      channel: 'C0CITIES1',
      limit: 2,
      cursor: one.response_metadata?.next_cursor ?? '',
    });
    const three = await client.conversations.history({
      channel: 'C0CITIES1',
      limit: 2,
      cursor: two.response_metadata?.next_cursor ?? '',
    });
    expect([one, two, three].map((p) => p.messages?.map((m) => m.text))).toEqual([
      ['m5', 'm4'],
      ['m3', 'm2'],
      ['m1'],
    ]);
    expect([one.has_more, two.has_more, three.has_more]).toEqual([true, true, false]);
  });

  it('keeps replies out of history and returns them from conversations.replies', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'question' });
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'answer', thread_ts: parent.ts! });
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages?.map((m) => [m.text, m.reply_count])).toEqual([['question', 1]]);
    const replies = await client.conversations.replies({ channel: 'C0GENERAL', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['question', 'answer']);
    expect(
      await slackError(client.conversations.replies({ channel: 'C0GENERAL', ts: '1.000001' })),
    ).toBe('thread_not_found');
  });

  it('updates and deletes the app’s own messages only', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'draft' });
    await client.chat.update({ channel: 'C0GENERAL', ts: posted.ts!, text: 'final' });
    expect(slack.messages('C0GENERAL')[0]).toMatchObject({
      text: 'final',
      edited: expect.any(Object),
    });
    // A person's message (the builder stores it as Slack would; nothing is sent to an app).
    slack.build.channelMessage({ user: 'U0ALICE01', channel: 'C0GENERAL', text: 'mine' });
    const theirs = slack.messages('C0GENERAL').at(-1)!.ts as string;
    expect(
      await slackError(client.chat.update({ channel: 'C0GENERAL', ts: theirs, text: 'x' })),
    ).toBe('cant_update_message');
    expect(await slackError(client.chat.delete({ channel: 'C0GENERAL', ts: theirs }))).toBe(
      'cant_delete_message',
    );
    await client.chat.delete({ channel: 'C0GENERAL', ts: posted.ts! });
    expect(slack.messages('C0GENERAL').map((m) => m.text)).toEqual(['mine']);
    expect(await slackError(client.chat.delete({ channel: 'C0GENERAL', ts: posted.ts! }))).toBe(
      'message_not_found',
    );
  });

  it('posts ephemeral messages only to members', async () => {
    const result = await client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U0ALICE01',
      text: 'only you',
    });
    expect(result.message_ts).toEqual(expect.any(String));
    expect(slack.ephemerals).toEqual([
      expect.objectContaining({ user: 'U0ALICE01', text: 'only you', via: 'chat.postEphemeral' }),
    ]);
    const seeded = await startFakeSlack({
      workspace: {
        channels: [{ id: 'C0PRIVATE', name: 'secretariat', members: ['U0BOT0001', 'U0CHAN003'] }],
      },
    });
    try {
      const other = new WebClient(seeded.botToken, {
        slackApiUrl: seeded.apiUrl,
        logger: silentLogger,
      });
      expect(
        await slackError(
          other.chat.postEphemeral({ channel: 'C0PRIVATE', user: 'U0ALICE01', text: 'x' }),
        ),
      ).toBe('user_not_in_channel');
    } finally {
      await seeded.close();
    }
  });
});

describe('people', () => {
  it('returns time zone, offset and e-mail from users.info and finds people by e-mail', async () => {
    const info = await client.users.info({ user: 'U0ALICE01' });
    expect(info.user).toMatchObject({
      id: 'U0ALICE01',
      tz: 'Asia/Yangon',
      tz_offset: 6.5 * 3600,
      profile: { email: 'alice@example.org' },
    });
    const found = await client.users.lookupByEmail({ email: 'BUDI@example.org' });
    expect(found.user).toMatchObject({ id: 'U0BUDI002', tz: 'Asia/Makassar', tz_offset: 8 * 3600 });
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@example.org' }))).toBe(
      'users_not_found',
    );
    expect(await slackError(client.users.info({ user: 'U0NOBODY0' }))).toBe('user_not_found');
  });
});

describe('views', () => {
  const modal = (title = 'Share a practice') => ({
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: title },
    blocks: [],
  });

  it('exchanges a trigger_id once, within 3 seconds of fake time', async () => {
    const { triggerId } = slack.build.command({ user: 'U0ALICE01', channel: 'C0GENERAL' });
    const opened = await client.views.open({ trigger_id: triggerId!, view: modal() });
    expect(opened.view).toMatchObject({ type: 'modal', root_view_id: opened.view?.id });
    expect(await slackError(client.views.open({ trigger_id: triggerId!, view: modal() }))).toBe(
      'exchanged_trigger_id',
    );

    const late = slack.build.command({ user: 'U0ALICE01', channel: 'C0GENERAL' }).triggerId!;
    slack.clock.advance(3001);
    expect(await slackError(client.views.open({ trigger_id: late, view: modal() }))).toBe(
      'expired_trigger_id',
    );
    expect(await slackError(client.views.open({ trigger_id: '1.2.made-up', view: modal() }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a modal title over 24 characters, with Slack’s message', async () => {
    const { triggerId } = slack.build.command({ user: 'U0ALICE01', channel: 'C0GENERAL' });
    const error = await client.views
      .open({ trigger_id: triggerId!, view: modal('A title far too long for Slack') })
      .catch((e: { data: unknown }) => e.data);
    expect(error).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must be at most 24 characters [json-pointer:/view/title/text]'],
      },
    });
  });

  it('updates with a hash check, pushes up to three, and publishes App Home', async () => {
    const { triggerId } = slack.build.command({ user: 'U0ALICE01', channel: 'C0GENERAL' });
    const opened = await client.views.open({ trigger_id: triggerId!, view: modal() });
    const id = opened.view!.id!;
    const updated = await client.views.update({
      view_id: id,
      hash: opened.view!.hash!,
      view: modal('Step 2'),
    });
    expect(updated.view?.title).toEqual({ type: 'plain_text', text: 'Step 2' });
    expect(
      await slackError(
        client.views.update({ view_id: id, hash: opened.view!.hash!, view: modal() }),
      ),
    ).toBe('hash_conflict');

    const push = () =>
      client.views.push({
        trigger_id: slack.build.blockActions({ user: 'U0ALICE01', actionId: 'more', viewId: id })
          .triggerId!,
        view: modal('More'),
      });
    await push();
    await push();
    expect(slack.openModals('U0ALICE01')).toHaveLength(3);
    expect(await slackError(push())).toBe('push_limit_reached');

    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Yangon' } }],
    };
    await client.views.publish({ user_id: 'U0ALICE01', view: home });
    expect(slack.homeView('U0ALICE01')).toMatchObject({ type: 'home', blocks: home.blocks });
    const opened2 = slack.build.appHomeOpened({ user: 'U0ALICE01' });
    expect(opened2.payload.event).toMatchObject({
      type: 'app_home_opened',
      tab: 'home',
      view: { type: 'home' },
    });
  });
});

describe('response_urls', () => {
  it('accepts five posts within 30 minutes, then answers 404', async () => {
    const { responseUrl } = slack.build.command({ user: 'U0ALICE01', channel: 'C0GENERAL' });
    const post = () =>
      fetch(responseUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'update' }),
      }).then(async (r) => [r.status, await r.text()]);
    for (let i = 0; i < RESPONSE_URL_MAX_USES; i += 1) expect((await post())[0]).toBe(200);
    expect(await post()).toEqual([404, 'used_url']);
    expect(slack.responses).toHaveLength(RESPONSE_URL_MAX_USES);

    const later = slack.build.command({ user: 'U0ALICE01', channel: 'C0GENERAL' }).responseUrl!;
    slack.clock.advance(30 * 60 * 1000 + 1);
    const expired = await fetch(later, { method: 'POST', body: '{"text":"late"}' });
    expect([expired.status, await expired.text()]).toEqual([404, 'expired_url']);
  });
});

describe('failure injection', () => {
  it('fails the next N calls of one method, then answers normally', async () => {
    slack.failNext('users.info', { error: 'ratelimited', extra: { warning: 'x' } }, 2);
    expect(await slackError(client.users.info({ user: 'U0ALICE01' }))).toBe('ratelimited');
    expect(await slackError(client.users.info({ user: 'U0ALICE01' }))).toBe('ratelimited');
    expect(await slackError(client.users.info({ user: 'U0ALICE01' }))).toBe('no error');
    expect(slack.callsTo('users.info').map((c) => c.injected)).toEqual([true, true, false]);
  });
});

describe('signed requests', () => {
  it('are signed the way Bolt verifies them', () => {
    const interaction = slack.build.command({
      user: 'U0ALICE01',
      channel: 'C0GENERAL',
      text: 'a b&c',
    });
    const request = encodeInteraction(interaction);
    const headers = slackHeaders(request, { signingSecret: slack.signingSecret });
    expect(request.body).toContain('text=a+b%26c');
    const verify = (secret: string, body: string) => () =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature']!,
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    expect(verify(slack.signingSecret, request.body)).not.toThrow();
    expect(verify('another-secret', request.body)).toThrow(/signature mismatch/);
    expect(verify(slack.signingSecret, `${request.body}&x=1`)).toThrow(/signature mismatch/);
  });

  it('encode interactions as one payload= field and events as JSON', () => {
    const shortcut = encodeInteraction(
      slack.build.shortcut({ user: 'U0ALICE01', callbackId: 'share' }),
    );
    expect(shortcut.contentType).toBe('application/x-www-form-urlencoded');
    expect(JSON.parse(new URLSearchParams(shortcut.body).get('payload')!)).toMatchObject({
      type: 'shortcut',
      callback_id: 'share',
    });
    const event = encodeInteraction(
      slack.build.directMessage({ user: 'U0ALICE01', text: 'hello' }, 'Ev0FIXED01'),
    );
    expect(event.contentType).toBe('application/json');
    expect(JSON.parse(event.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev0FIXED01',
      event: { type: 'message', channel_type: 'im', user: 'U0ALICE01', text: 'hello' },
    });
  });
});
