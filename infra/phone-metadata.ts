/**
 * Phone metadata for the countries the clinic serves. The submit function validates numbers
 * with libphonenumber-js's precise metadata; the world's weighs about 150 KiB minified, parsed
 * at every cold start. The bundle gets a copy trimmed to the calling codes of
 * leads.callbackCountries (with defaultCountry always among them).
 *
 * Every country that shares a kept calling code is kept too (for +1: the United States, Canada
 * and the other North American Numbering Plan members), so a number of a kept calling code gets
 * exactly the verdict the full metadata gives it; a number of any other calling code is refused.
 */
import type { MetadataJson } from 'libphonenumber-js/core';
import type { AppConfig } from './config/config';

/** The countries whose numbers the submit function accepts, from the configuration. */
export function phoneCountriesOf(config: AppConfig): string[] {
  const { defaultCountry, callbackCountries = [] } = config.leads;
  return [...new Set([defaultCountry, ...callbackCountries])];
}

/** `full` trimmed to the calling codes of `countries`; throws on a country it does not know. */
export function trimPhoneMetadata(full: MetadataJson, countries: readonly string[]): MetadataJson {
  const codes = new Set<string>();
  for (const country of countries) {
    const code = Object.entries(full.country_calling_codes).find(([, list]) =>
      (list as readonly string[]).includes(country),
    )?.[0];
    if (code === undefined) {
      throw new Error(`libphonenumber-js has no phone metadata for the country "${country}"`);
    }
    codes.add(code);
  }
  const callingCodes = Object.fromEntries(
    Object.entries(full.country_calling_codes).filter(([code]) => codes.has(code)),
  );
  const kept = new Set<string>(Object.values(callingCodes).flat());
  const trimmed: Record<string, unknown> = {
    ...full,
    country_calling_codes: callingCodes,
    countries: Object.fromEntries(
      Object.entries(full.countries).filter(([country]) => kept.has(country)),
    ),
  };
  const nonGeographic = (full as { nonGeographic?: Record<string, unknown> }).nonGeographic;
  if (nonGeographic !== undefined) {
    trimmed.nonGeographic = Object.fromEntries(
      Object.entries(nonGeographic).filter(([code]) => codes.has(code)),
    );
  }
  return trimmed as unknown as MetadataJson;
}
