export { ACTION_ID_MAX, type ActionId, decodeAction, encodeAction } from './actions.js';
export {
  type Assistant,
  type AssistantDeps,
  createAssistant,
  type FormOutcome,
  type FormSubmission,
  type Suggestion,
} from './assistant.js';
export { DECLINE, eventKindsAskedAbout } from './commands/ask.js';
export { COMMANDS, GROUP_SUMMARIES } from './commands/index.js';
export { deliveryReply, digestReply, practiceBlocks, reminderReply } from './deliveries.js';
export { DEMO_OFFICERS, DEMO_PROJECTS, seedDemo } from './demo.js';
export { cityName, registerOfficer, removeOfficer, subscribeChannel } from './directory.js';
export {
  type Address,
  createDispatcher,
  type DispatcherOptions,
  type OutboundMessage,
  type PlatformNotifier,
} from './dispatch.js';
export { type Draft, loadDraft, saveDraft } from './drafts.js';
export { BadInput, NotAllowed } from './errors.js';
export { activeEvents, addEvent, cancelEvent, editEvent, seedEvents } from './events.js';
export { isExampleActor, refuseReal } from './examples.js';
export {
  bestPracticeForm,
  decodeFormRef,
  encodeFormRef,
  type FieldGroup,
  type FieldKind,
  type FieldSpec,
  type FormId,
  type FormRef,
  type FormSpec,
  type FormValues,
  fieldsOf,
  MAX_GROUP_FIELDS,
  statusUpdateForm,
} from './forms.js';
export {
  flushQuestions,
  type Gap,
  knowledgeGaps,
  logQuestion,
  type QuestionToLog,
  recordFeedback,
} from './gaps.js';
export {
  type Actor,
  type Incoming,
  type PlatformProfile,
  readerZone,
  resolveActor,
  type Where,
} from './identity.js';
export { ELLIPSIS, fitInline, fitText, PLATFORM_LIMITS, type PlatformLimits } from './limits.js';
export { citationUrl, reportUrl } from './links.js';
export { pruneHandledEvents, runOnce } from './once.js';
export {
  indexStoredPractices,
  type PracticeWatch,
  practiceMarkdown,
  practicePath,
  requireMayShare,
  sharedPracticePage,
  sharePractice,
  watchPractices,
} from './practices.js';
export {
  type ArgSpec,
  type Audience,
  type AutocompleteSource,
  type Command,
  type CommandNode,
  commandTree,
  mayRun,
} from './registry.js';
export * from './reminders/index.js';
export {
  type Block,
  type Button,
  citationTitle,
  formatTime,
  formOpenAction,
  type Inline,
  type InlinePart,
  inlineToText,
  link,
  partsOf,
  problem,
  type Reply,
  reply,
  replyToText,
  type TimeStyle,
  time,
} from './reply.js';
export {
  buildReport,
  type CityReport,
  closeRound,
  currentRound,
  currentRoundFor,
  nextWorkingMoment,
  openRound,
  type RoundReport,
  reportBlocks,
  reportTotals,
  submitStatus,
} from './rounds.js';
