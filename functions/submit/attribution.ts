/**
 * The attribution a lead is stored with. The campaign and variant are checked against the
 * deployed campaign table (an id it does not know is recorded as "unknown", never as sent), and
 * advert parameters missing from the form are taken from the address of the page it was posted
 * from, so a form sent with JavaScript off still credits its advert.
 */
import { checkedCampaign, type KnownCampaigns } from '../contract/campaigns';
import { URL_ATTRIBUTION_FIELDS } from '../contract/attribution-fields';
import { cleanAttribution, type Attribution } from '../contract/lead-schema';

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
 * The lead's attribution: the form's, with the advert parameters of the posting page's address,
 * and its campaign and variant checked against `known`.
 *
 * For a plain form (`via: 'form'`: no script ran, so its hidden fields hold only the campaign's
 * prerendered defaults) the address wins; for the enhanced form, whose script already read the
 * landing address and kept it for the visit, the form wins and the address only fills gaps.
 */
export function recordedAttribution(
  sent: Attribution,
  referer: string | undefined,
  known: KnownCampaigns,
  via: 'json' | 'form' = 'json',
): Attribution {
  const page = cleanAttribution(fromReferer(referer));
  const merged: Record<string, string> =
    via === 'form' ? { ...sent, ...page } : { ...page, ...sent };
  const { campaign, variant, ...rest } = merged;
  return { ...rest, ...checkedCampaign(known, campaign, variant) };
}
