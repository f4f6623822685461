/** The funnel report as a terminal table, CSV and JSON. */
import type { Comparison, FunnelReport, VariantRow } from './report';
import type { RateEstimate } from './stats';

/** "4.0 %", or "–" without a rate. */
export function percent(rate: number | undefined, digits = 1): string {
  return rate === undefined ? '–' : `${(rate * 100).toFixed(digits)} %`;
}

/** A rate with its interval: "4.0 % (2.7–5.9 %)". */
export function rateWithInterval(estimate: RateEstimate): string {
  if (estimate.rate === undefined || estimate.interval === undefined) return '–';
  const { low, high } = estimate.interval;
  return `${percent(estimate.rate)} (${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %)`;
}

/** Minutes as a short duration: "45 min", "3.5 h", "2.1 days". */
export function duration(minutes: number | undefined): string {
  if (minutes === undefined) return '–';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

/** Percentage points with a sign: "+1.2 pts". */
function points(difference: number): string {
  const value = (difference * 100).toFixed(1);
  return `${difference >= 0 ? '+' : ''}${value} pts`;
}

/** One line per comparison: "demo-sciatica: b against a, +1.2 pts (−0.3 to +2.7): verdict". */
export function comparisonLine(c: Comparison): string {
  const figures =
    c.difference !== undefined && c.interval !== undefined
      ? `, ${points(c.difference)} (${points(c.interval.low)} to ${points(c.interval.high)})`
      : '';
  return `${c.campaign}: ${c.variant} against ${c.control}${figures}. ${c.verdict.text}`;
}

const COLUMNS: readonly [string, (row: VariantRow) => string][] = [
  ['Campaign', (r) => r.campaign],
  ['Variant', (r) => `${r.variant}${r.control ? ' (control)' : ''}`],
  ['Sessions', (r) => String(r.sessions)],
  ['Form starts', (r) => String(r.formStarts)],
  ['Callbacks', (r) => String(r.callbackRequests)],
  ['Questions', (r) => String(r.contactRequests)],
  ['Conversion (95 % interval)', (r) => rateWithInterval(r.conversion)],
  ['Reached', (r) => String(r.reached)],
  ['Booked', (r) => String(r.booked)],
  ['Booking rate', (r) => percent(r.bookingRate.rate)],
  ['Median to contact', (r) => duration(r.timeToFirstContact.medianMinutes)],
  ['p90 to contact', (r) => duration(r.timeToFirstContact.p90Minutes)],
];

/** Says how many requests from preview links were left out. */
export function previewNote(count: number): string {
  return `Left out: ${count} request${count === 1 ? '' : 's'} sent from campaign preview links (?preview=), which are checks, not patients.`;
}

/** The report as aligned text for a terminal. */
export function reportTable(report: FunnelReport): string {
  const header = COLUMNS.map(([name]) => name);
  const body = report.rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const { from, to, timeZone } = report.period;
  return [
    `Funnel from ${from} to ${to} (${timeZone})`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    ...(report.totals.previewRequests > 0 ? [previewNote(report.totals.previewRequests), ''] : []),
    ...(report.comparisons.length === 0
      ? ['No variants to compare.']
      : [
          'Variants against their control:',
          ...report.comparisons.map((c) => `  ${comparisonLine(c)}`),
        ]),
  ].join('\n');
}

/** A CSV field, quoted when needed (RFC 4180). */
function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const round = (value: number | undefined, digits = 6) =>
  value === undefined ? undefined : Number(value.toFixed(digits));

/** The report as CSV: one line per campaign and variant, its comparison on the same line. */
export function reportCsv(report: FunnelReport): string {
  const header = [
    'period_from',
    'period_to',
    'campaign',
    'variant',
    'control',
    'sessions',
    'form_starts',
    'callback_requests',
    'contact_requests',
    'requests',
    'conversion_rate',
    'conversion_low_95',
    'conversion_high_95',
    'reached',
    'booked',
    'booking_rate',
    'median_minutes_to_first_contact',
    'p90_minutes_to_first_contact',
    'difference_vs_control',
    'difference_low_95',
    'difference_high_95',
    'probability_better_than_control',
    'verdict',
  ];
  const lines = report.rows.map((r) => {
    const c = report.comparisons.find((x) => x.campaign === r.campaign && x.variant === r.variant);
    return [
      report.period.from,
      report.period.to,
      r.campaign,
      r.variant,
      r.control ? 'yes' : 'no',
      r.sessions,
      r.formStarts,
      r.callbackRequests,
      r.contactRequests,
      r.requests,
      round(r.conversion.rate),
      round(r.conversion.interval?.low),
      round(r.conversion.interval?.high),
      r.reached,
      r.booked,
      round(r.bookingRate.rate),
      r.timeToFirstContact.medianMinutes,
      r.timeToFirstContact.p90Minutes,
      round(c?.difference),
      round(c?.interval?.low),
      round(c?.interval?.high),
      round(c?.verdict.probabilityBetter),
      c?.verdict.text,
    ]
      .map(csvField)
      .join(',');
  });
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The report as JSON. */
export function reportJson(report: FunnelReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
