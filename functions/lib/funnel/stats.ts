/**
 * The statistics of the funnel report: a conversion rate with its 95 % interval, the difference
 * between a variant and its control with its interval, the probability that the variant is the
 * better one, the sessions needed to tell a 20 % difference, and a verdict in plain words.
 *
 * Methods (each checked in tests/unit/funnel/stats.test.ts against values computed by hand or
 * with SciPy and mpmath, not with this code):
 * - Rate interval: Wilson score interval. Unlike the textbook "rate ± 1.96 × standard error"
 *   (Wald), it stays inside 0–100 % and keeps close to its promised 95 % coverage for the small
 *   counts and low rates of a clinic's landing page.
 * - Difference interval: Newcombe's hybrid score interval (method 10 of Newcombe 1998, Statistics
 *   in Medicine 17:873–890), built from the two Wilson intervals.
 * - Probability the variant is better: P(p_B > p_A) for independent Beta(1 + conversions,
 *   1 + sessions − conversions) posteriors, i.e. a uniform prior on each rate. Computed exactly
 *   with the closed-form sum (Evan Miller, "Formulas for Bayesian A/B testing"), no sampling.
 * - Sessions needed: the normal-approximation sample size for two proportions (Fleiss, without
 *   continuity correction), two-sided α = 0.05 and power 80 %, per variant, to tell the control's
 *   rate from one 20 % higher.
 *
 * Pure functions with no imports: used by the report command and the weekly digest alike.
 */

/** The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval. */
const Z_95 = 1.959963984540054;
/** The 80th percentile of the standard normal distribution: 80 % power. */
const Z_POWER_80 = 0.8416212335729143;
/** The relative difference the report asks to be able to tell: 20 %. */
const DETECTABLE_LIFT = 0.2;

/** Conversions out of sessions. */
export interface Counts {
  readonly conversions: number;
  readonly sessions: number;
}

/** An interval of rates (0–1) or of differences of rates (−1–1). */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** A rate with its 95 % interval; both absent without sessions. */
export interface RateEstimate {
  readonly rate?: number;
  readonly interval?: Interval;
}

function checkCounts({ conversions, sessions }: Counts): void {
  if (!Number.isInteger(conversions) || !Number.isInteger(sessions)) {
    throw new RangeError(`Counts must be whole numbers, got ${conversions} of ${sessions}`);
  }
  if (conversions < 0 || sessions < 0) {
    throw new RangeError(`Counts cannot be negative, got ${conversions} of ${sessions}`);
  }
  if (conversions > sessions) {
    throw new RangeError(
      `Conversions (${conversions}) cannot exceed sessions (${sessions}): check the counters`,
    );
  }
}

/** The Wilson score interval of `conversions / sessions`. */
export function wilsonInterval(counts: Counts, z = Z_95): Interval {
  checkCounts(counts);
  const { conversions: x, sessions: n } = counts;
  if (n === 0) throw new RangeError('A rate needs at least one session');
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n conversions one end is exactly 0 or 1; rounding must not push it past.
  return {
    low: x === 0 ? 0 : Math.max(0, centre - half),
    high: x === n ? 1 : Math.min(1, centre + half),
  };
}

/** The rate and its Wilson interval, or nothing when there were no sessions. */
export function conversionRate(counts: Counts): RateEstimate {
  checkCounts(counts);
  if (counts.sessions === 0) return {};
  return { rate: counts.conversions / counts.sessions, interval: wilsonInterval(counts) };
}

/** The variant's rate minus the control's, with Newcombe's hybrid score interval. */
export function rateDifference(
  control: Counts,
  variant: Counts,
): { readonly difference: number; readonly interval: Interval } {
  const a = wilsonInterval(control);
  const b = wilsonInterval(variant);
  const pA = control.conversions / control.sessions;
  const pB = variant.conversions / variant.sessions;
  const d = pB - pA;
  return {
    difference: d,
    interval: {
      low: d - Math.sqrt((pB - b.low) ** 2 + (a.high - pA) ** 2),
      high: d + Math.sqrt((b.high - pB) ** 2 + (pA - a.low) ** 2),
    },
  };
}

// Lanczos approximation (g = 7, 9 coefficients): ln Γ(x) to about 15 significant digits.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * The probability that the variant's true rate is above the control's, given the counts and a
 * uniform prior on each: P(p_B > p_A) with p ~ Beta(1 + conversions, 1 + non-conversions).
 * Exact: Σ_{i=0}^{α_B−1} B(α_A+i, β_A+β_B) / ((β_B+i) · B(1+i, β_B) · B(α_A, β_A)).
 */
export function probabilityVariantBetter(control: Counts, variant: Counts): number {
  checkCounts(control);
  checkCounts(variant);
  const alphaA = 1 + control.conversions;
  const betaA = 1 + control.sessions - control.conversions;
  const alphaB = 1 + variant.conversions;
  const betaB = 1 + variant.sessions - variant.conversions;
  const constant = logBeta(alphaA, betaA);
  let total = 0;
  for (let i = 0; i < alphaB; i++) {
    total += Math.exp(
      logBeta(alphaA + i, betaA + betaB) - Math.log(betaB + i) - logBeta(1 + i, betaB) - constant,
    );
  }
  return Math.min(1, Math.max(0, total));
}

