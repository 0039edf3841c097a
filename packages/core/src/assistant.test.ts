import { openKnowledgeBase } from '@ascn/knowledge';
import type { Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from './assistant.js';
import { indexStoredPractices } from './practices.js';
import { replyToText } from './reply.js';
import { DOCS_DIR, databases, type World, world } from './test-support.js';

const dbs = await databases();

const practice = {
  title: 'Rainwater gauges on market roofs',
  city: 'bangkok',
  focusAreas: ['quality-environment'],
  problem: 'Flash floods reach the old markets before any warning is given.',
  solution: 'Cheap rain gauges on market roofs send readings to the district office every minute.',
  results: 'Stall owners get a text message twenty minutes earlier than before.',
  links: 'https://example.org/gauges',
};

describe.each(dbs)('the assistant ($name)', ({ open }) => {
  let w: World;
  let store: Store;
  let drop: () => Promise<void>;
  const replans: string[] = [];

  beforeAll(async () => {
    ({ store, drop } = await open());
    w = await world(store, '2027-05-03T00:00:00Z');
    w.assistant = createAssistant({
      store,
      knowledge: await openKnowledgeBase({ docsDir: DOCS_DIR }),
      clock: w.clock,
      replan: async () => {
        replans.push('replan');
      },
    });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('answers with a citation and logs the question', async () => {
    const r = await w.assistant.handle(
      await w.actor(null),
      'what are the three strategic outcomes of the ascf?',
    );
    const citation = r.blocks.find((b) => b.kind === 'citation');
    expect(citation).toMatchObject({ path: 'framework/outcomes-and-focus-areas.md' });
    expect(replyToText(r).toLowerCase()).toContain('competitive economy');
  });

  it('answers "when is…" questions from the calendar, in the reader zone, with the docs for context', async () => {
    const r = replyToText(
      await w.assistant.handle(
        await w.actor('demo-csco-yangon'),
        'when is the next annual meeting?',
      ),
    );
    expect(r).toContain('NEXT IN THE CALENDAR');
    expect(r).toContain('ASCN annual meeting (example): 2027-07-06 to 2027-07-07 (in 64 days)');
    expect(r).toContain('[example data]');
    expect(r).toContain('Source: ');
    const plain = replyToText(
      await w.assistant.handle(await w.actor(null), 'what happens at the annual meeting'),
    );
    expect(plain).not.toContain('NEXT IN THE CALENDAR');
  });

  it('declines what the knowledge base does not hold, and Lunr syntax is just text', async () => {
    for (const q of ['who won the 2022 world cup', '*:^~+-', '🙂🙂🙂']) {
      const r = await w.assistant.handle(await w.actor(null), q);
      expect(r.tone).toBe('normal');
      expect(r.blocks.some((b) => b.kind === 'citation')).toBe(false);
      expect(replyToText(r)).toContain('could not find that');
    }
  });

  it('treats field syntax inside a question as words', async () => {
    const r = await w.assistant.handle(await w.actor(null), 'title:* focus^2 areas~1');
    expect(r.tone).toBe('normal');
  });

  it('lists declined and thumbs-down questions for the Secretariat only', async () => {
    const asked = await w.assistant.handle(await w.actor(null), 'what is the ASCN Online Portal?');
    const down = asked.blocks
      .flatMap((b) => (b.kind === 'buttons' ? b.buttons : []))
      .find((b) => b.action === 'feedback:down');
    await w.assistant.action(await w.actor(null), 'feedback:down', down!.value!);
    await w.assistant.handle(await w.actor(null), 'Who won the 2022 World Cup?');
    expect((await w.assistant.handle(await w.actor('demo-csco-yangon'), 'gaps')).tone).toBe(
      'error',
    );
    const gaps = replyToText(await w.assistant.handle(await w.actor('demo-secretariat'), 'gaps'));
    expect(gaps).toContain('2× "who won the 2022 world cup" (2 declined, 0 thumbs down)');
    expect(gaps).toContain('1× "what is the ASCN Online Portal?" (0 declined, 1 thumbs down)');
  });

  it('does not let a guest share, nor an officer share for another city', async () => {
    const guest = await w.assistant.submitForm(
      await w.actor(null),
      'best-practice',
      {},
      practice,
      'k-guest',
    );
    expect(guest).toEqual({
      ok: false,
      errors: {
        form: 'Only registered officers can do that. Ask the ASEAN Secretariat to register you.',
      },
    });
    const other = await w.assistant.submitForm(
      await w.actor('demo-csco-yangon'),
      'best-practice',
      {},
      practice,
      'k-other',
    );
    expect(other).toEqual({
      ok: false,
      errors: { form: 'You can share practices for Yangon only.' },
    });
  });

  it('explains wrong form fields in plain words and stores nothing', async () => {
    const r = await w.assistant.submitForm(
      await w.actor('demo-csco-bangkok'),
      'best-practice',
      {},
      { ...practice, problem: 'short', focusAreas: '', links: 'not-a-link' },
      'k-bad',
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        problem: 'the problem needs at least 10 characters',
        focusAreas: 'choose at least one focus area',
        links: 'each link must be a full URL starting with https://',
      },
    });
    expect(await store.db.selectFrom('practices').select('id').execute()).toEqual([]);
  });

  it('stores a practice once, announces it to the channels that follow its focus area, and finds it at once', async () => {
    const actor = await w.actor('demo-csco-bangkok');
    const first = await w.assistant.submitForm(actor, 'best-practice', {}, practice, 'k-1');
    const again = await w.assistant.submitForm(actor, 'best-practice', {}, practice, 'k-1');
    expect(first.ok && replyToText(first.reply)).toContain('is shared');
    expect(again.ok && replyToText(again.reply)).toContain('was already shared');
    expect(await store.db.selectFrom('practices').select('title').execute()).toEqual([
      { title: practice.title },
    ]);
    const announced = await w.deliverDue();
    expect(announced.map((d) => [d.kind, d.recipientId])).toEqual([
      ['announcement', 'web:general'],
    ]);
    const found = await w.assistant.handle(actor, 'rain gauges on market roofs for flash floods');
    expect(found.blocks.find((b) => b.kind === 'citation')).toMatchObject({
      path: expect.stringMatching(/^shared\/practice-\d+-rainwater-gauges/),
    });
  });

  it('finds shared practices again after a restart', async () => {
    const fresh = await openKnowledgeBase({ docsDir: DOCS_DIR });
    expect(fresh.search('rainwater gauges market roofs')[0]?.path ?? '').not.toMatch(/^shared\//);
    expect(await indexStoredPractices(store, fresh)).toBe(1);
    expect(fresh.search('rainwater gauges market roofs')[0]?.path).toMatch(/^shared\//);
  });

  it('lets registered officers choose what a channel follows, with clear errors', async () => {
    expect((await w.assistant.handle(await w.actor(null, 'c1'), 'subscribe safety')).tone).toBe(
      'error',
    );
    const bad = await w.assistant.handle(
      await w.actor('demo-csco-yangon', 'c1'),
      'subscribe weather',
    );
    expect(replyToText(bad)).toContain('"weather" is not a focus area.');
    const ok = await w.assistant.handle(
      await w.actor('demo-csco-yangon', 'c1'),
      'subscribe safety & security, health',
    );
    expect(replyToText(ok)).toBe(
      'This channel follows: Safety & Security, Health & Well-being; deadline reminders off.',
    );
    await w.assistant.handle(await w.actor('demo-csco-yangon', 'c1'), 'subscribe reminders on');
    expect(replans.length).toBeGreaterThan(0);
  });

  it('keeps admin commands for the Secretariat and names the wrong value', async () => {
    const sec = await w.actor('demo-secretariat');
    expect(
      replyToText(
        await w.assistant.handle(
          await w.actor('demo-csco-bangkok'),
          'admin officer remove demo-csco-yangon',
        ),
      ),
    ).toBe('Only the ASEAN Secretariat can do that.');
    const badZone = await w.assistant.handle(
      sec,
      'admin event add id=report-2027 kind=report-due title="Reports due" start=2027-06-01 tz=Asia/Atlantis example=true',
    );
    expect(replyToText(badZone)).toBe('tz: not an IANA time zone (for example Asia/Yangon)');
    const noSource = await w.assistant.handle(
      sec,
      'admin event add id=report-2027 kind=report-due title="Reports due" start=2027-06-01 tz=Asia/Jakarta',
    );
    expect(replyToText(noSource)).toBe(
      'source: a real event needs a source URL (or mark it "example": true)',
    );
    const before = replans.length;
    const added = await w.assistant.handle(
      sec,
      'admin event add id=report-2027 kind=report-due title="Reports due (example)" start=2027-06-01 tz=Asia/Jakarta example=true',
    );
    expect(replyToText(added)).toContain('Added "Reports due (example)" on 2027-06-01 (example)');
    expect(replans.length).toBe(before + 1);
    const deadlines = replyToText(
      await w.assistant.handle(await w.actor('demo-csco-yangon'), 'deadlines'),
    );
    expect(deadlines).toContain('Reports due (example): 2027-06-01 (in 29 days) [example data]');
    expect(deadlines).toContain('Times in Asia/Yangon.');
    const unknown = await w.assistant.handle(sec, 'admin fly to the moon');
    expect(replyToText(unknown)).toContain('I do not know "admin fly to the moon"');
  });

  it('lets an officer choose a daily digest, and only an officer', async () => {
    expect((await w.assistant.handle(await w.actor(null), 'digest on')).tone).toBe('error');
    expect(
      replyToText(await w.assistant.handle(await w.actor('demo-csco-yangon'), 'digest maybe')),
    ).toBe('Say "digest on" or "digest off".');
    await w.assistant.handle(await w.actor('demo-csco-yangon'), 'digest on');
    const row = await store.db
      .selectFrom('officers')
      .select('reminderDigest')
      .where('id', '=', 'demo-csco-yangon')
      .executeTakeFirstOrThrow();
    expect(row.reminderDigest).toBe(true);
  });

  it('tells those already reminded when an event moves, once', async () => {
    const sec = await w.actor('demo-secretariat');
    const now = w.clock.now();
    await store.db
      .insertInto('deliveries')
      .values({
        dedupeKey: 'reminder:report-2027:30:officer:demo-csco-yangon',
        kind: 'reminder',
        recipientKind: 'officer',
        recipientId: 'demo-csco-yangon',
        eventId: 'report-2027',
        leadDays: 30,
        dueAt: now,
        nextAttemptAt: now,
        payload: '{}',
        status: 'sent',
      })
      .execute();
    const moved = await w.assistant.handle(sec, 'admin event edit report-2027 start=2027-06-08');
    expect(replyToText(moved)).toContain('Updated "Reports due (example)" on 2027-06-08');
    await w.assistant.handle(
      sec,
      'admin event edit report-2027 start=2027-06-08 title="Reports due (example)"',
    );
    const notices = (await w.deliverDue()).filter((d) => d.kind === 'notice');
    expect(notices.map((d) => d.recipientId)).toEqual(['demo-csco-yangon']);
    expect(JSON.stringify(notices[0]?.payload)).toContain('Now 2027-06-08; it was 2027-06-01.');
  });

  it('registers and removes an officer, whose pending messages are cancelled', async () => {
    const sec = await w.actor('demo-secretariat');
    const add = await w.assistant.handle(
      sec,
      'admin officer add id=csco-kl name="Example CSCO, KL" role=csco city=KL slack=U123',
    );
    expect(replyToText(add)).toBe(
      'Registered Example CSCO, KL as Chief Smart City Officer for Kuala Lumpur.',
    );
    expect((await w.assistant.resolveActor('slack', 'U123')).officer?.id).toBe('csco-kl');
    const clash = await w.assistant.handle(
      sec,
      'admin officer add id=csco-kl2 name="Another" role=csco city=KL slack=U123',
    );
    expect(replyToText(clash)).toBe(
      'That Slack or Discord user is already registered to another officer.',
    );
    expect(replyToText(await w.assistant.handle(sec, 'admin officer remove csco-kl'))).toContain(
      'Removed csco-kl',
    );
    expect((await w.assistant.resolveActor('slack', 'U123')).officer).toBeNull();
    // The Slack account is free again for a successor.
    const successor = await w.assistant.handle(
      sec,
      'admin officer add id=csco-kl-2 name="Next CSCO, KL" role=csco city=KL slack=U123',
    );
    expect(replyToText(successor)).toContain('Registered Next CSCO, KL');
    // Re-registering someone keeps their own digest choice.
    await w.assistant.handle(
      sec,
      'admin officer add id=demo-csco-yangon name="Example CSCO, Yangon" role=csco city=Yangon',
    );
    const yangon = await store.db
      .selectFrom('officers')
      .select('reminderDigest')
      .where('id', '=', 'demo-csco-yangon')
      .executeTakeFirstOrThrow();
    expect(yangon.reminderDigest).toBe(true);
  });
});
