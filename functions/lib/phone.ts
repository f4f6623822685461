/**
 * Server-side phone normalisation to E.164 with libphonenumber-js (the maintained port of
 * Google's libphonenumber), and the clinic's rule on which numbers the front desk dials back.
 * Kept out of the schema module because its metadata is too heavy for the page.
 */
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from 'libphonenumber-js/core';
// Precise ("max") metadata, imported by name so the bundler can swap it: the shipped bundle
// carries only the calling codes of the countries called back (infra/phone-metadata.ts), which
// gives the same verdict on every number of those codes. From source it is the world's.
import metadata from 'libphonenumber-js/metadata.max.json';
import type { PhoneNormaliser } from '../contract/lead-schema';

/** Every number type libphonenumber tells apart. */
export const PHONE_NUMBER_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
  'VOIP',
  'PREMIUM_RATE',
  'SHARED_COST',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const satisfies readonly NonNullable<NumberType>[];
export type PhoneNumberType = (typeof PHONE_NUMBER_TYPES)[number];

/**
 * Numbers the front desk calls back by default: landlines and mobiles (and numbers that may be
 * either), toll-free and internet-phone numbers. Left out: premium-rate and shared-cost numbers
 * (the clinic pays the caller's tariff), personal numbers (UK 070: premium rates behind a
 * personal-looking number), pagers, universal access numbers and voicemail-only numbers.
 */
export const DEFAULT_CALLBACK_NUMBER_TYPES: readonly PhoneNumberType[] = [
  'FIXED_LINE',
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
  'VOIP',
];

/** Which numbers are called back: the countries the clinic serves and the number types. */
export interface CallbackPolicy {
  /** ISO 3166 two-letter codes, e.g. ["US", "CA"]. */
  readonly countries: readonly string[];
  readonly numberTypes: readonly PhoneNumberType[];
}

/** Whether libphonenumber knows `code` as a country (what the configuration checks). */
export function isPhoneCountry(code: string): boolean {
  return isSupportedCountry(code as CountryCode, metadata);
}

/**
 * Made on first use: loading the display names takes several milliseconds, which a cold start
 * would pay for every request although only a refused number needs them.
 */
let regionNames: Intl.DisplayNames | undefined;

/** "the United States", "the United States or Canada", "Canada, Mexico or the United States". */
function placeList(countries: readonly string[]): string {
  const names = countries.map((code) => {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(code) ?? code;
    return /^(United|Netherlands|Philippines|Czech|Dominican|Bahamas|Gambia)/.test(name)
      ? `the ${name}`
      : name;
  });
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * A normaliser that reads national numbers as being in `defaultCountry`, keeps an extension,
 * and refuses, with a message a person can act on, a number outside the policy's countries or
 * of a type the clinic does not call.
 */
export function e164Normaliser(defaultCountry: string, policy?: CallbackPolicy): PhoneNormaliser {
  const typeMessage =
    'We cannot call premium-rate, shared-cost or similar numbers. Enter a landline or mobile number.';
  return (raw) => {
    const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode, metadata);
    if (!parsed?.isValid()) return undefined;
    if (policy !== undefined) {
      if (parsed.country === undefined || !policy.countries.includes(parsed.country)) {
        // Worded when refusing, not when the normaliser is made (at cold start).
        return {
          refused: `We can only call numbers in ${placeList(policy.countries)}. Enter a number there, or send us a question instead.`,
        };
      }
      // A type the metadata cannot tell (rare) is given the benefit of the doubt.
      const type = parsed.getType();
      if (type !== undefined && !(policy.numberTypes as readonly string[]).includes(type)) {
        return { refused: typeMessage };
      }
    }
    return {
      phone: parsed.number,
      ...(parsed.ext && { extension: parsed.ext }),
      display: deskFormat(parsed, defaultCountry),
    };
  };
}

/**
 * A number as the front desk dials it: the clinic's own country in national format
 * ("(312) 555-0188"), any other in international format ("+44 20 7946 0958"). Written once, when
 * the lead is stored, so the functions that show it (the emails) need no phone metadata.
 */
function deskFormat(parsed: PhoneNumber, country: string): string {
  const national =
    parsed.country === (country as CountryCode) ||
    (parsed.country === undefined &&
      parsed.getPossibleCountries().includes(country as CountryCode));
  // Without the extension, which is kept (and shown) apart.
  return parsed.format(national ? 'NATIONAL' : 'INTERNATIONAL', {
    formatExtension: (number) => number,
  });
}

/** Parses a comma-separated environment value of number types, refusing unknown ones. */
export function parseNumberTypes(value: string): PhoneNumberType[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (!(PHONE_NUMBER_TYPES as readonly string[]).includes(s)) {
        throw new RangeError(`Unknown phone number type "${s}"`);
      }
      return s as PhoneNumberType;
    });
}
