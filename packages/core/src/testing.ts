import { CITIES } from '@ascn/domain';
import type { KnowledgeBase } from '@ascn/knowledge';
import { openStore, toJson } from '@ascn/store';
import { createAssistant } from './assistant.js';
import { deliveryReply } from './deliveries.js';
import { seedDemo } from './demo.js';
import { registerOfficer } from './directory.js';
import type { Incoming } from './identity.js';
import { fakeClock } from './reminders/clock.js';
import { planDigestsFromStore } from './reminders/digest.js';
import { claimDue, markSent } from './reminders/outbox.js';
import { planRemindersFromStore } from './reminders/plan.js';
import type { Reply } from './reply.js';

/**
 * The conformance suite's cases (`@ascn/core/testing`): every kind of reply and message the
 * core makes, each at its longest — made by the real assistant on an in-memory database
 * filled with the longest values its forms and commands accept. Each renderer (the web page,
 * Slack, Discord) renders every case and checks the result against `PLATFORM_LIMITS`.
 */
export interface ConformanceCase {
  name: string;
  reply: Reply;
}

const long = (seed: string, length: number) => {
  let s = '';
  let i = 0;
  // Words of varied length with a link-like token and markup-like characters in them, so that
  // truncation and escaping both have something to get wrong.
  const words = [seed, 'https://example.org/a/b?c=d&e=f', '<b>&amp;</b>', '*bold*', 'línea', '🙂'];
  while (s.length < length) s += `${words[i++ % words.length]} `;
  return s.slice(0, length).trim();
};

