/**
 * The phone metadata the bundle carries, trimmed to the served countries' calling codes, gives
 * the same verdict as the world's on every number of those codes, refuses any other, and never
 * accepts a number the world's refuses.
 */
import fc from 'fast-check';
import {
  parsePhoneNumberFromString,
  type CountryCode,
  type MetadataJson,
} from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import full from 'libphonenumber-js/metadata.max.json';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../infra/config/load-config';
import { phoneCountriesOf, trimPhoneMetadata } from '../../../infra/phone-metadata';

const verdict = (raw: string, defaultCountry: string, metadata: MetadataJson) => {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode, metadata);
  return parsed?.isValid() ? parsed.number : undefined;
};

/** Calling code of `country`, read from the full metadata's own table. */
const callingCode = (country: string) =>
  Object.entries(full.country_calling_codes).find(([, list]) =>
    (list as readonly string[]).includes(country),
  )![0];

const digits = (min: number, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
    .map((d) => d.join(''));
const separator = fc.constantFrom('', ' ', '-', '.', ' (', ') ');

/** Numbers of `country`: random digits, and its example mobile number with digits changed. */
function numbersOf(country: string): fc.Arbitrary<string> {
  const example = (examples as Record<string, string>)[country] ?? '2015550123';
  const mutated = fc
    .tuple(fc.integer({ min: 0, max: example.length - 1 }), fc.integer({ min: 0, max: 9 }))
    .map(([at, d]) => example.slice(0, at) + String(d) + example.slice(at + 1));
  const national = fc.oneof(digits(3, 15), mutated, fc.constant(example));
  return fc.oneof(
    national,
    fc
      .tuple(national, separator, fc.nat(8))
      .map(([n, sep, at]) => n.slice(0, at) + sep + n.slice(at)),
    national.map((n) => `+${callingCode(country)} ${n}`),
    national.map((n) => `+${callingCode(country)}${n}`),
  );
}

describe.each([
  ['the configured countries (cdk.json)', phoneCountriesOf(loadConfig())],
  ['a clinic serving the UK, Ireland and Germany', ['GB', 'IE', 'DE']],
])('Phone metadata trimmed to %s', (_label, countries) => {
  const trimmed = trimPhoneMetadata(full as MetadataJson, countries);
  const [defaultCountry] = countries as [string, ...string[]];
  // Calling codes are prefix-free (E.164), so a number is of a code when it starts with it.
  const servedCodes = [...new Set(countries.map(callingCode))];
  const sharing = Object.values(full.country_calling_codes)
    .filter((list) => countries.some((c) => (list as readonly string[]).includes(c)))
    .flat() as string[];

  it('keeps every country that shares a served calling code, and no other', () => {
    expect(Object.keys(trimmed.countries).sort()).toEqual([...new Set(sharing)].sort());
  });

  it('gives the full metadata’s verdict on generated numbers of those countries', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...countries)
          .chain((country) => fc.tuple(fc.constant(country), numbersOf(country))),
        ([, raw]) => {
          // A national number may begin with the international prefix ("00 53 …" from the UK)
          // and so name a number of another calling code: the trimmed metadata refuses those.
          const wide = verdict(raw, defaultCountry, full as MetadataJson);
          const ofServedCode =
            wide !== undefined && servedCodes.some((code) => wide.startsWith(`+${code}`));
          expect(verdict(raw, defaultCountry, trimmed)).toBe(ofServedCode ? wide : undefined);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never accepts what the full metadata refuses, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          digits(1, 17).map((d) => `+${d}`),
        ),
        (raw) => {
          const narrow = verdict(raw, defaultCountry, trimmed);
          if (narrow !== undefined)
            expect(narrow).toBe(verdict(raw, defaultCountry, full as MetadataJson));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('Phone metadata settings', () => {
  it('refuses numbers of calling codes the clinic does not serve', () => {
    const usOnly = trimPhoneMetadata(full as MetadataJson, ['US']);
    // A valid London number for the full metadata, a foreign one for a US-only clinic.
    expect(verdict('+44 20 7946 0958', 'US', full as MetadataJson)).toBe('+442079460958');
    expect(verdict('+44 20 7946 0958', 'US', usOnly)).toBeUndefined();
    // A Canadian number shares +1 and is still valid.
    expect(verdict('(416) 555-0123', 'US', usOnly)).toBe(
      verdict('(416) 555-0123', 'US', full as MetadataJson),
    );
    expect(verdict('(312) 555-0188', 'US', usOnly)).toBe('+13125550188');
  });

  it('names a country libphonenumber-js does not know', () => {
    expect(() => trimPhoneMetadata(full as MetadataJson, ['US', 'ZZ'])).toThrow(
      'libphonenumber-js has no phone metadata for the country "ZZ"',
    );
  });

  it('always includes the default country', () => {
    const config = loadConfig();
    const withOthers = {
      ...config,
      leads: { ...config.leads, defaultCountry: 'CA', callbackCountries: ['GB'] },
    };
    expect(phoneCountriesOf(withOthers)).toEqual(['CA', 'GB']);
    expect(
      phoneCountriesOf({
        ...config,
        leads: { ...config.leads, defaultCountry: 'US', callbackCountries: undefined },
      }),
    ).toEqual(['US']);
  });
});

describe('A number dialled abroad from a served country', () => {
  it('is another calling code’s number, which the trimmed metadata refuses', () => {
    const trimmed = trimPhoneMetadata(full as MetadataJson, ['GB', 'IE', 'DE']);
    // "00" is the UK's international prefix: this is Cuba's +53 7464 8794.
    expect(verdict('0053074648794', 'GB', full as MetadataJson)).toBe('+5374648794');
    expect(verdict('0053074648794', 'GB', trimmed)).toBeUndefined();
  });
});
