import { describe, expect, it } from 'vitest';
import { ConfigError, defaultPublicUrl, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('runs with no variables at all: embedded database, local web page on 3000', () => {
    const c = parseConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c).toMatchObject({
      ASCN_DATA_DIR: './data',
      PORT: 3000,
      ASCN_DEMO: true,
    });
  });

  it('names each bad variable and says why', () => {
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SLACK_BOT_TOKEN: 'abc',
        DISCORD_TOKEN: 't',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as Error).message;
      expect(text).toContain('PORT: expected a port number');
      expect(text).toContain('DATABASE_URL: expected a postgres:// or postgresql:// URL');
      expect(text).toContain('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
      expect(text).toContain('DISCORD_APPLICATION_ID: is required with DISCORD_TOKEN');
    }
  });

  it('names a DATABASE_URL that is no URL at all once', () => {
    expect(() => parseConfig({ DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    try {
      parseConfig({ DATABASE_URL: 'not a url' });
    } catch (error) {
      const lines = (error as Error).message.split('\n').filter((l) => l.includes('DATABASE_URL'));
      expect(lines).toEqual(['  DATABASE_URL: expected a postgres:// or postgresql:// URL']);
    }
  });

  it('takes a session secret of 32 characters or more, and leaves it unset when empty', () => {
    const secret = 'k'.repeat(32);
    expect(parseConfig({ ASCN_SESSION_SECRET: secret }).ASCN_SESSION_SECRET).toBe(secret);
    expect(parseConfig({ ASCN_SESSION_SECRET: '' }).ASCN_SESSION_SECRET).toBeUndefined();
    expect(() => parseConfig({ ASCN_SESSION_SECRET: 'short' })).toThrowError(
      /ASCN_SESSION_SECRET: expected at least 32 characters of random text/,
    );
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', SLACK_BOT_TOKEN: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset everywhere: PORT="" is the default 3000, not a random port', () => {
    const c = parseConfig({
      PORT: '',
      HOST: ' ',
      ASCN_DATA_DIR: '',
      ASCN_DOCS_DIR: '',
      ASCN_CALENDAR_FILE: '',
      ASCN_DEMO: '',
      LOG_LEVEL: '',
      PUBLIC_URL: '',
      DISCORD_GUILD_ID: '',
    });
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      ASCN_DATA_DIR: './data',
      ASCN_DOCS_DIR: './docs',
      ASCN_CALENDAR_FILE: './network/calendar.json',
      ASCN_DEMO: true,
      LOG_LEVEL: 'info',
      PUBLIC_URL: 'http://localhost:3000',
    });
    expect(c.DISCORD_GUILD_ID).toBeUndefined();
  });

  it('derives PUBLIC_URL from HOST and PORT when it is not set', () => {
    expect(parseConfig({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(parseConfig({ HOST: '0.0.0.0', PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(parseConfig({ HOST: 'ascn.lan', PORT: '80' }).PUBLIC_URL).toBe('http://ascn.lan:80');
    expect(defaultPublicUrl('fe80::1', 3000)).toBe('http://[fe80::1]:3000');
  });

  it('takes PUBLIC_URL as given, without a trailing slash, so links can append /docs/…', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://ascn.example.org/' }).PUBLIC_URL).toBe(
      'https://ascn.example.org',
    );
    expect(parseConfig({ PUBLIC_URL: 'https://example.org/ascn/' }).PUBLIC_URL).toBe(
      'https://example.org/ascn',
    );
  });

  it.each([
    'ascn.example.org',
    '/relative',
    'javascript:alert(1)',
    'ftp://example.org',
    'https://example.org/?a=1',
    'https://example.org/#top',
    'https://user:secret@example.org',
  ])('refuses PUBLIC_URL=%s, naming the variable', (value) => {
    expect(() => parseConfig({ PUBLIC_URL: value })).toThrowError(
      /PUBLIC_URL: expected an absolute http:\/\/ or https:\/\/ URL/,
    );
  });

  it('accepts a Discord guild id and refuses anything that is not a snowflake', () => {
    expect(parseConfig({ DISCORD_GUILD_ID: '1101234567890123456' }).DISCORD_GUILD_ID).toBe(
      '1101234567890123456',
    );
    for (const bad of ['my-guild', '12345', '-1101234567890123456', '18446744073709551616'])
      expect(() => parseConfig({ DISCORD_GUILD_ID: bad })).toThrowError(
        /DISCORD_GUILD_ID: expected a numeric guild id/,
      );
  });

  it('rejects a port out of range', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrowError(
      /PORT: expected a port from 0 to 65535/,
    );
  });
});
