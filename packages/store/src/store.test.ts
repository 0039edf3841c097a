import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelEvent,
  findOfficerByIdentity,
  identitiesOf,
  linkIdentity,
  listChannels,
  listEvents,
  listOfficers,
  openStore,
  removeOfficer,
  type Store,
  sql,
  toJson,
  upsertChannel,
  upsertEvent,
  upsertOfficer,
} from './index.js';
import { pgliteBackend, postgresBackend, server } from './test-backends.js';
import { createScratchDatabase, type ScratchDatabase } from './testing.js';

for (const backend of [pgliteBackend(), postgresBackend()]) {
  describe.skipIf(backend.skip)(
    `store on ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`,
    () => {
      let store: Store;
      beforeAll(async () => {
        store = await backend.open();
      });
      afterAll(async () => {
        await store?.close();
        await backend.cleanup();
      });

      it('applies the migrations at open, and reports its kind', async () => {
        expect(store.kind).toBe(backend.name);
        expect(store.migrated).toEqual([
          '0001_initial',
          '0002_platform_contracts',
          '0003_sign_in',
          '0004_question_id_blocks',
        ]);
        const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(
          store.db,
        );
        expect(tables.rows.map((r) => r.name)).toEqual([
          'channels',
          'deliveries',
          'events',
          'form_drafts',
          'handled_events',
          'identities',
          'officers',
          'practices',
          'projects',
          'question_feedback',
          'questions',
          'round_cities',
          'settings',
          'sign_in_links',
          'status_answers',
          'status_rounds',
          'web_messages',
          'web_sessions',
        ]);
      });

      it('stores officers, keeps chat identities unique, and removes without deleting', async () => {
        await upsertOfficer(store.db, {
          id: 'csco-makassar',
          name: 'Andi',
          role: 'csco',
          cityId: 'makassar',
          timeZone: 'Asia/Jakarta',
          example: true,
        });
        const again = await upsertOfficer(store.db, {
          id: 'csco-makassar',
          name: 'Andi Rahman',
          role: 'csco',
          cityId: 'makassar',
          example: true,
        });
        expect(again).toMatchObject({
          name: 'Andi Rahman',
          timeZone: undefined,
          reminderDigest: false,
        });
        await upsertOfficer(store.db, {
          id: 'other',
          name: 'Other',
          role: 'csco',
          cityId: 'yangon',
          example: true,
        });
        const slack = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U1' };
        expect(await linkIdentity(store.db, slack, 'csco-makassar')).toBe(true);
        expect(await linkIdentity(store.db, slack, 'csco-makassar')).toBe(true);
        // Someone else's account is not taken over.
        expect(await linkIdentity(store.db, slack, 'other')).toBe(false);
        expect((await findOfficerByIdentity(store.db, slack))?.id).toBe('csco-makassar');
        // The same user id in another workspace is another person.
        expect(await findOfficerByIdentity(store.db, { ...slack, workspaceId: 'T2' })).toBe(
          undefined,
        );
        // Discord ids are global: registered without a workspace, found in any guild.
        await linkIdentity(store.db, { platform: 'discord', userId: '42' }, 'other');
        expect(
          (
            await findOfficerByIdentity(store.db, {
              platform: 'discord',
              workspaceId: 'G9',
              userId: '42',
            })
          )?.id,
        ).toBe('other');
        expect(await removeOfficer(store.db, 'csco-makassar')).toBe(true);
        expect(await findOfficerByIdentity(store.db, slack)).toBe(undefined);
        // The freed account can go to a successor.
        expect(await linkIdentity(store.db, slack, 'other')).toBe(true);
        expect((await identitiesOf(store.db, 'other')).map((i) => i.platform)).toEqual([
          'discord',
          'slack',
        ]);
        expect((await listOfficers(store.db)).map((o) => o.id)).toEqual(['other']);
        expect(
          (await listOfficers(store.db, { includeRemoved: true }))[0]?.removedAt,
        ).toBeInstanceOf(Date);
        await removeOfficer(store.db, 'other');
      });

      it('keeps one channel per (platform, channel id), with focus areas as text[]', async () => {
        const first = await upsertChannel(store.db, {
          platform: 'slack',
          channelId: 'C1',
          name: 'general',
          focusAreas: ['mobility', 'health, and wellbeing'],
          timeZone: 'Asia/Singapore',
        });
        const second = await upsertChannel(store.db, {
          platform: 'slack',
          channelId: 'C1',
          name: 'general',
          reminders: true,
          timeZone: 'Asia/Yangon',
        });
        expect(second.id).toBe(first.id);
        expect(first.focusAreas).toEqual(['mobility', 'health, and wellbeing']);
        await upsertChannel(store.db, {
          platform: 'discord',
          channelId: 'C1',
          name: 'x',
          timeZone: 'Asia/Manila',
        });
        expect((await listChannels(store.db, { reminders: true })).map((c) => c.timeZone)).toEqual([
          'Asia/Yangon',
        ]);
        await expect(
          store.db
            .insertInto('channels')
            .values({ platform: 'teams' as 'web', channelId: 'x', name: 'x', timeZone: 'UTC' })
            .execute(),
        ).rejects.toThrow(/check/i);
      });

      it('stores calendar events with dates as text, and cancels them', async () => {
        await upsertEvent(store.db, {
          id: 'annual-meeting-2026',
          kind: 'annual-meeting',
          title: 'ASCN Annual Meeting',
          start: '2026-07-07',
          end: '2026-07-09',
          timeZone: 'Asia/Singapore',
          example: true,
        });
        const [event] = await listEvents(store.db);
        expect(event).toMatchObject({
          start: '2026-07-07',
          end: '2026-07-09',
          cancelled: false,
          time: undefined,
        });
        expect(await cancelEvent(store.db, 'annual-meeting-2026')).toBe(true);
        expect(await listEvents(store.db)).toEqual([]);
        expect(await listEvents(store.db, { includeCancelled: true })).toHaveLength(1);
        await expect(
          store.db
            .insertInto('events')
            .values({ id: 'bad', kind: 'other', title: 'Bad', start: '7 July', timeZone: 'UTC' })
            .execute(),
        ).rejects.toThrow(/check/i);
      });

      it('keeps deliveries unique by dedupe key, ids as numbers, JSON (arrays too) and UTC instants', async () => {
        const dueAt = new Date('2026-06-06T02:30:00Z');
        const values = {
          dedupeKey: 'reminder:x:30:officer:a',
          kind: 'reminder',
          recipientKind: 'officer' as const,
          recipientId: 'a',
          dueAt,
          nextAttemptAt: dueAt,
          payload: toJson({ items: [1, 'two', { three: 3 }], note: 'ဟုတ်ကဲ့' }),
        };
        const row = await store.db
          .insertInto('deliveries')
          .values(values)
          .returningAll()
          .executeTakeFirstOrThrow();
        expect(typeof row.id).toBe('number');
        expect(row).toMatchObject({ status: 'pending', attempts: 0, late: false, dueAt });
        expect(row.payload).toEqual({ items: [1, 'two', { three: 3 }], note: 'ဟုတ်ကဲ့' });
        await expect(store.db.insertInto('deliveries').values(values).execute()).rejects.toThrow(
          /unique|duplicate/i,
        );
        const { n } = await store.db
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        expect(n).toBe(1);
        const plan = await sql<{
          plan: string;
        }>`explain select id from deliveries where status = 'pending' and next_attempt_at <= now()`.execute(
          store.db,
        );
        expect(plan.rows.length).toBeGreaterThan(0);
      });

      it('stores practices (links as JSON) and status answers, one per (round, city, project)', async () => {
        const practice = await store.db
          .insertInto('practices')
          .values({
            idempotencyKey: 'slack:T1:msg1',
            title: 'Smart lights',
            cityId: 'makassar',
            focusAreas: ['built-infrastructure'],
            problem: 'Dark streets at night',
            solution: 'Sensors',
            links: toJson(['https://example.org/a', 'https://example.org/b']),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        expect(practice.links).toEqual(['https://example.org/a', 'https://example.org/b']);
        const round = await store.db
          .insertInto('statusRounds')
          .values({
            title: 'Q2',
            opensAt: new Date(),
            closesAt: new Date(Date.now() + 86_400_000),
            nudgeAfterHours: 48,
            escalateAfterHours: 96,
            createdBy: 'secretariat',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const answer = {
          roundId: round.id,
          cityId: 'yangon',
          project: 'Flood sensors',
          status: 'on-track',
          progress: 40,
          officerId: 'csco-yangon',
        };
        await store.db.insertInto('statusAnswers').values(answer).execute();
        await expect(store.db.insertInto('statusAnswers').values(answer).execute()).rejects.toThrow(
          /unique|duplicate/i,
        );
        await expect(
          store.db
            .insertInto('statusAnswers')
            .values({ ...answer, project: 'Other', progress: 101 })
            .execute(),
        ).rejects.toThrow(/check/i);
      });

      it('rolls a failed transaction back', async () => {
        await expect(
          store.db.transaction().execute(async (tx) => {
            await tx
              .insertInto('questions')
              .values({ query: 'rolled back', platform: 'web' })
              .execute();
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        const rows = await store.db
          .selectFrom('questions')
          .selectAll()
          .where('query', '=', 'rolled back')
          .execute();
        expect(rows).toEqual([]);
      });

      it('holds the connection for a transaction: other queries never see or join it half-done', async () => {
        let inside!: () => void;
        const entered = new Promise<void>((r) => {
          inside = r;
        });
        let release!: () => void;
        const hold = new Promise<void>((r) => {
          release = r;
        });
        const tx = store.db.transaction().execute(async (t) => {
          await t.insertInto('questions').values({ query: 'in tx', platform: 'web' }).execute();
          inside();
          await hold;
          await t.insertInto('questions').values({ query: 'in tx', platform: 'web' }).execute();
        });
        await entered;
        const outside = store.db
          .selectFrom('questions')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('query', '=', 'in tx')
          .executeTakeFirstOrThrow();
        await new Promise((r) => setTimeout(r, 50));
        release();
        await tx;
        // PGlite: the outside query waited for the commit; PostgreSQL: it saw the snapshot before.
        expect((await outside).n).toBe(backend.name === 'pglite' ? 2 : 0);
      });
    },
  );
}

describe.skipIf(!server.available)(
  'store on a PostgreSQL server, opened by several processes at once',
  () => {
    let scratch: ScratchDatabase;
    beforeAll(async () => {
      scratch = await createScratchDatabase(server.url);
    });
    afterAll(async () => {
      await scratch?.drop();
    });

    it('migrates once when four openers race (advisory lock)', async () => {
      const stores = await Promise.all(
        [1, 2, 3, 4].map(() => openStore({ databaseUrl: scratch.url, poolSize: 2 })),
      );
      // One opener applies every migration; the others find the schema current.
      expect(stores.map((s) => s.migrated.length).sort()).toEqual([0, 0, 0, 4]);
      const again = await openStore({ databaseUrl: scratch.url });
      expect(again.migrated).toEqual([]);
      await Promise.all([...stores, again].map((s) => s.close()));
    });

    it('leaves appendRows to PGlite: on a server a plain insert costs this process less', async () => {
      const store = await openStore({ databaseUrl: scratch.url });
      expect(store.appendRows).toBeUndefined();
      await store.close();
    });
  },
);

describe('appendRows on embedded PGlite', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ inMemory: true });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('appends rows with COPY exactly as typed, in turn with a transaction, all or none (PGlite)', async () => {
    const columns = ['id', 'query', 'declined', 'top_path', 'platform', 'asked_at'];
    const at = new Date('2026-12-01T08:30:00.123Z');
    // What people type is data: tabs, newlines, backslashes and a literal \N stay text.
    const typed = ['tab\there', 'two\nlines\r\n', 'C:\\path \\N', '\\N', 'ช่วยด้วย 👍'];
    let release!: () => void;
    const hold = new Promise<void>((r) => {
      release = r;
    });
    const tx = store.db.transaction().execute(async (t) => {
      await t.insertInto('questions').values({ query: 'tx first', platform: 'web' }).execute();
      await hold;
    });
    const appended = store.appendRows!(
      'questions',
      columns,
      typed.map((query, i) => [900_001 + i, query, i % 2 === 0, i ? null : 'a.md', 'slack', at]),
    );
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([tx, appended]);
    const rows = await store.db
      .selectFrom('questions')
      .select(['id', 'query', 'declined', 'topPath', 'askedAt'])
      .where('id', '>', 900_000)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.query)).toEqual(typed);
    expect(rows.map((r) => r.declined)).toEqual([true, false, true, false, true]);
    expect(rows.map((r) => r.topPath)).toEqual(['a.md', null, null, null, null]);
    expect(new Date(rows[0]!.askedAt).toISOString()).toBe(at.toISOString());
    // A duplicate key fails the whole copy: the new row beside it is not written either.
    await expect(
      store.appendRows!('questions', columns, [
        [900_100, 'new', false, null, 'web', at],
        [900_001, 'duplicate', false, null, 'web', at],
      ]),
    ).rejects.toThrow();
    const after = await store.db
      .selectFrom('questions')
      .select('id')
      .where('id', '=', 900_100)
      .execute();
    expect(after).toEqual([]);
    await expect(store.appendRows!('questions; drop table x', ['id'], [[1]])).rejects.toThrow(
      'not a plain SQL name',
    );
    await expect(store.appendRows!('questions', ['query'], [['a NUL \u0000']])).rejects.toThrow(
      'NUL',
    );
  });
});

describe('store on PGlite in a data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ascn-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survives close and reopen', async () => {
    const first = await openStore({ dataDir: dir });
    expect(first.migrated).toEqual([
      '0001_initial',
      '0002_platform_contracts',
      '0003_sign_in',
      '0004_question_id_blocks',
    ]);
    await upsertOfficer(first.db, {
      id: 'nr-sg',
      name: 'Wei Ling',
      role: 'national-representative',
      country: 'SG',
      example: true,
    });
    await first.close();
    const second = await openStore({ dataDir: dir });
    expect(second.migrated).toEqual([]);
    expect((await listOfficers(second.db)).map((o) => o.id)).toEqual(['nr-sg']);
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/in use by process/);
    await second.close();
  });

  it('takes over the lock of a process that died', async () => {
    writeFileSync(join(dir, 'ascn-store.lock'), '999999999');
    const store = await openStore({ dataDir: dir });
    await store.close();
  });
});
