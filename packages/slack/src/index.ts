export {
  type SlackIncomingMessage,
  type SlackRequestListener,
  slackRequestListener,
} from './request-listener.js';
