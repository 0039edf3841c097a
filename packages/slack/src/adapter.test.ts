import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realKnowledge } from './test-support.js';
import {
  ALICE,
  BUDI,
  CHAN,
  CITIES,
  GENERAL,
  type SlackWorld,
  startSlackWorld,
  textOf,
} from './test-world.js';

// The Slack app end to end: real @slack/bolt mounted in fastify as the assistant mounts it,
// the real core on an embedded database, the fake Slack on the other side of the wire with
// correctly signed requests. Nothing is mocked.

let w: SlackWorld;
// The knowledge base is built once per file, before the first test's clock starts.
beforeAll(() => realKnowledge(), 120_000);
beforeEach(async () => {
  w = await startSlackWorld();
});
afterEach(async () => {
  await w?.close();
});

const FOCUS = 'what are the six focus areas of the asean smart cities framework?';
const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

describe('/ascn', () => {
  it('answers a question with its source, privately, with feedback and "Share to channel"', async () => {
    const answer = await w.to.command({ user: BUDI, channel: GENERAL, text: `ask ${FOCUS}` });

    expect(answer.status).toBe(200);
    const body = answer.body as { response_type: string; blocks: unknown[]; text: string };
    expect(body.response_type).toBe('ephemeral');
    const shown = textOf(body.blocks);
    expect(shown).toMatch(/Source: <https:\/\/ascn\.example\.org\/docs\/[^|]+\|[^>]+>/);
    expect(JSON.stringify(body.blocks)).toContain('"value":"ascn:as:');
    expect(JSON.stringify(body.blocks)).toContain('"value":"ascn:fb:');
    // Slack shows the ack to the person alone.
    expect(w.slack.ephemerals.at(-1)).toMatchObject({ user: BUDI, channel: GENERAL, via: 'ack' });
    expect(w.slack.messages(GENERAL)).toHaveLength(0);
  });

  it('posts a private answer for everyone with "Share to channel"', async () => {
    const answer = await w.to.command({ user: BUDI, channel: GENERAL, text: FOCUS });
    const shown = w.slack.ephemerals.at(-1)!;
    const value = /"value":"(ascn:as:\d+)"/.exec(JSON.stringify(answer.body))![1]!;
    await w.to.blockActions({
      user: BUDI,
      actionId: value,
      value,
      message: { channel: GENERAL, ts: shown.ts },
    });
    const posted = await w.slack.waitFor(() => w.slack.messages(GENERAL)[0]);
    expect(posted.bot_id).toBe(w.slack.workspace.botId);
    expect(textOf(posted.blocks)).toContain('Source:');
    // Only the person who asked may share it.
    await w.to.command({ user: ALICE, channel: GENERAL, text: 'help' });
    await w.to.blockActions({
      user: ALICE,
      actionId: value,
      value,
      message: { channel: GENERAL, ts: w.slack.ephemerals.at(-1)!.ts },
    });
    await w.slack.waitFor(
      () => w.slack.responses.filter((r) => r.via === 'response_url').length === 2,
    );
    expect(textOf(w.slack.responses.at(-1)!.body)).toContain('Only the person who asked');
    expect(w.slack.messages(GENERAL)).toHaveLength(1);
  });

  it('takes a bare question after /ascn as a question, and the subcommands as commands', async () => {
    const bare = await w.to.command({ user: BUDI, channel: GENERAL, text: FOCUS });
    expect(textOf(bare.body)).toContain('Source:');
    const help = await w.to.command({ user: BUDI, channel: GENERAL, text: 'help' });
    expect(textOf(help.body)).toContain('deadlines [Asia/Yangon]');
    const deadlines = await w.to.command({ user: BUDI, channel: GENERAL, text: 'deadlines' });
    // The guest's zone comes from their Slack profile (users.info).
    expect(textOf(deadlines.body)).toContain('Times in your zone (Asia/Makassar)');
    const whoami = await w.to.command({ user: BUDI, channel: GENERAL, text: 'whoami' });
    expect(textOf(whoami.body)).toContain('Asia/Makassar');
    // The profile was read once and then cached.
    expect(w.slack.callsTo('users.info')).toHaveLength(1);
  });

  it('lets only the Secretariat run admin commands, matching a person registered by e-mail once', async () => {
    const refused = await w.to.command({
      user: BUDI,
      channel: GENERAL,
      text: 'admin officer add id=x name="X" role=csco city=Hanoi',
    });
    expect(textOf(refused.body)).toContain('Only registered officers can do that');

    const done = await w.to.command({
      user: CHAN,
      channel: GENERAL,
      text: `admin officer add id=csco-makassar name="Budi Example" role=csco city=Makassar slack=${BUDI}`,
    });
    expect(textOf(done.body)).toContain('Registered Budi Example');
    // Chan was matched by the e-mail of their Slack profile, and stays linked.
    const link = await w.store.db
      .selectFrom('identities')
      .selectAll()
      .where('userId', '=', CHAN)
      .executeTakeFirst();
    expect(link).toMatchObject({ platform: 'slack', officerId: 'asec-chan' });
    const whoami = await w.to.command({ user: BUDI, channel: GENERAL, text: 'whoami' });
    expect(textOf(whoami.body)).toContain('Budi Example, Chief Smart City Officer, Makassar');
  });
});

