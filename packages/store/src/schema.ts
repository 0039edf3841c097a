import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The store's tables as Kysely sees them. Column names are camelCase here and snake_case
 * in PostgreSQL (the store's Kysely instance uses `CamelCasePlugin`); raw `sql` fragments
 * must therefore use the snake_case names. Every timestamp is `timestamptz` (UTC instants).
 */

/** A `timestamptz` column: read as `Date`, written as `Date` or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` column with a default (`now()`). */
export type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/**
 * A `jsonb` column. Written as a JSON string (use {@link toJson}): node-postgres would
 * serialise a JS array as a PostgreSQL array, not as JSON, so both drivers get text.
 */
export type Json<T> = ColumnType<T, string, string>;

export const PLATFORMS = ['slack', 'discord', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const RECIPIENT_KINDS = ['officer', 'channel'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * A delivery's life: `pending` (waiting for its time or its next attempt) → `sending`
 * (leased by a worker) → `sent`; or `dropped` (by rule, cancellation or supersession),
 * `done` (the recipient marked the event done, or it went into a digest) and `failed`
 * (permanent error, or out of attempts).
 */
export const DELIVERY_STATUSES = [
  'pending',
  'sending',
  'sent',
  'dropped',
  'done',
  'failed',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface OfficersTable {
  id: string;
  name: string;
  role: string;
  cityId: string | null;
  country: string | null;
  timeZone: string | null;
  email: string | null;
  example: Generated<boolean>;
  /** Opted in to one daily digest instead of separate reminders. */
  reminderDigest: Generated<boolean>;
  createdAt: TimestampDefault;
  removedAt: Timestamp | null;
}

export interface ChannelsTable {
  id: Generated<number>;
  platform: Platform;
  channelId: string;
  name: string;
  focusAreas: Generated<string[]>;
  reminders: Generated<boolean>;
  timeZone: string;
  /** Opted in to one daily digest instead of separate reminders. */
  reminderDigest: Generated<boolean>;
  /** The city whose channel this is: where an officer whose DMs are closed is mentioned. */
  cityId: string | null;
  /** Answers plain questions posted in it (only confident answers). */
  answerQuestions: Generated<boolean>;
  /** Slack team or Discord guild; '' when unknown. */
  workspaceId: Generated<string>;
}

/** A person's account on a platform, linked to the officer it belongs to. */
export interface IdentitiesTable {
  platform: Platform;
  /** Slack team id; '' where user ids are global (Discord) or the workspace is unknown. */
  workspaceId: Generated<string>;
  userId: string;
  officerId: string;
  createdAt: TimestampDefault;
}

/** A platform event a writing command ran for: a retry with the same id gets the same reply. */
export interface HandledEventsTable {
  platform: string;
  eventId: string;
  command: string;
  status: Generated<'running' | 'done'>;
  reply: Json<Record<string, unknown>> | null;
  createdAt: TimestampDefault;
}

/** A form being filled in steps (or shown again after an error), with what was typed so far. */
export interface FormDraftsTable {
  id: string;
  platform: string;
  userId: string;
  formId: string;
  context: Json<Record<string, string>>;
  values: Json<Record<string, string | string[]>>;
  updatedAt: TimestampDefault;
}

export interface EventsTable {
  id: string;
  kind: string;
  title: string;
  /** First day, `YYYY-MM-DD`, local to `timeZone`. */
  start: string;
  end: string | null;
  /** Local start time `HH:mm`, when known. */
  time: string | null;
  timeZone: string;
  place: string | null;
  source: string | null;
  example: Generated<boolean>;
  description: string | null;
  cancelled: Generated<boolean>;
  updatedAt: TimestampDefault;
}

/** The outbox: every outbound message (reminders, announcements, prompts, nudges, digests). */
export interface DeliveriesTable {
  id: Generated<number>;
  /** Unique; also the idempotency key every notifier hands to its platform. */
  dedupeKey: string;
  kind: string;
  recipientKind: RecipientKind;
  recipientId: string;
  eventId: string | null;
  leadDays: number | null;
  /** When it should reach the recipient. */
  dueAt: Timestamp;
  /**
   * Past this instant an unsent delivery is pointless and is dropped, not sent: for a
   * reminder, when its event starts (an all-day event: the end of its first day).
   */
  expiresAt: Timestamp | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  /** Claimable from this instant (due time, then backoff or snooze). */
  nextAttemptAt: Timestamp;
  leaseUntil: Timestamp | null;
  leasedBy: string | null;
  sentAt: Timestamp | null;
  late: Generated<boolean>;
  /** The platform's message id. */
  deliveryRef: string | null;
  lastError: string | null;
  snoozedUntil: Timestamp | null;
  createdAt: TimestampDefault;
  updatedAt: TimestampDefault;
}

export interface StatusRoundsTable {
  id: Generated<number>;
  title: string;
  eventId: string | null;
  opensAt: Timestamp;
  closesAt: Timestamp;
  status: Generated<'open' | 'closed'>;
  nudgeAfterHours: number;
  escalateAfterHours: number;
  createdBy: string;
  createdAt: TimestampDefault;
  closedAt: Timestamp | null;
  /** Opened by an example person: only example people take part; its report is public. */
  example: Generated<boolean>;
}

export interface RoundCitiesTable {
  roundId: number;
  cityId: string;
  officerId: string | null;
  promptedAt: Timestamp | null;
  nudgedAt: Timestamp | null;
  escalatedAt: Timestamp | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  cityId: string;
  name: string;
  focusAreas: Generated<string[]>;
  example: Generated<boolean>;
}

export interface StatusAnswersTable {
  id: Generated<number>;
  roundId: number;
  cityId: string;
  project: string;
  status: string;
  progress: number;
  highlights: string | null;
  blockers: string | null;
  helpNeeded: string | null;
  officerId: string;
  submittedAt: TimestampDefault;
  updatedAt: TimestampDefault;
}

export interface PracticesTable {
  id: Generated<number>;
  idempotencyKey: string;
  title: string;
  cityId: string;
  focusAreas: string[];
  problem: string;
  solution: string;
  results: string | null;
  contact: string | null;
  links: Json<string[]>;
  officerId: string | null;
  createdAt: TimestampDefault;
}

export interface QuestionsTable {
  id: Generated<number>;
  askedAt: TimestampDefault;
  query: string;
  declined: Generated<boolean>;
  topPath: string | null;
  feedback: 'up' | 'down' | null;
  platform: string;
  officerId: string | null;
  /** The platform user who asked (only they may share the answer to a channel). */
  userId: string | null;
}

export interface QuestionFeedbackTable {
  questionId: number;
  platform: string;
  userId: string;
  vote: 'up' | 'down';
  updatedAt: TimestampDefault;
}

export interface WebMessagesTable {
  id: Generated<number>;
  dedupeKey: string;
  recipientKind: string;
  recipientId: string;
  body: Json<Record<string, unknown>>;
  createdAt: TimestampDefault;
}

/** A one-time sign-in link for the web page; only the token's SHA-256 is kept. */
export interface SignInLinksTable {
  /** The link's public id (`link-…`), for `ascn access list` and `revoke`. */
  id: string;
  tokenHash: string;
  officerId: string;
  createdAt: TimestampDefault;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

/** A signed-in web session; only the session id's SHA-256 is kept. */
export interface WebSessionsTable {
  idHash: string;
  officerId: string;
  /** The sign-in link that started it. */
  linkId: string | null;
  createdAt: TimestampDefault;
  expiresAt: Timestamp;
  lastSeenAt: TimestampDefault;
  endedAt: Timestamp | null;
}

/** Values the assistant generates once and shares between processes (e.g. the cookie secret). */
export interface SettingsTable {
  key: string;
  value: string;
  createdAt: TimestampDefault;
}

export interface Database {
  officers: OfficersTable;
  channels: ChannelsTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  statusRounds: StatusRoundsTable;
  roundCities: RoundCitiesTable;
  projects: ProjectsTable;
  statusAnswers: StatusAnswersTable;
  practices: PracticesTable;
  questions: QuestionsTable;
  webMessages: WebMessagesTable;
  identities: IdentitiesTable;
  handledEvents: HandledEventsTable;
  formDrafts: FormDraftsTable;
  questionFeedback: QuestionFeedbackTable;
  signInLinks: SignInLinksTable;
  webSessions: WebSessionsTable;
  settings: SettingsTable;
}

export type OfficerRow = Selectable<OfficersTable>;
export type NewOfficer = Insertable<OfficersTable>;
export type OfficerUpdate = Updateable<OfficersTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type NewChannel = Insertable<ChannelsTable>;
export type ChannelUpdate = Updateable<ChannelsTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewDelivery = Insertable<DeliveriesTable>;
export type DeliveryUpdate = Updateable<DeliveriesTable>;
export type StatusRoundRow = Selectable<StatusRoundsTable>;
export type NewStatusRound = Insertable<StatusRoundsTable>;
export type StatusRoundUpdate = Updateable<StatusRoundsTable>;
export type RoundCityRow = Selectable<RoundCitiesTable>;
export type NewRoundCity = Insertable<RoundCitiesTable>;
export type RoundCityUpdate = Updateable<RoundCitiesTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type NewProject = Insertable<ProjectsTable>;
export type StatusAnswerRow = Selectable<StatusAnswersTable>;
export type NewStatusAnswer = Insertable<StatusAnswersTable>;
export type StatusAnswerUpdate = Updateable<StatusAnswersTable>;
export type PracticeRow = Selectable<PracticesTable>;
export type NewPractice = Insertable<PracticesTable>;
export type QuestionRow = Selectable<QuestionsTable>;
export type NewQuestion = Insertable<QuestionsTable>;
export type QuestionUpdate = Updateable<QuestionsTable>;
export type WebMessageRow = Selectable<WebMessagesTable>;
export type IdentityRow = Selectable<IdentitiesTable>;
export type FormDraftRow = Selectable<FormDraftsTable>;
export type NewWebMessage = Insertable<WebMessagesTable>;
export type SignInLinkRow = Selectable<SignInLinksTable>;
export type WebSessionRow = Selectable<WebSessionsTable>;

/** Serialises a value for a `jsonb` column (the same text for PGlite and node-postgres). */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}
