import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHARE_SHORTCUT } from './adapter.js';

// The app manifest in the repository creates the app in one paste: it must declare what the
// adapter listens to and every scope the Web API methods it calls need.

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const manifest = parse(read('../manifest.yml')) as {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    slash_commands: Array<{ command: string; url: string }>;
    shortcuts: Array<{ type: string; callback_id: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url: string };
  };
};

/** The bot scopes each Web API method needs (Slack's method reference). */
const SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'users.info': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
};

describe('the app manifest', () => {
  it('declares /ascn, the message shortcut, App Home and one Request URL for everything', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/ascn']);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: SHARE_SHORTCUT }),
    ]);
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
    });
    const urls = [
      manifest.features.slash_commands[0]!.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.settings.interactivity.message_menu_options_url,
    ];
    expect(new Set(urls.map((u) => new URL(u).pathname))).toEqual(new Set(['/slack/events']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to the events the adapter listens to', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.im',
    ]);
    expect(manifest.oauth_config.scopes.bot).toContain('app_mentions:read');
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
  });

  it('has every scope the Web API methods called by the adapter need', () => {
    const source = read('./adapter.ts') + read('./notifier.ts');
    const called = new Set(
      [...source.matchAll(/\b(?:client|read|write)\s*\.\s*([a-z]+)\s*\.\s*([a-zA-Z]+)\s*\(/g)].map(
        (m) => `${m[1]}.${m[2]}`,
      ),
    );
    expect(called.size).toBeGreaterThan(8);
    for (const method of called) {
      expect(SCOPES, `${method} has no scopes listed in this test`).toHaveProperty([method]);
      for (const scope of SCOPES[method]!)
        expect(manifest.oauth_config.scopes.bot, method).toContain(scope);
    }
  });
});
