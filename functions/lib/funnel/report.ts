/**
 * The funnel report of a period: per campaign and variant, from the daily counters (sessions,
 * form starts) and the leads (requests, reached, booked, time to first contact), and each
 * variant against its campaign's control. Pure: the caller reads counters and leads.
 */
import { controlOf, type FunnelCampaigns } from './campaigns';
import type { CounterItem } from './counters';
import { wasBooked, wasReached, type FunnelLead } from './lead-view';
import {
  compareVariants,
  conversionRate,
  rateDifference,
  type Interval,
  type RateEstimate,
  type Verdict,
} from './stats';

/** Clinic days, both included, in the clinic's time zone. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
}

/** Buckets of the time-to-first-contact chart, in minutes (upper bounds; the last is open). */
export const CONTACT_BUCKETS = [
  { label: 'under 1 hour', upTo: 60 },
  { label: '1–4 hours', upTo: 240 },
  { label: '4–24 hours', upTo: 1440 },
  { label: '1–3 days', upTo: 4320 },
  { label: 'over 3 days', upTo: Infinity },
] as const;

export interface TimeToContact {
  /** Leads reached, whose time is known. */
  readonly count: number;
  /** Nearest-rank median, in minutes. */
  readonly medianMinutes?: number;
  /** Nearest-rank 90th percentile, in minutes. */
  readonly p90Minutes?: number;
  /** Leads per {@link CONTACT_BUCKETS} bucket. */
  readonly buckets: readonly number[];
}

export interface VariantRow {
  readonly campaign: string;
  readonly variant: string;
  readonly control: boolean;
  readonly sessions: number;
  readonly formStarts: number;
  readonly callbackRequests: number;
  readonly contactRequests: number;
  readonly requests: number;
  /** Requests per session with its Wilson 95 % interval (absent without sessions, or with more requests than sessions). */
  readonly conversion: RateEstimate;
  readonly reached: number;
  readonly booked: number;
  /** Booked per request, with its Wilson 95 % interval. */
  readonly bookingRate: RateEstimate;
  readonly timeToFirstContact: TimeToContact;
}

export interface Comparison {
  readonly campaign: string;
  readonly control: string;
  readonly variant: string;
  /** Variant's conversion minus the control's, with Newcombe's 95 % interval. */
  readonly difference?: number;
  readonly interval?: Interval;
  readonly verdict: Verdict;
}

export interface FunnelReport {
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly rows: readonly VariantRow[];
  readonly comparisons: readonly Comparison[];
  readonly totals: {
    readonly sessions: number;
    readonly formStarts: number;
    readonly requests: number;
    readonly reached: number;
    readonly booked: number;
    /**
     * Requests sent from campaign preview links in the period, left out of every figure above
     * (as their visits are: the page sends no beacon on a preview).
     */
    readonly previewRequests: number;
  };
}

