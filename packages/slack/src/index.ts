export {
  createSlackAdapter,
  SHARE_SHORTCUT,
  type SlackAdapter,
  type SlackAdapterOptions,
  type SlackLog,
} from './adapter.js';
export { mrkdwnToPlain } from './inbound.js';
export {
  FORM_CALLBACK_ID,
  formValuesFromState,
  renderFormModal,
  renderReplyModal,
} from './modal.js';
export {
  DELIVERY_EVENT_TYPE,
  deliveryError,
  type SlackNotifierOptions,
  slackNotifier,
} from './notifier.js';
export {
  escapeMrkdwn,
  linkTarget,
  mrkdwnPart,
  notificationText,
  type RenderOptions,
  renderBlocks,
  renderMessage,
  type SlackMessage,
  type Surface,
} from './render.js';
export {
  type SlackIncomingMessage,
  type SlackRequestListener,
  slackRequestListener,
} from './request-listener.js';
