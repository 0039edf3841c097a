import type { Store } from '@ascn/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToText } from './reply.js';
import { buildReport, reportHtml, reportMarkdown } from './rounds.js';
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

  const answer = async (
    officerId: string,
    values: Record<string, string>,
    key = crypto.randomUUID(),
  ) =>
    w.assistant.submitForm(
      await w.actor(officerId),
      'status-update',
      { roundId: String(roundId) },
      values,
      key,
    );

  it('lets only the Secretariat open a round', async () => {
    const r = await w.assistant.handle(
      await w.actor('demo-csco-yangon'),
      'admin round open title="x y z" closes=2027-05-31',
    );
    expect(r.tone).toBe('error');
    expect(replyToText(r)).toContain('Only the ASEAN Secretariat can do that.');
  });

  it('refuses an impossible closing date in plain words', async () => {
    const r = await w.assistant.handle(
      await w.actor('demo-secretariat'),
      'admin round open title="Status" closes=2027-13-45',
    );
    expect(r.tone).toBe('error');
    expect(replyToText(r)).toContain('closes= must be a date as YYYY-MM-DD');
  });

  it('opens a round and plans each prompt at 09:00 in the officer’s own zone', async () => {
    const r = await w.assistant.handle(
      await w.actor('demo-secretariat'),
      'admin round open title="Status before the annual meeting <b>" closes=2027-05-31',
    );
    expect(r.tone).toBe('normal');
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
    expect((await w.deliverDue()).map((d) => d.recipientId)).toEqual(['demo-csco-yangon']);
    expect(await w.deliverDue()).toEqual([]);
  });

  it('shows a CSCO the form with their city’s projects and explains wrong fields', async () => {
    const r = await w.assistant.handle(await w.actor('demo-csco-makassar'), 'status');
    const form = r.blocks.find((b) => b.kind === 'form');
    expect(form?.kind === 'form' && form.form.fields[0]?.options?.map((o) => o.value)).toEqual([
      'Example: traffic signal upgrade',
    ]);
    const bad = await answer('demo-csco-makassar', {
      project: 'Example: traffic signal upgrade',
      status: 'fine',
      progress: '120',
    });
    expect(bad).toEqual({
      ok: false,
      errors: {
        status: 'choose one of: on track, at risk, delayed, done',
        progress: 'progress must be a number from 0 to 100',
      },
    });
  });

  it('takes Makassar’s answer on day one, so Makassar is neither nudged nor escalated', async () => {
    w.clock.set('2027-05-03T05:00:00Z');
    const ok = await answer('demo-csco-makassar', {
      project: 'Example: traffic signal upgrade',
      status: 'on-track',
      progress: '60',
      highlights: 'Phase 1 live',
    });
    expect(ok.ok).toBe(true);
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
    expect(first.ok && replyToText(first.reply)).toContain('Saved');
    const edit = await answer('demo-csco-bangkok', {
      project: 'Example: air quality sensors',
      status: 'delayed',
      progress: '25',
      blockers: 'Procurement <script>alert(1)</script>',
    });
    expect(edit.ok && replyToText(edit.reply)).toContain('Updated');
  });

  it('escalates only Yangon, to Myanmar’s National Representative, after 96 hours', async () => {
    w.clock.set('2027-05-08T06:00:00Z');
    const sent = await w.deliverDue();
    expect(sent.map((d) => [d.kind, d.recipientId])).toEqual([['escalation', 'demo-nr-myanmar']]);
    expect(JSON.stringify(sent[0]?.payload)).toContain('Yangon');
  });

  it('refuses answers once the round is closed, in plain words', async () => {
    const close = await w.assistant.handle(
      await w.actor('demo-secretariat'),
      `admin round close ${roundId}`,
    );
    expect(replyToText(close)).toContain('Closed round');
    const late = await answer('demo-csco-yangon', {
      project: 'Example: online permits',
      status: 'done',
      progress: '100',
    });
    expect(late).toEqual({ ok: false, errors: { form: 'No status round is open right now.' } });
    expect(await w.deliverDue()).toEqual([]);
  });

  it('reports per city, per focus area and who is missing, in Markdown and safe HTML', async () => {
    const report = await buildReport(store, roundId, w.clock.now());
    if (!report) throw new Error(`round ${roundId} has no report`);
    expect(report.totals).toMatchObject({
      answered: 2,
      missing: 1,
      projects: 2,
      counts: { 'on-track': 1, delayed: 1 },
    });
    const md = reportMarkdown(report);
    expect(md).toContain('| Example: air quality sensors | Delayed | 25% |');
    expect(md).toContain('| Quality Environment | 1 | 0 | 0 | 1 | 0 |');
    expect(md).toContain(
      '- Yangon (Myanmar), Example CSCO, Yangon: escalated to the National Representative',
    );
    expect(md).not.toContain('Example: air quality sensors | At risk');
    const html = reportHtml(report);
    expect(html).toContain('Procurement &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<script>');
    const chat = await w.assistant.handle(await w.actor('demo-nr-myanmar'), `report ${roundId}`);
    expect(replyToText(chat)).toContain('Missing: Yangon (escalated)');
    const missing = await w.assistant.handle(await w.actor('demo-nr-myanmar'), 'report 999');
    expect(replyToText(missing)).toBe('There is no status round 999.');
    expect(await buildReport(store, 999, w.clock.now())).toBeUndefined();
  });
});
