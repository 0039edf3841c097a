import { z } from 'zod';
import { parseJsonData } from './data-error.js';
import { IsoDate, localToUtc, TimeOfDay, TimeZone } from './time.js';

export const EVENT_KINDS = [
  'annual-meeting',
  'governance-workshop',
  'report-due',
  'summit',
  'deadline',
  'meeting',
  'other',
] as const;
export const EventKind = z.enum(EVENT_KINDS, {
  message: `expected an event kind: ${EVENT_KINDS.join(', ')}`,
});
export type EventKind = z.output<typeof EventKind>;

export const CalendarEvent = z
  .object({
    // Short enough to travel inside a button's id (100 characters on Discord).
    id: z
      .string()
      .max(60, { message: 'an event id has at most 60 characters' })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'expected a kebab-case id' }),
    kind: EventKind,
    title: z.string().trim().min(3, { message: 'a title needs at least 3 characters' }).max(200),
    /** First (or only) day, local to `timeZone`. */
    start: IsoDate,
    /** Last day of a range, inclusive. */
    end: IsoDate.optional(),
    /** Local start time, when known. */
    time: TimeOfDay.optional(),
    timeZone: TimeZone,
    place: z.string().max(200).optional(),
    /** Where the date comes from. Required unless the event is labelled as an example. */
    source: z.url({ message: 'expected a URL' }).optional(),
    /** Example data for demos and tests; shown as "(example)". */
    example: z.boolean().default(false),
    description: z.string().max(2000).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.end && event.end < event.start)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'the end date is before the start date',
      });
    if (!event.source && !event.example)
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'a real event needs a source URL (or mark it "example": true)',
      });
  });
export type CalendarEvent = z.output<typeof CalendarEvent>;
export type CalendarEventInput = z.input<typeof CalendarEvent>;

export const CalendarFile = z
  .object({ events: z.array(CalendarEvent) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.events.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'id'],
          message: `duplicate event id ${e.id}`,
        });
      seen.add(e.id);
    });
  });

/** Parses and validates a calendar JSON file; errors name the file, field and reason. */
export function parseCalendarFile(fileName: string, text: string): CalendarEvent[] {
  return parseJsonData(fileName, CalendarFile, text).events;
}

/** The instant an event starts (its local start time, or local midnight). */
export function eventStartsAt(event: CalendarEvent): Date {
  return localToUtc(event.start, event.time ?? '00:00', event.timeZone);
}

/** The instant an event is over: end of its last local day. */
export function eventEndsAt(event: CalendarEvent): Date {
  return localToUtc(event.end ?? event.start, '23:59', event.timeZone);
}

/** Events not yet over at `now`, soonest first. */
export function upcomingEvents(events: readonly CalendarEvent[], now: Date): CalendarEvent[] {
  return events
    .filter((e) => eventEndsAt(e) >= now)
    .sort((a, b) => eventStartsAt(a).getTime() - eventStartsAt(b).getTime());
}
