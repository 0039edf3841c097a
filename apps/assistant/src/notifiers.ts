import { type Delivery, deliveryReply, type Notifier, parseChannelRecipientId } from '@ascn/core';
import { type Store, toJson } from '@ascn/store';

/**
 * The local web page is a platform whose "API" is a table: a delivery lands in
 * `web_messages` once, keyed by its dedupe key, so a re-send after a crash is a no-op.
 */
export function webNotifier(store: Store): Notifier {
  return {
    async send(delivery: Delivery) {
      const body = toJson(deliveryReply(delivery));
      await store.db
        .insertInto('webMessages')
        .values({
          dedupeKey: delivery.dedupeKey,
          recipientKind: delivery.recipientKind,
          recipientId: delivery.recipientId,
          body,
        })
        .onConflict((c) => c.column('dedupeKey').doNothing())
        .execute();
      const row = await store.db
        .selectFrom('webMessages')
        .select('id')
        .where('dedupeKey', '=', delivery.dedupeKey)
        .executeTakeFirstOrThrow();
      return { ref: `web:${row.id}` };
    },
  };
}

/**
 * Sends each delivery on the platform of its recipient: a channel on its own platform; an
 * officer on the first platform they are registered on that is running, else the web page.
 */
export function routingNotifier(
  store: Store,
  platforms: Partial<Record<'slack' | 'discord', Notifier>>,
): Notifier {
  const web = webNotifier(store);
  return {
    async send(delivery) {
      if (delivery.recipientKind === 'channel') {
        const { platform } = parseChannelRecipientId(delivery.recipientId);
        const notifier = platform === 'web' ? web : platforms[platform];
        if (!notifier)
          throw Object.assign(new Error(`${platform} is not configured`), { permanent: true });
        return notifier.send(delivery);
      }
      const officer = await store.db
        .selectFrom('officers')
        .select(['slackUserId', 'discordUserId'])
        .where('id', '=', delivery.recipientId)
        .executeTakeFirst();
      if (officer?.slackUserId && platforms.slack) return platforms.slack.send(delivery);
      if (officer?.discordUserId && platforms.discord) return platforms.discord.send(delivery);
      return web.send(delivery);
    },
  };
}
