/**
 * Calendar days in the clinic's time zone: the counters are kept per clinic day and the report
 * and digest read periods of clinic days, so "Monday" means the clinic's Monday.
 */
import { zoneOffsetMs } from '../zoned-time';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `day` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day;
}

/** `day` moved by `delta` calendar days. */
export function addDays(day: string, delta: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Day of the week of a `YYYY-MM-DD` day: 1 Monday … 7 Sunday (ISO 8601). */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/**
 * The first instant (UTC) of a clinic day: the time at which the clock in `timeZone` reads
 * 00:00 on `day` (found from the zone's offset at noon, which no daylight-saving change skips).
 */
export function startOfClinicDay(day: string, timeZone: string): Date {
  const noon = new Date(`${day}T12:00:00Z`);
  const offsetMinutes = Math.round(zoneOffsetMs(noon, timeZone) / 60_000);
  const guess = new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000);
  // A change of offset between midnight and noon (rare; never at midnight in practice):
  // correct once with the offset at the guess itself.
  const offsetAtGuess = Math.round(zoneOffsetMs(guess, timeZone) / 60_000);
  return offsetAtGuess === offsetMinutes
    ? guess
    : new Date(Date.parse(`${day}T00:00:00Z`) - offsetAtGuess * 60_000);
}
