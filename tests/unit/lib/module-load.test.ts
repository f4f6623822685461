/**
 * Each module on a lead's path loads on its own, and works once loaded. A module-level value
 * that throws (a locale, a pattern, a table) fails the test files that import the module before
 * any of their tests run; here the import happens inside a test, so such a fault is a failing
 * test with its error, whichever file imported the module first.
 */
import { describe, expect, it } from 'vitest';

describe('Loading each module of the lead path', () => {
  it('phone numbers: names the countries called back in English', async () => {
    const { e164Normaliser } = await import('../../../functions/lib/phone');
    const normalise = e164Normaliser('US', { countries: ['US', 'CA'], numberTypes: ['MOBILE'] });
    expect(normalise('+44 20 7946 0958')).toEqual({
      refused:
        'We can only call numbers in the United States or Canada. Enter a number there, or send us a question instead.',
    });
  });
});
