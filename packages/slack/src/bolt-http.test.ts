import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpApp } from './test-support.js';
import { type FakeSlack, startFakeSlack } from './testing/index.js';

// Real @slack/bolt in HTTP mode against the fake Slack: signed requests in, Web API and
// response_url calls out. Nothing is mocked. Each test has its own fake Slack and app.

let slack: FakeSlack;
let stopApp: (() => Promise<unknown>) | undefined;

beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await stopApp?.();
  stopApp = undefined;
  await slack.close();
});

async function appWith(register: (app: App) => void) {
  const started = await startHttpApp(slack, register);
  stopApp = started.stop;
  return slack.sender(started.eventsUrl);
}

const alice = 'U0ALICE01';
const general = 'C0GENERAL';

describe('Bolt over HTTP against the fake Slack', () => {
  it('answers a slash command with its ack, then through the response_url', async () => {
    const to = await appWith((app) => {
      app.command('/ascn', async ({ command, ack, respond }) => {
        await ack({ text: `Looking up “${command.text}”…` });
        await respond({ response_type: 'in_channel', text: 'The six focus areas are…' });
      });
    });

    const answer = await to.command({ user: alice, channel: general, text: 'focus areas' });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ text: 'Looking up “focus areas”…' });
    // Slack shows the ack's message to the person only.
    expect(slack.ephemerals.at(-1)).toMatchObject({
      channel: general,
      user: alice,
      text: 'Looking up “focus areas”…',
      via: 'ack',
    });
    const posted = await slack.waitFor(() =>
      slack.responses.find((r) => r.url === answer.interaction.responseUrl),
    );
    expect(posted.body).toEqual({ response_type: 'in_channel', text: 'The six focus areas are…' });
    expect(slack.messages(general).at(-1)).toMatchObject({
      text: 'The six focus areas are…',
      bot_id: slack.workspace.botId,
    });
  });

  it('answers a mention in a thread with chat.postMessage', async () => {
    const to = await appWith((app) => {
      app.event('app_mention', async ({ event, say }) => {
        await say({ text: 'Here is what I found.', thread_ts: event.thread_ts ?? event.ts });
      });
    });

    const sent = await to.appMention({
      user: alice,
      channel: general,
      text: 'who chairs the ASCN?',
    });

    expect(sent.status).toBe(200);
    const mentionTs = (sent.interaction.payload.event as { ts: string }).ts;
    const call = await slack.waitForCall('chat.postMessage');
    expect(call.params).toMatchObject({ channel: general, thread_ts: mentionTs });
    expect(call.token).toBe('bot');
    expect(slack.replies(general, mentionTs)).toEqual([
      expect.objectContaining({ text: 'Here is what I found.', thread_ts: mentionTs }),
    ]);
  });

  it('opens a modal inside the trigger window, shows errors in place, then accepts it', async () => {
    const to = await appWith((app) => {
      app.command('/ascn', async ({ ack, body, client }) => {
        await ack();
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'share',
            title: { type: 'plain_text', text: 'Share a practice' },
            submit: { type: 'plain_text', text: 'Share' },
            blocks: [
              {
                type: 'input',
                block_id: 'title',
                label: { type: 'plain_text', text: 'Title' },
                element: { type: 'plain_text_input', action_id: 'value' },
              },
            ],
          },
        });
      });
      app.view('share', async ({ ack, view }) => {
        const title = view.state.values.title?.value?.value ?? '';
        if (title.trim().length < 5)
          await ack({ response_action: 'errors', errors: { title: 'Use at least 5 characters.' } });
        else await ack();
      });
    });

    await to.command({ user: alice, channel: general, text: 'share' });
    const opened = await slack.waitForCall('views.open');
    expect(opened.response).toMatchObject({ ok: true });
    const [modal] = slack.openModals(alice);
    const viewId = modal!.id as string;

    const rejected = await to.viewSubmission({ viewId, values: { title: { value: 'abc' } } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({
      response_action: 'errors',
      errors: { title: 'Use at least 5 characters.' },
    });
    // The modal stays open with what was typed and the error under the field.
    expect(slack.view(viewId)).toMatchObject({
      open: true,
      errors: { title: 'Use at least 5 characters.' },
      state: { values: { title: { value: { type: 'plain_text_input', value: 'abc' } } } },
    });

    const accepted = await to.viewSubmission({
      viewId,
      values: { title: { value: 'Smart water meters' } },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
    expect(slack.view(viewId)?.open).toBe(false);
  });

  it('gets expired_trigger_id when a handler opens the modal after the 3-second window', async () => {
    const failures: string[] = [];
    const to = await appWith((app) => {
      app.command('/ascn', async ({ ack, body, client }) => {
        await ack();
        slack.clock.advance(3001); // the slow work a handler must not do before views.open
        try {
          await client.views.open({
            trigger_id: body.trigger_id,
            view: { type: 'modal', title: { type: 'plain_text', text: 'Late' }, blocks: [] },
          });
        } catch (error) {
          failures.push((error as { data?: { error?: string } }).data?.error ?? String(error));
        }
      });
    });

    await to.command({ user: alice, channel: general, text: 'share' });

    await slack.waitFor(() => failures.length > 0);
    expect(failures).toEqual(['expired_trigger_id']);
  });

  it('answers 401 to a bad signature, a missing one and a stale timestamp, running nothing', async () => {
    let handled = 0;
    const to = await appWith((app) => {
      app.command('/ascn', async ({ ack }) => {
        handled += 1;
        await ack();
      });
      app.event('app_mention', async () => {
        handled += 1;
      });
    });
    const callsBefore = slack.calls.length;

    const bad = await to.command({ user: alice, channel: general }, { signature: 'bad' });
    const missing = await to.command({ user: alice, channel: general }, { signature: 'missing' });
    const stale = await to.appMention(
      { user: alice, channel: general, text: 'hello' },
      { ageSeconds: 5 * 60 + 1 },
    );
    const fresh = await to.command({ user: alice, channel: general }, { ageSeconds: 4 * 60 });

    expect([bad.status, missing.status, stale.status]).toEqual([401, 401, 401]);
    expect([bad.text, missing.text, stale.text]).toEqual(['', '', '']);
    // The control: the same request, correctly signed within the window, is handled.
    expect(fresh.status).toBe(200);
    expect(handled).toBe(1);
    // Only the control's auth.test reached the Web API.
    expect(slack.calls.slice(callsBefore).map((c) => c.method)).toEqual(['auth.test']);
  });

  it('hands a retried event (same event_id, X-Slack-Retry-Num) to the app again, with retryNum', async () => {
    const seen: { eventId: string; retryNum: number | undefined; reason: string | undefined }[] =
      [];
    const to = await appWith((app) => {
      app.event('app_mention', async ({ body, context }) => {
        seen.push({
          eventId: body.event_id,
          retryNum: context.retryNum,
          reason: context.retryReason,
        });
      });
    });

    const first = await to.appMention({ user: alice, channel: general, text: 'deadlines' });
    const retry = await to.send(first.interaction, { retry: { num: 1, reason: 'http_timeout' } });

    expect([first.status, retry.status]).toEqual([200, 200]);
    await slack.waitFor(() => seen.length === 2);
    const eventId = first.interaction.eventId;
    // Bolt does not de-duplicate: the listener runs twice; only context.retryNum tells them apart.
    expect(seen).toEqual([
      { eventId, retryNum: undefined, reason: undefined },
      { eventId, retryNum: 1, reason: 'http_timeout' },
    ]);
  });

  it('reports a timeout like Slack when the app does not ack in time', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const to = await appWith((app) => {
      app.command('/ascn', async ({ ack }) => {
        await released; // slow work before ack: what the 3-second rule forbids
        await ack();
      });
    });

    const answer = await to.command({ user: alice, channel: general }, { slackTimeoutMs: 200 });
    release();

    expect(answer).toMatchObject({ timedOut: true, status: 0 });
  });

  it('answers a direct message in the DM', async () => {
    const to = await appWith((app) => {
      app.message(async ({ message, say }) => {
        if (message.channel_type === 'im') await say('The next deadline is in 7 days.');
      });
    });

    const sent = await to.directMessage({ user: alice, text: 'deadlines' });

    expect(sent.status).toBe(200);
    const dm = slack.dmChannel(alice);
    await slack.waitFor(() => slack.messages(dm).length === 2);
    expect(slack.messages(dm).map((m) => [m.user, m.text])).toEqual([
      [alice, 'deadlines'],
      [slack.workspace.botUserId, 'The next deadline is in 7 days.'],
    ]);
  });

  it('publishes App Home when a person opens it', async () => {
    const to = await appWith((app) => {
      app.event('app_home_opened', async ({ event, client }) => {
        const info = await client.users.info({ user: event.user });
        await client.views.publish({
          user_id: event.user,
          view: {
            type: 'home',
            blocks: [
              { type: 'section', text: { type: 'mrkdwn', text: `Your zone: ${info.user?.tz}` } },
            ],
          },
        });
      });
    });

    await to.appHomeOpened({ user: alice });

    await slack.waitForCall('views.publish');
    expect(slack.homeView(alice)).toMatchObject({
      type: 'home',
      blocks: [{ text: { text: 'Your zone: Asia/Yangon' } }],
    });
  });

  it('answers the url_verification challenge', async () => {
    const to = await appWith(() => {});
    const answer = await to.urlVerification('challenge-3f9a');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ challenge: 'challenge-3f9a' });
  });

  it('opens the share form from a message shortcut, with the message text in it', async () => {
    const to = await appWith((app) => {
      app.shortcut('share_practice', async ({ ack, shortcut, client }) => {
        await ack();
        if (shortcut.type !== 'message_action') return;
        await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'share',
            title: { type: 'plain_text', text: 'Share a practice' },
            blocks: [
              {
                type: 'input',
                block_id: 'summary',
                label: { type: 'plain_text', text: 'Summary' },
                element: {
                  type: 'plain_text_input',
                  action_id: 'value',
                  initial_value: shortcut.message.text ?? '',
                },
              },
            ],
          },
        });
      });
    });
    const dm = slack.dmChannel('U0BUDI002');
    await to.directMessage({ user: 'U0BUDI002', text: 'We cut water losses by 20 % with meters.' });
    const messageTs = slack.messages(dm).at(-1)!.ts as string;

    const sent = await to.messageAction({
      user: 'U0BUDI002',
      callbackId: 'share_practice',
      channel: dm,
      messageTs,
    });

    expect(sent.status).toBe(200);
    await slack.waitForCall('views.open', (c) => c.response.ok === true);
    const [modal] = slack.openModals('U0BUDI002');
    expect(modal).toMatchObject({
      callback_id: 'share',
      blocks: [{ element: { initial_value: 'We cut water losses by 20 % with meters.' } }],
    });
  });

  it('replaces the message whose button was pressed, through the response_url', async () => {
    const to = await appWith((app) => {
      app.action('feedback_up', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: true, text: 'Thanks for the feedback.' });
      });
    });
    const posted = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}` },
      body: new URLSearchParams({ channel: general, text: 'An answer with 👍 👎' }),
    }).then((r) => r.json() as Promise<{ ts: string }>);

    const clicked = await to.blockActions({
      user: alice,
      actionId: 'feedback_up',
      value: 'q1',
      message: { channel: general, ts: posted.ts },
    });

    expect(clicked.status).toBe(200);
    await slack.waitFor(() =>
      slack.responses.some((r) => r.url === clicked.interaction.responseUrl),
    );
    expect(slack.messages(general).find((m) => m.ts === posted.ts)).toMatchObject({
      text: 'Thanks for the feedback.',
    });
  });
});
