export {
  BOT_INTENTS,
  clientOptions,
  createRestClient,
  type DiscordEndpoint,
  restOptions,
} from './client.js';
