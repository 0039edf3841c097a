import { createHmac } from 'node:crypto';
import { applyAppResponse, type Interaction } from './interactions.js';
import type { FakeSlackState } from './state.js';

/**
 * Sends an app the exact bytes Slack sends its Request URL: slash commands as
 * `application/x-www-form-urlencoded` fields, interactions as one `payload=` field holding
 * JSON, Events API callbacks as JSON; signed with `X-Slack-Signature: v0=HMAC-SHA256(secret,
 * "v0:{timestamp}:{body}")` and `X-Slack-Request-Timestamp`.
 */

/** `v0=<hex>`: Slack's request signature of `body` sent at `timestamp` (Unix seconds). */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`);
  return `v0=${hmac.digest('hex')}`;
}

export interface EncodedRequest {
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  body: string;
}

/** The body Slack would POST for this interaction. */
export function encodeInteraction(interaction: Interaction): EncodedRequest {
  if (interaction.type === 'events_api')
    return { contentType: 'application/json', body: JSON.stringify(interaction.payload) };
  const fields =
    interaction.type === 'slash_commands'
      ? Object.fromEntries(Object.entries(interaction.payload).map(([k, v]) => [k, String(v)]))
      : { payload: JSON.stringify(interaction.payload) };
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
  };
}

export interface SignOptions {
  signingSecret: string;
  /** Unix seconds; default now (the app checks against its own real clock). */
  timestamp?: number;
  /** Sign with the wrong secret, or leave the signature header out. */
  signature?: 'valid' | 'bad' | 'missing';
  /** `X-Slack-Retry-Num` and `X-Slack-Retry-Reason` (e.g. `http_timeout`, `http_error`). */
  retry?: { num: number; reason?: string };
}

/** The headers Slack sends with `request`. */
export function slackHeaders(
  request: EncodedRequest,
  options: SignOptions,
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
  };
  const secret =
    options.signature === 'bad' ? `${options.signingSecret}-not` : options.signingSecret;
  if (options.signature !== 'missing')
    headers['x-slack-signature'] = signSlackRequest(secret, timestamp, request.body);
  if (options.retry) {
    headers['x-slack-retry-num'] = String(options.retry.num);
    headers['x-slack-retry-reason'] = options.retry.reason ?? 'http_timeout';
  }
  return headers;
}

export interface SendOptions extends Omit<SignOptions, 'signingSecret' | 'timestamp'> {
  /** How old the request claims to be, in seconds (Slack's replay window is 300). */
  ageSeconds?: number;
  /**
   * Give up like Slack after this many ms without an answer (Slack waits 3000): the result
   * has `timedOut: true` and status 0. Unset: wait for the answer however long it takes.
   */
  slackTimeoutMs?: number;
}

export interface AppResponse {
  status: number;
  headers: Headers;
  /** The raw body the app answered with. */
  text: string;
  /** The body parsed as JSON, or `{ text }` for a plain-text answer, or undefined if empty. */
  body: Record<string, unknown> | undefined;
  /** What was sent (its trigger_id, response_url, event_id…), to re-send it as a retry. */
  interaction: Interaction;
  /** True when `slackTimeoutMs` passed first (Slack would show a timeout and retry events). */
  timedOut: boolean;
}

function parseAnswer(text: string): Record<string, unknown> | undefined {
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : { text };
  } catch {
    return { text };
  }
}

/**
 * POSTs interactions to an app's Request URL. A 2xx answer is applied to the fake as Slack
 * would (a slash command's message shown, a view_submission's response_action applied).
 */
export function createSender(state: FakeSlackState, appUrl: string, signingSecret: string) {
  return async function send(
    interaction: Interaction,
    options: SendOptions = {},
  ): Promise<AppResponse> {
    const request = encodeInteraction(interaction);
    const headers = slackHeaders(request, {
      ...options,
      signingSecret,
      timestamp: Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0),
    });
    const signal =
      options.slackTimeoutMs === undefined
        ? undefined
        : AbortSignal.timeout(options.slackTimeoutMs);
    try {
      const response = await fetch(appUrl, { method: 'POST', headers, body: request.body, signal });
      const text = await response.text();
      const body = parseAnswer(text);
      if (response.ok) applyAppResponse(state, interaction, body);
      return {
        status: response.status,
        headers: response.headers,
        text,
        body,
        interaction,
        timedOut: false,
      };
    } catch (error) {
      if (!signal?.aborted) throw error;
      return {
        status: 0,
        headers: new Headers(),
        text: '',
        body: undefined,
        interaction,
        timedOut: true,
      };
    }
  };
}
