import { type Store, sql, toJson } from '@ascn/store';
import type { Reply } from './reply.js';

/**
 * Runs a command that writes once per platform event. The first run records the event id and,
 * when done, its reply; a retry of the same event (Slack retries what was not answered within
 * 3 seconds) gets that reply again and changes nothing. A retry that arrives while the first
 * run is still going is told so. When the run fails unexpectedly the record is removed, so the
 * platform's next retry can do the work.
 */
export async function runOnce(
  store: Store,
  event: { platform: string; eventId: string; command: string },
  run: () => Promise<Reply>,
): Promise<Reply> {
  const claimed = await store.db
    .insertInto('handledEvents')
    .values({
      platform: event.platform,
      eventId: event.eventId,
      command: event.command,
      reply: null,
    })
    .onConflict((oc) => oc.columns(['platform', 'eventId']).doNothing())
    .returning('eventId')
    .executeTakeFirst();
  if (!claimed) {
    const earlier = await store.db
      .selectFrom('handledEvents')
      .select(['status', 'reply'])
      .where('platform', '=', event.platform)
      .where('eventId', '=', event.eventId)
      .executeTakeFirst();
    if (earlier?.status === 'done' && earlier.reply) return earlier.reply as unknown as Reply;
    return {
      blocks: [{ kind: 'text', text: 'I am still working on that request; one moment.' }],
      visibility: 'private',
      tone: 'normal',
    };
  }
  let result: Reply;
  try {
    result = await run();
  } catch (error) {
    await store.db
      .deleteFrom('handledEvents')
      .where('platform', '=', event.platform)
      .where('eventId', '=', event.eventId)
      .execute()
      .catch(() => {});
    throw error;
  }
  await store.db
    .updateTable('handledEvents')
    .set({ status: 'done', reply: toJson(result) })
    .where('platform', '=', event.platform)
    .where('eventId', '=', event.eventId)
    .execute();
  return result;
}

/** Forgets handled events older than `days` (a platform retries within minutes). */
export async function pruneHandledEvents(store: Store, now: Date, days = 7): Promise<number> {
  const r = await store.db
    .deleteFrom('handledEvents')
    .where('createdAt', '<', sql<Date>`${now}::timestamptz - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
