import { describe, expect, it } from 'vitest';
import { phoneForDesk } from '../../../functions/lib/phone-display';

describe('Phone numbers for the front desk', () => {
  it.each([
    [
      'a number of the clinic’s country, in national format',
      '+13125550188',
      'US',
      '(312) 555-0188',
    ],
    ['a foreign number, in international format', '+442079460958', 'US', '+44 20 7946 0958'],
    ['a UK number for a UK clinic', '+442079460958', 'GB', '020 7946 0958'],
    ['anything unreadable, as it is', 'not a number', 'US', 'not a number'],
  ])('shows %s', (_case, e164, country, shown) => {
    expect(phoneForDesk(e164, country)).toBe(shown);
  });
});
