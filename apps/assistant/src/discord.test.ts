/**
 * The assistant started as `npm start` starts it, with DISCORD_* set and DISCORD_API_URL at
 * the fake Discord: it registers the guild's commands, connects to the gateway, answers a
 * slash command and delivers a reminder by DM — the real discord.js all the way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addEvent, fakeClock, registerOfficer } from '@ascn/core';
import { type FakeDiscord, startFakeDiscord } from '@ascn/discord/testing';
import { parseConfig } from '@ascn/domain';
import { openStore } from '@ascn/store';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAssistant, startAssistant } from './app.js';
import { closedPort, runMain } from './test-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'ascn-discord-app-'));
const officer = { id: '310000000000000001', username: 'yangon-officer' };
const guildId = '320000000000000001';

describe('npm start with Discord', () => {
  let fake: FakeDiscord;
  let app: RunningAssistant;
  // 09:05 in Yangon, seven days before the meeting: its 7-day reminder is due.
  const clock = fakeClock('2031-03-03T02:35:00Z');

  beforeAll(async () => {
    fake = await startFakeDiscord({
      heartbeatIntervalMs: 250,
      users: [officer],
      guilds: [
        {
          id: guildId,
          name: 'ASCN',
          channels: [{ id: '330000000000000001', name: 'general' }],
          members: [{ userId: officer.id }],
        },
      ],
    });
    const dataDir = join(temp, 'data');
    const store = await openStore({ dataDir });
    await registerOfficer(
      store,
      { id: 'csco-yangon', name: 'Yangon Officer', role: 'csco', cityId: 'yangon' },
      [{ platform: 'discord', workspaceId: '', userId: officer.id }],
    );
    await addEvent(store.db, {
      id: 'discord-meeting-2031',
      kind: 'meeting',
      title: 'ASCN Discord check-in',
      start: '2031-03-10',
      timeZone: 'Asia/Yangon',
      example: true,
    });
    await store.close();
    const config = parseConfig({
      ASCN_DATA_DIR: dataDir,
      ASCN_DOCS_DIR: join(ROOT, 'docs'),
      ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
      PORT: '0',
      LOG_LEVEL: 'error',
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: guildId,
    });
    app = await startAssistant(config, { clock, pollMs: 50 });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await fake?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('registers the commands in DISCORD_GUILD_ID and connects to the gateway', async () => {
    expect(fake.commands(guildId).map((c) => c.name)).toContain('ask');
    await fake.until(() => fake.sessions().some((s) => s.connected), { timeoutMs: 20_000 });
  });

  it('answers a slash command', async () => {
    await fake.until(() => fake.sessions().some((s) => s.connected), { timeoutMs: 20_000 });
    const i = fake.slashCommand({
      name: 'ask',
      userId: officer.id,
      channelId: '330000000000000001',
      options: { question: 'what are the six focus areas?' },
    });
    const callback = await fake.until(() => fake.interaction(i.id)?.callback, {
      timeoutMs: 10_000,
    });
    expect(callback.type).toBe(4);
    const embeds = callback.data!.embeds as APIEmbed[];
    expect(embeds[0]!.footer!.text).toMatch(/^Source: /);
  });

  it('delivers a reminder by DM', async () => {
    const reminder = await fake.until(
      () => {
        const dm = fake.dmChannelId(officer.id);
        const messages = dm ? fake.messages(dm) : [];
        return messages.find((m) => m.embeds[0]?.title?.includes('ASCN Discord check-in'));
      },
      { timeoutMs: 20_000, what: 'the reminder DM' },
    );
    expect(reminder.embeds[0]!.title).toBe('Reminder, in 7 days: ASCN Discord check-in');
    expect(reminder.components!.length).toBe(1);
  });
});

describe('npm start with Discord out of reach', () => {
  it('stops with one line naming the variable, no stack trace', async () => {
    // A port nothing listens on: the connection is refused.
    const closed = await closedPort();
    const r = await runMain({
      DISCORD_TOKEN: 'a-token-for-nowhere',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_URL: `http://127.0.0.1:${closed}`,
    });
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(
      `DISCORD_API_URL: cannot reach Discord at http://127.0.0.1:${closed}; correct DISCORD_API_URL, or unset it to reach discord.com.`,
    );
  }, 180_000);
});

describe('npm start with a wrong DISCORD_TOKEN', () => {
  it('stops with one line naming the variable, and never prints the token', async () => {
    const fake = await startFakeDiscord();
    try {
      const r = await runMain({
        DISCORD_TOKEN: 'a-wrong-token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      });
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(
        'DISCORD_TOKEN: Discord refused this bot token (401); copy the token from the developer portal (Bot → Reset Token).',
      );
      expect(r.err).not.toContain('a-wrong-token');
    } finally {
      await fake.close();
    }
  }, 180_000);
});
