/**
 * Server-side phone normalisation to E.164 with libphonenumber-js (the maintained port of
 * Google's libphonenumber). Kept out of the schema module because its metadata is too heavy
 * for the page.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PhoneNormaliser } from '../contract/lead-schema';

/** A normaliser that reads national numbers as being in `defaultCountry`. */
export function e164Normaliser(defaultCountry: string): PhoneNormaliser {
  return (raw) => {
    const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode);
    return parsed?.isValid() ? parsed.number : undefined;
  };
}
