import { DateTime } from 'luxon';
import { z } from 'zod';

// Building an Intl.DateTimeFormat costs tens of microseconds and every chat request checks a
// zone, so the answers are remembered; the zone database does not change while we run. Only
// known zones are kept, so typed garbage cannot grow the set.
const KNOWN_ZONES = new Set<string>();

/** True when the runtime's time zone database knows `zone` (e.g. Asia/Yangon). */
export function isTimeZone(zone: string): boolean {
  if (KNOWN_ZONES.has(zone)) return true;
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  if (KNOWN_ZONES.size < 1000) KNOWN_ZONES.add(zone);
  return true;
}

export const TimeZone = z
  .string()
  .refine(isTimeZone, { message: 'not an IANA time zone (for example Asia/Yangon)' });

/** `HH:mm`, 24-hour. */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time of day as HH:mm, e.g. 09:00' });

export const IsoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

/** The instant (UTC) at which a local wall-clock time happens in `zone`. */
export function localToUtc(date: string, timeOfDay: string, zone: string): Date {
  const local = DateTime.fromISO(`${date}T${timeOfDay}`, { zone });
  if (!local.isValid) throw new RangeError(`invalid local time ${date} ${timeOfDay} in ${zone}`);
  return local.toUTC().toJSDate();
}

/** Adds whole calendar days to a YYYY-MM-DD date (negative to go back). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** The calendar date (YYYY-MM-DD) of an instant as seen in `zone`. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** `UTC+6:30` style label of a zone's offset at an instant. */
export function utcOffsetLabel(zone: string, at: Date = new Date()): string {
  const minutes = DateTime.fromJSDate(at, { zone }).offset;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const mm = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
}

/** A readable local time for a reader in `zone`, e.g. `Tue 7 Jul 2026, 09:00 (UTC+6:30)`. */
export function formatInZone(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale('en-GB');
  return `${local.toFormat('ccc d LLL yyyy, HH:mm')} (${utcOffsetLabel(zone, instant)})`;
}

/** Whole days from the local date of `now` in `zone` to `date`. */
export function daysUntil(date: string, now: Date, zone: string): number {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const target = DateTime.fromISO(date, { zone }).startOf('day');
  return Math.round(target.diff(today, 'days').days);
}
