/**
 * The attribution fields a lead carries. A module of plain constants, with no imports, so the
 * page's first-paint script can read the list without loading the schema (and valibot).
 */

/** Campaign parameters read from the landing URL. */
export const URL_ATTRIBUTION_FIELDS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  // Set when a marketer previews a variant (`?preview=b`): the lead is marked as a preview.
  'preview',
] as const;

/** Every attribution field the API accepts. */
export const ATTRIBUTION_FIELDS = [
  'campaign',
  'variant',
  ...URL_ATTRIBUTION_FIELDS,
  'referrer',
  'landingPath',
] as const;
