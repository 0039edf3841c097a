import { reply } from '@ascn/core';
import { type Store, toJson } from '@ascn/store';

/** Test set-up: a text message already delivered to the page (a row of `web_messages`). */
export function addWebMessage(
  store: Store,
  key: string,
  kind: 'officer' | 'channel',
  id: string,
  words: string,
) {
  return store.db
    .insertInto('webMessages')
    .values({
      dedupeKey: key,
      recipientKind: kind,
      recipientId: id,
      body: toJson(reply([{ kind: 'text', text: words }])),
    })
    .execute();
}
