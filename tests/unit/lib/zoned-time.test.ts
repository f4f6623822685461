import { describe, expect, it } from 'vitest';
import { clinicDay, wallClock, zoneOffsetMs } from '../../../functions/lib/zoned-time';

const HOUR = 3_600_000;

describe('The clinic’s clock and calendar', () => {
  it('reads the wall clock of an instant in the zone', () => {
    expect(wallClock(new Date('2026-07-01T15:04:05Z'), 'America/Chicago')).toEqual({
      year: 2026,
      month: 7,
      day: 1,
      hour: 10,
      minute: 4,
      second: 5,
    });
  });

  it('reads midnight as hour 0, not 24', () => {
    expect(wallClock(new Date('2026-07-01T05:00:00Z'), 'America/Chicago').hour).toBe(0);
  });

  it.each([
    ['Chicago in summer (CDT)', '2026-07-01T12:00:00Z', 'America/Chicago', -5 * HOUR],
    ['Chicago in winter (CST)', '2026-01-15T12:00:00Z', 'America/Chicago', -6 * HOUR],
    [
      'Chicago an hour after the spring change',
      '2026-03-08T09:00:00Z',
      'America/Chicago',
      -5 * HOUR,
    ],
    ['Chicago just before it', '2026-03-08T07:59:59Z', 'America/Chicago', -6 * HOUR],
    ['Kolkata (a half-hour zone)', '2026-07-01T12:00:00Z', 'Asia/Kolkata', 5.5 * HOUR],
    ['UTC', '2026-07-01T12:00:00.999Z', 'UTC', 0],
  ])('gives the offset from UTC in %s', (_case, iso, zone, offset) => {
    expect(zoneOffsetMs(new Date(iso), zone)).toBe(offset);
  });

  it('names the clinic’s calendar day, which may differ from the UTC day', () => {
    expect(clinicDay(new Date('2026-07-01T03:00:00Z'), 'America/Chicago')).toBe('2026-06-30');
    expect(clinicDay(new Date('2026-07-01T03:00:00Z'), 'Asia/Tokyo')).toBe('2026-07-01');
    expect(clinicDay(new Date('2026-01-09T23:30:00Z'), 'Pacific/Auckland')).toBe('2026-01-10');
  });

  it('refuses a zone the runtime does not know', () => {
    expect(() => wallClock(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
