export { type Actor, BadInput, NotAllowed, readerZone } from './actor.js';
export {
  type Assistant,
  type AssistantDeps,
  createAssistant,
  type FormSubmitResult,
  HELP_LINES,
} from './assistant.js';
export { deliveryReply, reminderReply } from './deliveries.js';
export { DEMO_OFFICERS, DEMO_PROJECTS, seedDemo } from './demo.js';
export {
  findOfficerByIdentity,
  registerOfficer,
  removeOfficer,
  subscribeChannel,
} from './directory.js';
export { activeEvents, addEvent, cancelEvent, editEvent, seedEvents } from './events.js';
export {
  bestPracticeForm,
  type FieldKind,
  type FieldSpec,
  type FormId,
  type FormSpec,
  type FormValues,
  statusUpdateForm,
  validateBestPractice,
  validateStatusUpdate,
} from './forms.js';
export { type Gap, knowledgeGaps, logQuestion, recordFeedback } from './gaps.js';
export {
  indexStoredPractices,
  practiceMarkdown,
  practicePath,
  sharePractice,
} from './practices.js';
export * from './reminders/index.js';
export { type Block, type Button, problem, type Reply, reply, replyToText } from './reply.js';
export {
  buildReport,
  closeRound,
  currentRound,
  escapeHtml,
  nextWorkingMoment,
  openRound,
  type RoundReport,
  reportBlocks,
  reportHtml,
  reportMarkdown,
  submitStatus,
} from './rounds.js';
