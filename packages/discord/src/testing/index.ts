/**
 * `@ascn/discord/testing`: a local Discord speaking the real wire protocol (REST v10 and the
 * gateway v10 in JSON), for tests and benchmarks that run the real discord.js against it.
 */
export type { FieldError } from './errors.js';
export {
  type FakeDiscord,
  type FakeDiscordOptions,
  type RecordedRequest,
  type RouteMatch,
  startFakeDiscord,
} from './fake-discord.js';
export { type GatewayFrame, Intents, Op } from './gateway.js';
export type {
  AutocompleteInput,
  ComponentInput,
  ModalSubmitInput,
  OptionValues,
  SelectInput,
  SlashCommandInput,
  Where,
} from './interactions.js';
export { DISCORD_EPOCH, snowflakeTime } from './snowflake.js';
export type { Json } from './validate.js';
export type { FakeGuildInput, FakeInteraction, FakeUserInput } from './world.js';
