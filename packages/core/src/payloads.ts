import { z } from 'zod';

/**
 * What the outbox stores for each message: typed, versioned data, rendered into a reply only
 * when it is sent. A change of wording never breaks a stored message, and an old row (the
 * first version stored a whole reply) is still sent as it was.
 */

const EventSummary = z.object({
  id: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string().optional(),
  time: z.string().optional(),
  timeZone: z.string(),
  place: z.string().optional(),
  example: z.boolean().default(false),
});

const RoundAbout = {
  v: z.literal(1),
  roundId: z.number().int(),
  roundTitle: z.string(),
  closesAt: z.string(),
  cityId: z.string(),
};

export const StatusPromptPayload = z.object({ ...RoundAbout, type: z.literal('status-prompt') });
export const StatusNudgePayload = z.object({ ...RoundAbout, type: z.literal('status-nudge') });
export const StatusEscalationPayload = z.object({
  ...RoundAbout,
  type: z.literal('status-escalation'),
  officerName: z.string(),
});
export type RoundMessagePayload =
  | z.input<typeof StatusPromptPayload>
  | z.input<typeof StatusNudgePayload>
  | z.input<typeof StatusEscalationPayload>;

export const PracticePayload = z.object({
  v: z.literal(1),
  type: z.literal('practice'),
  practice: z.object({
    id: z.number().int(),
    title: z.string(),
    cityId: z.string(),
    focusAreas: z.array(z.string()),
    problem: z.string(),
    solution: z.string(),
    results: z.string().nullable(),
    sharedBy: z.string().nullable(),
  }),
});
export type PracticePayload = z.input<typeof PracticePayload>;

export const EventMovedPayload = z.object({
  v: z.literal(1),
  type: z.literal('event-moved'),
  before: EventSummary,
  after: EventSummary,
});
export type EventMovedPayload = z.input<typeof EventMovedPayload>;

export function eventSummary(e: z.input<typeof EventSummary> & Record<string, unknown>) {
  return {
    id: e.id,
    title: e.title,
    start: e.start,
    ...(e.end ? { end: e.end } : {}),
    ...(e.time ? { time: e.time } : {}),
    timeZone: e.timeZone,
    ...(e.place ? { place: e.place } : {}),
    example: e.example ?? false,
  };
}

/** The payloads rendered by `deliveryReply` (reminders and digests have their own modules). */
export const MessagePayload = z.discriminatedUnion('type', [
  StatusPromptPayload,
  StatusNudgePayload,
  StatusEscalationPayload,
  PracticePayload,
  EventMovedPayload,
]);
export type MessagePayload = z.output<typeof MessagePayload>;
