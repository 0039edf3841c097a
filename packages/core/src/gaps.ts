import { type Platform, QUESTION_ID_BLOCK, type Store, sql } from '@ascn/store';

export interface QuestionToLog {
  query: string;
  declined: boolean;
  topPath: string | null;
  platform: Platform;
  officerId: string | null;
  /** The platform user who asked: only they may share the answer to a channel. */
  userId: string;
  at: Date;
}

/** A logged question reaches the database within this many milliseconds. */
const FLUSH_MS = 100;
/** Rows kept for a retry while the database cannot be written; beyond this the oldest go. */
const MAX_PENDING = 10_000;
const MAX_TRIES = 50;
/** NUL and lone surrogates: PostgreSQL's text and json refuse them. */
const NOT_FOR_JSON =
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The question log's columns, in the order `valuesOf` gives a row's values. */
const COLUMNS = [
  'id',
  'query',
  'declined',
  'top_path',
  'platform',
  'officer_id',
  'user_id',
  'asked_at',
] as const;

interface QuestionLog {
  add(q: QuestionToLog): Promise<number>;
  flush(): Promise<void>;
}

/**
 * The question log of one store. Every question is logged, so on the answer's path it must cost
 * no round trip: its id comes from a block reserved in the sequence in advance (the id goes into
 * the answer's buttons), and the rows are written together a few milliseconds later. A crash
 * loses at most those milliseconds of log (never an answer); a closing store writes them first.
 */
function createQuestionLog(store: Store): QuestionLog {
  // The ids reserved and not yet used: next … end - 1.
  let next = 0;
  let end = 0;
  let refilling: Promise<void> | undefined;
  let rows: Array<QuestionToLog & { id: number; tries?: number }> = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  // Set once the store closes: a batch that fails then is not retried on a closed store.
  let closing = false;

  // One nextval reserves QUESTION_ID_BLOCK ids (the sequence steps by that much).
  const takeIds = async () => {
    const taken = await sql<{ first: number }>`
      select nextval(pg_get_serial_sequence('questions', 'id'))::int as first`.execute(store.db);
    const first = Number(taken.rows[0]!.first);
    next = first;
    end = first + QUESTION_ID_BLOCK;
  };

  // A row's values in COLUMNS' order. Text PostgreSQL cannot take (NUL, a lone surrogate) is
  // replaced: it must not sink a batch.
  const valuesOf = (q: (typeof rows)[number]) => [
    q.id,
    q.query.slice(0, 500).replace(NOT_FOR_JSON, '\uFFFD'),
    q.declined,
    q.topPath,
    q.platform,
    q.officerId,
    q.userId,
    q.at,
  ];

  /** The batch with one COPY (embedded PGlite: half the cost of the insert below). */
  const append = (batch: typeof rows) =>
    store.appendRows!('questions', COLUMNS, batch.map(valuesOf));

  /** The batch as one insert that skips ids already written (a retried batch). */
  const insert = async (batch: typeof rows) => {
    // One JSON parameter rather than eight per row (times become ISO strings).
    const json = JSON.stringify(
      batch.map((q) => {
        const values = valuesOf(q);
        return Object.fromEntries(COLUMNS.map((column, i) => [column, values[i]]));
      }),
    );
    await sql`
        insert into questions (id, query, declined, top_path, platform, officer_id, user_id, asked_at)
        select id, query, declined, top_path, platform, officer_id, user_id, asked_at
        from json_to_recordset(${json}::json) as q(
          id int, query text, declined boolean, top_path text, platform text, officer_id text,
          user_id text, asked_at timestamptz)
        on conflict (id) do nothing`.execute(store.db);
  };

  const write = async (batch: typeof rows) => {
    try {
      // A COPY is all or nothing: if it fails (an id of the batch already written), the insert
      // that skips written ids takes the batch.
      if (store.appendRows) await append(batch).catch(() => insert(batch));
      else await insert(batch);
    } catch {
      // The database is away: keep the rows for the next flushes (bounded, oldest dropped),
      // but not for ever: a batch the database keeps refusing is dropped after a few tries.
      for (const q of batch) q.tries = (q.tries ?? 0) + 1;
      const again = batch.filter((q) => (q.tries ?? 0) < MAX_TRIES);
      rows = [...again, ...rows].slice(-MAX_PENDING);
      if (rows.length > 0 && !closing) schedule();
    }
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = rows;
    rows = [];
    if (batch.length > 0) writing = writing.then(() => write(batch));
    return writing;
  };

  const schedule = () => {
    timer ??= setTimeout(() => void flush(), FLUSH_MS);
  };

  store.beforeClose(() => {
    closing = true;
    return flush();
  });
  return {
    async add(q) {
      while (next >= end) {
        refilling ??= takeIds().finally(() => {
          refilling = undefined;
        });
        await refilling;
      }
      const id = next++;
      rows.push({ ...q, id });
      schedule();
      return id;
    },
    flush,
  };
}

const questionLogs = new WeakMap<Store, QuestionLog>();
const questionLogOf = (store: Store): QuestionLog => {
  let log = questionLogs.get(store);
  if (!log) {
    log = createQuestionLog(store);
    questionLogs.set(store, log);
  }
  return log;
};

/**
 * Logs a question; returns its id so a thumbs-up/down can be attached later. The row is written
 * within a few milliseconds (see `createQuestionLog`); `flushQuestions` writes it now.
 */
export function logQuestion(store: Store, q: QuestionToLog): Promise<number> {
  return questionLogOf(store).add(q);
}

/** Writes the questions logged so far in this process: before reading the log. */
export async function flushQuestions(store: Store): Promise<void> {
  await questionLogs.get(store)?.flush();
}

/** A logged question: who asked it, where, and what (the rows still pending are written first). */
export async function loggedQuestion(store: Store, id: number) {
  await flushQuestions(store);
  return store.db
    .selectFrom('questions')
    .select(['query', 'platform', 'userId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * One person's 👍 or 👎 on an answer; their last click counts. False when there is no such
 * question. The question's own `feedback` column keeps the latest vote of anyone.
 */
export async function recordFeedback(
  store: Store,
  input: { questionId: number; platform: string; userId: string; vote: 'up' | 'down'; at: Date },
): Promise<boolean> {
  await flushQuestions(store);
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
  await flushQuestions(store);
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
