import type { Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryReply } from './deliveries.js';
import { registerOfficer } from './directory.js';
import { type Reply, replyToText } from './reply.js';
import { buildReport } from './rounds.js';
import { databases, type World, world } from './test-support.js';

const dbs = await databases();

describe.each(dbs)('a status round end to end ($name)', ({ open }) => {
  let w: World;
  let store: Store;
  let drop: () => Promise<void>;
  let roundId: number;

  beforeAll(async () => {
    ({ store, drop } = await open());
    // Monday 3 May 2027, 07:00 in Jakarta.
    w = await world(store, '2027-05-03T00:00:00Z');
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  const answer = (officerId: string, values: Record<string, string>) =>
    w.assistant.submitForm(w.as(officerId), {
      formId: 'status-update',
      context: { roundId: String(roundId) },
      values,
    });
  type FormBlock = Extract<Reply['blocks'][number], { kind: 'form' }>;
  const formOf = (r: Reply): FormBlock => {
    const form = r.blocks.find((b): b is FormBlock => b.kind === 'form');
    if (!form) throw new Error(`no form in: ${replyToText(r)}`);
    return form;
  };

  it('lets only the Secretariat open a round', async () => {
    const r = await w.assistant.handle(
      w.as('demo-csco-yangon'),
      'admin round open title="x y z" closes=2027-05-31',
    );
    expect(r.tone).toBe('error');
    expect(replyToText(r)).toContain('Only the ASEAN Secretariat can do that.');
  });

  it('refuses an impossible closing date in plain words', async () => {
    const r = await w.assistant.handle(
      w.as('demo-secretariat'),
      'admin round open title="Status" closes=2027-13-45',
    );
    expect(r.tone).toBe('error');
    expect(replyToText(r)).toContain('closes= must be a date as YYYY-MM-DD');
  });

  it('opens a round once per platform event, and plans each prompt at 09:00 in the officer’s own zone', async () => {
    // Slack retries what it did not get an answer to within 3 s: the same event id, twice.
    const open = w.as('demo-secretariat', { eventId: 'slack-retry-1' });
    const r = await w.assistant.handle(
      open,
      'admin round open title="Status before the annual meeting <b>" closes=2027-05-31',
    );
    expect(r.tone).toBe('normal');
    const retried = await w.assistant.handle(
      open,
      'admin round open title="Status before the annual meeting <b>" closes=2027-05-31',
    );
    expect(replyToText(retried)).toBe(replyToText(r));
    expect(
      await store.db.selectFrom('statusRounds').select('id').execute(),
      'one round, not two',
    ).toHaveLength(1);
    roundId = Number(/round (\d+)/.exec(replyToText(r))?.[1]);
    const prompts = await store.db
      .selectFrom('deliveries')
      .select(['recipientId', 'dueAt'])
      .where('kind', '=', 'status-prompt')
      .orderBy('recipientId')
      .execute();
    expect(prompts.map((p) => [p.recipientId, p.dueAt.toISOString()])).toEqual([
      ['demo-csco-bangkok', '2027-05-03T02:00:00.000Z'], // 09:00 UTC+7
      ['demo-csco-makassar', '2027-05-03T02:00:00.000Z'], // lives in Jakarta: 09:00 UTC+7, not Makassar's UTC+8
      ['demo-csco-yangon', '2027-05-03T02:30:00.000Z'], // 09:00 UTC+6:30
    ]);
  });

  it('prompts each officer once, at their time', async () => {
    w.clock.set('2027-05-03T02:15:00Z');
    expect((await w.deliverDue()).map((d) => d.recipientId).sort()).toEqual([
      'demo-csco-bangkok',
      'demo-csco-makassar',
    ]);
    w.clock.set('2027-05-03T03:00:00Z');
    const yangon = await w.deliverDue();
    expect(yangon.map((d) => d.recipientId)).toEqual(['demo-csco-yangon']);
    expect(await w.deliverDue()).toEqual([]);
    // The stored payload is data; the words and the button come when it is rendered.
    expect(yangon[0]?.payload).toMatchObject({ v: 1, type: 'status-prompt', cityId: 'yangon' });
    const prompt = deliveryReply(yangon[0]!);
    expect(replyToText(prompt, 'Asia/Yangon')).toContain(
      "Please report the status of Yangon's action-plan projects before the round closes on Mon 31 May 2027",
    );
    expect(prompt.blocks.find((b) => b.kind === 'buttons')).toMatchObject({
      buttons: [{ action: { kind: 'status-open', roundId } }],
    });
  });

  it('shows a CSCO the form with their city’s projects and explains wrong fields', async () => {
    const r = await w.assistant.handle(w.as('demo-csco-makassar'), 'status');
    const form = formOf(r);
    expect(form.form.groups[0]?.fields[0]?.options?.map((o) => o.label)).toEqual([
      'Example: traffic signal upgrade',
    ]);
    expect(form.form.groups.every((g) => g.fields.length <= 5)).toBe(true);
    const bad = await answer('demo-csco-makassar', {
      project: 'Example: traffic signal upgrade',
      status: 'fine',
      progress: '120',
      highlights: 'kept as typed',
    });
    expect(bad.status).toBe('invalid');
    const shown = formOf(bad.reply);
    expect(shown.fieldErrors).toEqual({
      status: 'choose one of: on track, at risk, delayed, done',
      progress: 'progress must be a number from 0 to 100',
    });
    // What was typed comes back, so any platform can show the form again without loss.
    expect(shown.values).toMatchObject({
      status: 'fine',
      progress: '120',
      highlights: 'kept as typed',
    });
  });

  it('refuses a status for a project that is not the city’s own', async () => {
    const other = await answer('demo-csco-makassar', {
      project: 'Example: air quality sensors', // Bangkok's project
      status: 'done',
      progress: '100',
    });
    expect(other.status).toBe('invalid');
    expect(formOf(other.reply).fieldErrors).toEqual({
      project: 'choose one of your city’s projects',
    });
    expect(await store.db.selectFrom('statusAnswers').select('id').execute()).toEqual([]);
  });

  it('takes Makassar’s answer on day one, so Makassar is neither nudged nor escalated', async () => {
    w.clock.set('2027-05-03T05:00:00Z');
    const ok = await answer('demo-csco-makassar', {
      project: 'Example: traffic signal upgrade',
      status: 'on-track',
      progress: '60',
      highlights: 'Phase 1 live',
    });
    expect(ok.status, JSON.stringify(ok.reply)).toBe('done');
  });

  it('nudges Yangon and Bangkok after 48 hours, at 09:00 their time', async () => {
    w.clock.set('2027-05-05T02:10:00Z');
    expect((await w.deliverDue()).map((d) => [d.kind, d.recipientId])).toEqual([
      ['nudge', 'demo-csco-bangkok'],
    ]);
    w.clock.set('2027-05-05T02:40:00Z');
    expect((await w.deliverDue()).map((d) => [d.kind, d.recipientId])).toEqual([
      ['nudge', 'demo-csco-yangon'],
    ]);
  });

  it('takes Bangkok’s answer after the nudge and lets it be edited', async () => {
    w.clock.set('2027-05-06T04:00:00Z');
    const first = await answer('demo-csco-bangkok', {
      project: 'Example: air quality sensors',
      status: 'at-risk',
      progress: '20',
      blockers: 'Procurement <script>alert(1)</script>',
    });
    expect(first.status === 'done' && replyToText(first.reply)).toContain('Saved');
    const edit = await answer('demo-csco-bangkok', {
      project: 'Example: air quality sensors',
      status: 'delayed',
      progress: '25',
      blockers: 'Procurement <script>alert(1)</script>',
    });
    expect(edit.status === 'done' && replyToText(edit.reply)).toContain('Updated');
  });

  it('takes a status in steps of at most five inputs, as Discord shows it, keeping the first step', async () => {
    // Bangkok's deputy officer (registered after the round opened) changes the answer through a
    // platform that shows one group at a time.
    await registerOfficer(store, {
      id: 'demo-csco-bangkok-deputy',
      name: 'Example deputy CSCO, Bangkok',
      role: 'csco',
      cityId: 'bangkok',
      example: true,
    });
    const discordish = w.as('demo-csco-bangkok-deputy');
    // A select hands back the project's id, not its name.
    const shown = formOf(await w.assistant.handle(discordish, 'status'));
    const sensors = shown.form.groups[0]!.fields[0]!.options!.find(
      (o) => o.label === 'Example: air quality sensors',
    )!;
    const unknown = await w.assistant.submitForm(discordish, {
      formId: 'status-update',
      context: { roundId: String(roundId) },
      group: 0,
      values: { project: '999999', status: 'at-risk', progress: '30' },
    });
    expect(unknown.status).toBe('invalid');
    expect(formOf(unknown.reply).fieldErrors).toEqual({
      project: 'choose one of your city’s projects',
    });
    const step1 = await w.assistant.submitForm(discordish, {
      formId: 'status-update',
      context: { roundId: String(roundId) },
      group: 0,
      values: { project: [sensors.value], status: ['at-risk'], progress: '30' },
    });
    expect(step1.status).toBe('next');
    const next = formOf(step1.reply);
    expect(next.group).toBe(1);
    // Someone else cannot continue (or read) this draft.
    const intruder = await w.assistant.submitForm(w.as('demo-csco-yangon'), {
      formId: 'status-update',
      context: { roundId: String(roundId) },
      group: 1,
      draftId: next.draftId,
      values: {},
    });
    expect(intruder.status).toBe('invalid');
    expect(replyToText(intruder.reply)).toContain('That form has expired or is not yours');
    const step2 = await w.assistant.submitForm(discordish, {
      formId: 'status-update',
      context: { roundId: String(roundId) },
      group: 1,
      draftId: next.draftId,
      values: { blockers: 'Sensors held at customs' },
    });
    expect(step2.status === 'done' && replyToText(step2.reply)).toContain(
      'Updated: Example: air quality sensors, at risk, 30%.',
    );
    // The answer the report below expects, by the deputy.
    await answer('demo-csco-bangkok-deputy', {
      project: 'Example: air quality sensors',
      status: 'delayed',
      progress: '25',
      blockers: 'Procurement <script>alert(1)</script>',
    });
  });

  it('escalates only Yangon, to Myanmar’s National Representative, after 96 hours', async () => {
    w.clock.set('2027-05-08T06:00:00Z');
    const sent = await w.deliverDue();
    expect(sent.map((d) => [d.kind, d.recipientId])).toEqual([['escalation', 'demo-nr-myanmar']]);
    expect(JSON.stringify(sent[0]?.payload)).toContain('Yangon');
  });

  it('refuses answers once the round is closed, in plain words', async () => {
    const close = await w.assistant.handle(
      w.as('demo-secretariat'),
      `admin round close ${roundId}`,
    );
    expect(replyToText(close)).toContain('Closed round');
    const late = await answer('demo-csco-yangon', {
      project: 'Example: online permits',
      status: 'done',
      progress: '100',
    });
    expect(late.status).toBe('invalid');
    expect(replyToText(late.reply)).toContain('No status round is open right now.');
    expect(await w.deliverDue()).toEqual([]);
  });

  it('reports per city, per focus area and who is missing, and who reported each answer', async () => {
    const report = await buildReport(store, roundId, w.clock.now());
    if (!report) throw new Error(`round ${roundId} has no report`);
    expect(report.totals).toMatchObject({
      answered: 2,
      missing: 1,
      projects: 2,
      counts: { 'on-track': 1, delayed: 1 },
    });
    // The Markdown and HTML views are @ascn/reports' (tested there); the data is here.
    const bangkok = report.cities.find((c) => c.cityId === 'bangkok');
    expect(bangkok?.answers.map((a) => [a.project, a.status, a.progress, a.blockers])).toEqual([
      ['Example: air quality sensors', 'delayed', 25, 'Procurement <script>alert(1)</script>'],
    ]);
    expect(report.byFocusArea.find((a) => a.focusArea === 'quality-environment')).toMatchObject({
      projects: 1,
      counts: { delayed: 1 },
    });
    expect(report.cities.find((c) => c.cityId === 'yangon')).toMatchObject({
      state: 'missing',
      escalated: true,
    });
    expect(report.round.title).toBe('Status before the annual meeting <b>');
    // "Reported by" names who answered, not the city's officer when the round opened.
    expect(bangkok?.officer).toBe('Example CSCO, Bangkok');
    expect(bangkok?.answers[0]?.reportedBy).toBe('Example deputy CSCO, Bangkok');
    const chat = await w.assistant.handle(w.as('demo-nr-myanmar'), `report ${roundId}`);
    expect(replyToText(chat)).toContain('Missing: Yangon (escalated)');
    const missing = await w.assistant.handle(w.as('demo-nr-myanmar'), 'report 999');
    expect(replyToText(missing)).toBe('There is no status round 999.');
    for (const [text, message] of [
      ['report 2147483648', 'round: "2147483648" is not a round number (1 to 2147483647).'],
      [
        'report 99999999999999999999',
        'round: "99999999999999999999" is not a round number (1 to 2147483647).',
      ],
      ['report abc', 'round: "abc" is not a round number (1 to 2147483647).'],
      ['report -1', 'round: "-1" is not a round number (1 to 2147483647).'],
    ]) {
      const r = await w.assistant.handle(w.as('demo-nr-myanmar'), text!);
      expect(r.tone, text).toBe('error');
      expect(replyToText(r), text).toBe(message);
    }
    expect(await buildReport(store, 999, w.clock.now())).toBeUndefined();
  });
});
