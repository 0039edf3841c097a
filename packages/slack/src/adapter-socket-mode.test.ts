import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realKnowledge } from './test-support.js';
import { BUDI, GENERAL, type SlackWorld, startSlackWorld, textOf } from './test-world.js';

// The same adapter with SLACK_APP_TOKEN: Socket Mode instead of the Request URL.

let w: SlackWorld;
// The knowledge base is built once per file, before the first test's clock starts.
beforeAll(() => realKnowledge(), 120_000);
beforeEach(async () => {
  w = await startSlackWorld({ socketMode: true });
  await w.slack.socketMode.waitForConnection();
});
afterEach(async () => {
  await w.adapter.stop();
  // Bolt's stop() does not wait for the close handshake; let it finish before the fake goes.
  await w.slack.waitFor(() => w.slack.socketMode.connections() === 0);
  await w.close();
});

const FOCUS = 'what are the six focus areas of the asean smart cities framework?';

describe('the Slack app in Socket Mode', () => {
  it('has no Request URL, and answers /ascn in the envelope’s ack', async () => {
    expect(w.adapter.mode).toBe('socket');
    expect(w.adapter.listener).toBeUndefined();
    const ack = await w.slack.socketMode.command({ user: BUDI, channel: GENERAL, text: FOCUS });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(ack.payload)).toContain('Source:');
  });

  it('answers a redelivered mention once', async () => {
    const mention = w.slack.build.appMention({ user: BUDI, channel: GENERAL, text: FOCUS });
    await w.slack.socketMode.deliver(mention);
    await w.slack.socketMode.deliver(mention, { retry: { num: 1, reason: 'timeout' } });
    await w.slack.waitForCall('chat.postMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
