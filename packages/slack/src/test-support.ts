import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type KnowledgeBase, openKnowledgeBase } from '@ascn/knowledge';
import { App, type Logger, LogLevel } from '@slack/bolt';
import type { FakeSlack } from './testing/index.js';

export const DOCS_DIR = fileURLToPath(new URL('../../../docs/', import.meta.url));
export const CALENDAR_FILE = fileURLToPath(
  new URL('../../../network/calendar.json', import.meta.url),
);

let knowledge: Promise<KnowledgeBase> | undefined;
/** The real knowledge base (docs/), opened once per test file. */
export function realKnowledge(): Promise<KnowledgeBase> {
  knowledge ??= openKnowledgeBase({ docsDir: DOCS_DIR, warn: () => {} });
  return knowledge;
}

/** A Bolt app in HTTP mode on a free loopback port, its Web API client pointed at the fake. */
export async function startHttpApp(
  slack: FakeSlack,
  register: (app: App) => void,
): Promise<{ app: App; eventsUrl: string; stop: () => Promise<unknown> }> {
  const app = new App({
    token: slack.botToken,
    signingSecret: slack.signingSecret,
    clientOptions: { slackApiUrl: slack.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  register(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { app, eventsUrl: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() };
}

/** A logger that drops everything (Slack's SDKs log expected errors in negative tests). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
