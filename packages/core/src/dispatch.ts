import type { Platform, Store } from '@ascn/store';
import { deliveryReply } from './deliveries.js';
import type { Delivery, Notifier } from './reminders/index.js';
import { parseChannelRecipientId } from './reminders/recipients.js';
import type { Reply } from './reply.js';

/** Where a message goes on a platform, resolved by the core (routing and identity are never the adapter's). */
export interface Address {
  platform: Platform;
  /** `user`: a direct message to that platform user; `channel`: a post in that channel. */
  kind: 'user' | 'channel';
  /** The platform's user or channel id (on the web page: the officer id or `general`). */
  id: string;
  /** Slack team or Discord guild, when known. */
  workspaceId?: string;
  /**
   * For a direct message: the person's city channel on the same platform, where they may be
   * mentioned instead when their direct messages are closed.
   */
  fallbackChannelId?: string;
}

/**
 * One outbound message as a platform adapter receives it. `key` is the idempotency key: the
 * adapter hands it to its platform (Discord: a nonce from it with `enforce_nonce`; Slack: in
 * message metadata, looked up before a re-send), so that a re-send after a crash is a no-op.
 */
export interface OutboundMessage {
  key: string;
  attempt: number;
  kind: string;
  address: Address;
  reply: Reply;
}

/** A platform's sending half. Throw a `DeliveryError` (see the outbox) to fail or defer. */
export interface PlatformNotifier {
  send(message: OutboundMessage): Promise<{ ref: string }>;
}

export interface DispatcherOptions {
  store: Store;
  /** The platforms running in this process. */
  platforms: Partial<Record<Platform, PlatformNotifier>>;
  publicUrl?: string | (() => string);
  /** How long a message waits when none of its recipient's chat platforms is running here. Default 15 minutes. */
  waitMs?: number;
}

/** No platform of the recipient runs here: the delivery waits (not an attempt, not a failure). */
function waiting(reason: string, waitMs: number): Error {
  return Object.assign(new Error(`waiting: ${reason}`), { deferMs: waitMs });
}

/**
 * The delivery loop's notifier: renders each stored payload into a reply when it is sent,
 * resolves where it goes, and hands `{ key, attempt, address, reply }` to the platform.
 * A channel goes to its own platform. An officer gets a direct message on the first of their
 * chat platforms (Slack, Discord) that is running, in the order their accounts were
 * registered. An officer with no chat account gets theirs on the web page, which shows it only
 * to them once signed in; so do the labelled example people. An officer whose chat platforms
 * are none of those running here waits for one of them (never the web page instead).
 */
export function createDispatcher(options: DispatcherOptions): Notifier {
  const { store, platforms } = options;
  const waitMs = options.waitMs ?? 15 * 60_000;
  return {
    async send(delivery: Delivery) {
      const address = await resolveAddress(delivery);
      const notifier = platforms[address.platform];
      if (!notifier) throw waiting(`${address.platform} is not running here`, waitMs);
      const publicUrl =
        typeof options.publicUrl === 'function' ? options.publicUrl() : options.publicUrl;
      const rendered = deliveryReply(delivery, publicUrl ? { publicUrl } : {});
      return notifier.send({
        key: delivery.dedupeKey,
        attempt: delivery.attempts,
        kind: delivery.kind,
        address,
        reply: rendered,
      });
    },
  };

  async function resolveAddress(delivery: Delivery): Promise<Address> {
    if (delivery.recipientKind === 'channel') {
      const { platform, channelId } = parseChannelRecipientId(delivery.recipientId);
      const channel = await store.db
        .selectFrom('channels')
        .select('workspaceId')
        .where('platform', '=', platform)
        .where('channelId', '=', channelId)
        .executeTakeFirst();
      return {
        platform,
        kind: 'channel',
        id: channelId,
        ...(channel?.workspaceId ? { workspaceId: channel.workspaceId } : {}),
      };
    }
    const officer = await store.db
      .selectFrom('officers')
      .select(['id', 'cityId', 'example', 'removedAt'])
      .where('id', '=', delivery.recipientId)
      .executeTakeFirst();
    if (!officer || officer.removedAt)
      throw Object.assign(new Error('the recipient is no longer registered'), { permanent: true });
    const identities = await store.db
      .selectFrom('identities')
      .selectAll()
      .where('officerId', '=', officer.id)
      .orderBy('createdAt')
      .orderBy('platform')
      .execute();
    const identity = identities.find((i) => i.platform !== 'web' && platforms[i.platform]);
    if (identity) {
      const cityChannel = officer.cityId
        ? await store.db
            .selectFrom('channels')
            .select('channelId')
            .where('platform', '=', identity.platform)
            .where('cityId', '=', officer.cityId)
            .orderBy('id')
            .executeTakeFirst()
        : undefined;
      return {
        platform: identity.platform,
        kind: 'user',
        id: identity.userId,
        ...(identity.workspaceId ? { workspaceId: identity.workspaceId } : {}),
        ...(cityChannel ? { fallbackChannelId: cityChannel.channelId } : {}),
      };
    }
    // The web page shows an officer's messages only to that officer signed in (or, for the
    // example people, to whoever acts as them): it is the inbox of those with no chat account.
    const chat = identities.filter((i) => i.platform !== 'web');
    if (officer.example || chat.length === 0)
      return { platform: 'web', kind: 'user', id: officer.id };
    throw waiting('none of the recipient’s platforms is running here', waitMs);
  }
}
