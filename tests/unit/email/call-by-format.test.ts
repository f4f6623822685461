import { describe, expect, it } from 'vitest';
import { callByPhrase } from '../../../functions/lib/email/call-by';
import { formatReceivedAt, PREFERRED_TIME_SHORT } from '../../../functions/lib/email/format';

const CHICAGO = 'America/Chicago';
// Monday 30 November 2026, 9:00 AM in Chicago (CST, UTC−6).
const MONDAY_9AM = new Date('2026-11-30T15:00:00Z');

describe('The call-by time in words, in the clinic’s zone', () => {
  it.each([
    ['later the same day', '2026-11-30T16:15:00Z', 'today at 10:15 AM'],
    ['the next day', '2026-12-01T14:15:00Z', 'tomorrow at 8:15 AM'],
    ['within the week, by its weekday', '2026-12-04T14:15:00Z', 'Friday at 8:15 AM'],
    ['six days on, still by its weekday', '2026-12-06T14:15:00Z', 'Sunday at 8:15 AM'],
    [
      'a week on (a clinic open one day a week), with its date',
      '2026-12-07T15:00:00Z',
      'Monday, December 7 at 9:00 AM',
    ],
  ])('says %s', (_case, callBy, words) => {
    expect(callByPhrase(new Date(callBy), MONDAY_9AM, CHICAGO)).toBe(words);
  });

  it('counts days by the clinic’s calendar, not UTC’s', () => {
    // 11:30 PM Monday in Chicago is already Tuesday in UTC; 8:15 AM Tuesday is "tomorrow".
    expect(
      callByPhrase(new Date('2026-12-01T14:15:00Z'), new Date('2026-12-01T05:30:00Z'), CHICAGO),
    ).toBe('tomorrow at 8:15 AM');
  });
});

describe('Values the emails show', () => {
  it('gives the received time in the clinic’s zone with its abbreviation', () => {
    expect(formatReceivedAt('2026-03-03T15:15:00Z', CHICAGO)).toBe(
      'Tuesday, March 3, 2026 at 9:15 AM CST',
    );
  });

  it('shows a received time it cannot read as it is', () => {
    expect(formatReceivedAt('not a date', CHICAGO)).toBe('not a date');
  });

  it('names each preferred time in a subject line’s few words', () => {
    expect(PREFERRED_TIME_SHORT).toEqual({
      morning: 'morning',
      afternoon: 'afternoon',
      evening: 'evening',
      anytime: 'any time',
    });
  });
});
