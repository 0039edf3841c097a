import { describe, expect, it } from 'vitest';
import { overdueDecision, reminderDueAt } from './reminders.js';
import { daysUntil, formatInZone, isTimeZone, localToUtc, utcOffsetLabel } from './time.js';

describe('time zones', () => {
  it('knows the ASEAN zones and rejects made-up ones', () => {
    for (const z of [
      'Asia/Yangon',
      'Asia/Makassar',
      'Asia/Jakarta',
      'Asia/Manila',
      'Asia/Ho_Chi_Minh',
      'Asia/Kuching',
    ])
      expect(isTimeZone(z)).toBe(true);
    expect(isTimeZone('Asia/Atlantis')).toBe(false);
    expect(isTimeZone('+07:00')).toBe(false);
  });

  it('converts local wall-clock times to UTC, half-hour offset included', () => {
    expect(localToUtc('2027-07-01', '09:00', 'Asia/Yangon').toISOString()).toBe(
      '2027-07-01T02:30:00.000Z',
    );
    expect(localToUtc('2027-07-01', '09:00', 'Asia/Makassar').toISOString()).toBe(
      '2027-07-01T01:00:00.000Z',
    );
    expect(localToUtc('2027-07-01', '09:00', 'Asia/Jakarta').toISOString()).toBe(
      '2027-07-01T02:00:00.000Z',
    );
  });

  it('labels offsets and formats for the reader', () => {
    const at = new Date('2027-07-01T02:30:00Z');
    expect(utcOffsetLabel('Asia/Yangon', at)).toBe('UTC+6:30');
    expect(formatInZone(at, 'Asia/Yangon')).toBe('Thu 1 Jul 2027, 09:00 (UTC+6:30)');
    expect(formatInZone(at, 'Asia/Manila')).toBe('Thu 1 Jul 2027, 10:30 (UTC+8)');
  });

  it('counts days in the reader zone', () => {
    // 23:00 UTC on 30 June is already 1 July in Manila.
    expect(daysUntil('2027-07-07', new Date('2027-06-30T23:00:00Z'), 'Asia/Manila')).toBe(6);
    expect(daysUntil('2027-07-07', new Date('2027-06-30T23:00:00Z'), 'UTC')).toBe(7);
  });
});

describe('reminder policy', () => {
  it('delivers at 09:00 in the recipient zone, lead days before the event date', () => {
    const event = { start: '2027-07-07' };
    expect(reminderDueAt(event, 1, 'Asia/Yangon').toISOString()).toBe('2027-07-06T02:30:00.000Z');
    expect(reminderDueAt(event, 30, 'Asia/Makassar').toISOString()).toBe(
      '2027-06-07T01:00:00.000Z',
    );
    expect(reminderDueAt(event, 0, 'Asia/Bangkok', '07:30').toISOString()).toBe(
      '2027-07-07T00:30:00.000Z',
    );
  });

  it('sends, sends late, or drops reminders found after downtime', () => {
    const eventStartsAt = new Date('2027-07-07T00:00:00Z');
    const dueAt = new Date('2027-07-01T02:00:00Z');
    const base = { dueAt, eventStartsAt, supersededByNewerDue: false };
    expect(overdueDecision({ ...base, now: new Date('2027-07-01T02:10:00Z') })).toBe('send');
    expect(overdueDecision({ ...base, now: new Date('2027-07-02T02:00:00Z') })).toBe('send-late');
    expect(overdueDecision({ ...base, now: new Date('2027-07-07T01:00:00Z') })).toBe('drop');
    expect(
      overdueDecision({
        ...base,
        now: new Date('2027-07-02T02:00:00Z'),
        supersededByNewerDue: true,
      }),
    ).toBe('drop');
  });
});
