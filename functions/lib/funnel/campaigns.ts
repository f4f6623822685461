/**
 * The campaigns and variants the funnel counts under: the deployed ones, from the site build's
 * campaign table (web/content/campaigns.ts, written to campaign-table.json by the build), as the
 * submit function checks leads against them. This module is the one place that turns that list
 * into the funnel's; the events function, the report and the digest only see
 * {@link FunnelCampaigns}.
 */
import type { KnownCampaigns } from '../../contract/campaigns';

/** Campaign id → its variant ids, the control first. */
export type FunnelCampaigns = Readonly<Record<string, readonly string[]>>;

/** Counted under this name: a campaign or variant the deployed configuration does not know. */
export const UNKNOWN = 'unknown';

/** The variant of a campaign that has no A/B test. */
export const CONTROL = 'control';

/** Ids of campaigns and variants: lower-case letters, digits and dashes, as in a URL. */
const ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * The campaigns of a deployment, from the campaigns and variants its site build knows (the
 * table's order: each campaign's control first). Campaigns without variants keep one, so each is
 * counted; none known (a stack deployed without its table) counts every event as unknown.
 */
export function funnelCampaigns(known: KnownCampaigns | undefined): FunnelCampaigns {
  const campaigns: Record<string, readonly string[]> = {};
  for (const [campaign, variants] of Object.entries(known ?? {})) {
    campaigns[campaign] = variants.length > 0 ? [...variants] : [CONTROL];
  }
  return campaigns;
}

/** Reads the list back from the environment variable the manifest writes. */
export function parseFunnelCampaigns(json: string): FunnelCampaigns {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('The campaign list must be JSON: {"<campaign>": ["<variant>", ...]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('The campaign list must be a JSON object of campaign ids');
  }
  const campaigns: Record<string, readonly string[]> = {};
  for (const [campaign, variants] of Object.entries(parsed)) {
    if (
      !Array.isArray(variants) ||
      variants.length === 0 ||
      !variants.every((v) => typeof v === 'string')
    ) {
      throw new Error(`Campaign "${campaign}" must list its variant ids, control first`);
    }
    campaigns[campaign] = variants;
  }
  return campaigns;
}

/**
 * The campaign and variant an event or a lead is counted under: as sent when the deployment
 * knows it, {@link UNKNOWN} otherwise; a missing variant is the campaign's control.
 */
export function resolveCampaign(
  known: FunnelCampaigns,
  campaign: string | undefined,
  variant: string | undefined,
): { readonly campaign: string; readonly variant: string } {
  const variants =
    campaign !== undefined && ID.test(campaign) && Object.hasOwn(known, campaign)
      ? known[campaign]
      : undefined;
  if (campaign === undefined || variants === undefined) {
    return { campaign: UNKNOWN, variant: UNKNOWN };
  }
  if (variant === undefined || variant === '') return { campaign, variant: variants[0] ?? CONTROL };
  return { campaign, variant: variants.includes(variant) ? variant : UNKNOWN };
}

/**
 * The control of a campaign: the first variant the configuration lists; for a campaign no
 * longer configured, "control" or "a" when it has one, else the first in alphabetical order.
 */
export function controlOf(
  known: FunnelCampaigns,
  campaign: string,
  seen: readonly string[],
): string | undefined {
  const configured = Object.hasOwn(known, campaign) ? known[campaign]?.[0] : undefined;
  if (configured !== undefined) return configured;
  if (seen.includes(CONTROL)) return CONTROL;
  if (seen.includes('a')) return 'a';
  return [...seen].sort()[0];
}