/** The value at nearest rank ⌈q·n⌉ of sorted values: never a value that did not occur. */
function nearestRank(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function timeToContact(leads: readonly FunnelLead[]): TimeToContact {
  const minutes = leads
    .filter((lead) => lead.firstContactAt !== undefined)
    .map((lead) => (Date.parse(lead.firstContactAt!) - Date.parse(lead.createdAt)) / 60_000)
    .filter((m) => Number.isFinite(m) && m >= 0)
    .sort((a, b) => a - b);
  const buckets = CONTACT_BUCKETS.map(() => 0);
  for (const m of minutes) {
    const index = CONTACT_BUCKETS.findIndex((bucket) => m < bucket.upTo);
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  const median = nearestRank(minutes, 0.5);
  const p90 = nearestRank(minutes, 0.9);
  return {
    count: minutes.length,
    ...(median !== undefined && { medianMinutes: Math.round(median) }),
    ...(p90 !== undefined && { p90Minutes: Math.round(p90) }),
    buckets,
  };
}

const safeRate = (conversions: number, sessions: number): RateEstimate =>
  conversions <= sessions ? conversionRate({ conversions, sessions }) : {};

/** Builds the report from the period's counters and the leads created in it. */
export function buildReport(input: {
  readonly period: ReportPeriod;
  readonly counters: readonly CounterItem[];
  readonly leads: readonly FunnelLead[];
  readonly campaigns: FunnelCampaigns;
  readonly generatedAt: Date;
}): FunnelReport {
  const { period, campaigns } = input;
  const key = (campaign: string, variant: string) => `${campaign}\u0000${variant}`;
  const groups = new Map<string, { sessions: number; formStarts: number; leads: FunnelLead[] }>();
  const group = (campaign: string, variant: string) => {
    const k = key(campaign, variant);
    let g = groups.get(k);
    if (g === undefined) {
      g = { sessions: 0, formStarts: 0, leads: [] };
      groups.set(k, g);
    }
    return g;
  };
  // Configured campaigns appear even before their first visit.
  for (const [campaign, variants] of Object.entries(campaigns)) {
    for (const variant of variants) group(campaign, variant);
  }
  for (const c of input.counters) {
    if (c.day < period.from || c.day > period.to) continue;
    const g = group(c.campaign, c.variant);
    if (c.event === 'view') g.sessions += c.count;
    else g.formStarts += c.count;
  }
  let previewRequests = 0;
  for (const lead of input.leads) {
    if (lead.preview) previewRequests += 1;
    else group(lead.campaign, lead.variant).leads.push(lead);
  }

  const byCampaign = new Map<string, string[]>();
  for (const k of groups.keys()) {
    const [campaign, variant] = k.split('\u0000') as [string, string];
    byCampaign.set(campaign, [...(byCampaign.get(campaign) ?? []), variant]);
  }
  const rows: VariantRow[] = [];
  const comparisons: Comparison[] = [];
  const configuredOrder = Object.keys(campaigns);
  const campaignOrder = [...byCampaign.keys()].sort((a, b) => {
    const ia = configuredOrder.indexOf(a);
    const ib = configuredOrder.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
    return a.localeCompare(b);
  });
  for (const campaign of campaignOrder) {
    const seen = byCampaign.get(campaign) ?? [];
    const control = controlOf(campaigns, campaign, seen);
    const listed = campaigns[campaign] ?? [];
    const variants = [...seen].sort((a, b) => {
      if (a === control) return -1;
      if (b === control) return 1;
      const ia = listed.indexOf(a);
      const ib = listed.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
      return a.localeCompare(b);
    });
    for (const variant of variants) {
      const g = groups.get(key(campaign, variant))!;
      const callbackRequests = g.leads.filter((l) => l.kind === 'callback').length;
      const contactRequests = g.leads.length - callbackRequests;
      const requests = g.leads.length;
      const booked = g.leads.filter(wasBooked).length;
      rows.push({
        campaign,
        variant,
        control: variant === control,
        sessions: g.sessions,
        formStarts: g.formStarts,
        callbackRequests,
        contactRequests,
        requests,
        conversion: safeRate(requests, g.sessions),
        reached: g.leads.filter(wasReached).length,
        booked,
        bookingRate: safeRate(booked, requests),
        timeToFirstContact: timeToContact(g.leads),
      });
    }
    if (control === undefined) continue;
    const controlRow = rows.find((r) => r.campaign === campaign && r.variant === control)!;
    for (const row of rows.filter((r) => r.campaign === campaign && !r.control)) {
      comparisons.push(compare(controlRow, row));
    }
  }
  const sum = (pick: (row: VariantRow) => number) => rows.reduce((t, r) => t + pick(r), 0);
  return {
    period,
    generatedAt: input.generatedAt.toISOString(),
    rows,
    comparisons,
    totals: {
      sessions: sum((r) => r.sessions),
      formStarts: sum((r) => r.formStarts),
      requests: sum((r) => r.requests),
      reached: sum((r) => r.reached),
      booked: sum((r) => r.booked),
      previewRequests,
    },
  };
}

function compare(control: VariantRow, variant: VariantRow): Comparison {
  const names = { control: control.variant, variant: variant.variant };
  const base = { campaign: control.campaign, control: control.variant, variant: variant.variant };
  if (control.requests > control.sessions || variant.requests > variant.sessions) {
    return {
      ...base,
      verdict: {
        kind: 'not-enough-data',
        text: 'Cannot compare: more requests than counted sessions (the beacons are missing visits).',
      },
    };
  }
  const a = { conversions: control.requests, sessions: control.sessions };
  const b = { conversions: variant.requests, sessions: variant.sessions };
  const verdict = compareVariants(names, a, b);
  if (a.sessions === 0 || b.sessions === 0) return { ...base, verdict };
  const { difference, interval } = rateDifference(a, b);
  return { ...base, difference, interval, verdict };
}
