import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeClock, registerOfficer } from '@ascn/core';
import { parseConfig } from '@ascn/domain';
import { type FakeSlack, startFakeSlack } from '@ascn/slack/testing';
import { openStore } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAssistant, startAssistant } from './app.js';

// `npm start` with the SLACK_* variables set: the Slack app on the assistant's own port at
// POST /slack/events, its Web API calls going to the fake Slack (SLACK_API_URL).

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'ascn-slack-app-'));

describe('the running assistant with Slack', () => {
  let slack: FakeSlack;
  let app: RunningAssistant;
  // The day before the example progress-report deadline (18 Dec), 10:00 in Yangon.
  const clock = fakeClock('2026-12-17T03:30:00Z');
  beforeAll(async () => {
    slack = await startFakeSlack();
    // A real officer registered with their Slack account (as `ascn officer add` would) before
    // the assistant starts: the example people on the page cannot register real ones.
    const store = await openStore({ dataDir: join(temp, 'data') });
    await registerOfficer(
      store,
      { id: 'alice', name: 'Alice Example', role: 'csco', cityId: 'yangon' },
      [{ platform: 'slack', userId: 'U0ALICE01' }],
    );
    await store.close();
    app = await startAssistant(
      parseConfig({
        ASCN_DATA_DIR: join(temp, 'data'),
        ASCN_DOCS_DIR: join(ROOT, 'docs'),
        ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
        PORT: '0',
        LOG_LEVEL: 'error',
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_API_URL: slack.apiUrl,
      }),
      { clock, pollMs: 50 },
    );
  });
  afterAll(async () => {
    await app?.close();
    await slack?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('answers a signed /ascn at POST /slack/events on its own port, and refuses a forged one', async () => {
    const to = slack.sender(`${app.url}/slack/events`);
    const answer = await to.command({
      user: 'U0BUDI002',
      channel: 'C0GENERAL',
      text: 'ask what are the six focus areas?',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(answer.body)).toContain(`Source: <${app.publicUrl}/docs/`);

    const forged = await to.command(
      { user: 'U0BUDI002', channel: 'C0GENERAL', text: 'help' },
      { signature: 'bad' },
    );
    expect(forged.status).toBe(401);
  });

  it('delivers a reminder to a registered officer as a Slack DM carrying its delivery key', async () => {
    const dm = slack.dmChannel('U0ALICE01');
    const [message] = await slack.waitFor(() => {
      const messages = slack.messages(dm);
      return messages.length > 0 && messages;
    }, 60_000);
    expect(message).toMatchObject({
      bot_id: slack.workspace.botId,
      metadata: {
        event_type: 'ascn_delivery',
        event_payload: { key: expect.stringContaining('alice') },
      },
    });
    expect(JSON.stringify(message!.blocks)).toContain(
      'Reminder, tomorrow: City progress reports due to the Secretariat (example)',
    );
  });
});
