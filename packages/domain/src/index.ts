export {
  CalendarEvent,
  type CalendarEventInput,
  CalendarFile,
  EVENT_KINDS,
  EventKind,
  eventEndsAt,
  eventStartsAt,
  parseCalendarFile,
  upcomingEvents,
} from './calendar.js';
export { CITIES, City, cityAliases, cityById, findCity } from './cities.js';
export {
  type Config,
  ConfigError,
  ConfigSchema,
  defaultPublicUrl,
  parseConfig,
} from './config.js';
export {
  DataError,
  type DataProblem,
  fieldPath,
  parseData,
  parseJsonData,
  problemsOf,
} from './data-error.js';
export { DocFrontMatter } from './docs.js';
export {
  FOCUS_AREAS,
  FocusAreaId,
  findFocusArea,
  STRATEGIC_OUTCOMES,
  StrategicOutcomeId,
} from './framework.js';
export { deepFreeze } from './freeze.js';
export { Officer, type OfficerInput } from './officers.js';
export { BestPractice, type BestPracticeInput } from './practices.js';
export {
  DEFAULT_DELIVERY_TIME,
  DEFAULT_LEAD_TIMES,
  LeadTimeDays,
  leadTimeLabel,
  type OverdueDecision,
  overdueDecision,
  ReminderPolicy,
  reminderDueAt,
} from './reminders.js';
export { ROLES, Role, roleLabel } from './roles.js';
export { MEMBER_STATES, MemberStateCode, memberStateName } from './states.js';
export { PROJECT_STATUSES, ProjectStatus, StatusUpdate, type StatusUpdateInput } from './status.js';
export {
  addDays,
  daysUntil,
  formatInZone,
  IsoDate,
  isTimeZone,
  localDate,
  localToUtc,
  TimeOfDay,
  TimeZone,
  utcOffsetLabel,
} from './time.js';
