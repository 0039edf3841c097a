export {
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordAdapterOptions,
  DiscordConfigError,
  type DiscordLog,
} from './adapter.js';
export { type AttachedBot, attachBot, type BotOptions, type BotStats, commandPath } from './bot.js';
export {
  BOT_INTENTS,
  botIntents,
  clientOptions,
  createRestClient,
  type DiscordEndpoint,
  restOptions,
} from './client.js';
export { registerCommands, slashCommands } from './commands.js';
export { interactionProblem, MALFORMED_ANSWER } from './guard.js';
export {
  type GatewayLease,
  type LeaseHooks,
  localLease,
  lockKey,
  postgresLease,
} from './lease.js';
export { escapeText, renderPart, timestamp } from './markdown.js';
export { matchOption, modalId, modalValues, renderModal } from './modal.js';
export { createDiscordNotifier, deliveryError, deliveryMarker } from './notifier.js';
export {
  COLORS,
  type DiscordMessage,
  type RenderOptions,
  renderLine,
  renderMessage,
} from './render.js';
