import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Assistant,
  createAssistant,
  type Incoming,
  registerOfficer,
  seedEvents,
} from '@ascn/core';
import { parseCalendarFile } from '@ascn/domain';
import { openStore, type Store } from '@ascn/store';
import { createSlackAdapter, type SlackAdapter } from './adapter.js';
import { CALENDAR_FILE, realKnowledge } from './test-support.js';
import { type FakeSlack, type SlackSender, startFakeSlack } from './testing/index.js';

/**
 * A whole Slack set-up for the adapter's tests: the fake Slack, the real assistant on an
 * embedded database, and the adapter's request listener serving `POST /slack/events` (the
 * assistant's server hands it the same requests, with the body read ahead). Alice is registered by her Slack id (a Yangon
 * CSCO); Chan is registered by e-mail only (the Secretariat) and matched on first contact;
 * Budi is a guest.
 */
export interface SlackWorld {
  slack: FakeSlack;
  store: Store;
  assistant: Assistant;
  adapter: SlackAdapter;
  to: SlackSender;
  eventsUrl: string;
  /** Every line the adapter logged, as it would reach the assistant's log. */
  logs: string[];
  /** What a person says to the core directly (set-up steps), as a Slack user. */
  as(userId: string, channelId?: string): Incoming;
  close(): Promise<void>;
}

export const ALICE = 'U0ALICE01';
export const BUDI = 'U0BUDI002';
export const CHAN = 'U0CHAN003';
export const GENERAL = 'C0GENERAL';
export const CITIES = 'C0CITIES1';

let n = 0;

export async function startSlackWorld(
  opts: {
    socketMode?: boolean;
    ackWithinMs?: number;
    /** Set-up on the fake Slack before the adapter exists (failures to inject at start). */
    beforeAdapter?: (slack: FakeSlack) => void;
    recheckMs?: number;
  } = {},
): Promise<SlackWorld> {
  const slack = await startFakeSlack();
  opts.beforeAdapter?.(slack);
  const store = await openStore({ inMemory: true });
  await seedEvents(store.db, parseCalendarFile(CALENDAR_FILE, readFileSync(CALENDAR_FILE, 'utf8')));
  const team = slack.workspace.teamId;
  await registerOfficer(
    store,
    { id: 'csco-yangon', name: 'Alice Example', role: 'csco', cityId: 'yangon' },
    [{ platform: 'slack', workspaceId: team, userId: ALICE }],
  );
  await registerOfficer(store, {
    id: 'asec-chan',
    name: 'Chan Example',
    role: 'secretariat',
    timeZone: 'Asia/Jakarta',
    email: 'CHAN@example.org',
  });
  const knowledge = await realKnowledge();
  const logs: string[] = [];
  const assistant = createAssistant({
    store,
    knowledge,
    publicUrl: 'https://ascn.example.org',
    onError: (error) => console.error('[assistant]', error),
  });
  const adapter = createSlackAdapter({
    assistant,
    store,
    knowledge,
    botToken: slack.botToken,
    apiUrl: slack.apiUrl,
    ...(opts.socketMode ? { appToken: slack.appToken } : { signingSecret: slack.signingSecret }),
    ...(opts.ackWithinMs !== undefined ? { ackWithinMs: opts.ackWithinMs } : {}),
    ...(opts.recheckMs !== undefined ? { recheckMs: opts.recheckMs } : {}),
    log: (level, message, fields) => {
      logs.push(JSON.stringify({ level, message, ...fields }));
    },
  });
  let server: Server | undefined;
  let eventsUrl = '';
  if (adapter.listener) {
    const listener = adapter.listener;
    server = createServer((request, response) => listener(request, response));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }
  await adapter.start();
  return {
    slack,
    store,
    assistant,
    adapter,
    to: slack.sender(eventsUrl || 'http://127.0.0.1:9/'),
    eventsUrl,
    logs,
    as: (userId, channelId = GENERAL) => {
      const seed = slack.workspace.users.find((u) => u.id === userId);
      return {
        platform: 'slack',
        workspaceId: team,
        userId,
        where: { kind: 'channel', channelId },
        eventId: `setup-${++n}`,
        profile: async () => ({
          ...(seed?.email ? { email: seed.email } : {}),
          ...(seed?.tz ? { zone: seed.tz } : {}),
        }),
      };
    },
    async close() {
      if (server) {
        const closed = new Promise((resolve) => server!.close(resolve));
        server.closeAllConnections();
        await closed;
      }
      await adapter.stop();
      await slack.close();
      await store.close();
    },
  };
}

/** Every mrkdwn and plain text in some blocks, joined: what a person reads. */
export function textOf(value: unknown): string {
  if (typeof value === 'string' && /^[[{]/.test(value)) return textOf(JSON.parse(value));
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (typeof value !== 'object' || value === null) return '';
  const o = value as Record<string, unknown>;
  const own = typeof o.text === 'string' ? [o.text] : [];
  return [
    ...own,
    ...Object.entries(o)
      .filter(([k]) => k !== 'text' || typeof o.text !== 'string')
      .map(([, v]) => textOf(v)),
  ]
    .filter(Boolean)
    .join('\n');
}
