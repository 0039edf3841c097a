import { describe, expect, it } from 'vitest';
import { eventStartsAt, parseCalendarFile, upcomingEvents } from './calendar.js';
import { DataError } from './data-error.js';

const file = (events: unknown[]) => JSON.stringify({ events });
const meeting = {
  id: 'ascn-annual-meeting-example',
  kind: 'annual-meeting',
  title: 'Annual meeting (example)',
  start: '2027-07-07',
  end: '2027-07-08',
  timeZone: 'Asia/Kuala_Lumpur',
  example: true,
};

describe('parseCalendarFile', () => {
  it('accepts a valid file and applies defaults', () => {
    const [event] = parseCalendarFile(
      'calendar.json',
      file([{ ...meeting, example: undefined, source: 'https://example.org/a' }]),
    );
    expect(event?.example).toBe(false);
  });

  it('names the file, the field and the reason for a bad zone', () => {
    const bad = file([meeting, { ...meeting, id: 'x', timeZone: 'Asia/Atlantis' }]);
    expect(() => parseCalendarFile('data/calendar.json', bad)).toThrowError(
      /data\/calendar\.json: events\[1\]\.timeZone: not an IANA time zone/,
    );
  });

  it('rejects an end before the start, a bad date, and a real event without a source', () => {
    try {
      parseCalendarFile(
        'c.json',
        file([
          { ...meeting, end: '2027-07-01' },
          { ...meeting, id: 'b', start: '7 July' },
          { ...meeting, id: 'c', example: false },
        ]),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      const fields = (error as DataError).problems.map((p) => p.field);
      expect(fields).toEqual(
        expect.arrayContaining(['events[0].end', 'events[1].start', 'events[2].source']),
      );
    }
  });

  it('reports broken JSON with the file name', () => {
    expect(() => parseCalendarFile('c.json', '{"events": [')).toThrowError(
      /c\.json: \(root\): not valid JSON/,
    );
  });

  it('rejects duplicate ids', () => {
    expect(() => parseCalendarFile('c.json', file([meeting, meeting]))).toThrowError(
      /events\[1\]\.id: duplicate/,
    );
  });
});

describe('event times', () => {
  it('starts an event at local midnight in its own zone', () => {
    const [event] = parseCalendarFile('c.json', file([meeting]));
    expect(eventStartsAt(event!).toISOString()).toBe('2027-07-06T16:00:00.000Z');
  });

  it('keeps events that are still running and sorts them', () => {
    const events = parseCalendarFile(
      'c.json',
      file([meeting, { ...meeting, id: 'early', start: '2027-03-01', end: undefined }]),
    );
    expect(upcomingEvents(events, new Date('2027-07-08T10:00:00Z')).map((e) => e.id)).toEqual([
      meeting.id,
    ]);
    expect(upcomingEvents(events, new Date('2027-01-01T00:00:00Z')).map((e) => e.id)).toEqual([
      'early',
      meeting.id,
    ]);
  });
});
