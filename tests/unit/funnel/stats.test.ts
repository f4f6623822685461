/**
 * Worked examples for the funnel statistics. Every expected value was computed outside this
 * code: the Wilson and Newcombe figures are the published ones (Newcombe 1998, Statistics in
 * Medicine 17:857–872 and 873–890) and agree with SciPy's `binomtest(...).proportion_ci(
 * method='wilson')`; P(B > A) is SciPy's numerical integral ∫ f_B(x) F_A(x) dx of the two Beta
 * posteriors; sample sizes are the Fleiss formula evaluated with SciPy's normal quantiles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aboutPercent,
  compareVariants,
  conversionRate,
  logGamma,
  probabilityVariantBetter,
  rateDifference,
  sessionsToDetect,
  wilsonInterval,
} from '../../../functions/lib/funnel/stats';

const counts = (conversions: number, sessions: number) => ({ conversions, sessions });

describe('Wilson interval of a conversion rate', () => {
  it.each([
    [81, 263, 0.2552885199, 0.366209577],
    [56, 70, 0.691833555, 0.8769526075],
    [48, 80, 0.4904546501, 0.700381724],
    [24, 600, 0.0270250293, 0.0588277357],
    [36, 600, 0.0436514288, 0.0819468681],
    [0, 10, 0, 0.2775327999],
    [10, 10, 0.7224672001, 1],
  ])('%i of %i: %f to %f', (x, n, low, high) => {
    const interval = wilsonInterval(counts(x, n));
    expect(interval.low).toBeCloseTo(low, 9);
    expect(interval.high).toBeCloseTo(high, 9);
  });

  it('has no rate and no interval without sessions', () => {
    expect(conversionRate(counts(0, 0))).toEqual({});
  });

  it('refuses counts that cannot be', () => {
    expect(() => wilsonInterval(counts(5, 4))).toThrow(/cannot exceed sessions/);
    expect(() => wilsonInterval(counts(-1, 4))).toThrow(/negative/);
    expect(() => wilsonInterval(counts(1.5, 4))).toThrow(/whole numbers/);
  });

  it('always holds the observed rate and stays within 0–1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f) => {
          const x = Math.floor(f * n);
          const { low, high } = wilsonInterval(counts(x, n));
          return low >= 0 && high <= 1 && low <= x / n + 1e-12 && high >= x / n - 1e-12;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('Difference between a variant and its control (Newcombe hybrid score)', () => {
  it.each([
    // control, variant (variant minus control), published difference and interval
    [48, 80, 56, 70, 0.2, 0.0524314724, 0.333872654],
    [3, 10, 9, 10, 0.6, 0.1705227239, 0.8090179735],
    [0, 29, 5, 56, 0.0892857143, -0.0381371479, 0.1925600139],
    [24, 600, 36, 600, 0.02, -0.004935104, 0.0454953895],
  ])('%i/%i against %i/%i', (xa, na, xb, nb, d, low, high) => {
    const result = rateDifference(counts(xa, na), counts(xb, nb));
    expect(result.difference).toBeCloseTo(d, 9);
    expect(result.interval.low).toBeCloseTo(low, 9);
    expect(result.interval.high).toBeCloseTo(high, 9);
  });
});

describe('Probability that the variant converts better (Beta-Binomial, uniform prior)', () => {
  it.each([
    [0, 0, 0, 0, 0.5],
    [1, 2, 1, 2, 0.5],
    [40, 1000, 40, 1000, 0.5],
    [48, 80, 56, 70, 0.995929539],
    [24, 600, 36, 600, 0.9429310902],
    [12, 400, 18, 400, 0.8642326245],
    [30, 1000, 25, 1000, 0.2491529761],
    [3, 10, 9, 10, 0.9962406015],
  ])('%i/%i against %i/%i: %f', (xa, na, xb, nb, p) => {
    expect(probabilityVariantBetter(counts(xa, na), counts(xb, nb))).toBeCloseTo(p, 8);
  });

  it('is the complement when the two swap places', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (xa, ya, xb, yb) => {
          const a = counts(xa, xa + ya);
          const b = counts(xb, xb + yb);
          const sum = probabilityVariantBetter(a, b) + probabilityVariantBetter(b, a);
          return Math.abs(sum - 1) < 1e-9;
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('uses ln Γ accurate to the last digits', () => {
    // ln(9!) and ln Γ(0.5) = ln √π, by hand.
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('Sessions per variant to tell a 20 % difference (α 0.05 two-sided, power 80 %)', () => {
  it.each([
    [0.03, 13914],
    [0.04, 10317],
    [0.05, 8158],
    [0.1, 3841],
    [0.5, 388],
  ])('from a rate of %f: %i', (rate, n) => {
    expect(sessionsToDetect(rate)).toBe(n);
  });

  it('cannot say for a rate of 0 or one so high that 20 % more passes 100 %', () => {
    expect(sessionsToDetect(0)).toBeUndefined();
    expect(sessionsToDetect(0.9)).toBeUndefined();
  });
});

describe('Verdict in plain words', () => {
  const names = { control: 'A', variant: 'B' };

  it('calls a variant better when it is 95 % likely and the interval clears zero', () => {
    const verdict = compareVariants(names, counts(48, 80), counts(56, 70));
    expect(verdict.kind).toBe('better');
    expect(verdict.text).toBe(
      'B is better: about 99 % likely to convert more than A. It can become the default.',
    );
  });

  it('says a variant is ahead, and how likely, when it leans its way', () => {
    // 0.9429 likely; the difference interval (−0.0049, 0.0455) still holds zero.
    const verdict = compareVariants(names, counts(24, 600), counts(36, 600));
    expect(verdict.kind).toBe('ahead');
    expect(verdict.text).toBe(
      'B is ahead: about 94 % likely to be better than A. Keep it running.',
    );
  });

  it('says a variant is behind when the control leans ahead', () => {
    // P(B better) 0.2492: 75 % likely worse is not yet "behind" (80 %).
    expect(compareVariants(names, counts(30, 1000), counts(25, 1000)).kind).toBe('not-enough-data');
    const verdict = compareVariants(names, counts(36, 600), counts(24, 600));
    expect(verdict.kind).toBe('behind');
    expect(verdict.text).toMatch(/^B is behind: about 94 % likely to be worse than A\./);
  });

  it('asks for more sessions, and how many, when the data cannot tell yet', () => {
    // Control 40/1000 = 4 %: 10,317 sessions per variant needed, the smaller side has 1,000.
    const verdict = compareVariants(names, counts(40, 1000), counts(41, 1000));
    expect(verdict.kind).toBe('not-enough-data');
    expect(verdict.moreSessionsPerVariant).toBe(9317);
    expect(verdict.text).toBe(
      'Not enough data yet: about 9,317 more sessions per variant to tell a 20 % difference.',
    );
  });

  it('finds no clear difference once there were enough sessions to see one', () => {
    // 10 % against 10 %: 3,841 needed per variant, both have 5,000.
    const verdict = compareVariants(names, counts(500, 5000), counts(500, 5000));
    expect(verdict.kind).toBe('no-clear-difference');
    expect(verdict.moreSessionsPerVariant).toBe(0);
  });

  it('says which side has no sessions', () => {
    expect(compareVariants(names, counts(0, 0), counts(1, 10)).text).toBe(
      'Not enough data yet: A has no sessions.',
    );
  });

  it('never says 0 % or 100 %', () => {
    expect(aboutPercent(0.9999)).toBe('about 99 %');
    expect(aboutPercent(0.001)).toBe('about 1 %');
    expect(aboutPercent(0.934)).toBe('about 93 %');
  });
});
