import { openKnowledgeBase } from '@ascn/knowledge';
import { type Store, toJson } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAction } from './actions.js';
import { createAssistant } from './assistant.js';
import { deliveryReply } from './deliveries.js';
import { registerOfficer } from './directory.js';
import { indexStoredPractices } from './practices.js';
import { type Reply, replyToText } from './reply.js';
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

type FormBlock = Extract<Reply['blocks'][number], { kind: 'form' }>;
const formOf = (r: Reply): FormBlock => {
  const form = r.blocks.find((b): b is FormBlock => b.kind === 'form');
  if (!form) throw new Error(`no form in: ${replyToText(r)}`);
  return form;
};
const buttonsOf = (r: Reply) => r.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons : []));

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
      publicUrl: 'https://ascn.example.org/',
      replan: async () => {
        replans.push('replan');
      },
    });
    // Real officers (not example people): what they do reaches real data.
    await registerOfficer(store, {
      id: 'sec-real',
      name: 'Secretariat Officer',
      role: 'secretariat',
      timeZone: 'Asia/Jakarta',
    });
    await registerOfficer(store, {
      id: 'csco-bangkok',
      name: 'Bangkok Officer',
      role: 'csco',
      cityId: 'bangkok',
    });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('answers with a citation that links to the section, and logs the question', async () => {
    const r = await w.assistant.handle(
      w.as(null),
      'what are the three strategic outcomes of the ascf?',
    );
    const citation = r.blocks.find((b) => b.kind === 'citation');
    expect(citation).toMatchObject({
      path: 'framework/outcomes-and-focus-areas.md',
      url: expect.stringMatching(
        /^https:\/\/ascn\.example\.org\/docs\/framework\/outcomes-and-focus-areas\.md#/,
      ),
    });
    expect(replyToText(r).toLowerCase()).toContain('competitive economy');
  });

  it('answers "when is…" questions from the calendar, in the reader zone, with the docs for context', async () => {
    const r = replyToText(
      await w.assistant.handle(w.as('demo-csco-yangon'), 'when is the next annual meeting?'),
    );
    expect(r).toContain('NEXT IN THE CALENDAR');
    expect(r).toContain('ASCN annual meeting (example): 2027-07-06 to 2027-07-07 (in 64 days)');
    expect(r).toContain('[example data]');
    expect(r).toContain('Source: ');
    const plain = replyToText(
      await w.assistant.handle(w.as(null), 'what happens at the annual meeting'),
    );
    expect(plain).not.toContain('NEXT IN THE CALENDAR');
    // Another body's meeting, declined by the knowledge base, is not answered by our calendar.
    const apec = replyToText(
      await w.assistant.handle(w.as('demo-csco-yangon'), "when's the next APEC leaders' meeting"),
    );
    expect(apec).toContain('could not find that');
    expect(apec).not.toContain('NEXT IN THE CALENDAR');
  });

  it('declines what the knowledge base does not hold, and Lunr syntax is just text', async () => {
    for (const q of ['who won the 2022 world cup', '*:^~+-', '🙂🙂🙂']) {
      const r = await w.assistant.handle(w.as(null), q);
      expect(r.tone).toBe('normal');
      expect(r.blocks.some((b) => b.kind === 'citation')).toBe(false);
      expect(replyToText(r)).toContain('could not find that');
    }
  });

  it('treats field syntax inside a question as words, and a NUL byte as bad input', async () => {
    const r = await w.assistant.handle(w.as(null), 'title:* focus^2 areas~1');
    expect(r.tone).toBe('normal');
    const nul = await w.assistant.handle(w.as(null), 'what is\u0000 the ascn');
    expect(nul.tone).toBe('error');
    expect(replyToText(nul)).toContain('a NUL byte');
  });

  it('counts each person’s last vote once, and lists declined and thumbs-down questions for the Secretariat only', async () => {
    const asked = await w.assistant.handle(w.as(null), 'what is the ASCN Online Portal?');
    const down = buttonsOf(asked).find(
      (b) => b.action.kind === 'feedback' && b.action.vote === 'down',
    )!;
    const up = buttonsOf(asked).find(
      (b) => b.action.kind === 'feedback' && b.action.vote === 'up',
    )!;
    // A guest clicks 👍 then 👎: the last click counts; a second person's 👍 does not undo it.
    await w.assistant.action(w.as(null), encodeAction(up.action));
    await w.assistant.action(w.as(null), encodeAction(down.action));
    await w.assistant.action(w.as('demo-csco-yangon'), encodeAction(up.action));
    const votes = await store.db
      .selectFrom('questionFeedback')
      .select(['userId', 'vote'])
      .orderBy('userId')
      .execute();
    expect(votes).toEqual([
      { userId: 'demo-csco-yangon', vote: 'up' },
      { userId: 'guest', vote: 'down' },
    ]);
    await w.assistant.handle(w.as(null), 'Who won the 2022 World Cup?');
    expect((await w.assistant.handle(w.as('demo-csco-yangon'), 'gaps')).tone).toBe('error');
    const gaps = replyToText(await w.assistant.handle(w.as('sec-real'), 'gaps'));
    expect(gaps).toContain('2× "who won the 2022 world cup" (2 declined, 0 thumbs down)');
    expect(gaps).toContain('1× "what is the ASCN Online Portal?" (0 declined, 1 thumbs down)');
    // The example Secretariat sees only what example people asked, never what others typed.
    await w.assistant.handle(w.as('demo-csco-yangon'), 'Who won the 2022 World Cup?');
    const examples = replyToText(await w.assistant.handle(w.as('demo-secretariat'), 'gaps'));
    expect(examples).toContain('1× "Who won the 2022 World Cup?" (1 declined, 0 thumbs down)');
    expect(examples).not.toContain('ASCN Online Portal');
  });

  it('answers a forged or stale button id in plain words', async () => {
    for (const id of [
      'feedback:down',
      'ascn:fb:1:x',
      'ascn:rs:99999999999999999999',
      'ascn:zz',
      'x'.repeat(500),
      'ascn:fo:../../etc:0',
    ]) {
      const r = await w.assistant.action(w.as(null), id);
      expect(r.tone, id).toBe('error');
      expect(replyToText(r), id).toBe(
        'I do not know that button any more; please use the latest message.',
      );
    }
  });

  it('does not let a guest share, nor an officer share for another city', async () => {
    const share = (officer: string | null) =>
      w.assistant.submitForm(w.as(officer), {
        formId: 'best-practice',
        context: {},
        values: practice,
      });
    const guest = await share(null);
    expect(guest.status).toBe('invalid');
    expect(replyToText(guest.reply)).toBe(
      'Only registered officers can do that. Ask the ASEAN Secretariat to register you.',
    );
    const other = await w.assistant.submitForm(w.as('csco-bangkok'), {
      formId: 'best-practice',
      context: {},
      values: { ...practice, city: 'yangon' },
    });
    expect(other.status).toBe('invalid');
    expect(formOf(other.reply).formError).toBe('You can share practices for Bangkok only.');
    // Example people share nothing: a practice reaches the knowledge base and real channels.
    const example = await share('demo-csco-bangkok');
    expect(example.status).toBe('invalid');
    expect(replyToText(example.reply)).toContain('Example people cannot share practices');
    expect(replyToText(await w.assistant.handle(w.as('demo-csco-bangkok'), 'share'))).toContain(
      'Example people cannot share practices',
    );
    expect(await store.db.selectFrom('practices').select('id').execute()).toEqual([]);
  });

  it('explains wrong form fields in plain words, keeps what was typed, and stores nothing', async () => {
    const officer = w.as('csco-bangkok');
    const r = await w.assistant.submitForm(officer, {
      formId: 'best-practice',
      context: {},
      values: {
        ...practice,
        problem: 'short',
        focusAreas: '',
        links: 'javascript:alert(1)',
      },
    });
    expect(r.status).toBe('invalid');
    const form = formOf(r.reply);
    expect(form.fieldErrors).toEqual({
      problem: 'the problem needs at least 10 characters',
      focusAreas: 'choose at least one focus area',
      links: 'each link must be a full URL starting with https://',
    });
    expect(form.values).toMatchObject({ title: practice.title, problem: 'short' });
    expect(await store.db.selectFrom('practices').select('id').execute()).toEqual([]);
    // Discord's way back to the form: a button that reopens it from the draft, values kept.
    const reopen = encodeAction({ kind: 'form-open', draftId: form.draftId!, group: 0 });
    const again = formOf(await w.assistant.action(officer, reopen));
    expect(again.values).toMatchObject({ title: practice.title, problem: 'short' });
    // Nobody else can open it.
    const other = await w.assistant.action(w.as('demo-csco-yangon'), reopen);
    expect(replyToText(other)).toBe('That form has expired or is not yours; please open it again.');
  });

  it('stores a practice once per submission, announces it as data, and finds it at once', async () => {
    const submit = w.as('csco-bangkok', { eventId: 'submit-1' });
    const first = await w.assistant.submitForm(submit, {
      formId: 'best-practice',
      context: {},
      values: practice,
    });
    const again = await w.assistant.submitForm(submit, {
      formId: 'best-practice',
      context: {},
      values: practice,
    });
    expect(first.status === 'done' && replyToText(first.reply)).toContain('is shared');
    expect(again.status === 'done' && replyToText(again.reply)).toContain('was already shared');
    expect(await store.db.selectFrom('practices').select('title').execute()).toEqual([
      { title: practice.title },
    ]);
    const announced = await w.deliverDue();
    expect(announced.map((d) => [d.kind, d.recipientId])).toEqual([
      ['announcement', 'web:general'],
    ]);
    expect(announced[0]?.payload).toMatchObject({ v: 1, type: 'practice' });
    expect(replyToText(deliveryReply(announced[0]!))).toContain(
      'NEW BEST PRACTICE: RAINWATER GAUGES ON MARKET ROOFS',
    );
    const found = await w.assistant.handle(
      w.as('demo-csco-yangon'),
      'rain gauges on market roofs for flash floods',
    );
    expect(found.blocks.find((b) => b.kind === 'citation')).toMatchObject({
      path: expect.stringMatching(/^shared\/practice-\d+-rainwater-gauges/),
    });
  });

  it('stores, confirms and indexes a practice full of Markdown and HTML as plain text', async () => {
    const typed = {
      title: 'Plans [the plan](plans/bangkok.md) <b>bold</b> --- # not a heading',
      city: 'bangkok',
      focusAreas: ['civic-social'],
      problem:
        'See [the plan](plans/bangkok.md) and [x](../../../etc/passwd).\n\n---\ntitle: injected\n---',
      solution: '<script>alert(1)</script> ## heading? | table | cell |\n# H1 typed',
      links: 'https://example.org/a https://example.org/b',
    };
    const r = await w.assistant.submitForm(w.as('csco-bangkok'), {
      formId: 'best-practice',
      context: {},
      values: typed,
    });
    expect(r.status).toBe('done');
    expect(replyToText(r.reply)).toContain('is shared');
    const found = w.assistant.handle(w.as(null), 'plans bangkok bold not a heading');
    expect((await found).blocks.find((b) => b.kind === 'citation')).toMatchObject({
      path: expect.stringMatching(/^shared\/practice-\d+-plans-the-plan/),
    });
  });

  it('finds shared practices again after a restart, however odd their stored text', async () => {
    // A row written by an older version, with links that are no longer allowed.
    await store.db
      .insertInto('practices')
      .values({
        idempotencyKey: 'legacy-1',
        title: '---',
        cityId: 'not-a-city',
        focusAreas: ['civic-social'],
        problem: '[relative](../x.md) ```unclosed',
        solution: '<div>raw</div>',
        links: toJson(['javascript:alert(1)', 'http://plain.example.org']),
        officerId: null,
      })
      .execute();
    const fresh = await openKnowledgeBase({ docsDir: DOCS_DIR });
    expect(fresh.search('rainwater gauges market roofs')[0]?.path ?? '').not.toMatch(/^shared\//);
    expect(await indexStoredPractices(store, fresh)).toBe(3);
    expect(fresh.search('rainwater gauges market roofs')[0]?.path).toMatch(/^shared\//);
  });

  it('lets registered officers choose what a channel follows, with clear errors', async () => {
    expect(
      (await w.assistant.handle(w.as(null, { channelId: 'c1' }), 'subscribe safety')).tone,
    ).toBe('error');
    const bad = await w.assistant.handle(
      w.as('demo-csco-yangon', { channelId: 'c1' }),
      'subscribe weather',
    );
    expect(replyToText(bad)).toContain('"weather" is not a focus area.');
    const ok = await w.assistant.handle(
      w.as('demo-csco-yangon', { channelId: 'c1' }),
      'subscribe safety & security, health',
    );
    expect(replyToText(ok)).toBe(
      'This channel follows: Safety & Security, Health & Well-being; deadline reminders off.',
    );
    await w.assistant.handle(
      w.as('demo-csco-yangon', { channelId: 'c1' }),
      'subscribe reminders on',
    );
    expect(replans.length).toBeGreaterThan(0);
    // The same command with typed options, as Discord sends it.
    const typed = await w.assistant.run(
      w.as('demo-csco-yangon', { channelId: 'c1' }),
      ['subscribe'],
      {
        reminders: 'off',
      },
    );
    expect(replyToText(typed)).toContain('deadline reminders off');
  });

  it('keeps admin commands for the Secretariat and names the wrong value', async () => {
    const sec = () => w.as('sec-real');
    expect(
      replyToText(
        await w.assistant.handle(
          w.as('demo-csco-bangkok'),
          'admin officer remove demo-csco-yangon',
        ),
      ),
    ).toBe('Only the ASEAN Secretariat can do that.');
    const badZone = await w.assistant.handle(
      sec(),
      'admin event add id=report-2027 kind=report-due title="Reports due" start=2027-06-01 tz=Asia/Atlantis example=true',
    );
    expect(replyToText(badZone)).toBe('tz: not an IANA time zone (for example Asia/Yangon)');
    const noSource = await w.assistant.handle(
      sec(),
      'admin event add id=report-2027 kind=report-due title="Reports due" start=2027-06-01 tz=Asia/Jakarta',
    );
    expect(replyToText(noSource)).toBe(
      'source: a real event needs a source URL (or mark it "example": true)',
    );
    const before = replans.length;
    const added = await w.assistant.handle(
      sec(),
      'admin event add id=report-2027 kind=report-due title="Reports due (example)" start=2027-06-01 tz=Asia/Jakarta example=true',
    );
    expect(replyToText(added)).toContain('Added "Reports due (example)" on 2027-06-01 (example)');
    expect(replans.length).toBe(before + 1);
    const deadlines = replyToText(await w.assistant.handle(w.as('demo-csco-yangon'), 'deadlines'));
    expect(deadlines).toContain('Reports due (example): 2027-06-01 (in 29 days) [example data]');
    expect(deadlines).toContain('Times in your zone (Asia/Yangon).');
    const unknown = await w.assistant.handle(sec(), 'admin fly to the moon');
    expect(replyToText(unknown)).toContain('I do not know "admin fly to the moon"');
    const typo = await w.assistant.handle(
      sec(),
      'admin round open title="x y z" closes=2027-06-01 nudge=forever',
    );
    expect(replyToText(typo)).toBe('nudge: "forever" is not hours before a nudge (1 to 2000).');
  });

  it('lets an officer choose a daily digest, and only an officer', async () => {
    expect((await w.assistant.handle(w.as(null), 'digest on')).tone).toBe('error');
    expect(replyToText(await w.assistant.handle(w.as('demo-csco-yangon'), 'digest maybe'))).toBe(
      'choice: "maybe" is not one of on, off.',
    );
    await w.assistant.handle(w.as('demo-csco-yangon'), 'digest on');
    const row = await store.db
      .selectFrom('officers')
      .select('reminderDigest')
      .where('id', '=', 'demo-csco-yangon')
      .executeTakeFirstOrThrow();
    expect(row.reminderDigest).toBe(true);
  });

  it('tells those already reminded when an event moves, once', async () => {
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
    const moved = await w.assistant.handle(
      w.as('demo-secretariat'),
      'admin event edit report-2027 start=2027-06-08',
    );
    expect(replyToText(moved)).toContain('Updated "Reports due (example)" on 2027-06-08');
    await w.assistant.handle(
      w.as('demo-secretariat'),
      'admin event edit report-2027 start=2027-06-08 title="Reports due (example)"',
    );
    const notices = (await w.deliverDue()).filter((d) => d.kind === 'notice');
    expect(notices.map((d) => d.recipientId)).toEqual(['demo-csco-yangon']);
    expect(replyToText(deliveryReply(notices[0]!))).toContain('Now 2027-06-08; it was 2027-06-01.');
  });

  it('registers officers with their chat accounts, refuses a clash, and frees an account on removal', async () => {
    const sec = () => w.as('sec-real');
    const add = await w.assistant.handle(
      sec(),
      'admin officer add id=csco-kl name="Example CSCO, KL" role=csco city=KL slack=U123',
    );
    expect(replyToText(add)).toBe(
      'Registered Example CSCO, KL as Chief Smart City Officer for Kuala Lumpur.',
    );
    expect((await w.assistant.resolveActor(w.on('slack', 'U123'))).officer?.id).toBe('csco-kl');
    const clash = await w.assistant.handle(
      sec(),
      'admin officer add id=csco-kl2 name="Another" role=csco city=KL slack=U123',
    );
    expect(replyToText(clash)).toBe(
      'That Slack account (U123) is already registered to another officer.',
    );
    expect(
      await store.db.selectFrom('officers').select('id').where('id', '=', 'csco-kl2').execute(),
    ).toEqual([]);
    expect(replyToText(await w.assistant.handle(sec(), 'admin officer remove csco-kl'))).toContain(
      'Removed csco-kl',
    );
    expect((await w.assistant.resolveActor(w.on('slack', 'U123'))).officer).toBeNull();
    const successor = await w.assistant.handle(
      sec(),
      'admin officer add id=csco-kl-2 name="Next CSCO, KL" role=csco city=KL slack=U123',
    );
    expect(replyToText(successor)).toContain('Registered Next CSCO, KL');
    // Re-registering someone keeps their own digest choice.
    await w.assistant.handle(w.as('csco-bangkok'), 'digest on');
    await w.assistant.handle(
      sec(),
      'admin officer add id=csco-bangkok name="Bangkok Officer" role=csco city=Bangkok',
    );
    const bangkok = await store.db
      .selectFrom('officers')
      .select('reminderDigest')
      .where('id', '=', 'csco-bangkok')
      .executeTakeFirstOrThrow();
    expect(bangkok.reminderDigest).toBe(true);
  });

  it('matches a registered e-mail once to a platform account, and reads a guest’s zone from their profile', async () => {
    await w.assistant.handle(
      w.as('sec-real'),
      'admin officer add id=csco-phuket name="Example CSCO, Phuket" role=csco city=Phuket email=Phuket.Officer@example.org',
    );
    let lookups = 0;
    const fromSlack = (userId: string, email?: string, zone?: string) => ({
      ...w.on('slack', userId),
      profile: async () => {
        lookups++;
        return { ...(email ? { email } : {}), ...(zone ? { zone } : {}) };
      },
    });
    const matched = await w.assistant.resolveActor(fromSlack('U777', 'phuket.officer@example.org'));
    expect(matched.officer?.id).toBe('csco-phuket');
    // Stored: the next event needs no profile lookup.
    expect((await w.assistant.resolveActor(fromSlack('U777'))).officer?.id).toBe('csco-phuket');
    expect(lookups).toBe(1);
    // Another account with the same address is not matched: the officer already has one.
    expect(
      (await w.assistant.resolveActor(fromSlack('U778', 'phuket.officer@example.org'))).officer,
    ).toBeNull();
    const guest = await w.assistant.resolveActor(fromSlack('U999', undefined, 'Asia/Manila'));
    expect(guest).toMatchObject({ officer: null, zone: 'Asia/Manila' });
  });

  it('lets only the person a reminder is for snooze it, and gives channel copies no buttons', async () => {
    const now = w.clock.now();
    const payload = {
      type: 'reminder',
      event: {
        id: 'report-2027',
        kind: 'report-due',
        title: 'Reports due',
        start: '2027-06-08',
        timeZone: 'Asia/Jakarta',
        example: true,
      },
      eventStartsAt: '2027-06-07T17:00:00.000Z',
      leadDays: 30,
      label: 'in 30 days',
      recipientZone: 'Asia/Yangon',
      dueLocal: '',
    };
    const [mine, channel] = await store.db
      .insertInto('deliveries')
      .values([
        {
          dedupeKey: 'test:yangon-reminder',
          kind: 'reminder',
          recipientKind: 'officer',
          recipientId: 'demo-csco-yangon',
          eventId: 'report-2027',
          dueAt: now,
          nextAttemptAt: now,
          payload: toJson(payload),
          status: 'sent',
        },
        {
          dedupeKey: 'test:channel-reminder',
          kind: 'reminder',
          recipientKind: 'channel',
          recipientId: 'web:general',
          eventId: 'report-2027',
          dueAt: now,
          nextAttemptAt: now,
          payload: toJson(payload),
          status: 'sent',
        },
      ])
      .returningAll()
      .execute();
    expect(buttonsOf(deliveryReply(channel!))).toEqual([]);
    const snoozeButton = buttonsOf(deliveryReply(mine!)).find(
      (b) => b.action.kind === 'reminder-snooze',
    )!;
    const other = await w.assistant.action(
      w.as('demo-csco-bangkok'),
      encodeAction(snoozeButton.action),
    );
    expect(replyToText(other)).toBe('That reminder is not yours to snooze.');
    const theirs = await w.assistant.action(
      w.as('demo-csco-yangon'),
      encodeAction(snoozeButton.action),
    );
    expect(replyToText(theirs)).toBe('Snoozed until this time tomorrow.');
    const channelSnooze = await w.assistant.action(
      w.as('demo-csco-yangon'),
      encodeAction({ kind: 'reminder-snooze', deliveryId: channel!.id }),
    );
    expect(replyToText(channelSnooze)).toBe('That reminder is not yours to snooze.');
  });

  it('answers plain questions only in channels set up for it, and only when confident', async () => {
    const inChannel = (text: string) =>
      w.assistant.answerIfConfident(w.on('slack', 'U1', { channelId: 'C-answers' }), text);
    expect(await inChannel('what are the six focus areas?')).toBeNull();
    const setUp = await w.assistant.handle(
      {
        ...w.as('demo-secretariat'),
        where: { kind: 'channel', channelId: 'C-answers' },
        platform: 'web',
      },
      'admin channel answers=on',
    );
    expect(replyToText(setUp)).toContain('gets answers to plain questions');
    const web = (text: string) =>
      w.assistant.answerIfConfident(w.as(null, { channelId: 'C-answers' }), text);
    const answered = await web('what are the six focus areas?');
    expect(answered?.visibility).toBe('public');
    expect(answered && replyToText(answered)).toContain('Source:');
    expect(await web('lol see you at lunch')).toBeNull();
  });
});

describe('the assistant with its own re-planning', () => {
  it('plans reminders itself when the calendar changes from another process', async () => {
    const { store, drop } = await dbs[dbs.length - 1]!.open();
    try {
      const w = await world(store, '2027-05-03T00:00:00Z');
      // `ascn chat` builds the assistant with no scheduler: the core re-plans from the store.
      const chat = createAssistant({
        store,
        knowledge: await openKnowledgeBase({ docsDir: DOCS_DIR }),
        clock: w.clock,
      });
      const r = await chat.handle(
        w.as('demo-secretariat'),
        'admin event add id=workshop-2027 kind=governance-workshop title="Workshop (example)" start=2027-08-02 tz=Asia/Jakarta example=true',
      );
      expect(replyToText(r)).toContain('Reminders planned.');
      const planned = await store.db
        .selectFrom('deliveries')
        .select('recipientId')
        .where('eventId', '=', 'workshop-2027')
        .where('status', '=', 'pending')
        .execute();
      expect(new Set(planned.map((p) => p.recipientId))).toContain('demo-csco-yangon');
    } finally {
      await store.close();
      await drop();
    }
  });
});
