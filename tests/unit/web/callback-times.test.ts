/**
 * The callback choices as the form words them, in the clinic's time zone, for several opening
 * hours and zones.
 */
import { describe, expect, it } from 'vitest';
import type { CallbackPromise } from '../../../web/content/clinic-types';
import { callbackChoices } from '../../../web/src/render/callback-times';
import type { OpeningPeriod } from '../../../web/src/render/facts';
import { timeZoneName } from '../../../web/src/render/landing';

const PROMISE: CallbackPromise = {
  within: 'within one working day',
  windowNames: {
    morning: 'Morning',
    afternoon: 'Afternoon',
    evening: 'Early evening',
    anytime: 'Any time we are open',
  },
  timesHint: 'Times are {zone}.',
};

const labels = (hours: OpeningPeriod[]) => callbackChoices(hours, PROMISE).map((c) => c.label);

describe('Callback choices in words', () => {
  it("words the demo clinic's windows, naming the days of the evening", () => {
    expect(
      labels([
        { days: ['Mo', 'Tu', 'We', 'Th'], opens: '08:00', closes: '18:00' },
        { days: ['Fr'], opens: '08:00', closes: '16:00' },
        { days: ['Sa'], opens: '09:00', closes: '13:00' },
      ]),
    ).toEqual([
      'Morning (8am–12pm)',
      'Afternoon (12pm–5pm)',
      'Early evening (5pm–6pm, Mon to Thu)',
      'Any time we are open',
    ]);
  });

  it('offers a clinic closing at 4:30pm no evening, and says where the afternoon ends', () => {
    expect(
      labels([{ days: ['Mo', 'Tu', 'We', 'Th', 'Fr'], opens: '09:30', closes: '16:30' }]),
    ).toEqual(['Morning (9:30am–12pm)', 'Afternoon (12pm–4:30pm)', 'Any time we are open']);
  });

  it('sends the API only the values it accepts', () => {
    const values = callbackChoices(
      [{ days: ['Sa'], opens: '10:00', closes: '23:59' }],
      PROMISE,
    ).map((c) => c.value);
    expect(values).toEqual(['morning', 'afternoon', 'evening', 'anytime']);
  });

  it.each([
    ['America/Chicago', 'Central Time'],
    ['America/New_York', 'Eastern Time'],
    ['America/Los_Angeles', 'Pacific Time'],
    ['America/Denver', 'Mountain Time'],
    // No daylight saving time there: the name says standard time all year.
    ['America/Phoenix', 'Mountain Standard Time'],
    ['Pacific/Honolulu', 'Hawaii-Aleutian Standard Time'],
  ])('names the zone %s as %s, summer and winter alike', (zone, name) => {
    expect(timeZoneName(zone, new Date('2026-01-15T12:00:00Z'))).toBe(name);
    expect(timeZoneName(zone, new Date('2026-07-15T12:00:00Z'))).toBe(name);
  });
});
