import { App, LogLevel } from '@slack/bolt';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './testing/index.js';

// How @slack/web-api (the client inside Bolt) meets 429s and 5xx from the fake Slack, and
// the settings that keep it from retrying past a deadline (e.g. an outbox lease).

let slack: FakeSlack;

beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await slack.close();
});

const post = { channel: 'C0GENERAL', text: 'Reminder: the annual meeting is in 7 days.' };

describe('the Web API client against a rate-limited fake Slack', () => {
  it('waits out Retry-After on a 429 and retries (Bolt app.client, default settings)', async () => {
    const app = new App({
      token: slack.botToken,
      signingSecret: slack.signingSecret,
      clientOptions: { slackApiUrl: slack.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    const rateLimited: number[] = [];
    app.client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });

    const result = await app.client.chat.postMessage(post);

    expect(result.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    const attempts = slack.callsTo('chat.postMessage');
    expect(attempts.map((c) => [c.status, c.injected])).toEqual([
      [429, true],
      [200, false],
    ]);
    // Honoured: the retry came no sooner than the Retry-After (a lower bound from the
    // client's own sleep, not a speed claim).
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(slack.messages('C0GENERAL')).toHaveLength(1);
  });

  it('rejects at once with the Retry-After when rejectRateLimitedCalls is set', async () => {
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });

    const error = await client.chat.postMessage(post).then(
      () => undefined,
      (e: unknown) => e as { code: string; retryAfter: number },
    );

    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 30 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.messages('C0GENERAL')).toHaveLength(0);
  });

  it('stops retrying a failing server once maxRetryTime has passed', async () => {
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      logLevel: LogLevel.ERROR,
      // 10 retries 50 ms apart would take ≥ 500 ms; the 200 ms budget stops them first.
      retryConfig: { retries: 10, factor: 1, minTimeout: 50, maxTimeout: 50, maxRetryTime: 200 },
    });
    slack.failNext('chat.postMessage', { status: 503 }, 100);

    const error = await client.chat.postMessage(post).then(
      () => undefined,
      (e: unknown) => e as { code: string; statusCode: number },
    );

    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    const attempts = slack.callsTo('chat.postMessage').length;
    // Each wait is at least 50 ms, so by the 5th failure 200 ms have passed: at most 5 tries.
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(5);
  });

  it('does not retry a Slack error (ok: false), it rejects with it', async () => {
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      logLevel: LogLevel.ERROR,
    });
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });

    const error = await client.chat.postMessage(post).then(
      () => undefined,
      (e: unknown) => e as { code: string; data: { error: string } },
    );

    expect(error).toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'channel_not_found' },
    });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
