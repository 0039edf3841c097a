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
      askedAt: q.at,
      feedback: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function recordFeedback(
  store: Store,
  questionId: number,
  feedback: 'up' | 'down',
): Promise<boolean> {
  const r = await store.db
    .updateTable('questions')
    .set({ feedback })
    .where('id', '=', questionId)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
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
export async function knowledgeGaps(store: Store, limit = 50): Promise<Gap[]> {
  const rows = await store.db
    .selectFrom('questions')
    .select(['query', 'declined', 'feedback', 'askedAt'])
    .where((eb) => eb.or([eb('declined', '=', true), eb('feedback', '=', 'down')]))
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
    if (r.feedback === 'down') g.thumbsDown++;
    if (r.askedAt > g.lastAsked) g.lastAsked = r.askedAt;
    byKey.set(key, g);
  }
  return [...byKey.values()]
    .sort((a, b) => b.count - a.count || b.lastAsked.getTime() - a.lastAsked.getTime())
    .slice(0, limit);
}
