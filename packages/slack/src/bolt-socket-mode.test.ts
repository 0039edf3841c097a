import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './testing/index.js';

// Real Bolt with its SocketModeReceiver (real @slack/socket-mode over undici's WebSocket)
// connected to the fake Slack's Socket Mode.

let slack: FakeSlack;
let app: App | undefined;

beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  // Bolt's stop() does not wait for the close handshake; closing the fake first would reset
  // the socket under the client.
  await slack.waitFor(() => slack.socketMode.connections() === 0);
  await slack.close();
});

const alice = 'U0ALICE01';
const general = 'C0GENERAL';

function socketApp(register: (app: App) => void, clientPingTimeout?: number): App {
  const clientOptions = { slackApiUrl: slack.apiUrl };
  app = new App({
    token: slack.botToken,
    socketMode: true,
    appToken: slack.appToken,
    clientOptions,
    logLevel: LogLevel.ERROR,
    // The default receiver is built from these options; a receiver of our own only to shorten
    // the reconnect delay (Bolt's default waits clientPingTimeout = 5 s before reconnecting).
    ...(clientPingTimeout
      ? {
          receiver: new SocketModeReceiver({
            appToken: slack.appToken,
            clientPingTimeout,
            logLevel: LogLevel.ERROR,
            installerOptions: { clientOptions },
          }),
        }
      : {}),
  });
  register(app);
  return app;
}

describe('Bolt in Socket Mode against the fake Slack', () => {
  it('connects with the app token and acks a slash command envelope with its reply', async () => {
    const started = socketApp((a) => {
      a.command('/ascn', async ({ command, ack }) => {
        await ack({ text: `You asked: ${command.text}` });
      });
    });
    await started.start();

    expect(slack.socketMode.connections()).toBe(1);
    expect(slack.callsTo('apps.connections.open')).toEqual([
      expect.objectContaining({ token: 'app', response: expect.objectContaining({ ok: true }) }),
    ]);

    const ack = await slack.socketMode.command({ user: alice, channel: general, text: 'status' });

    expect(ack.payload).toEqual({ text: 'You asked: status' });
    const [envelope] = slack.socketMode.envelopes;
    expect(ack.envelope_id).toBe(envelope!.envelope.envelope_id);
    expect(envelope!.envelope).toMatchObject({
      type: 'slash_commands',
      accepts_response_payload: true,
    });
    expect(slack.ephemerals.at(-1)).toMatchObject({ user: alice, text: 'You asked: status' });
  });

  it('acks an app_mention envelope and answers in the thread through the Web API', async () => {
    const started = socketApp((a) => {
      a.event('app_mention', async ({ event, say, context }) => {
        await say({ text: `retry ${context.retryNum ?? 0}`, thread_ts: event.ts });
      });
    });
    await started.start();

    const mention = slack.build.appMention({ user: alice, channel: general, text: 'hello' });
    const ack = await slack.socketMode.deliver(mention, { retry: { num: 2, reason: 'timeout' } });

    expect(ack.payload).toEqual({});
    const mentionTs = (mention.payload.event as { ts: string }).ts;
    await slack.waitFor(() => slack.replies(general, mentionTs).length === 1);
    // The envelope's retry_attempt reaches the listener as context.retryNum.
    expect(slack.replies(general, mentionTs)[0]).toMatchObject({ text: 'retry 2' });
  });

  it('reconnects with a fresh URL after Slack sends disconnect (refresh_requested)', async () => {
    let handled = 0;
    const started = socketApp((a) => {
      a.command('/ascn', async ({ ack }) => {
        handled += 1;
        await ack();
      });
    }, 200);
    await started.start();

    slack.socketMode.disconnect('refresh_requested');
    await slack.waitFor(() => slack.callsTo('apps.connections.open').length === 2);
    await slack.socketMode.waitForConnection(1);
    await slack.socketMode.command({ user: alice, channel: general, text: 'help' });

    expect(handled).toBe(1);
    expect(slack.socketMode.connections()).toBe(1);
  });

  it('refuses apps.connections.open with a bot token', async () => {
    const answer = await fetch(`${slack.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}` },
    }).then((r) => r.json());
    expect(answer).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });
});
