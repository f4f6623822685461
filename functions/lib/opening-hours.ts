/**
 * Opening-hours arithmetic in the clinic's own time zone: whether the clinic is open at an
 * instant, the instant a number of opening minutes after another (the call-by time), and the
 * opening minutes between two instants (time to first call). Daylight-saving changes are the
 * zone's: 08:00 is 08:00 local on both sides of a change. Only `Intl` is used, so it runs the
 * same in Lambda and in Node.
 */
import { wallClock, zoneOffsetMs } from './zoned-time';

export const DAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export type DayCode = (typeof DAY_CODES)[number];

/** One opening period: these days, from `opens` to `closes` ("HH:MM", 24-hour, local time). */
export interface OpeningPeriod {
  readonly days: readonly DayCode[];
  readonly opens: string;
  readonly closes: string;
}

export interface OpeningHours {
  /** IANA time zone, e.g. "America/Chicago". */
  readonly timeZone: string;
  readonly periods: readonly OpeningPeriod[];
}

const MINUTE = 60_000;
/** How far ahead to look for opening time before concluding there is none. */
const HORIZON_DAYS = 15;

/**
 * The instant a local wall-clock time names. A time skipped by a spring-forward change maps to
 * the same wall time after the change (the clinic opens "at 02:30" an hour late that day).
 */
function localTimeToInstant(
  date: { year: number; month: number; day: number },
  hhmm: string,
  timeZone: string,
): Date {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const first = wall - zoneOffsetMs(new Date(wall), timeZone);
  const second = wall - zoneOffsetMs(new Date(first), timeZone);
  return new Date(Math.max(first, second));
}

/** The opening intervals (UTC instants) of the local days from the one holding `from` onward. */
function* intervalsFrom(from: Date, hours: OpeningHours): Generator<[Date, Date]> {
  const start = wallClock(from, hours.timeZone);
  for (let offset = -1; offset <= HORIZON_DAYS; offset += 1) {
    // Calendar arithmetic on a UTC date stands in for the local calendar day.
    const day = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const date = {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
    };
    const code = DAY_CODES[(day.getUTCDay() + 6) % 7]!;
    const today = hours.periods
      .filter((period) => period.days.includes(code))
      .map(
        (period) =>
          [
            localTimeToInstant(date, period.opens, hours.timeZone),
            localTimeToInstant(date, period.closes, hours.timeZone),
          ] as [Date, Date],
      )
      .filter(([opens, closes]) => closes > opens)
      .sort((a, b) => a[0].getTime() - b[0].getTime());
    for (const interval of today) {
      if (interval[1] > from) yield interval;
    }
  }
}

/** Whether the clinic is open at `at` (opening time included, closing time excluded). */
export function isOpen(at: Date, hours: OpeningHours): boolean {
  for (const [opens, closes] of intervalsFrom(at, hours)) {
    if (opens > at) return false;
    if (at < closes) return true;
  }
  return false;
}

/**
 * The instant `minutes` of opening time after `from`: from within opening hours the count starts
 * at once; from outside them it starts at the next opening. Throws when the clinic is never open
 * in the next two weeks (a configuration with no hours would never get a call-by time).
 */
export function addOpeningMinutes(from: Date, minutes: number, hours: OpeningHours): Date {
  let left = minutes * MINUTE;
  for (const [opens, closes] of intervalsFrom(from, hours)) {
    const start = opens > from ? opens : from;
    const available = closes.getTime() - start.getTime();
    if (left <= available) return new Date(start.getTime() + left);
    left -= available;
  }
  throw new RangeError(`No ${minutes} opening minutes within ${HORIZON_DAYS} days`);
}

/** Opening minutes from `from` to `to` (0 when `to` is not after `from`). */
export function openingMinutesBetween(from: Date, to: Date, hours: OpeningHours): number {
  if (to <= from) return 0;
  let total = 0;
  for (const [opens, closes] of intervalsFrom(from, hours)) {
    if (opens >= to) break;
    const start = opens > from ? opens : from;
    const end = closes < to ? closes : to;
    if (end > start) total += end.getTime() - start.getTime();
  }
  return total / MINUTE;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Opening hours from their JSON form (the configuration's `clinic.hours`, as the functions get
 * it in `CLINIC_HOURS`). Throws a `TypeError` naming what is wrong.
 */
export function parseOpeningHours(json: string, timeZone: string): OpeningHours {
  const raw: unknown = JSON.parse(json);
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new TypeError('Opening hours must be a non-empty list of periods');
  }
  const periods = raw.map((entry: unknown, index): OpeningPeriod => {
    const period = entry as Partial<Record<'days' | 'opens' | 'closes', unknown>>;
    const days = period.days;
    if (
      !Array.isArray(days) ||
      days.length === 0 ||
      !days.every((d) => (DAY_CODES as readonly unknown[]).includes(d)) ||
      typeof period.opens !== 'string' ||
      !HHMM.test(period.opens) ||
      typeof period.closes !== 'string' ||
      !HHMM.test(period.closes)
    ) {
      throw new TypeError(
        `Opening period ${index + 1} needs days (Mo…Su), opens and closes (HH:MM)`,
      );
    }
    return { days: days as DayCode[], opens: period.opens, closes: period.closes };
  });
  return { timeZone, periods };
}
