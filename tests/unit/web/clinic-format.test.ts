/** Clinic facts as people read them: phone numbers, days and times. */
import { describe, expect, it } from 'vitest';
import {
  formatDays,
  formatPhone,
  formatTime,
  telHref,
} from '../../../functions/contract/clinic-format';
import { describeRetention } from '../../../web/src/render/info-pages';
import { timeZoneName } from '../../../web/src/render/landing';

describe('Clinic formatting', () => {
  it.each([
    ['+13125550134', '(312) 555-0134'],
    ['+442079460958', '+442079460958'],
    ['not a number', 'not a number'],
  ])('shows %s as %s', (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });

  it('dials the number as stored', () => {
    expect(telHref('+13125550134')).toBe('tel:+13125550134');
  });

  it('makes no link of a number that is not E.164', () => {
    expect(telHref('(312) 555-0134')).toBeUndefined();
    expect(telHref('+0123456789')).toBeUndefined();
  });

  it.each([
    [['Mo', 'Tu', 'We', 'Th'], 'Monday to Thursday'],
    [['Fr'], 'Friday'],
    [['Sa', 'Su'], 'Saturday and Sunday'],
    [['Mo', 'We', 'Fr'], 'Monday, Wednesday and Friday'],
    [['Th', 'Mo', 'Tu', 'We'], 'Monday to Thursday'],
  ] as const)('names the days %j as "%s"', (days, text) => {
    expect(formatDays(days)).toBe(text);
  });

  it.each([
    ['08:00', '8am'],
    ['12:00', '12pm'],
    ['17:30', '5:30pm'],
    ['00:00', '12am'],
  ])('shows %s as %s', (hhmm, text) => {
    expect(formatTime(hhmm)).toBe(text);
  });

  it('names the time zone of the hours the way people say it', () => {
    expect(timeZoneName('America/Chicago', new Date('2026-01-15T12:00:00Z'))).toBe('Central Time');
  });

  it.each([
    [365, '12 months'],
    [730, '2 years'],
    [90, '3 months'],
    [45, '45 days'],
  ])('describes %i days of retention as %s', (days, text) => {
    expect(describeRetention(days)).toBe(text);
  });
});
