import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkSignInLink,
  endWebSession,
  findWebSession,
  grantSignInLink,
  hashSecret,
  listAccess,
  openStore,
  redeemSignInLink,
  removeOfficer,
  revokeAccess,
  type Store,
  sharedSetting,
  sql,
  upsertOfficer,
} from './index.js';
import { migrationProvider } from './migrations.js';
import { pgliteBackend, postgresBackend } from './test-backends.js';

const DAY = 86_400_000;
const TTL = 14 * DAY;
const now = new Date('2026-12-01T00:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

for (const backend of [pgliteBackend(), postgresBackend('ascn_access')]) {
  describe.skipIf(backend.skip)(`sign-in links and sessions on ${backend.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.open();
      await upsertOfficer(store.db, {
        id: 'sec-1',
        name: 'Siti',
        role: 'secretariat',
        example: false,
      });
      await upsertOfficer(store.db, {
        id: 'csco-hanoi',
        name: 'Lan',
        role: 'csco',
        cityId: 'hanoi',
        example: false,
      });
      await upsertOfficer(store.db, {
        id: 'demo-x',
        name: 'Example person',
        role: 'csco',
        cityId: 'yangon',
        example: true,
      });
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    const grant = async (officerId: string, expiresAt = later(30 * DAY)) => {
      const r = await grantSignInLink(store.db, { officerId, expiresAt, now });
      if (!r.ok) throw new Error(r.reason);
      return r.link;
    };
    const redeem = (token: string, at = now) =>
      redeemSignInLink(store.db, token, { now: at, sessionTtlMs: TTL });
    /** The session a link starts, for tests about what comes after signing in. */
    const signIn = async (token: string) => {
      const r = await redeem(token);
      if (!r.ok) throw new Error(r.reason);
      return r.session;
    };

    it('grants a link to a registered officer only', async () => {
      for (const [officerId, reason] of [
        ['nobody', 'unknown-officer'],
        ['demo-x', 'example-officer'],
      ] as const)
        expect(await grantSignInLink(store.db, { officerId, expiresAt: later(DAY), now })).toEqual({
          ok: false,
          reason,
        });
      const link = await grant('sec-1');
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.linkId).toMatch(/^link-[0-9a-f]{10}$/);
    });

    it('keeps only the hash of a token and of a session id', async () => {
      const link = await grant('sec-1');
      const session = await signIn(link.token);
      const dump = JSON.stringify([
        (await sql`select * from sign_in_links`.execute(store.db)).rows,
        (await sql`select * from web_sessions`.execute(store.db)).rows,
      ]);
      expect(dump).not.toContain(link.token);
      expect(dump).not.toContain(session.sessionId);
      expect(dump).toContain(hashSecret(link.token));
      expect(dump).toContain(hashSecret(session.sessionId));
    });

    it('signs in once: a used link is refused, and two racing redeems start one session', async () => {
      const link = await grant('csco-hanoi');
      expect(await checkSignInLink(store.db, link.token, now)).toMatchObject({
        ok: true,
        officer: { id: 'csco-hanoi' },
      });
      const results = await Promise.all([1, 2, 3].map(() => redeem(link.token)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['used', 'used']);
      const session = results.find((r) => r.ok)!;
      if (!session.ok) throw new Error('unreachable');
      expect(session.session.expiresAt).toEqual(later(TTL));
      const found = await findWebSession(store.db, session.session.sessionId, later(DAY));
      expect(found?.officer.id).toBe('csco-hanoi');
      expect(await checkSignInLink(store.db, link.token, now)).toEqual({
        ok: false,
        reason: 'used',
      });
    });

    it('refuses an expired link, an unknown one and one that is not even a token', async () => {
      const link = await grant('csco-hanoi', later(DAY));
      expect(await redeem(link.token, later(DAY))).toEqual({ ok: false, reason: 'expired' });
      expect(await redeem('A'.repeat(43))).toEqual({
        ok: false,
        reason: 'unknown',
      });
      expect(await redeem("' or 1=1 --")).toEqual({
        ok: false,
        reason: 'unknown',
      });
    });

    it('ends a session at sign-out and when it expires', async () => {
      const link = await grant('sec-1');
      const id = (await signIn(link.token)).sessionId;
      expect(await findWebSession(store.db, id, later(TTL))).toBeUndefined();
      expect(await endWebSession(store.db, id, now)).toBe(true);
      expect(await findWebSession(store.db, id, now)).toBeUndefined();
      expect(await endWebSession(store.db, id, now)).toBe(false);
    });

    it('revokes one link and its sessions, or all of an officer’s', async () => {
      await upsertOfficer(store.db, {
        id: 'nr-vn',
        name: 'Minh',
        role: 'national-representative',
        country: 'VN',
        example: false,
      });
      const a = await grant('nr-vn');
      const b = await grant('nr-vn');
      const unused = await grant('nr-vn');
      const sa = await signIn(a.token);
      const sb = await signIn(b.token);

      expect(await revokeAccess(store.db, a.linkId, now)).toEqual({
        kind: 'link',
        officerId: 'nr-vn',
        links: 1,
        sessions: 1,
      });
      expect(await findWebSession(store.db, sa.sessionId, now)).toBeUndefined();
      expect(await findWebSession(store.db, sb.sessionId, now)).toBeDefined();

      expect(await revokeAccess(store.db, 'nr-vn', now)).toEqual({
        kind: 'officer',
        officerId: 'nr-vn',
        links: 2,
        sessions: 1,
      });
      expect(await findWebSession(store.db, sb.sessionId, now)).toBeUndefined();
      expect(await redeem(unused.token)).toEqual({
        ok: false,
        reason: 'revoked',
      });
      expect(await revokeAccess(store.db, 'no-such-thing', now)).toBeUndefined();

      const listed = (await listAccess(store.db, now)).filter((e) => e.officerId === 'nr-vn');
      expect(listed.map((e) => e.state).sort()).toEqual(['revoked', 'revoked', 'revoked']);
      expect(listed.every((e) => e.liveSessions === 0)).toBe(true);
    });

    it('signs nobody in as a removed officer, whatever link or session they had', async () => {
      await upsertOfficer(store.db, {
        id: 'csco-cebu',
        name: 'Ana',
        role: 'csco',
        cityId: 'cebu',
        example: false,
      });
      const used = await grant('csco-cebu');
      const spare = await grant('csco-cebu');
      const session = await signIn(used.token);
      await removeOfficer(store.db, 'csco-cebu', now);
      expect(await findWebSession(store.db, session.sessionId, now)).toBeUndefined();
      expect(await redeem(spare.token)).toEqual({
        ok: false,
        reason: 'removed',
      });
      expect(
        await grantSignInLink(store.db, { officerId: 'csco-cebu', expiresAt: later(DAY), now }),
      ).toEqual({ ok: false, reason: 'removed-officer' });
    });

    it('lists links newest first with their state and live sessions', async () => {
      const fresh = await grantSignInLink(store.db, {
        officerId: 'sec-1',
        expiresAt: later(2 * DAY),
        now: later(1000),
      });
      if (!fresh.ok) throw new Error(fresh.reason);
      const list = await listAccess(store.db, now);
      expect(list[0]).toMatchObject({
        linkId: fresh.link.linkId,
        officerId: 'sec-1',
        officerName: 'Siti',
        state: 'unused',
        liveSessions: 0,
      });
      expect(list.some((e) => e.state === 'used' && e.liveSessions === 1)).toBe(true);
      expect(
        (await listAccess(store.db, later(3 * DAY))).find((e) => e.linkId === fresh.link.linkId)
          ?.state,
      ).toBe('expired');
    });

    it('generates a shared setting once, whoever asks first', async () => {
      let made = 0;
      const values = await Promise.all(
        [1, 2, 3, 4].map(() => sharedSetting(store.db, 'test-secret', () => `value-${++made}`)),
      );
      expect(new Set(values).size).toBe(1);
      expect(await sharedSetting(store.db, 'test-secret', () => 'other')).toBe(values[0]);
    });
  });
}

describe('migration 0003 on a database that had rounds', () => {
  it('marks the rounds opened by example people as example rounds', async () => {
    const store = await openStore({ inMemory: true, migrate: false });
    try {
      const migrator = new Migrator({ db: store.db, provider: migrationProvider });
      expect((await migrator.migrateTo('0002_platform_contracts')).error).toBeUndefined();
      await upsertOfficer(store.db, {
        id: 'demo-sec',
        name: 'Example',
        role: 'secretariat',
        example: true,
      });
      await upsertOfficer(store.db, {
        id: 'sec-real',
        name: 'Real',
        role: 'secretariat',
        example: false,
      });
      for (const createdBy of ['demo-sec', 'sec-real'])
        await sql`insert into status_rounds (title, opens_at, closes_at, nudge_after_hours, escalate_after_hours, created_by)
          values (${createdBy}, now(), now(), 1, 2, ${createdBy})`.execute(store.db);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rounds = await store.db
        .selectFrom('statusRounds')
        .select(['createdBy', 'example'])
        .orderBy('id')
        .execute();
      expect(rounds).toEqual([
        { createdBy: 'demo-sec', example: true },
        { createdBy: 'sec-real', example: false },
      ]);
    } finally {
      await store.close();
    }
  });
});
