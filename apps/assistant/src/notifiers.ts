import type { OutboundMessage, PlatformNotifier } from '@ascn/core';
import { type Store, toJson } from '@ascn/store';

/**
 * The local web page is a platform whose "API" is a table: a message lands in `web_messages`
 * once, keyed by its delivery key, so a re-send after a crash is a no-op. The page shows a
 * person's messages only to that person (today: the labelled example people).
 */
export function webNotifier(store: Store): PlatformNotifier {
  return {
    async send(message: OutboundMessage) {
      const { address } = message;
      await store.db
        .insertInto('webMessages')
        .values({
          dedupeKey: message.key,
          recipientKind: address.kind === 'user' ? 'officer' : 'channel',
          recipientId: address.kind === 'user' ? address.id : `web:${address.id}`,
          body: toJson(message.reply),
        })
        .onConflict((c) => c.column('dedupeKey').doNothing())
        .execute();
      const row = await store.db
        .selectFrom('webMessages')
        .select('id')
        .where('dedupeKey', '=', message.key)
        .executeTakeFirstOrThrow();
      return { ref: `web:${row.id}` };
    },
  };
}
