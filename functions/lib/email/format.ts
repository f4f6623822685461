/** Formatting of the values the emails show: times and preferred call times. */
import type { PreferredTime } from '../../contract/lead-schema';

/**
 * When a lead arrived, in the clinic's own time zone and with the zone's abbreviation, e.g.
 * "Tuesday, March 3, 2026 at 9:15 AM CST". The front desk reads it; UTC would make them work
 * it out.
 */
export function formatReceivedAt(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

/** Throws a `RangeError` when `timeZone` is not an IANA zone the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

/** The few words a subject line uses for a preferred time. */
export const PREFERRED_TIME_SHORT: Readonly<Record<PreferredTime, string>> = {
  morning: 'morning',
  afternoon: 'afternoon',
  evening: 'evening',
  anytime: 'any time',
};
