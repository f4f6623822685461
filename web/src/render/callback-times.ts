/**
 * The callback choices the form offers, in words: the windows the opening hours allow
 * (functions/contract/callback-windows.ts) with their times and, where a window is not open
 * every day, its days. "Early evening (5–6pm, Mon to Thu)".
 */
import { callbackWindows, type CallbackWindow } from '../../../functions/contract/callback-windows';
import type { PreferredTime } from '../../../functions/contract/lead-schema';
import type { CallbackPromise } from '../../content/clinic-types';
import { formatDays, formatTime, SHORT_DAY_NAMES } from '../../../functions/contract/clinic-format';
import type { OpeningPeriod } from './facts';

export interface CallbackChoice {
  readonly value: PreferredTime;
  readonly label: string;
}

const clock = (hhmm: string) => (hhmm === '24:00' ? 'midnight' : formatTime(hhmm));

function label(window: CallbackWindow, names: CallbackPromise['windowNames']): string {
  const days = window.everyOpenDay ? '' : `, ${formatDays(window.days, SHORT_DAY_NAMES)}`;
  return `${names[window.value]} (${clock(window.from)}–${clock(window.to)}${days})`;
}

/** The choices for these opening hours, "any time" last. */
export function callbackChoices(
  hours: readonly OpeningPeriod[],
  promise: CallbackPromise,
): CallbackChoice[] {
  return [
    ...callbackWindows(hours).map((w) => ({
      value: w.value,
      label: label(w, promise.windowNames),
    })),
    { value: 'anytime', label: promise.windowNames.anytime },
  ];
}
