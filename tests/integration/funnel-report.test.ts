/**
 * `npm run report` on a small seeded table whose figures were worked out by hand: every count,
 * rate and time below is a literal, and the intervals and the probability were computed with
 * SciPy (Wilson: `binomtest(x, n).proportion_ci(method='wilson')`; P(B > A): the integral
 * ∫ f_B F_A of the Beta(1 + x, 1 + n − x) posteriors), not with the code under test.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CounterKey } from '../../functions/lib/funnel/counters';
import type { FunnelReport } from '../../functions/lib/funnel/report';
import { runReport } from '../../infra/scripts/report';
import type { SeedLead } from '../../infra/scripts/seed-data';
import { writeSeed } from '../../infra/scripts/seed-store';
import { SITE_CAMPAIGNS } from '../support/api-events';
import { parseCsv } from '../support/csv';
import { useLocalAws } from '../support/local-aws';

const counter = (
  day: string,
  campaign: string,
  variant: string,
  event: CounterKey['event'],
  count: number,
  source = '(none)',
  medium = '(none)',
) => ({ key: { day, campaign, variant, event, source, medium }, count });

let n = 0;
/** A lead made at `createdAt`, first reached `contactAfter` minutes later, booked if asked. */
function lead(
  campaign: string,
  variant: string,
  createdAt: string,
  options: {
    kind?: 'callback' | 'contact';
    contactAfter?: number;
    booked?: boolean;
    preview?: string;
  } = {},
): SeedLead {
  n += 1;
  const created = Date.parse(createdAt);
  const history: SeedLead['history'][number][] = [];
  if (options.contactAfter !== undefined) {
    const at = created + options.contactAfter * 60_000;
    history.push({ at: new Date(at).toISOString(), to: 'contacted' });
    if (options.booked) history.push({ at: new Date(at + 60_000).toISOString(), to: 'booked' });
  }
  return {
    id: `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`,
    kind: options.kind ?? 'callback',
    createdAt,
    campaign,
    variant,
    name: `Test Patient ${n}`,
    phone: '+13125550100',
    ...(options.kind === 'contact' && {
      email: `test.${n}@example.com`,
      message: '(Test) A question',
    }),
    ...(options.preview !== undefined && { preview: options.preview }),
    history,
  };
}

// Chicago is UTC−6 in this week: Monday 2 November 00:00 is 06:00Z, Sunday 8 November ends 06:00Z on the 9th.
const day = (d: number, hhmm = '15:00') => `2026-11-${String(d).padStart(2, '0')}T${hhmm}:00.000Z`;
const LEADS: SeedLead[] = [
  // demo-sciatica a: 8 requests (6 callbacks, 2 questions); reached after 30, 90, 300, 1500, 45 minutes; 2 booked.
  lead('demo-sciatica', 'a', day(2), { contactAfter: 30, booked: true }),
  lead('demo-sciatica', 'a', day(2), { contactAfter: 90 }),
  lead('demo-sciatica', 'a', day(3), { contactAfter: 300, booked: true }),
  lead('demo-sciatica', 'a', day(3), { contactAfter: 1500 }),
  lead('demo-sciatica', 'a', day(4), { contactAfter: 45 }),
  lead('demo-sciatica', 'a', day(5)),
  lead('demo-sciatica', 'a', day(6), { kind: 'contact' }),
  lead('demo-sciatica', 'a', day(7), { kind: 'contact' }),
  // demo-sciatica b: 14 requests (10 callbacks, 4 questions); reached after 15, 20, 60, 120, 240, 600, 2000, 5000; 5 booked.
  lead('demo-sciatica', 'b', day(2), { contactAfter: 15, booked: true }),
  lead('demo-sciatica', 'b', day(2), { contactAfter: 20, booked: true }),
  lead('demo-sciatica', 'b', day(3), { contactAfter: 60, booked: true }),
  lead('demo-sciatica', 'b', day(3), { contactAfter: 120, booked: true }),
  lead('demo-sciatica', 'b', day(4), { contactAfter: 240, booked: true }),
  lead('demo-sciatica', 'b', day(4), { contactAfter: 600 }),
  lead('demo-sciatica', 'b', day(5), { contactAfter: 2000, kind: 'contact' }),
  lead('demo-sciatica', 'b', day(5), { contactAfter: 5000, kind: 'contact' }),
  lead('demo-sciatica', 'b', day(6)),
  lead('demo-sciatica', 'b', day(6)),
  lead('demo-sciatica', 'b', day(7)),
  lead('demo-sciatica', 'b', day(7)),
  lead('demo-sciatica', 'b', day(8), { kind: 'contact' }),
  lead('demo-sciatica', 'b', day(8), { kind: 'contact' }),
  // demo-desk-back: the last minute of Sunday counts; the first of the next Monday and the
  // Sunday before the period do not.
  lead('demo-desk-back', 'control', '2026-11-09T05:59:00.000Z'),
  lead('demo-desk-back', 'control', '2026-11-09T06:00:00.000Z'),
  lead('demo-desk-back', 'control', '2026-11-02T05:59:00.000Z'),
  // Sent from campaign preview links (a marketer checking a variant): in no figure, but told.
  lead('demo-sciatica', 'b', day(3), { contactAfter: 10, booked: true, preview: 'b' }),
  lead('demo-sciatica', 'a', day(4), { kind: 'contact', preview: 'a' }),
  lead('back-pain-2026', 'control', day(5), { preview: 'control' }),
];

