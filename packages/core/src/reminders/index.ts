export { markDone, snooze } from './actions.js';
export { type Clock, type FakeClock, fakeClock, systemClock } from './clock.js';
export { DIGEST_KIND, type DigestPayload, planDigests, planDigestsFromStore } from './digest.js';
export {
  type DeliveryLoop,
  type DeliveryLoopOptions,
  type DeliveryLoopStats,
  type Notifier,
  runDeliveryLoop,
} from './loop.js';
export { idempotencyNonce } from './nonce.js';
export {
  type ClaimOptions,
  claimDue,
  type Delivery,
  type DeliveryError,
  enqueue,
  markDeferred,
  markFailed,
  markSent,
  type RetryPolicy,
  releaseLeases,
} from './outbox.js';
export {
  type PlanEvent,
  type PlanRemindersInput,
  type PlanSummary,
  planReminders,
  planRemindersFromStore,
  REMINDER_KIND,
  type ReminderPayload,
  reminderExpiresAt,
  reminderKey,
} from './plan.js';
export {
  type ChannelLike,
  channelRecipientId,
  FALLBACK_ZONE,
  type OfficerLike,
  officerZone,
  parseChannelRecipientId,
  type Recipient,
  reminderRecipients,
} from './recipients.js';
