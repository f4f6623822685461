import { describe, expect, it } from 'vitest';
import { e164Normaliser } from '../../../functions/lib/phone';

// The API writes each number as the front desk dials it when it stores the lead, so the
// functions that only show it (the emails) carry no phone metadata.
describe('Phone numbers written for the front desk', () => {
  it.each([
    [
      'a number of the clinic’s country, in national format',
      'US',
      '312 555 0188',
      '(312) 555-0188',
    ],
    ['a foreign number, in international format', 'US', '+44 20 7946 0958', '+44 20 7946 0958'],
    ['a UK number for a UK clinic', 'GB', '+44 20 7946 0958', '020 7946 0958'],
  ])('shows %s', (_case, country, typed, shown) => {
    expect(e164Normaliser(country)(typed)).toMatchObject({ display: shown });
  });

  it('keeps the stored E.164 form and the extension beside the desk format', () => {
    expect(e164Normaliser('US')('(312) 555-0188 ext. 204')).toEqual({
      phone: '+13125550188',
      extension: '204',
      display: '(312) 555-0188',
    });
  });

  it('gives no desk format for a number it refuses', () => {
    const policy = { countries: ['US'], numberTypes: ['MOBILE' as const] };
    expect(e164Normaliser('US', policy)('+44 20 7946 0958')).toHaveProperty('refused');
  });
});
