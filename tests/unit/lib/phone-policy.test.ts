/** Which numbers the front desk calls back: the clinic's countries and number types. */
import { describe, expect, it } from 'vitest';
import { validateLead } from '../../../functions/contract/lead-schema';
import {
  DEFAULT_CALLBACK_NUMBER_TYPES,
  e164Normaliser,
  parseNumberTypes,
} from '../../../functions/lib/phone';

const usOnly = e164Normaliser('US', {
  countries: ['US'],
  numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
});
const northAmerica = e164Normaliser('US', {
  countries: ['US', 'CA'],
  numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
});
const callback = (phone: string) => ({
  kind: 'callback',
  name: 'Ann Lee',
  phone,
  consent: true,
});
const COSTLY =
  'We cannot call premium-rate, shared-cost or similar numbers. Enter a landline or mobile number.';

describe('Callback number policy', () => {
  it.each([
    ['a US premium-rate number', '+1 900 555 0123'],
    ['a UK premium-rate number', '+44 871 234 5678'],
    ['a UK personal number', '+44 70 1234 5678'],
  ])('refuses %s with a message a person can act on', (_what, number) => {
    const policy = e164Normaliser('US', {
      countries: ['US', 'GB'],
      numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
    });
    expect(validateLead(callback(number), policy)).toEqual({
      ok: false,
      fields: { phone: COSTLY },
    });
  });

  it('refuses a number outside the countries the clinic serves, naming them', () => {
    expect(validateLead(callback('+44 20 7946 0958'), usOnly)).toEqual({
      ok: false,
      fields: {
        phone:
          'We can only call numbers in the United States. Enter a number there, or send us a question instead.',
      },
    });
    expect(validateLead(callback('+33 1 23 45 67 89'), northAmerica)).toEqual({
      ok: false,
      fields: {
        phone:
          'We can only call numbers in the United States or Canada. Enter a number there, or send us a question instead.',
      },
    });
  });

  it('accepts landlines, mobiles and toll-free numbers in those countries', () => {
    for (const number of ['(312) 555-0188', '+1 800 555 0199', '+1 613 555 0123']) {
      expect(validateLead(callback(number), northAmerica).ok, number).toBe(true);
    }
  });

  it.each([
    ['312 555 0188 ext. 123', '123'],
    ['+1 (312) 555-0188 x45', '45'],
    ['312-555-0188 extension 7', '7'],
  ])('keeps the extension of %s', (number, extension) => {
    const result = validateLead(callback(number), usOnly);
    expect(result.ok && result.lead.phone).toBe('+13125550188');
    expect(result.ok && result.lead.phoneExtension).toBe(extension);
  });

  it('reads the number types setting, refusing a name it does not know', () => {
    expect(parseNumberTypes('MOBILE, FIXED_LINE')).toEqual(['MOBILE', 'FIXED_LINE']);
    expect(() => parseNumberTypes('MOBILE,CHEAP')).toThrow('Unknown phone number type "CHEAP"');
  });

  it('passes over empty entries of the number types setting (a stray or trailing comma)', () => {
    expect(parseNumberTypes(' MOBILE ,, VOIP ,')).toEqual(['MOBILE', 'VOIP']);
    expect(parseNumberTypes('')).toEqual([]);
  });
});
