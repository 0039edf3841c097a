import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@ascn/store';
import { createScratchDatabase, probeTestServer } from '@ascn/store/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeAction } from './actions.js';
import { createAssistant } from './assistant.js';
import { flushQuestions, knowledgeGaps, logQuestion } from './gaps.js';
import type { Reply } from './reply.js';
import { realKnowledge } from './test-support.js';

const server = await probeTestServer();
const temp = mkdtempSync(join(tmpdir(), 'ascn-questions-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const slackUser = (userId: string, eventId: string) => ({
  platform: 'slack' as const,
  workspaceId: 'T1',
  userId,
  where: { kind: 'channel' as const, channelId: 'C1' },
  eventId,
});

/** The question id an answer's 👍 button carries. */
const questionIdOf = (r: Reply): number => {
  for (const b of r.blocks)
    if (b.kind === 'buttons')
      for (const { action } of b.buttons) if (action.kind === 'feedback') return action.questionId;
  throw new Error('no feedback button');
};

const question = (query: string, userId = 'U1') => ({
  query,
  declined: false,
  topPath: null,
  platform: 'slack' as const,
  officerId: null,
  userId,
  at: new Date('2026-12-01T00:00:00Z'),
});

describe('the question log', () => {
  it('keeps every question asked, even one asked just before the store closed', async () => {
    const dataDir = join(temp, 'closing');
    const store = await openStore({ dataDir });
    const assistant = createAssistant({ store, knowledge: await realKnowledge() });
    const asked = [
      'who chairs the ascn',
      'what are the six focus areas',
      'what is the capital of mars',
    ];
    const replies: Reply[] = [];
    for (const [i, q] of asked.entries())
      replies.push(await assistant.handle(slackUser('U1', `e${i}`), `ask ${q}`));
    await store.close();

    const reopened = await openStore({ dataDir });
    const rows = await reopened.db
      .selectFrom('questions')
      .select(['id', 'query', 'declined', 'userId'])
      .orderBy('id')
      .execute();
    await reopened.close();
    expect(rows.map((r) => r.query)).toEqual(asked);
    // The ids the answers' buttons carry are the rows' ids (a decline has no buttons).
    expect(rows.slice(0, 2).map((r) => r.id)).toEqual(replies.slice(0, 2).map(questionIdOf));
    expect(rows.map((r) => r.declined)).toEqual([false, false, true]);
  });

  it('takes a 👍 clicked the moment the answer arrived, and lists a decline as a gap at once', async () => {
    const store = await openStore({ inMemory: true });
    const assistant = createAssistant({ store, knowledge: await realKnowledge() });
    const answer = await assistant.handle(slackUser('U2', 'e1'), 'ask who chairs the ascn');
    const thumbsUp = answer.blocks
      .flatMap((b) => (b.kind === 'buttons' ? b.buttons : []))
      .find((b) => b.label.includes('Helpful'));
    const ack = await assistant.action(slackUser('U2', 'e2'), encodeAction(thumbsUp!.action));
    expect(JSON.stringify(ack)).not.toContain('went wrong');
    const vote = await store.db
      .selectFrom('questions')
      .select('feedback')
      .where('id', '=', questionIdOf(answer))
      .executeTakeFirst();
    expect(vote?.feedback).toBe('up');

    await assistant.handle(slackUser('U2', 'e3'), 'ask how do i renew my passport');
    expect((await knowledgeGaps(store)).map((g) => g.query)).toContain(
      'how do i renew my passport',
    );
    await store.close();
  });

  it('writes text PostgreSQL would refuse in JSON (a lone surrogate, NUL) without losing the batch', async () => {
    const store = await openStore({ inMemory: true });
    await logQuestion(store, question('broken \uD800 half of an emoji'));
    await logQuestion(store, question('a NUL \u0000 byte'));
    await logQuestion(store, question('a plain question'));
    await flushQuestions(store);
    const rows = await store.db.selectFrom('questions').select('query').orderBy('id').execute();
    expect(rows.map((r) => r.query)).toEqual([
      'broken \uFFFD half of an emoji',
      'a NUL \uFFFD byte',
      'a plain question',
    ]);
    await store.close();
  });

  it('keeps typed text exactly, and writes a batch in which one id is already taken', async () => {
    const store = await openStore({ inMemory: true });
    const first = await logQuestion(store, question('tab\tand\nnew line, C:\\N and \\N'));
    await flushQuestions(store);
    // The next id is written behind the log's back (on PGlite the batch's COPY then fails whole).
    await store.db
      .insertInto('questions')
      .values({ id: first + 1, query: 'written elsewhere', platform: 'web' })
      .execute();
    const taken = await logQuestion(store, question('asked second'));
    const third = await logQuestion(store, question('asked third'));
    await flushQuestions(store);
    const rows = await store.db
      .selectFrom('questions')
      .select(['id', 'query'])
      .orderBy('id')
      .execute();
    expect(taken).toBe(first + 1);
    expect(rows).toEqual([
      { id: first, query: 'tab\tand\nnew line, C:\\N and \\N' },
      { id: taken, query: 'written elsewhere' },
      { id: third, query: 'asked third' },
    ]);
    await store.close();
  });

  it.skipIf(!server.available)(
    'gives questions asked in two processes on one PostgreSQL distinct ids, and keeps them all',
    async () => {
      const scratch = await createScratchDatabase(server.url, 'ascn_questions');
      const [a, b] = [
        await openStore({ databaseUrl: scratch.url }),
        await openStore({ databaseUrl: scratch.url }),
      ];
      try {
        const ids = await Promise.all(
          Array.from({ length: 1200 }, (_, i) =>
            logQuestion(i % 2 ? a : b, question(`question ${i}`, `U${i % 7}`)),
          ),
        );
        expect(new Set(ids).size).toBe(1200);
        await Promise.all([flushQuestions(a), flushQuestions(b)]);
        const rows = await a.db.selectFrom('questions').select(['id', 'query']).execute();
        expect(rows).toHaveLength(1200);
        const byId = new Map(rows.map((r) => [r.id, r.query]));
        expect(ids.map((id) => byId.get(id))).toEqual(ids.map((_, i) => `question ${i}`));
      } finally {
        await a.close();
        await b.close();
        await scratch.drop();
      }
    },
  );
});

describe('a store closing while its database refuses the log', () => {
  it('leaves no retry behind on the closed store', async () => {
    const store = await openStore({ inMemory: true });
    await logQuestion(store, question('asked while the table is away'));
    await store.db.schema.alterTable('questions').renameTo('questions_away').execute();
    await store.close();
    // A retry would come every 100 ms, 50 times, each reaching for the closed database.
    const reached = vi.spyOn(store.db, 'getExecutor');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(reached).not.toHaveBeenCalled();
  });
});
