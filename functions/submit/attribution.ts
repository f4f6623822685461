/**
 * The attribution a lead is stored with. The campaign and variant are checked against the
 * deployed campaign table (an id it does not know is recorded as "unknown", never as sent), and
 * advert parameters missing from the form are taken from the address of the page it was posted
 * from, so a form sent with JavaScript off still credits its advert.
 */
import { checkedCampaign, type KnownCampaigns } from '../contract/campaigns';
import { URL_ATTRIBUTION_FIELDS } from '../lib/attribution-fields';
import { cleanAttribution, type Attribution } from '../lib/lead-schema';

/** The advert parameters of the posting page's address (the Referer), when it has any. */
function fromReferer(referer: string | undefined): Record<string, string> {
  if (referer === undefined || referer === '') return {};
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return {};
  }
  const found: Record<string, string> = {};
  for (const field of URL_ATTRIBUTION_FIELDS) {
    const value = url.searchParams.get(field);
    if (value !== null && value.trim() !== '') found[field] = value;
  }
  return found;
}

/**
 * The lead's attribution: what the form sent, with advert parameters it lacks taken from the
 * posting page's address, and its campaign and variant checked against `known`.
 */
export function recordedAttribution(
  sent: Attribution,
  referer: string | undefined,
  known: KnownCampaigns,
): Attribution {
  const merged: Record<string, string> = { ...cleanAttribution(fromReferer(referer)), ...sent };
  const { campaign, variant, ...rest } = merged;
  return { ...rest, ...checkedCampaign(known, campaign, variant) };
}
