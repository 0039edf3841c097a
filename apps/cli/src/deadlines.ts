import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { activeEvents } from '@ascn/core';
import {
  type CalendarEvent,
  type Config,
  daysUntil,
  eventStartsAt,
  formatInZone,
  isTimeZone,
  parseCalendarFile,
  upcomingEvents,
} from '@ascn/domain';

export interface DeadlineRow {
  id: string;
  kind: string;
  title: string;
  start: string;
  end: string | null;
  timeZone: string;
  place: string | null;
  example: boolean;
  source: string | null;
  startsAt: string;
  /** The start as the reader sees it in the requested zone; null for all-day events (their date is local to the event). */
  local: string | null;
  daysUntil: number;
}

export function deadlineRows(
  events: readonly CalendarEvent[],
  now: Date,
  zone: string,
): DeadlineRow[] {
  return events.map((e) => ({
    id: e.id,
    kind: e.kind,
    title: e.title,
    start: e.start,
    end: e.end ?? null,
    timeZone: e.timeZone,
    place: e.place ?? null,
    example: e.example,
    source: e.source ?? null,
    startsAt: eventStartsAt(e).toISOString(),
    local: e.time ? formatInZone(eventStartsAt(e), zone) : null,
    daysUntil: daysUntil(e.start, now, zone),
  }));
}

function when(row: DeadlineRow): string {
  if (row.daysUntil === 0) return 'today';
  if (row.daysUntil === 1) return 'tomorrow';
  if (row.daysUntil > 0) return `in ${row.daysUntil} days`;
  return `${-row.daysUntil} days ago`;
}

export async function runDeadlines(
  config: Config,
  opts: { json: boolean; tz?: string; all: boolean; now?: Date },
): Promise<number> {
  const zone = opts.tz ?? 'UTC';
  if (!isTimeZone(zone)) {
    process.stderr.write(`--tz: "${zone}" is not an IANA time zone (for example Asia/Yangon)\n`);
    return 2;
  }
  const events = await calendarEvents(config);
  const now = opts.now ?? new Date();
  const shown = opts.all
    ? [...events].sort((a, b) => a.start.localeCompare(b.start))
    : upcomingEvents(events, now);
  const rows = deadlineRows(shown, now, zone);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write('No upcoming events in the calendar. (Use --all to list past ones.)\n');
    return 0;
  }
  process.stdout.write(`Times shown in ${zone}\n\n`);
  for (const r of rows) {
    const range = r.end ? `${r.start} to ${r.end}` : r.start;
    process.stdout.write(
      `${r.title}\n  ${range} (${when(r)})${r.local ? ` · starts ${r.local}` : ''}`,
    );
    process.stdout.write(`${r.place ? ` · ${r.place}` : ''}\n`);
    process.stdout.write(
      r.example ? '  Example data, not an announced date.\n' : `  Source: ${r.source}\n`,
    );
  }
  return 0;
}

/**
 * The calendar as the assistant sees it: the store's events (added, moved or cancelled with
 * `admin event …`) over the calendar file's. Without a database yet, the file alone. When the
 * embedded database is held by the running assistant, the file alone, and a note says so.
 */
async function calendarEvents(config: Config): Promise<CalendarEvent[]> {
  const file = config.ASCN_CALENDAR_FILE;
  const fromFile = parseCalendarFile(file, await readFile(file, 'utf8'));
  const dataDir = resolve(config.ASCN_DATA_DIR);
  if (!config.DATABASE_URL && !existsSync(dataDir)) return fromFile;
  const { openStore } = await import('@ascn/store');
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(
      config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'StoreInUseError') {
      process.stderr.write(
        'ascn deadlines: the running assistant holds the embedded database, so this shows network/calendar.json only; events changed with "admin event" are in the chat\'s "deadlines" (or use DATABASE_URL).\n',
      );
      return fromFile;
    }
    throw error;
  }
  try {
    const stored = await store.db.selectFrom('events').select(['id', 'cancelled']).execute();
    const known = new Set(stored.map((e) => e.id));
    // Events of the file the assistant has not loaded yet, plus everything it holds.
    return [...(await activeEvents(store.db)), ...fromFile.filter((e) => !known.has(e.id))];
  } finally {
    await store.close();
  }
}
