import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOpeningMinutes,
  isOpen,
  openingMinutesBetween,
  type OpeningHours,
} from '../../../functions/lib/opening-hours';

/** The demo clinic's hours (cdk.json). Chicago: CST is UTC-6, CDT is UTC-5. */
const hours: OpeningHours = {
  timeZone: 'America/Chicago',
  periods: [
    { days: ['Mo', 'Tu', 'We', 'Th'], opens: '08:00', closes: '18:00' },
    { days: ['Fr'], opens: '08:00', closes: '16:00' },
    { days: ['Sa'], opens: '09:00', closes: '13:00' },
  ],
};

describe('Call-by time: 15 opening minutes after the request', () => {
  it.each([
    ['within hours: Tuesday 09:00 CST', '2026-03-03T15:00:00Z', '2026-03-03T15:15:00Z'],
    ['at opening: Tuesday 08:00 CST', '2026-03-03T14:00:00Z', '2026-03-03T14:15:00Z'],
    ['before opening: Tuesday 06:30 CST', '2026-03-03T12:30:00Z', '2026-03-03T14:15:00Z'],
    [
      'across closing: Tuesday 17:50 CST → Wednesday 08:05',
      '2026-03-03T23:50:00Z',
      '2026-03-04T14:05:00Z',
    ],
    [
      'after hours: Tuesday 19:00 CST → Wednesday 08:15',
      '2026-03-04T01:00:00Z',
      '2026-03-04T14:15:00Z',
    ],
    ['Friday 15:55 → Saturday 09:10', '2026-03-06T21:55:00Z', '2026-03-07T15:10:00Z'],
    [
      'Saturday 14:00 CST → Monday 08:15 CDT (clocks go forward on Sunday)',
      '2026-03-07T20:00:00Z',
      '2026-03-09T13:15:00Z',
    ],
    [
      'Saturday 12:50 CDT → Monday 08:05 CST (clocks go back on Sunday)',
      '2026-10-31T17:50:00Z',
      '2026-11-02T14:05:00Z',
    ],
    ['Sunday → Monday 08:15', '2026-03-01T18:00:00Z', '2026-03-02T14:15:00Z'],
  ])('%s', (_case, from, callBy) => {
    expect(addOpeningMinutes(new Date(from), 15, hours).toISOString()).toBe(
      new Date(callBy).toISOString(),
    );
  });

  it('counts a longer target over several days', () => {
    // Saturday 12:00 CST + 240 minutes: 60 on Saturday, then Monday 08:00 + 180 = 11:00 CDT.
    expect(addOpeningMinutes(new Date('2026-03-07T18:00:00Z'), 240, hours).toISOString()).toBe(
      '2026-03-09T16:00:00.000Z',
    );
  });

  it('refuses hours that never open', () => {
    expect(() => addOpeningMinutes(new Date(), 15, { ...hours, periods: [] })).toThrow(RangeError);
  });
});

describe('Whether the clinic is open', () => {
  it.each([
    ['Monday 07:59 CDT', '2026-03-09T12:59:00Z', false],
    ['Monday 08:00 CDT', '2026-03-09T13:00:00Z', true],
    ['Monday 17:59 CDT', '2026-03-09T22:59:00Z', true],
    ['Monday 18:00 CDT', '2026-03-09T23:00:00Z', false],
    ['Sunday noon', '2026-03-08T17:00:00Z', false],
    ['Saturday 12:59 CST', '2026-03-07T18:59:00Z', true],
    ['Saturday 13:00 CST', '2026-03-07T19:00:00Z', false],
  ])('%s: %s', (_case, at, open) => {
    expect(isOpen(new Date(at), hours)).toBe(open);
  });
});

describe('Opening minutes between two instants', () => {
  it.each([
    ['within one morning', '2026-03-03T15:00:00Z', '2026-03-03T15:42:00Z', 42],
    ['overnight', '2026-03-03T23:50:00Z', '2026-03-04T14:05:00Z', 15],
    ['over the weekend and the clock change', '2026-03-07T18:30:00Z', '2026-03-09T13:30:00Z', 60],
    ['backwards', '2026-03-04T14:05:00Z', '2026-03-03T23:50:00Z', 0],
  ])('%s', (_case, from, to, minutes) => {
    expect(openingMinutesBetween(new Date(from), new Date(to), hours)).toBe(minutes);
  });

  it('agrees with the call-by time for any start and target', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 24 * 60 }),
        fc.integer({ min: 1, max: 600 }),
        (offsetMinutes, target) => {
          const from = new Date(start + offsetMinutes * 60_000);
          const callBy = addOpeningMinutes(from, target, hours);
          expect(openingMinutesBetween(from, callBy, hours)).toBeCloseTo(target, 6);
          expect(callBy.getTime()).toBeGreaterThan(from.getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
