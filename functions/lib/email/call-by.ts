/** How the emails say a call-by time: "today at 10:15 AM", "tomorrow at 8:15 AM", "Monday at 8:15 AM". */
import { clinicDay } from '../zoned-time';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The call-by time as words, relative to `reference` (when the request arrived), in the clinic's zone. */
export function callByPhrase(callBy: Date, reference: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    minute: '2-digit',
  }).format(callBy);
  const day = clinicDay(callBy, timeZone);
  const days = Math.round(
    (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${clinicDay(reference, timeZone)}T00:00:00Z`)) /
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