export async function conformanceReplies(input: {
  knowledge: KnowledgeBase;
}): Promise<ConformanceCase[]> {
  const store = await openStore({ inMemory: true });
  const clock = fakeClock('2027-05-03T00:00:00Z');
  const assistant = createAssistant({
    store,
    knowledge: input.knowledge,
    clock,
    publicUrl: `https://${'long-host-name.'.repeat(4)}example.org/${'path/'.repeat(6)}`,
  });
  const cases: ConformanceCase[] = [];
  let n = 0;
  const as = (userId: string, channelId = 'C0LONGCHANNEL'): Incoming => ({
    platform: 'web',
    workspaceId: 'local',
    userId,
    where: { kind: 'channel', channelId },
    eventId: `conformance-${++n}`,
  });
  const add = (name: string, reply: Reply) => cases.push({ name, reply });
  try {
    await seedDemo(store);
    // Sharing reaches real channels, so only a real (not example) officer may share.
    await registerOfficer(store, {
      id: 'csco-yangon',
      name: long('Chief Smart City Officer of Yangon', 120),
      role: 'csco',
      cityId: 'yangon',
    });
    const sec = () => as('demo-secretariat');
    // Ten events with the longest titles and places, one timed, in the demo's range.
    for (let i = 0; i < 12; i++)
      await assistant.handle(
        sec(),
        `admin event add id=${`e${i}-`.padEnd(58, 'x')}${i < 10 ? i : 'z'} kind=annual-meeting title="${long(`Meeting ${i}`, 200).replace(/"/g, '')}" start=2027-06-${String(10 + i).padStart(2, '0')} end=2027-06-${String(11 + i).padStart(2, '0')} ${i % 2 ? 'time=09:30 ' : ''}tz=Asia/Yangon example=true place="${long('Place', 200).replace(/"/g, '')}"`,
      );
    // A city with many action-plan projects: the status form's choice list is searchable.
    await store.db
      .insertInto('projects')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          cityId: 'yangon',
          name: long(`Project ${i}`, 200).replace(/\s+$/, ''),
          focusAreas: ['civic-social'],
          example: true,
        })),
      )
      .execute();
    add('help (officer)', await assistant.handle(as('demo-csco-yangon'), 'help'));
    add('help (Secretariat)', await assistant.handle(sec(), 'help'));
    add('admin help', await assistant.handle(sec(), 'admin help'));
    add('whoami', await assistant.handle(as('demo-nr-myanmar'), 'whoami'));
    add('deadlines', await assistant.handle(as('demo-csco-yangon'), 'deadlines'));
    add('deadlines in a zone', await assistant.handle(as('guest'), 'deadlines Asia/Makassar'));
    add(
      'answer with the calendar',
      await assistant.handle(as('guest'), 'when is the next annual meeting?'),
    );
    add(
      'answer',
      await assistant.handle(
        as('guest'),
        'what are the three strategic outcomes and the six focus areas of the asean smart cities framework',
      ),
    );
    add('decline', await assistant.handle(as('guest'), long('who won the world cup', 2000)));
    add(
      'error with a hint',
      await assistant.handle(as('demo-csco-yangon'), `subscribe ${long('weather', 400)}`),
    );
    add('share form', await assistant.handle(as('csco-yangon'), 'share'));
    await assistant.handle(
      sec(),
      `admin round open title="${long('Round', 200).replace(/"/g, '')}" closes=2027-06-30`,
    );
    add('status form', await assistant.handle(as('demo-csco-yangon'), 'status'));
    const invalid = await assistant.submitForm(as('csco-yangon'), {
      formId: 'best-practice',
      context: {},
      values: { title: long('T', 3000), city: 'Atlantis', problem: 'x', solution: long('S', 9000) },
    });
    add('form returned with errors', invalid.reply);
    // The longest practice the form accepts, shared and announced.
    await assistant.handle(as('demo-csco-yangon', 'C-follow'), 'subscribe civic, health, safety');
    await assistant.handle(as('demo-csco-yangon', 'C-follow'), 'subscribe reminders on');
    const shared = await assistant.submitForm(as('csco-yangon'), {
      formId: 'best-practice',
      context: {},
      values: {
        title: long('Practice', 150),
        city: 'yangon',
        focusAreas: ['civic-social', 'health-wellbeing'],
        problem: long('Problem', 3000),
        solution: long('Solution', 3000),
        results: long('Results', 3000),
        contact: long('Contact', 200),
        links: Array.from(
          { length: 10 },
          (_, i) => `https://example.org/${'x'.repeat(200)}/${i}`,
        ).join('\n'),
      },
    });
    add('practice shared', shared.reply);
    // Every city answers with the longest texts, so the report is at its longest.
    for (const city of CITIES)
      await store.db
        .insertInto('statusAnswers')
        .values({
          roundId: 1,
          cityId: city.id,
          project: long(`Project of ${city.name}`, 200),
          status: 'at-risk',
          progress: 50,
          highlights: long('Highlights', 2000),
          blockers: long('Blockers', 2000),
          helpNeeded: long('Help', 2000),
          officerId: 'demo-csco-yangon',
        })
        .execute();
    add('report', await assistant.handle(as('demo-nr-myanmar'), 'report 1'));
    // Asked by an example person: the example Secretariat's gaps list only those.
    for (let i = 0; i < 25; i++)
      await assistant.handle(as('demo-csco-yangon'), long(`unknown ${i} zebra`, 500));
    add('gaps', await assistant.handle(sec(), 'gaps'));
    add('home', await assistant.home(as('demo-csco-yangon')));

    // What the outbox sends: reminders (with a daily digest for one officer), prompts,
    // nudges, escalations, announcements, date changes.
    await assistant.handle(as('demo-csco-makassar'), 'digest on');
    await planRemindersFromStore(store.db, { now: clock.now() });
    await assistant.handle(
      sec(),
      `admin event edit ${'e1-'.padEnd(58, 'x')}1 start=2027-06-25 end=2027-06-26`,
    );
    const kinds = new Map<string, Reply>();
    for (const at of [
      '2027-05-11T00:00:00Z',
      '2027-05-20T03:00:00Z',
      '2027-06-09T03:00:00Z',
      '2027-06-20T03:00:00Z',
    ]) {
      clock.set(at);
      await planDigestsFromStore(store.db, { now: clock.now() });
      const claimed = await claimDue(store.db, {
        workerId: 'conformance',
        now: clock.now(),
        limit: 5000,
      });
      for (const d of claimed) {
        await markSent(store.db, d.id, `conformance:${d.id}`, clock.now());
        const key = `${d.kind}:${d.recipientKind}:${(d.payload as { type?: string }).type ?? ''}`;
        const reply = deliveryReply(d, { publicUrl: 'https://ascn.example.org' });
        const previous = kinds.get(key);
        // Keep the longest of each kind.
        if (!previous || JSON.stringify(reply).length > JSON.stringify(previous).length)
          kinds.set(key, reply);
      }
    }
    // A date change for someone already reminded.
    await assistant.handle(
      sec(),
      `admin event edit ${'e2-'.padEnd(58, 'x')}2 start=2027-06-28 end=2027-06-29`,
    );
    for (const d of await claimDue(store.db, {
      workerId: 'conformance',
      now: clock.now(),
      limit: 5000,
    }))
      if (d.kind === 'notice') kinds.set('notice', deliveryReply(d));
    // A legacy row (the first version stored whole replies) still renders.
    kinds.set(
      'legacy',
      deliveryReply({
        id: 0,
        kind: 'announcement',
        recipientKind: 'channel',
        payload: JSON.parse(
          toJson({
            reply: {
              blocks: [{ kind: 'text', text: long('Old', 5000) }],
              visibility: 'public',
              tone: 'normal',
            },
          }),
        ),
      }),
    );
    for (const [key, reply] of kinds) add(`delivery ${key}`, reply);
    return cases;
  } finally {
    await store.close();
  }
}
