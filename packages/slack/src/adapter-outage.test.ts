import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { realKnowledge } from './test-support.js';
import { BUDI, GENERAL, type SlackWorld, startSlackWorld, textOf } from './test-world.js';

// Slack out of reach when the assistant starts: the real adapter against the fake Slack, whose
// auth.test fails (HTTP 503, every retry of the first check) until Slack "comes back".

let w: SlackWorld | undefined;
beforeAll(() => realKnowledge(), 120_000);
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('Slack unreachable at start', () => {
  it('keeps running and logs one line; events are refused (Slack resends them) until Slack answers, then answered', async () => {
    // The three tries the Web API client makes of the first token check all fail.
    w = await startSlackWorld({
      beforeAdapter: (slack) => slack.failNext('auth.test', { status: 503 }, 3),
      recheckMs: 0,
    });

    const refused = w.logs.filter((line) => line.includes('auth.test failed'));
    expect(refused).toHaveLength(1);
    expect(w.logs.some((line) => line.includes('slack connected'))).toBe(false);

    // Slack answers again: the next event checks the token once more and is answered.
    const answer = await w.to.command({
      user: BUDI,
      channel: GENERAL,
      text: 'ask what are the six focus areas of the asean smart cities framework?',
    });
    expect(answer.status).toBe(200);
    expect(textOf((answer.body as { blocks: unknown[] }).blocks)).toMatch(/Source:/);
  });

  it('answers 503 to an event while Slack still cannot be reached, and loses nothing', async () => {
    w = await startSlackWorld({
      beforeAdapter: (slack) => slack.failNext('auth.test', { status: 503 }, 6),
      recheckMs: 0,
    });
    const refused = await w.to.command({ user: BUDI, channel: GENERAL, text: 'help' });
    expect(refused.status).toBe(503);
    // Slack sends it again later; by then Slack answers.
    const again = await w.to.command({ user: BUDI, channel: GENERAL, text: 'help' });
    expect(again.status).toBe(200);
  });

  it('does not call Slack again for every event while the last check is recent', async () => {
    w = await startSlackWorld({
      beforeAdapter: (slack) => slack.failNext('auth.test', { status: 503 }, 3),
    });
    const checks = w.slack.callsTo('auth.test').length;
    for (let i = 0; i < 3; i += 1)
      expect((await w.to.command({ user: BUDI, channel: GENERAL, text: 'help' })).status).toBe(503);
    expect(w.slack.callsTo('auth.test')).toHaveLength(checks);
  });
});
