import type { Platform, Store } from '@ascn/store';

/** Logs a question; returns its id so a thumbs-up/down can be attached later. */
export async function logQuestion(
  store: Store,
  q: {
    query: string;
    declined: boolean;
    topPath: string | null;
    platform: Platform;
    officerId: string | null;
    /** The platform user who asked: only they may share the answer to a channel. */
    userId: string;
    at: Date;
  },
): Promise<number> {
  const row = await store.db
    .insertInto('questions')
    .values({
      query: q.query.slice(0, 500),
      declined: q.declined,
      topPath: q.topPath,
      platform: q.platform,
      officerId: q.officerId,
      userId: q.userId,
      askedAt: q.at,
      feedback: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * One person's 👍 or 👎 on an answer; their last click counts. False when there is no such
 * question. The question's own `feedback` column keeps the latest vote of anyone.
 */
export async function recordFeedback(
  store: Store,
  input: { questionId: number; platform: string; userId: string; vote: 'up' | 'down'; at: Date },
): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const q = await trx
      .updateTable('questions')
      .set({ feedback: input.vote })
      .where('id', '=', input.questionId)
      .returning('id')
      .executeTakeFirst();
    if (!q) return false;
    await trx
      .insertInto('questionFeedback')
      .values({
        questionId: input.questionId,
        platform: input.platform,
        userId: input.userId,
        vote: input.vote,
        updatedAt: input.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['questionId', 'platform', 'userId'])
          .doUpdateSet({ vote: input.vote, updatedAt: input.at }),
      )
      .execute();
    return true;
  });
}

export interface Gap {
  /** The question as most often typed. */
  query: string;
  count: number;
  declined: number;
  thumbsDown: number;
  lastAsked: Date;
}

/** Normalises a question so "What is SCGW?" and "what is scgw" count together. */
export function gapKey(query: string): string {
  return query
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Declined and thumbs-down questions, most frequent first: what to write next. */
export async function knowledgeGaps(
  store: Store,
  limit = 50,
  options: { askedByExamplePeople?: boolean } = {},
): Promise<Gap[]> {
  // A question counts as thumbs-down when someone's last vote on its answer was 👎.
  const rows = await store.db
    .selectFrom('questions')
    .select((eb) => [
      'query',
      'declined',
      'askedAt',
      eb
        .exists(
          eb
            .selectFrom('questionFeedback')
            .select('questionFeedback.questionId')
            .whereRef('questionFeedback.questionId', '=', 'questions.id')
            .where('questionFeedback.vote', '=', 'down'),
        )
        .as('down'),
    ])
    // The example Secretariat sees what example people asked, never what real people typed.
    .$if(options.askedByExamplePeople === true, (q) =>
      q.where((eb) =>
        eb(
          'officerId',
          'in',
          eb.selectFrom('officers').select('officers.id').where('officers.example', '=', true),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('declined', '=', true),
        eb.exists(
          eb
            .selectFrom('questionFeedback')
            .select('questionFeedback.questionId')
            .whereRef('questionFeedback.questionId', '=', 'questions.id')
            .where('questionFeedback.vote', '=', 'down'),
        ),
      ]),
    )
    .execute();
  const byKey = new Map<string, Gap>();
  for (const r of rows) {
    const key = gapKey(r.query);
    if (!key) continue;
    const g = byKey.get(key) ?? {
      query: r.query,
      count: 0,
      declined: 0,
      thumbsDown: 0,
      lastAsked: r.askedAt,
    };
    g.count++;
    if (r.declined) g.declined++;
    if (r.down) g.thumbsDown++;
    if (r.askedAt > g.lastAsked) g.lastAsked = r.askedAt;
    byKey.set(key, g);
  }
  return [...byKey.values()]
    .sort((a, b) => b.count - a.count || b.lastAsked.getTime() - a.lastAsked.getTime())
    .slice(0, limit);
}
