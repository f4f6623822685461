/**
 * The callback windows a clinic can keep, from its opening hours: a patient is offered the
 * morning only if the clinic is open for part of a morning, an evening only if it stays open
 * after five, and each window spans only the hours someone is there to call. No "5–7pm" for a
 * clinic that closes at six.
 *
 * Opening hours are wall-clock times in the clinic's own time zone, and so are the windows;
 * the page says which zone that is. Pure and dependency-free: the page, the API and the emails
 * can all ask the same question and get the same answer.
 */

export type WeekDay = 'Mo' | 'Tu' | 'We' | 'Th' | 'Fr' | 'Sa' | 'Su';

export interface OpeningHours {
  readonly days: readonly WeekDay[];
  /** 24-hour "HH:MM" in the clinic's time zone. */
  readonly opens: string;
  readonly closes: string;
}

/** The parts of a day a patient can pick (the API's `preferredTime` values, bar "anytime"). */
export const DAY_PARTS = [
  { value: 'morning', from: '00:00', to: '12:00' },
  { value: 'afternoon', from: '12:00', to: '17:00' },
  { value: 'evening', from: '17:00', to: '24:00' },
] as const;

export type DayPart = (typeof DAY_PARTS)[number]['value'];

/** A window shorter than this is not worth offering: nobody can promise to call inside it. */
const MIN_WINDOW_MINUTES = 30;

const WEEK: readonly WeekDay[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

export interface CallbackWindow {
  readonly value: DayPart;
  /** Earliest start over the days it is offered, "HH:MM". */
  readonly from: string;
  /** Latest end over those days, "HH:MM" ("24:00" for midnight). */
  readonly to: string;
  /** The days it is offered, Monday first. */
  readonly days: readonly WeekDay[];
  /** True when it is offered on every day the clinic opens. */
  readonly everyOpenDay: boolean;
}

const minutes = (hhmm: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (match === null) throw new RangeError(`"${hhmm}" is not a 24-hour time such as "08:30"`);
  return Number(match[1]) * 60 + Number(match[2]);
};

const hhmm = (total: number): string =>
  `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/**
 * The windows to offer, in the order of the day. A period that closes at or before it opens
 * is refused (overnight hours are not a clinic's); the configuration check stops those earlier.
 */
export function callbackWindows(hours: readonly OpeningHours[]): CallbackWindow[] {
  const openDays = new Set<WeekDay>();
  for (const period of hours) {
    if (minutes(period.closes) <= minutes(period.opens)) {
      throw new RangeError(`Opening hours ${period.opens}–${period.closes} close before they open`);
    }
    for (const day of period.days) openDays.add(day);
  }
  const windows: CallbackWindow[] = [];
  for (const part of DAY_PARTS) {
    const [partFrom, partTo] = [minutes(part.from), minutes(part.to)];
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    const days = new Set<WeekDay>();
    for (const period of hours) {
      const start = Math.max(partFrom, minutes(period.opens));
      const end = Math.min(partTo, minutes(period.closes));
      if (end - start < MIN_WINDOW_MINUTES) continue;
      from = Math.min(from, start);
      to = Math.max(to, end);
      for (const day of period.days) days.add(day);
    }
    if (days.size === 0) continue;
    const ordered = WEEK.filter((d) => days.has(d));
    windows.push({
      value: part.value,
      from: hhmm(from),
      to: hhmm(to),
      days: ordered,
      everyOpenDay: ordered.length === openDays.size,
    });
  }
  return windows;
}