const COUNTERS = [
  counter('2026-11-02', 'demo-sciatica', 'a', 'view', 120, 'demo-search', 'cpc'),
  counter('2026-11-03', 'demo-sciatica', 'a', 'view', 80),
  counter('2026-11-03', 'demo-sciatica', 'a', 'form-start', 30),
  counter('2026-11-02', 'demo-sciatica', 'b', 'view', 150, 'demo-search', 'cpc'),
  counter('2026-11-08', 'demo-sciatica', 'b', 'view', 50),
  counter('2026-11-08', 'demo-sciatica', 'b', 'form-start', 40),
  counter('2026-11-05', 'demo-desk-back', 'control', 'view', 50, 'demo-social', 'paid-social'),
  // Outside the period: left out.
  counter('2026-11-01', 'demo-sciatica', 'a', 'view', 500),
  counter('2026-11-09', 'demo-sciatica', 'b', 'view', 500),
];

describe('npm run report on seeded data', () => {
  const aws = useLocalAws();
  const period = ['--from', '2026-11-02', '--to', '2026-11-08'];
  const env = () => ({ DYNAMODB_PORT: new URL(aws().dynamodbEndpoint).port });
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReport(['--local', '--table', aws().tableName, ...period, ...argv], {
      env: env(),
      campaigns: SITE_CAMPAIGNS,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      now: () => new Date('2026-11-10T12:00:00Z'),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    await writeSeed(
      aws().db,
      aws().tableName,
      { counters: COUNTERS, leads: LEADS },
      { retentionDays: 365 },
    );
  });

  it('counts sessions, starts, requests, reached, booked and times per variant (JSON)', async () => {
    const { code, out } = await run('--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as FunnelReport;
    const row = (campaign: string, variant: string) =>
      report.rows.find((r) => r.campaign === campaign && r.variant === variant)!;
    // The deployed campaigns in the site's order (web/content/campaigns.ts), control first.
    expect(report.rows.map((r) => `${r.campaign}/${r.variant}`)).toEqual([
      'back-pain-2026/control',
      'demo-sciatica/a',
      'demo-sciatica/b',
      'demo-desk-back/control',
    ]);
    expect(row('demo-sciatica', 'a')).toMatchObject({
      control: true,
      sessions: 200,
      formStarts: 30,
      callbackRequests: 6,
      contactRequests: 2,
      requests: 8,
      reached: 5,
      booked: 2,
      timeToFirstContact: {
        count: 5,
        medianMinutes: 90,
        p90Minutes: 1500,
        buckets: [2, 1, 1, 1, 0],
      },
    });
    expect(row('demo-sciatica', 'a').conversion.rate).toBe(0.04);
    expect(row('demo-sciatica', 'a').conversion.interval!.low).toBeCloseTo(0.0204056321, 9);
    expect(row('demo-sciatica', 'a').conversion.interval!.high).toBeCloseTo(0.0769320682, 9);
    expect(row('demo-sciatica', 'a').bookingRate.rate).toBe(0.25);
    expect(row('demo-sciatica', 'b')).toMatchObject({
      control: false,
      sessions: 200,
      formStarts: 40,
      callbackRequests: 10,
      contactRequests: 4,
      requests: 14,
      reached: 8,
      booked: 5,
      timeToFirstContact: {
        count: 8,
        medianMinutes: 120,
        p90Minutes: 5000,
        buckets: [2, 2, 2, 1, 1],
      },
    });
    expect(row('demo-sciatica', 'b').conversion.interval!.low).toBeCloseTo(0.0421521718, 9);
    expect(row('demo-sciatica', 'b').conversion.interval!.high).toBeCloseTo(0.1140548089, 9);
    expect(row('demo-sciatica', 'b').bookingRate.rate).toBeCloseTo(5 / 14, 12);
    expect(row('demo-desk-back', 'control')).toMatchObject({
      sessions: 50,
      requests: 1,
      reached: 0,
    });
    expect(row('demo-desk-back', 'control').conversion.interval!.low).toBeCloseTo(0.0035392593, 9);
    expect(row('back-pain-2026', 'control')).toMatchObject({
      sessions: 0,
      requests: 0,
      conversion: {},
    });
    expect(report.totals).toEqual({
      sessions: 450,
      formStarts: 70,
      requests: 23,
      reached: 13,
      booked: 7,
      previewRequests: 3,
    });

    expect(report.comparisons).toHaveLength(1);
    const [comparison] = report.comparisons;
    expect(comparison).toMatchObject({ campaign: 'demo-sciatica', control: 'a', variant: 'b' });
    expect(comparison!.difference).toBeCloseTo(0.03, 12);
    expect(comparison!.interval!.low).toBeCloseTo(-0.0162545046, 9);
    expect(comparison!.interval!.high).toBeCloseTo(0.0782158214, 9);
    expect(comparison!.verdict.probabilityBetter).toBeCloseTo(0.9016548892, 8);
    expect(comparison!.verdict.kind).toBe('ahead');
    expect(comparison!.verdict.text).toBe(
      'b is ahead: about 90 % likely to be better than a. Keep it running.',
    );
  });

  it('prints a table a person can read', async () => {
    const { code, out } = await run();
    expect(code).toBe(0);
    expect(out).toContain('Funnel from 2026-11-02 to 2026-11-08 (America/Chicago)');
    expect(out).toMatch(
      /demo-sciatica\s+a \(control\)\s+200\s+30\s+6\s+2\s+4\.0 % \(2\.0–7\.7 %\)\s+5\s+2\s+25\.0 %\s+1\.5 h\s+25\.0 h/,
    );
    expect(out).toContain(
      'Left out: 3 requests sent from campaign preview links (?preview=), which are checks, not patients.',
    );
    expect(out).toContain(
      'demo-sciatica: b against a, +3.0 pts (-1.6 pts to +7.8 pts). b is ahead: about 90 % likely to be better than a. Keep it running.',
    );
  });

  it('writes CSV that parses back to the same figures', async () => {
    const { code, out } = await run('--format', 'csv');
    expect(code).toBe(0);
    const [header, ...rows] = parseCsv(out);
    expect(rows).toHaveLength(4);
    const record = (values: string[]) => Object.fromEntries(header!.map((h, i) => [h, values[i]]));
    const b = record(rows[2]!);
    expect(b).toMatchObject({
      campaign: 'demo-sciatica',
      variant: 'b',
      control: 'no',
      sessions: '200',
      form_starts: '40',
      callback_requests: '10',
      contact_requests: '4',
      conversion_rate: '0.07',
      conversion_low_95: '0.042152',
      conversion_high_95: '0.114055',
      booked: '5',
      median_minutes_to_first_contact: '120',
      p90_minutes_to_first_contact: '5000',
      difference_vs_control: '0.03',
      difference_low_95: '-0.016255',
      difference_high_95: '0.078216',
      probability_better_than_control: '0.901655',
      verdict: 'b is ahead: about 90 % likely to be better than a. Keep it running.',
    });
  });

  it('writes the HTML page to a file and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'funnel-report-'));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReport(
      ['--local', '--table', aws().tableName, ...period, '--format', 'html', '--out', 'week.html'],
      {
        env: env(),
        campaigns: SITE_CAMPAIGNS,
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        cwd: dir,
      },
    );
    expect(code).toBe(0);
    expect(err.join('\n')).toContain(`written to ${join(dir, 'week.html')}`);
    const html = readFileSync(join(dir, 'week.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).not.toContain('Test Patient');
    expect(html).toContain('<p>Left out: 3 requests sent from campaign preview links');
  });

  it.each([
    [['--local', '--stage', 'prod'], /Choose where/],
    [['--table', 'leads-local'], /Choose where/],
    [['--local', '--from', '2026-02-30'], /--from must be a day written YYYY-MM-DD/],
    [['--local', '--from', '2026-11-09', '--to', '2026-11-02'], /must not be after/],
    [['--local', '--format', 'pdf'], /--format must be one of table, json, csv, html/],
  ])('refuses %j with a message that says what to change', async (argv, message) => {
    const err: string[] = [];
    const code = await runReport(argv, { env: {}, out: () => undefined, err: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });
});
