/**
 * The callback windows offered follow the opening hours: a window only where the clinic is open
 * for at least half an hour of it, spanning only the open hours, with the days it applies to.
 */
import { describe, expect, it } from 'vitest';
import { callbackWindows, type OpeningHours } from '../../../functions/contract/callback-windows';

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr'] as const;

describe('Callback windows from opening hours', () => {
  it('offers the demo clinic an evening only on the days it stays open after five', () => {
    const hours: OpeningHours[] = [
      { days: ['Mo', 'Tu', 'We', 'Th'], opens: '08:00', closes: '18:00' },
      { days: ['Fr'], opens: '08:00', closes: '16:00' },
      { days: ['Sa'], opens: '09:00', closes: '13:00' },
    ];
    expect(callbackWindows(hours)).toEqual([
      {
        value: 'morning',
        from: '08:00',
        to: '12:00',
        days: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'],
        everyOpenDay: true,
      },
      {
        value: 'afternoon',
        from: '12:00',
        to: '17:00',
        days: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'],
        everyOpenDay: true,
      },
      {
        value: 'evening',
        from: '17:00',
        to: '18:00',
        days: ['Mo', 'Tu', 'We', 'Th'],
        everyOpenDay: false,
      },
    ]);
  });

  it('offers no evening to a clinic that closes at five, and no "5–7pm" to one closing at six', () => {
    const closesAtFive = callbackWindows([
      { days: [...WEEKDAYS], opens: '09:00', closes: '17:00' },
    ]);
    expect(closesAtFive.map((w) => w.value)).toEqual(['morning', 'afternoon']);
    const closesAtSix = callbackWindows([{ days: [...WEEKDAYS], opens: '09:00', closes: '18:00' }]);
    expect(closesAtSix.find((w) => w.value === 'evening')).toMatchObject({
      from: '17:00',
      to: '18:00',
    });
  });

  it('offers only the afternoon and evening to a clinic that opens at noon', () => {
    expect(callbackWindows([{ days: ['Tu', 'Th'], opens: '12:00', closes: '20:00' }])).toEqual([
      { value: 'afternoon', from: '12:00', to: '17:00', days: ['Tu', 'Th'], everyOpenDay: true },
      { value: 'evening', from: '17:00', to: '20:00', days: ['Tu', 'Th'], everyOpenDay: true },
    ]);
  });

  it('leaves out a window the clinic is open for less than half an hour of', () => {
    // Open until 12:20: twenty minutes of afternoon is no window anyone can promise.
    expect(
      callbackWindows([{ days: ['Sa'], opens: '08:30', closes: '12:20' }]).map((w) => w.value),
    ).toEqual(['morning']);
    // Thirty minutes is.
    expect(
      callbackWindows([{ days: ['Sa'], opens: '08:30', closes: '12:30' }]).map((w) => w.value),
    ).toEqual(['morning', 'afternoon']);
  });

  it('spans a split day (closed for lunch) by its open parts', () => {
    const windows = callbackWindows([
      { days: ['Mo', 'We'], opens: '07:30', closes: '11:00' },
      { days: ['Mo', 'We'], opens: '14:00', closes: '19:30' },
    ]);
    expect(windows.map((w) => [w.value, w.from, w.to])).toEqual([
      ['morning', '07:30', '11:00'],
      ['afternoon', '14:00', '17:00'],
      ['evening', '17:00', '19:30'],
    ]);
  });

  it('reaches midnight for a clinic open late', () => {
    expect(
      callbackWindows([{ days: ['Fr'], opens: '16:00', closes: '23:59' }]).at(-1),
    ).toMatchObject({ value: 'evening', from: '17:00', to: '23:59' });
  });

  it('refuses hours that close before they open', () => {
    expect(() => callbackWindows([{ days: ['Mo'], opens: '18:00', closes: '09:00' }])).toThrow(
      'Opening hours 18:00–09:00 close before they open',
    );
  });
});
