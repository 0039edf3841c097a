/**
 * `@ascn/slack/testing`: a local fake of Slack that speaks its wire protocol (Web API,
 * response_urls, Socket Mode) and sends an app signed requests, for tests and benchmarks.
 */
export { blockProblems, LIMITS, viewProblems } from './block-kit-limits.js';
export {
  type FakeSlack,
  type FakeSlackOptions,
  type InjectedFailure,
  type RecordedCall,
  type SlackSender,
  type SocketModeControl,
  startFakeSlack,
} from './fake-slack.js';
export type {
  BlockActionArgs,
  CommandArgs,
  EnvelopeType,
  InputValue,
  Interaction,
  InteractionBuilders,
  MessageArgs,
  ViewSubmissionArgs,
} from './interactions.js';
export {
  type AppResponse,
  type EncodedRequest,
  encodeInteraction,
  type SendOptions,
  type SignOptions,
  signSlackRequest,
  slackHeaders,
} from './sender.js';
export type { SentEnvelope, SocketAck, SocketDeliveryOptions } from './socket-mode.js';
export {
  type EphemeralRecord,
  type FakeClock,
  type MessageMetadata,
  RESPONSE_URL_MAX_USES,
  RESPONSE_URL_TTL_MS,
  type ResponseRecord,
  TRIGGER_TTL_MS,
} from './state.js';
export { WEB_API_METHODS } from './web-api.js';
export {
  DEFAULT_WORKSPACE,
  type FakeChannelSeed,
  type FakeUserSeed,
  type WorkspaceSeed,
  workspaceSeed,
} from './workspace.js';
