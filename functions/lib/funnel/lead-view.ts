/**
 * The one reader of lead items for the funnel: the report, the digest and the export see a
 * lead only through {@link funnelLeadOf}, so a change in how a lead stores its campaign,
 * variant, status or contact times is a change here alone.
 *
 * Today a lead keeps its campaign in `attribution.campaign`; a top-level `campaign` and
 * `variant`, when present, win. Status times come from `firstContactAt` / `firstAttemptAt` and
 * the `statusHistory` entries (`{ at, from, to }`).
 */
import { CONTROL, UNKNOWN, controlOf, type FunnelCampaigns } from './campaigns';

/** What the funnel needs of one lead. */
export interface FunnelLead {
  readonly id: string;
  readonly kind: 'callback' | 'contact';
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly campaign: string;
  readonly variant: string;
  readonly status: string;
  /** ISO 8601, UTC: the first call, whatever its outcome. */
  readonly firstAttemptAt?: string;
  /** ISO 8601, UTC: when the patient was first reached. */
  readonly firstContactAt?: string;
  /** ISO 8601, UTC: when it was marked booked. */
  readonly bookedAt?: string;
}

const ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const REACHED = new Set(['contacted', 'booked']);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

interface HistoryEntry {
  readonly at?: unknown;
  readonly to?: unknown;
}

/** The funnel's view of a stored lead item. */
export function funnelLeadOf(
  item: Readonly<Record<string, unknown>>,
  campaigns: FunnelCampaigns,
): FunnelLead {
  const attribution = (item.attribution ?? {}) as Record<string, unknown>;
  const rawCampaign = text(item.campaign) ?? text(attribution.campaign);
  const campaign = rawCampaign !== undefined && ID.test(rawCampaign) ? rawCampaign : UNKNOWN;
  const rawVariant = text(item.variant) ?? text(attribution.variant);
  const variant =
    rawVariant === undefined
      ? (controlOf(campaigns, campaign, []) ?? CONTROL)
      : ID.test(rawVariant)
        ? rawVariant
        : UNKNOWN;
  const history = Array.isArray(item.statusHistory) ? (item.statusHistory as HistoryEntry[]) : [];
  const firstAt = (status: string) => text(history.find((entry) => entry.to === status)?.at);
  const firstContactAt = text(item.firstContactAt) ?? firstAt('contacted') ?? firstAt('booked');
  const firstAttemptAt = text(item.firstAttemptAt) ?? firstAt('attempted') ?? firstContactAt;
  const bookedAt = firstAt('booked');
  return {
    id: String(item.id),
    kind: item.kind === 'contact' ? 'contact' : 'callback',
    createdAt: String(item.createdAt),
    campaign,
    variant,
    status: text(item.status) ?? 'new',
    ...(firstAttemptAt !== undefined && { firstAttemptAt }),
    ...(firstContactAt !== undefined && { firstContactAt }),
    ...(bookedAt !== undefined && { bookedAt }),
  };
}

/**
 * The fields that record a lead's campaign and variant on an item, the way the submit
 * function stores them (for demo data and tests).
 */
export function campaignFields(
  campaign: string,
  variant: string,
  attribution: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  return { attribution: { ...attribution, campaign }, variant };
}

/** Whether the clinic reached the patient (contacted or booked). */
export const wasReached = (lead: FunnelLead) =>
  lead.firstContactAt !== undefined || REACHED.has(lead.status);

export const wasBooked = (lead: FunnelLead) => lead.status === 'booked';
