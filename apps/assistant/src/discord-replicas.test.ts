/**
 * Replicas and the Discord gateway, with real processes: two assistants (`main.js`) on one
 * PostgreSQL keep exactly one gateway connection between them (a session advisory lock).
 * The one without it still delivers through REST. When the holder is killed (SIGKILL), the
 * other takes the gateway over within 30 seconds and answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enqueue, registerOfficer } from '@ascn/core';
import { type FakeDiscord, startFakeDiscord } from '@ascn/discord/testing';
import { openStore } from '@ascn/store';
import { createScratchDatabase, probeTestServer, type ScratchDatabase } from '@ascn/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'apps/assistant/dist/main.js');
const server = await probeTestServer();
const officer = { id: '410000000000000001', username: 'yangon-officer' };
const guildId = '420000000000000001';
const general = '430000000000000001';

interface Replica {
  child: ChildProcess;
  output: () => string;
}

/** Polls (a child's output changes nothing in the fake, which `fake.until` listens to). */
async function poll<T>(check: () => T | undefined | false, what: string, timeoutMs = 30_000) {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startReplica(env: Record<string, string>): Promise<Replica> {
  return new Promise((ok, fail) => {
    let out = '';
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        ASCN_DOCS_DIR: join(ROOT, 'docs'),
        ASCN_CALENDAR_FILE: join(ROOT, 'network/calendar.json'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => fail(new Error(`no start within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/running at http/.test(out)) {
        clearTimeout(timer);
        ok({ child, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

const reason = server.available ? '' : ` (skipped: ${server.reason})`;
describe.skipIf(!server.available)(`two assistants, one Discord gateway${reason}`, () => {
  let scratch: ScratchDatabase;
  let fake: FakeDiscord;
  let a: Replica;
  let b: Replica;
  const connected = () => fake.sessions().filter((s) => s.connected && !s.ended);

  beforeAll(async () => {
    scratch = await createScratchDatabase(server.url, 'ascn_discord_replicas');
    const store = await openStore({ databaseUrl: scratch.url });
    await registerOfficer(
      store,
      { id: 'csco-yangon', name: 'Yangon Officer', role: 'csco', cityId: 'yangon' },
      [{ platform: 'discord', workspaceId: '', userId: officer.id }],
    );
    await store.close();
    fake = await startFakeDiscord({
      heartbeatIntervalMs: 250,
      users: [officer],
      guilds: [
        {
          id: guildId,
          name: 'ASCN',
          channels: [{ id: general, name: 'general' }],
          members: [{ userId: officer.id }],
        },
      ],
    });
    const env = {
      DATABASE_URL: scratch.url,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: guildId,
    };
    a = await startReplica(env);
    await poll(
      () => a.output().includes('discord gateway connected'),
      'the first replica to connect',
    );
    b = await startReplica(env);
  }, 120_000);

  afterAll(async () => {
    for (const r of [a, b])
      if (r && r.child.exitCode === null && r.child.signalCode === null) {
        r.child.kill('SIGCONT');
        r.child.kill('SIGTERM');
        await new Promise((ok) => r.child.once('exit', ok));
      }
    await fake?.close();
    await scratch?.drop();
  });

  it('keeps exactly one gateway connection between them', async () => {
    await poll(
      () => b.output().includes('held by another replica'),
      'the second replica to find the gateway taken',
    );
    expect(connected()).toHaveLength(1);
    expect(b.output()).not.toContain('discord gateway connected');
  });

  it('delivers through REST from the replica without the gateway', async () => {
    // The holder is frozen: whatever is sent now, the other replica sends.
    a.child.kill('SIGSTOP');
    const store = await openStore({ databaseUrl: scratch.url });
    await enqueue(store.db, {
      dedupeKey: 'replicas:status-prompt:yangon',
      kind: 'prompt',
      recipient: { kind: 'officer', id: 'csco-yangon' },
      dueAt: new Date(Date.now() - 1000),
      payload: {
        v: 1,
        type: 'status-prompt',
        roundId: 1,
        roundTitle: 'Replica round',
        closesAt: '2031-06-30T16:59:59.000Z',
        cityId: 'yangon',
      },
    });
    const dm = await fake.until(
      () => {
        const id = fake.dmChannelId(officer.id);
        const messages = id ? fake.messages(id) : [];
        return messages.find((m) => m.embeds[0]?.title === 'Status round: Replica round');
      },
      { timeoutMs: 30_000, what: 'the prompt sent by the replica without the gateway' },
    );
    expect(dm.author.id).toBe(fake.botUser.id);
    // Recorded as sent (just after Discord answered).
    const status = async () =>
      (
        await store.db
          .selectFrom('deliveries')
          .select('status')
          .where('dedupeKey', '=', 'replicas:status-prompt:yangon')
          .executeTakeFirstOrThrow()
      ).status;
    let last = await status();
    for (let n = 0; n < 200 && last !== 'sent'; n++) {
      await new Promise((r) => setTimeout(r, 50));
      last = await status();
    }
    await store.close();
    expect(last).toBe('sent');
    expect(connected()).toHaveLength(1);
  });

  it('when the holder is killed, the other takes the gateway over within 30 s and answers', async () => {
    const before = new Set(fake.sessions().map((s) => s.id));
    a.child.kill('SIGKILL');
    await new Promise((ok) => a.child.once('exit', ok));
    await poll(() => b.output().includes('discord gateway connected'), 'the takeover', 30_000);
    const fresh = await fake.until(() => connected().find((s) => !before.has(s.id)), {
      timeoutMs: 5000,
    });
    expect(fresh).toBeDefined();
    const i = fake.slashCommand({ name: 'help', userId: officer.id, channelId: general });
    const callback = await fake.until(() => fake.interaction(i.id)?.callback, {
      timeoutMs: 10_000,
    });
    expect(callback.type).toBe(4);
    expect(connected()).toHaveLength(1);
  });
});
