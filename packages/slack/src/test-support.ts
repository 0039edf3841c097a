import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel } from '@slack/bolt';
import type { FakeSlack } from './testing/index.js';

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