describe('conversations', () => {
  it('answers a mention in a thread, and a follow-up in that thread without a mention', async () => {
    const mention = await w.to.appMention({ user: BUDI, channel: GENERAL, text: FOCUS });
    expect(mention.status).toBe(200);
    const ts = (mention.interaction.payload.event as { ts: string }).ts;
    const posted = await w.slack.waitForCall('chat.postMessage');
    expect(posted.params).toMatchObject({ channel: GENERAL, thread_ts: ts });
    expect(textOf(w.slack.replies(GENERAL, ts))).toContain('Source:');

    await w.to.channelMessage({
      user: BUDI,
      channel: GENERAL,
      text: 'and who chairs the ASCN?',
      threadTs: ts,
    });
    await w.slack.waitFor(() => w.slack.replies(GENERAL, ts).length === 3);
    const followUp = w.slack.replies(GENERAL, ts)[2]!;
    expect(followUp.bot_id).toBe(w.slack.workspace.botId);
    expect(textOf(followUp.blocks)).toContain('Source:');

    // A follow-up that does not stand alone is read with the thread's question.
    const workshop = await w.to.appMention({
      user: ALICE,
      channel: CITIES,
      text: 'what is the smart city governance workshop?',
    });
    const wts = (workshop.interaction.payload.event as { ts: string }).ts;
    await w.slack.waitFor(() => w.slack.replies(CITIES, wts).length === 1);
    await w.to.channelMessage({ user: ALICE, channel: CITIES, text: 'when is it?', threadTs: wts });
    await w.slack.waitFor(() => w.slack.replies(CITIES, wts).length === 3);
    const when = textOf(w.slack.replies(CITIES, wts)[2]!.blocks);
    expect(when).toContain('Next in the calendar');
    expect(when).toContain('Governance workshop');

    // A thread the app is not in is left alone.
    const other = w.slack.build.channelMessage({ user: BUDI, channel: GENERAL, text: 'lunch?' });
    const otherTs = (other.payload.event as { ts: string }).ts;
    await w.to.channelMessage({
      user: ALICE,
      channel: GENERAL,
      text: 'who chairs the ASCN?',
      threadTs: otherTs,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(w.slack.replies(GENERAL, otherTs)).toHaveLength(1);
  });

  it('answers a direct message in the direct message', async () => {
    await w.to.directMessage({ user: ALICE, text: FOCUS });
    const dm = w.slack.dmChannel(ALICE);
    await w.slack.waitFor(() => w.slack.messages(dm).length === 2);
    const answer = w.slack.messages(dm)[1]!;
    expect(answer.bot_id).toBe(w.slack.workspace.botId);
    expect(textOf(answer.blocks)).toContain('Source:');
  });

  it('answers plain questions in a channel the Secretariat set up, only confident ones', async () => {
    const setUp = await w.to.command({
      user: CHAN,
      channel: CITIES,
      text: 'admin channel answers=on',
    });
    expect(textOf(setUp.body)).toContain('gets answers to plain questions');

    const question = await w.to.channelMessage({ user: BUDI, channel: CITIES, text: FOCUS });
    const ts = (question.interaction.payload.event as { ts: string }).ts;
    await w.slack.waitFor(() => w.slack.replies(CITIES, ts).length === 1);
    expect(textOf(w.slack.replies(CITIES, ts))).toContain('Source:');

    await w.to.channelMessage({ user: BUDI, channel: CITIES, text: 'lunch at noon, anyone' });
    await w.to.channelMessage({
      user: BUDI,
      channel: CITIES,
      text: 'who won the world cup in 1966?',
    });
    await w.to.channelMessage({ user: BUDI, channel: GENERAL, text: FOCUS });
    await new Promise((r) => setTimeout(r, 300));
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('handles a retried event once: one answer for two deliveries', async () => {
    const first = await w.to.appMention({ user: BUDI, channel: GENERAL, text: FOCUS });
    const again = await w.to.send(first.interaction, { retry: { num: 1, reason: 'http_timeout' } });
    expect([first.status, again.status]).toEqual([200, 200]);
    await w.slack.waitForCall('chat.postMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
    const logged = await w.store.db.selectFrom('questions').select('id').execute();
    expect(logged).toHaveLength(1);
  });

  it('logs what failed without any token or message text', async () => {
    w.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await w.to.appMention({
      user: BUDI,
      channel: GENERAL,
      text: 'who chairs the ASCN? secret-words-42',
    });
    await w.slack.waitFor(() => w.logs.some((l) => l.includes('not_in_channel')));
    const all = w.logs.join('\n');
    expect(all).not.toContain('secret-words-42');
    expect(all).not.toContain(w.slack.botToken);
    expect(all).not.toContain(w.slack.signingSecret);
  });

  it('answers 401 to a bad signature and a stale timestamp, with nothing done', async () => {
    const bad = await w.to.command(
      { user: BUDI, channel: GENERAL, text: FOCUS },
      { signature: 'bad' },
    );
    const stale = await w.to.appMention(
      { user: BUDI, channel: GENERAL, text: FOCUS },
      { ageSeconds: 301 },
    );
    expect([bad.status, stale.status]).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    // Nothing reached the Web API but the token check at start.
    expect(new Set(w.slack.calls.map((c) => c.method))).toEqual(new Set(['auth.test']));
    expect(await w.store.db.selectFrom('questions').select('id').execute()).toHaveLength(0);
    expect(await w.store.db.selectFrom('handledEvents').select('eventId').execute()).toHaveLength(
      0,
    );
  });
});

describe('App Home, forms and buttons', () => {
  it('publishes App Home: my city, deadlines in my zone, the open round with its button', async () => {
    await w.assistant.handle(w.as(CHAN), `admin round open title="Mid-year" closes=${nextWeek()}`);
    await w.to.appHomeOpened({ user: ALICE });
    const view = await w.slack.waitFor(() => w.slack.homeView(ALICE));
    const shown = textOf(view.blocks);
    expect(shown).toContain('Hello, Alice Example');
    expect(shown).toContain('Yangon');
    expect(shown).toContain('Next deadlines');
    expect(shown).toContain('Mid-year');
    expect(JSON.stringify(view.blocks)).toMatch(/"value":"ascn:so:\d+"/);
  });

  it('opens the share form at once, shows errors in place with the values kept, then shares once', async () => {
    await w.to.command({ user: ALICE, channel: GENERAL, text: 'share' });
    // The modal opens first (inside the trigger window), then the form is loaded into it.
    const opened = await w.slack.waitForCall('views.open');
    expect(textOf(opened.params.view)).toContain('One moment');
    await w.slack.waitForCall('views.update');
    const [modal] = w.slack.openModals(ALICE);
    const viewId = modal!.id as string;
    expect((modal!.title as { text: string }).text).toBe('Share a best practice');
    const inputs = (modal!.blocks as Array<{ type: string; block_id: string }>)
      .filter((b) => b.type === 'input')
      .map((b) => b.block_id);
    expect(inputs).toEqual([
      'title',
      'city',
      'focusAreas',
      'problem',
      'solution',
      'results',
      'contact',
      'links',
    ]);

    const bad = await w.to.viewSubmission({ viewId, values: { title: { value: 'Hi' } } });
    expect(bad.body).toMatchObject({ response_action: 'errors' });
    const errors = (bad.body as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['title', 'focusAreas', 'problem']));
    expect(w.slack.view(viewId)).toMatchObject({ open: true, errors });

    const good = w.slack.build.viewSubmission({
      viewId,
      values: {
        title: { value: 'Flood sensors on every canal' },
        city: { value: { type: 'static_select', selected_option: { value: 'yangon' } } },
        focusAreas: {
          value: {
            type: 'multi_static_select',
            selected_options: [{ value: 'quality-environment' }],
          },
        },
        problem: { value: 'Canals flood without warning during the monsoon.' },
        solution: { value: 'Cheap water-level sensors report every five minutes.' },
      },
    });
    const done = await w.to.send(good);
    expect(done.body).toMatchObject({ response_action: 'update' });
    expect(textOf(done.body)).toContain('is shared');
    // The same submission again (a retry, a double click): still one practice.
    const again = await w.to.send(good, { retry: { num: 1 } });
    expect(textOf(again.body)).toContain('already shared');
    expect(await w.store.db.selectFrom('practices').select('id').execute()).toHaveLength(1);
  });

  it('tells a guest in the modal that sharing is for officers', async () => {
    await w.to.command({ user: BUDI, channel: GENERAL, text: 'share' });
    const update = await w.slack.waitForCall('views.update');
    expect(textOf(update.params.view)).toContain('Only registered officers');
  });

  it('opens the status form from its button in App Home, with a searchable list when the city has many projects', async () => {
    await w.assistant.handle(w.as(CHAN), `admin round open title="Mid-year" closes=${nextWeek()}`);
    await w.store.db
      .insertInto('projects')
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          cityId: 'yangon',
          name: `Example project ${i}`,
          focusAreas: ['civic-social'],
          example: true,
        })),
      )
      .execute();
    await w.to.appHomeOpened({ user: ALICE });
    const home = await w.slack.waitFor(() => w.slack.homeView(ALICE));
    const value = /"value":"(ascn:so:\d+)"/.exec(JSON.stringify(home.blocks))![1]!;
    await w.to.blockActions({ user: ALICE, actionId: value, value, viewId: home.id as string });
    await w.slack.waitForCall('views.update');
    const [modal] = w.slack.openModals(ALICE);
    const project = (
      modal!.blocks as Array<{ block_id?: string; element?: { type: string } }>
    ).find((b) => b.block_id === 'project');
    expect(project?.element?.type).toBe('external_select');

    // Slack asks the app for the options matching what was typed.
    const suggest = await w.to.send({
      type: 'interactive',
      payload: {
        type: 'block_suggestion',
        user: { id: ALICE },
        team: { id: w.slack.workspace.teamId },
        api_app_id: w.slack.workspace.appId,
        token: 'fake-verification-token',
        action_id: 'value',
        block_id: 'project',
        value: 'project 11',
        view: { id: modal!.id, private_metadata: modal!.private_metadata, type: 'modal' },
      },
    });
    const options = (suggest.body as { options: Array<{ text: { text: string } }> }).options;
    expect(options.map((o) => o.text.text)).toEqual(
      expect.arrayContaining(['Example project 11', 'Example project 110']),
    );
    expect(options.length).toBeLessThanOrEqual(100);
  });

  it('opens the share form with the message text from the "Share as best practice" shortcut', async () => {
    const said = w.slack.build.channelMessage({
      user: ALICE,
      channel: GENERAL,
      text: 'We cut permit times &amp; queues with <https://permits.example.org|online permits>',
    });
    const ts = (said.payload.event as { ts: string }).ts;
    await w.to.messageAction({
      user: ALICE,
      callbackId: 'ascn_share_practice',
      channel: GENERAL,
      messageTs: ts,
    });
    await w.slack.waitForCall('views.update');
    const [modal] = w.slack.openModals(ALICE);
    const problem = (
      modal!.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>
    ).find((b) => b.block_id === 'problem');
    expect(problem?.element?.initial_value).toBe(
      'We cut permit times & queues with online permits (https://permits.example.org)',
    );
  });

  it('records feedback from a button; the last click of each person counts', async () => {
    const mention = await w.to.appMention({ user: BUDI, channel: GENERAL, text: FOCUS });
    const ts = (mention.interaction.payload.event as { ts: string }).ts;
    await w.slack.waitFor(() => w.slack.replies(GENERAL, ts).length === 1);
    const answer = w.slack.replies(GENERAL, ts)[0]!;
    const up = /"value":"(ascn:fb:\d+:u)"/.exec(JSON.stringify(answer.blocks))![1]!;
    const down = up.replace(/:u$/, ':d');
    for (const value of [up, down])
      await w.to.blockActions({
        user: BUDI,
        actionId: value,
        value,
        message: { channel: GENERAL, ts: answer.ts as string },
      });
    await w.slack.waitFor(() => w.slack.responses.length === 2);
    expect(textOf(w.slack.responses.at(-1)!.body)).toContain('the Secretariat will look');
    const votes = await w.store.db.selectFrom('questionFeedback').selectAll().execute();
    expect(votes).toEqual([expect.objectContaining({ userId: BUDI, vote: 'down' })]);
  });
});
