/**
 * The one reader of lead items for the funnel: the report, the digest and the export see a
 * lead only through {@link funnelLeadOf}, so a change in how a lead stores its campaign,
 * variant, status or contact times is a change here alone.
 *
 * A lead keeps its campaign and variant in its attribution (`attribution.campaign`,
 * `attribution.variant`, checked by the submit function against the deployed campaigns). Its
 * lifecycle (functions/lib/lead-status.ts) gives the status, `firstAttemptAt` and
 * `firstContactAt`; the booking time is the `statusHistory` entry that moved it to `booked`.
 * A lead sent from a campaign preview link (`?preview=<variant>`, a marketer checking a variant)
 * keeps that mark in `attribution.preview`.
 */
import type { Attribution } from '../../contract/lead-schema';
import type { LeadItem } from '../lead-item';
import { LEAD_STATUSES, type LeadStatus, type StatusChange } from '../lead-status';
import { CONTROL, UNKNOWN, controlOf, type FunnelCampaigns } from './campaigns';

/** What the funnel needs of one lead. */
export interface FunnelLead {
  readonly id: string;
  readonly kind: 'callback' | 'contact';
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly campaign: string;
  readonly variant: string;
  readonly status: LeadStatus;
  /** ISO 8601, UTC: the first call, whatever its outcome. */
  readonly firstAttemptAt?: string;
  /** ISO 8601, UTC: when the patient was first reached. */
  readonly firstContactAt?: string;
  /** ISO 8601, UTC: when it was marked booked. */
  readonly bookedAt?: string;
  /** Sent from a campaign preview link: a marketer's check, not a patient the campaign brought. */
  readonly preview?: true;
}

const ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const REACHED = new Set(['contacted', 'booked']);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The fields of a stored lead the funnel reads, as read back from the table (untrusted). */
type StoredLead = Readonly<Record<string, unknown>>;

const isStatus = (value: unknown): value is LeadStatus =>
  (LEAD_STATUSES as readonly unknown[]).includes(value);

/** The funnel's view of a stored lead item. */
export function funnelLeadOf(item: StoredLead, campaigns: FunnelCampaigns): FunnelLead {
  const attribution = (item.attribution ?? {}) as Readonly<Record<string, unknown>>;
  const rawCampaign = text(attribution.campaign);
  const campaign = rawCampaign !== undefined && ID.test(rawCampaign) ? rawCampaign : UNKNOWN;
  const rawVariant = text(attribution.variant);
  const variant =
    rawVariant === undefined
      ? (controlOf(campaigns, campaign, []) ?? CONTROL)
      : ID.test(rawVariant)
        ? rawVariant
        : UNKNOWN;
  const history = Array.isArray(item.statusHistory)
    ? (item.statusHistory as readonly Partial<StatusChange>[])
    : [];
  const firstAt = (status: LeadStatus) => text(history.find((entry) => entry.to === status)?.at);
  const firstContactAt = text(item.firstContactAt) ?? firstAt('contacted') ?? firstAt('booked');
  const firstAttemptAt = text(item.firstAttemptAt) ?? firstAt('attempted') ?? firstContactAt;
  const bookedAt = firstAt('booked');
  return {
    id: String(item.id),
    kind: item.kind === 'contact' ? 'contact' : 'callback',
    createdAt: String(item.createdAt),
    campaign,
    variant,
    status: isStatus(item.status) ? item.status : 'new',
    ...(firstAttemptAt !== undefined && { firstAttemptAt }),
    ...(firstContactAt !== undefined && { firstContactAt }),
    ...(bookedAt !== undefined && { bookedAt }),
    ...(text(attribution.preview) !== undefined && { preview: true as const }),
  };
}

/**
 * The fields that record a lead's campaign and variant on an item, the way the submit
 * function stores them (for demo data and tests).
 */
export function campaignFields(
  campaign: string,
  variant: string,
  attribution: Attribution = {},
): Pick<LeadItem, 'attribution'> {
  return { attribution: { ...attribution, campaign, variant } };
}

/** Whether the clinic reached the patient (contacted or booked). */
export const wasReached = (lead: FunnelLead) =>
  lead.firstContactAt !== undefined || REACHED.has(lead.status);

export const wasBooked = (lead: FunnelLead) => lead.status === 'booked';
