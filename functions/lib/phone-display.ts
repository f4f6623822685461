/**
 * Phone numbers as the front desk dials them: the clinic's own country in national format
 * ("(312) 555-0188"), any other in international format ("+44 20 7946 0958"). Links keep the
 * E.164 form (`tel:+13125550188`).
 *
 * It reads numbers with the metadata the submit function validates them with (functions/lib/
 * phone.ts): in the shipped bundles that is trimmed to the calling codes called back, which
 * covers every number the API stores; a number of another calling code is shown as stored.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';

/** `e164` formatted for a desk in `country`; the input itself when it cannot be read. */
export function phoneForDesk(e164: string, country: string): string {
  const parsed = parsePhoneNumberFromString(e164, metadata);
  if (parsed === undefined) return e164;
  return parsed.country === (country as CountryCode) ||
    (parsed.country === undefined && parsed.getPossibleCountries().includes(country as CountryCode))
    ? parsed.formatNational()
    : parsed.formatInternational();
}
