/**
 * Clinic facts as people read them: a phone number with spaces, opening hours in words.
 * Pure functions, safe for the browser and for the submit function.
 */

/**
 * Formats an E.164 number for display: North American numbers as "(312) 555-0134". Other
 * numbers stay in E.164 ("+442079460958"): grouping them right needs each country's plan (the
 * phone library, too heavy for the page), and a wrong grouping is worse than none.
 */
export function formatPhone(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : e164;
}

/** The international form phone numbers are kept in: "+", country code, number, no spaces. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A `tel:` link for an E.164 number, or `undefined` for anything else (never a broken link).
 * The clinic's own number is checked against {@link E164} with the configuration, so the pages
 * always get a link; a patient's number in an email may not.
 */
export function telHref(phone: string): string | undefined {
  return E164.test(phone) ? `tel:${phone}` : undefined;
}

export type DayCode = 'Mo' | 'Tu' | 'We' | 'Th' | 'Fr' | 'Sa' | 'Su';

/** English day names, which are also schema.org's `DayOfWeek` values. */
export const DAY_NAMES: Readonly<Record<DayCode, string>> = {
  Mo: 'Monday',
  Tu: 'Tuesday',
  We: 'Wednesday',
  Th: 'Thursday',
  Fr: 'Friday',
  Sa: 'Saturday',
  Su: 'Sunday',
};
/** Three-letter day names, for tight spaces such as a form's choices. */
export const SHORT_DAY_NAMES: Readonly<Record<DayCode, string>> = {
  Mo: 'Mon',
  Tu: 'Tue',
  We: 'Wed',
  Th: 'Thu',
  Fr: 'Fri',
  Sa: 'Sat',
  Su: 'Sun',
};
const ORDER: readonly DayCode[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

/** "Monday to Thursday", "Friday", "Monday, Wednesday and Friday". */
export function formatDays(
  days: readonly DayCode[],
  dayNames: Readonly<Record<DayCode, string>> = DAY_NAMES,
): string {
  const sorted = [...days].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const consecutive = sorted.every(
    (day, i) => i === 0 || ORDER.indexOf(day) === ORDER.indexOf(sorted[i - 1] as DayCode) + 1,
  );
  const names = sorted.map((d) => dayNames[d]);
  if (names.length > 2 && consecutive) return `${names[0]} to ${names[names.length - 1]}`;
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "08:00" → "8am", "17:30" → "5:30pm", "12:00" → "12pm". */
export function formatTime(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const suffix = h >= 12 ? 'pm' : 'am';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour}${suffix}` : `${hour}:${String(m).padStart(2, '0')}${suffix}`;
}
