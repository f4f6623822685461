/**
 * Calendar days in the clinic's time zone: the counters are kept per clinic day and the report
 * and digest read periods of clinic days, so "Monday" means the clinic's Monday.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The clinic's calendar day of `at`, as `YYYY-MM-DD`. */
export function clinicDay(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

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
  const offsetMinutes = zoneOffsetMinutes(noon, timeZone);
  const guess = new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000);
  // A change of offset between midnight and noon (rare; never at midnight in practice):
  // correct once with the offset at the guess itself.
  const offsetAtGuess = zoneOffsetMinutes(guess, timeZone);
  return offsetAtGuess === offsetMinutes
    ? guess
    : new Date(Date.parse(`${day}T00:00:00Z`) - offsetAtGuess * 60_000);
}

/** Minutes the clock in `timeZone` is ahead of UTC at `at`. */
function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}
