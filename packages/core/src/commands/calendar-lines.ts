import { type CalendarEvent, daysUntil, eventStartsAt, formatInZone } from '@ascn/domain';
import { type Inline, time } from '../reply.js';

/**
 * One calendar event as a reader in `zone` sees it: an all-day event keeps its own local
 * date; a timed start travels as an instant, shown by each platform in the reader's zone —
 * unless the reader asked for another zone (`fixedZone`), then it is written in that zone.
 */
export function eventLine(e: CalendarEvent, now: Date, zone: string, fixedZone = false): Inline {
  const days = daysUntil(e.start, now, zone);
  const when = days <= 0 ? 'now' : days === 1 ? 'tomorrow' : `in ${days} days`;
  const range = e.end ? `${e.start} to ${e.end}` : e.start;
  const tail = `${e.place ? `, ${e.place}` : ''}${e.example ? ' [example data]' : ''}`;
  if (!e.time) return `${e.title}: ${range} (${when})${tail}`;
  if (fixedZone)
    return `${e.title}: ${range} (${when}), starts ${formatInZone(eventStartsAt(e), zone)}${tail}`;
  return [`${e.title}: ${range} (${when}), starts `, time(eventStartsAt(e)), tail];
}
