/**
 * Server-side phone normalisation to E.164 with libphonenumber-js (the maintained port of
 * Google's libphonenumber), on its precise ("max") metadata. Kept out of the schema module
 * because its metadata is too heavy for the page.
 *
 * The metadata is imported by name so the bundler can swap it: the shipped bundle carries only
 * the countries the clinic serves (leads.phoneCountries, and every country sharing their calling
 * codes; see infra/phone-metadata.ts), which gives the same verdict on every number of those
 * calling codes and refuses the rest. Run from source (tests, the local stack) it is the world's.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';
import type { PhoneNormaliser } from '../contract/lead-schema';

/** A normaliser that reads national numbers as being in `defaultCountry`. */
export function e164Normaliser(defaultCountry: string): PhoneNormaliser {
  return (raw) => {
    const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode, metadata);
    return parsed?.isValid() ? parsed.number : undefined;
  };
}
