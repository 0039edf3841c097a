/** `ascn discord register`, the real CLI process against the fake Discord. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeDiscord, startFakeDiscord } from '@ascn/discord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'apps/cli/bin/ascn.js');

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(() => fake.close());

/** Runs the CLI without blocking this process (the fake answers from here). */
function ascn(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const env = () => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiUrl,
});

describe('ascn discord register', () => {
  it('registers the slash commands in one server, from the command registry', async () => {
    const guild = fake.guilds[0]!.id;
    const r = await ascn(['discord', 'register', '--guild', guild], env());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Registered \d+ commands \(\/ask, \/deadlines, .*\) in the server/);
    const names = fake.commands(guild).map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ask',
        'deadlines',
        'status',
        'share',
        'subscribe',
        'report',
        'help',
        'admin',
      ]),
    );
    expect(fake.commands()).toEqual([]);
  });

  it('registers them globally without --guild', async () => {
    const r = await ascn(['discord', 'register'], env());
    expect(r.code).toBe(0);
    expect(r.out).toContain('globally');
    expect(fake.commands().map((c) => c.name)).toContain('ask');
  });

  it('says plainly what is missing or wrong', async () => {
    const none = await ascn(['discord', 'register'], {
      DISCORD_TOKEN: '',
      DISCORD_APPLICATION_ID: '',
    });
    expect(none.code).toBe(2);
    expect(none.err).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    const badGuild = await ascn(['discord', 'register', '--guild', 'general'], env());
    expect(badGuild.code).toBe(2);
    expect(badGuild.err).toContain('is not a Discord server id');
    const badToken = await ascn(['discord', 'register'], {
      ...env(),
      DISCORD_TOKEN: 'not-the-token',
    });
    expect(badToken.code).toBe(1);
    expect(badToken.err).toContain('Discord refused DISCORD_TOKEN (401)');
    expect(badToken.err).not.toContain('not-the-token');
  });
});
