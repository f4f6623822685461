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

  it('names three or more countries in a list ending with "or", "the" only where English has it', () => {
    const three = e164Normaliser('US', {
      countries: ['CA', 'MX', 'US'],
      numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
    });
    expect(three('+44 20 7946 0958')).toEqual({
      refused:
        'We can only call numbers in Canada, Mexico or the United States. Enter a number there, or send us a question instead.',
    });
    const canada = e164Normaliser('CA', {
      countries: ['CA'],
      numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
    });
    expect(canada('+1 312 555 0188')).toEqual({
      refused:
        'We can only call numbers in Canada. Enter a number there, or send us a question instead.',
    });
    // "the" goes before a name that starts with such a word only, not one that merely holds it.
    const bonaire = e164Normaliser('US', {
      countries: ['BQ'],
      numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
    });
    expect(bonaire('+1 312 555 0188')).toEqual({
      refused:
        'We can only call numbers in Caribbean Netherlands. Enter a number there, or send us a question instead.',
    });
  });

  it.each([
    ['a UK landline (FIXED_LINE)', '+44 20 7946 0958', '+442079460958'],
    ['a UK mobile (MOBILE)', '+44 7400 123456', '+447400123456'],
    ['a US number either way (FIXED_LINE_OR_MOBILE)', '(312) 555-0188', '+13125550188'],
    ['a UK freephone number (TOLL_FREE)', '+44 800 123 4567', '+448001234567'],
    ['a UK internet-phone number (VOIP)', '+44 56 1234 5678', '+445612345678'],
  ])('calls back by default %s', (_what, number, e164) => {
    const normalise = e164Normaliser('US', {
      countries: ['US', 'GB'],
      numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
    });
    expect(normalise(number)).toEqual({ phone: e164, display: number });
  });

  it.each([
    ['a UK pager (PAGER)', '+44 7640 123456'],
    ['a UK universal access number (UAN)', '+44 55 1234 5678'],
  ])('does not call back by default %s', (_what, number) => {
    const normalise = e164Normaliser('US', {
      countries: ['US', 'GB'],
      numberTypes: DEFAULT_CALLBACK_NUMBER_TYPES,
    });
    expect(normalise(number)).toEqual({ refused: COSTLY });
  });

  it('calls back only the number types configured', () => {
    const mobilesOnly = e164Normaliser('GB', { countries: ['GB'], numberTypes: ['MOBILE'] });
    expect(mobilesOnly('07400 123456')).toEqual({
      phone: '+447400123456',
      display: '07400 123456',
    });
    expect(mobilesOnly('020 7946 0958')).toEqual({ refused: COSTLY });
  });

  it('takes any valid number of any country when there is no policy, and no invalid one', () => {
    const anywhere = e164Normaliser('US');
    expect(anywhere('+44 7640 123456')).toEqual({
      phone: '+447640123456',
      display: '+44 76 4012 3456',
    });
    expect(anywhere('+1 900 555 0123')).toEqual({
      phone: '+19005550123',
      display: '(900) 555-0123',
    });
    expect(anywhere('312 555 0188 x9')).toEqual({
      phone: '+13125550188',
      extension: '9',
      display: '(312) 555-0188',
    });
    // A number of no country (international freephone) is written in international format.
    expect(anywhere('+800 1234 5678')).toEqual({
      phone: '+80012345678',
      display: '+800 1234 5678',
    });
    expect(anywhere('555 0188')).toBeUndefined();
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
    expect(parseNumberTypes('  ')).toEqual([]);
  });
});
