/** How the emails say a call-by time: "today at 10:15 AM", "tomorrow at 8:15 AM", "Monday at 8:15 AM". */

const DAY_MS = 24 * 60 * 60 * 1000;

function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The call-by time as words, relative to `reference` (when the request arrived), in the clinic's zone. */
export function callByPhrase(callBy: Date, reference: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    minute: '2-digit',
  }).format(callBy);
  const day = localDate(callBy, timeZone);
  const days = Math.round(
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${localDate(reference, timeZone)}T00:00:00Z`)) /
      DAY_MS,
  );
  if (days <= 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  const options: Intl.DateTimeFormatOptions =
    days < 7
      ? { timeZone, weekday: 'long' }
      : { timeZone, weekday: 'long', month: 'long', day: 'numeric' };
  return `${new Intl.DateTimeFormat('en-US', options).format(callBy)} at ${time}`;
}
