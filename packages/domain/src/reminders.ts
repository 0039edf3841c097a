import { z } from 'zod';
import type { CalendarEvent } from './calendar.js';
import { addDays, localToUtc, TimeOfDay } from './time.js';

/** Days before an event's first day; 0 is the morning of the event. */
export const LeadTimeDays = z.number().int().min(0).max(365);
export const DEFAULT_LEAD_TIMES: readonly number[] = [30, 14, 7, 1, 0];
export const DEFAULT_DELIVERY_TIME = '09:00';

export const ReminderPolicy = z.object({
  leadTimes: z
    .array(LeadTimeDays)
    .min(1)
    .default([...DEFAULT_LEAD_TIMES]),
  /** Local time of day in the recipient's zone. */
  deliverAt: TimeOfDay.default(DEFAULT_DELIVERY_TIME),
});
export type ReminderPolicy = z.output<typeof ReminderPolicy>;

/**
 * When a reminder `daysBefore` an event should reach a recipient living in `recipientZone`:
 * at `deliverAt` on that local calendar day. The event's date is its local date in its
 * own zone: a meeting on 7 July in Kuala Lumpur is reminded on 6 July at 09:00 in Yangon.
 */
export function reminderDueAt(
  event: Pick<CalendarEvent, 'start'>,
  daysBefore: number,
  recipientZone: string,
  deliverAt: string = DEFAULT_DELIVERY_TIME,
): Date {
  return localToUtc(addDays(event.start, -daysBefore), deliverAt, recipientZone);
}

/** What to do with a reminder found overdue after downtime. */
export type OverdueDecision = 'send' | 'send-late' | 'drop';

/**
 * The rule for reminders missed while the assistant was down (and the rule every test
 * checks): a reminder is sent as is when at most `graceMinutes` late; sent with a
 * "sent late" note when later but its event has not started yet; dropped once the event
 * has started, and also dropped when a newer lead time for the same event and recipient
 * is already due (the newer one supersedes it, so officers are not flooded after an outage).
 */
export function overdueDecision(input: {
  dueAt: Date;
  now: Date;
  eventStartsAt: Date;
  supersededByNewerDue: boolean;
  graceMinutes?: number;
}): OverdueDecision {
  const grace = (input.graceMinutes ?? 15) * 60_000;
  if (input.now.getTime() >= input.eventStartsAt.getTime()) return 'drop';
  if (input.supersededByNewerDue) return 'drop';
  return input.now.getTime() - input.dueAt.getTime() <= grace ? 'send' : 'send-late';
}

/** "in 30 days", "tomorrow", "today". */
export function leadTimeLabel(daysBefore: number): string {
  if (daysBefore === 0) return 'today';
  if (daysBefore === 1) return 'tomorrow';
  return `in ${daysBefore} days`;
}