/**
 * Sessions each variant needs so that a rate 20 % above `baseRate` (relative) would be told
 * from it: two-sided α = 0.05, power 80 %. `undefined` when it cannot be said (a rate of 0, or
 * one so high that 20 % more would pass 100 %).
 */
export function sessionsToDetect(baseRate: number, lift = DETECTABLE_LIFT): number | undefined {
  const p1 = baseRate;
  const p2 = baseRate * (1 + lift);
  if (!(p1 > 0) || !(p2 < 1)) return undefined;
  const mean = (p1 + p2) / 2;
  const numerator =
    Z_95 * Math.sqrt(2 * mean * (1 - mean)) + Z_POWER_80 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(numerator ** 2 / (p2 - p1) ** 2);
}

/** What the comparison of a variant with its control says. */
export type VerdictKind =
  'better' | 'worse' | 'ahead' | 'behind' | 'not-enough-data' | 'no-clear-difference';

export interface Verdict {
  readonly kind: VerdictKind;
  /** P(variant better than control), 0–1; absent when a side has no sessions. */
  readonly probabilityBetter?: number;
  /** More sessions each variant needs to tell a 20 % difference; 0 once it has them. */
  readonly moreSessionsPerVariant?: number;
  /** One sentence for a marketer. */
  readonly text: string;
}

/** Probabilities said as "about N %", never 0 % or 100 %: the data cannot be that sure. */
export function aboutPercent(probability: number): string {
  return `about ${Math.min(99, Math.max(1, Math.round(probability * 100)))} %`;
}

/** "Beyond reasonable doubt" for a marketer: 95 % likely and an interval clear of zero. */
const SURE = 0.95;
/** "Leaning" one way: 80 % likely. */
const LEANING = 0.8;

/**
 * The verdict on `variant` against `control`, in plain words:
 * - better / worse: at least 95 % likely one way and the difference interval excludes zero;
 * - ahead / behind: at least 80 % likely one way;
 * - not enough data: neither, and fewer sessions than a 20 % difference needs;
 * - no clear difference: neither, with enough sessions to have seen a 20 % difference.
 */
export function compareVariants(
  names: { readonly control: string; readonly variant: string },
  control: Counts,
  variant: Counts,
): Verdict {
  checkCounts(control);
  checkCounts(variant);
  const { control: a, variant: b } = names;
  if (control.sessions === 0 || variant.sessions === 0) {
    const empty = control.sessions === 0 ? a : b;
    return { kind: 'not-enough-data', text: `Not enough data yet: ${empty} has no sessions.` };
  }
  const p = probabilityVariantBetter(control, variant);
  const { interval } = rateDifference(control, variant);
  const pooled =
    (control.conversions + variant.conversions) / (control.sessions + variant.sessions);
  const baseRate = control.conversions > 0 ? control.conversions / control.sessions : pooled;
  const needed = sessionsToDetect(baseRate);
  const more =
    needed === undefined
      ? undefined
      : Math.max(0, needed - Math.min(control.sessions, variant.sessions));
  const common = {
    probabilityBetter: p,
    ...(more !== undefined && { moreSessionsPerVariant: more }),
  };
  if (p >= SURE && interval.low > 0) {
    return {
      kind: 'better',
      ...common,
      text: `${b} is better: ${aboutPercent(p)} likely to convert more than ${a}. It can become the default.`,
    };
  }
  if (1 - p >= SURE && interval.high < 0) {
    return {
      kind: 'worse',
      ...common,
      text: `${b} is worse: ${aboutPercent(1 - p)} likely to convert less than ${a}. Consider stopping it.`,
    };
  }
  if (p >= LEANING) {
    return {
      kind: 'ahead',
      ...common,
      text: `${b} is ahead: ${aboutPercent(p)} likely to be better than ${a}. Keep it running.`,
    };
  }
  if (1 - p >= LEANING) {
    return {
      kind: 'behind',
      ...common,
      text: `${b} is behind: ${aboutPercent(1 - p)} likely to be worse than ${a}. Keep it running, or stop it if you need the traffic.`,
    };
  }
  if (more === undefined) {
    return {
      kind: 'not-enough-data',
      ...common,
      text: `Not enough data yet: no requests so far from ${a} or ${b}.`,
    };
  }
  if (more > 0) {
    return {
      kind: 'not-enough-data',
      ...common,
      text: `Not enough data yet: about ${more.toLocaleString('en-US')} more sessions per variant to tell a 20 % difference.`,
    };
  }
  return {
    kind: 'no-clear-difference',
    ...common,
    text: `No clear difference: ${b} and ${a} convert alike; a 20 % difference would have shown by now.`,
  };
}
