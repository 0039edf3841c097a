import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

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

  it('treats empty strings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', SLACK_BOT_TOKEN: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('rejects a port out of range', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrowError(
      /PORT: expected a port from 0 to 65535/,
    );
  });
});
