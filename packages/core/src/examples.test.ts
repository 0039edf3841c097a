/**
 * The example people (anyone on the web page may act as them) act only on example data: the
 * example Secretariat cannot touch a real officer, event or round, and example officers can
 * neither read nor answer a real round.
 */
import type { Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOfficer } from './directory.js';
import { replyToText } from './reply.js';
import { databases, type World, world } from './test-support.js';

const dbs = await databases();

describe.each(dbs)('example people on example data only ($name)', ({ open }) => {
  let w: World;
  let store: Store;
  let drop: () => Promise<void>;
  const say = async (who: string | null, words: string) =>
    replyToText(await w.assistant.handle(w.as(who), words));
  const example = 'demo-secretariat';

  beforeAll(async () => {
    ({ store, drop } = await open());
    w = await world(store, '2027-05-03T00:00:00Z');
    await registerOfficer(store, {
      id: 'sec-real',
      name: 'Secretariat Officer',
      role: 'secretariat',
      timeZone: 'Asia/Jakarta',
    });
    await registerOfficer(store, {
      id: 'csco-yangon',
      name: 'Yangon Officer',
      role: 'csco',
      cityId: 'yangon',
    });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  const officer = (id: string) =>
    store.db.selectFrom('officers').selectAll().where('id', '=', id).executeTakeFirst();

  it('registers example people only: never a real officer, a chat account or an e-mail', async () => {
    expect(
      await say(
        example,
        'admin officer add id=csco-yangon name="Taken over" role=csco city=Yangon',
      ),
    ).toMatch(/^Example people act only on example data, and officer csco-yangon is real\./);
    expect((await officer('csco-yangon'))?.name).toBe('Yangon Officer');
    for (const extra of ['slack=U1', 'discord=123456789012345678', 'email=x@example.org'])
      expect(
        await say(
          example,
          `admin officer add id=demo-new name="New" role=csco city=Hanoi ${extra}`,
        ),
      ).toMatch(/^Example people cannot link Slack or Discord accounts or e-mail addresses/);
    expect(await officer('demo-new')).toBeUndefined();
    expect(
      await say(example, 'admin officer add id=demo-new name="New example" role=csco city=Hanoi'),
    ).toContain('Registered New example');
    expect((await officer('demo-new'))?.example).toBe(true);
  });

  it('removes example people only', async () => {
    expect(await say(example, 'admin officer remove csco-yangon')).toMatch(
      /^Example people act only on example data, and officer csco-yangon is real\./,
    );
    expect((await officer('csco-yangon'))?.removedAt).toBeNull();
    expect(await say(example, 'admin officer remove demo-new')).toContain('Removed demo-new');
  });

  it('adds events as example data, and cannot edit or cancel a real one', async () => {
    expect(
      await say(
        example,
        'admin event add id=ex-workshop kind=governance-workshop title="Workshop" start=2027-08-02 tz=Asia/Jakarta',
      ),
    ).toContain('Added "Workshop" on 2027-08-02 (example)');
    const event = (id: string) =>
      store.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect((await event('ex-workshop')).example).toBe(true);
    // Nor can an edit make an example event real.
    await say(example, 'admin event edit ex-workshop example=false source=https://asean.org/x');
    expect((await event('ex-workshop')).example).toBe(true);
    const real = 'ascn-annual-meeting-2025';
    const before = await event(real);
    expect(await say(example, `admin event edit ${real} start=2027-01-01`)).toMatch(
      /^Example people act only on example data, and event ascn-annual-meeting-2025 is real\./,
    );
    expect(await say(example, `admin event cancel ${real}`)).toMatch(/is real\./);
    expect(await event(real)).toEqual(before);
    // The real Secretariat may.
    expect(await say('sec-real', 'admin event cancel ex-workshop')).toContain('Cancelled');
  });

  it('opens example rounds that ask example people only; real rounds ask real officers only', async () => {
    expect(await say(example, 'admin round open title="Example round" closes=2027-06-30')).toMatch(
      /Opened status round \d+/,
    );
    expect(await say('sec-real', 'admin round open title="Real round" closes=2027-06-30')).toMatch(
      /Opened status round \d+/,
    );
    const rounds = await store.db
      .selectFrom('statusRounds')
      .select(['id', 'title', 'example'])
      .orderBy('id')
      .execute();
    expect(rounds.map((r) => [r.title, r.example])).toEqual([
      ['Example round', true],
      ['Real round', false],
    ]);
    const [exampleRound, realRound] = rounds;
    const askedIn = async (roundId: number) =>
      (
        await store.db
          .selectFrom('deliveries')
          .select('recipientId')
          .where('dedupeKey', 'like', `round:${roundId}:prompt:%`)
          .execute()
      )
        .map((d) => d.recipientId)
        .sort();
    expect(await askedIn(exampleRound!.id)).toEqual([
      'demo-csco-bangkok',
      'demo-csco-makassar',
      'demo-csco-yangon',
    ]);
    expect(await askedIn(realRound!.id)).toEqual(['csco-yangon']);

    // Each answers their own kind of round: "status" opens it.
    expect(await say('demo-csco-yangon', 'status')).toContain('Status round "Example round"');
    expect(await say('csco-yangon', 'status')).toContain('Status round "Real round"');
    const file = (who: string, roundId: number) =>
      w.assistant.submitForm(w.as(who), {
        formId: 'status-update',
        context: { roundId: String(roundId) },
        values: { project: 'Example: online permits', status: 'on-track', progress: '40' },
      });
    const intruding = await file('demo-csco-yangon', realRound!.id);
    expect(intruding.status).toBe('invalid');
    expect(JSON.stringify(intruding.reply)).toContain(
      `Example people act only on example data, and round ${realRound!.id} is real.`,
    );
    expect(
      await store.db
        .selectFrom('statusAnswers')
        .select('id')
        .where('roundId', '=', realRound!.id)
        .execute(),
    ).toEqual([]);
    expect((await file('demo-csco-yangon', exampleRound!.id)).status).toBe('done');

    // Example officers read example reports only; the example Secretariat closes example rounds only.
    expect(await say('demo-nr-myanmar', `report ${realRound!.id}`)).toMatch(
      /^Example people act only on example data, and round \d+ is real\./,
    );
    expect(await say('demo-nr-myanmar', `report ${exampleRound!.id}`)).toContain(
      'PROGRESS REPORT: EXAMPLE ROUND',
    );
    expect(await say('sec-real', `report ${realRound!.id}`)).toContain(
      'PROGRESS REPORT: REAL ROUND',
    );
    expect(await say(example, `admin round close ${realRound!.id}`)).toMatch(/is real\./);
    expect(
      (
        await store.db
          .selectFrom('statusRounds')
          .select('status')
          .where('id', '=', realRound!.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('open');
    expect(await say(example, `admin round close ${exampleRound!.id}`)).toContain('Closed round');
  });

  it('suggests example people only to the example Secretariat', async () => {
    const suggested = async (who: string) =>
      (await w.assistant.autocomplete(w.as(who), ['admin', 'officer', 'remove'], 'id', '')).map(
        (s) => s.value,
      );
    expect(await suggested(example)).not.toContain('csco-yangon');
    expect((await suggested(example)).every((id) => id.startsWith('demo-'))).toBe(true);
    expect(await suggested('sec-real')).toContain('csco-yangon');
  });
});
