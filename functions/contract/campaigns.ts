/**
 * What the page, the edge and the API agree on about campaigns and their variants: the table the
 * build writes from web/content/campaigns.ts, which the CloudFront Function routes by and the
 * submit function checks each lead's campaign and variant against. Plain data and pure
 * functions: it imports nothing, and runs in the build, in CDK and in Lambda.
 */

/** Recorded when a lead names a campaign or variant the deployed configuration does not know. */
const UNKNOWN = 'unknown';

/**
 * The cookie that remembers a visitor's variant of one campaign is this prefix plus the
 * campaign's id; it holds only the variant's id.
 */
export const VARIANT_COOKIE_PREFIX = 'variant-';

/** Ids of campaigns and variants: lower-case letters, digits and dashes, as in a URL. */
const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** A site path of a campaign: "/" or "/words-with-dashes/" (one or more segments). */
const PATH_PATTERN = /^\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\/)*$/;

/** One variant of a campaign in the deployed table. */
export interface TableVariant {
  readonly id: string;
  /** Share of new visitors, in whole percent; a campaign's weights add up to 100. */
  readonly weight: number;
}

/** One campaign in the deployed table. */
export interface TableCampaign {
  readonly id: string;
  /** The path its adverts link to, e.g. "/sciatica/". */
  readonly path: string;
  /** The first is the control: crawlers and link previews always get it. */
  readonly variants: readonly TableVariant[];
  /** Milliseconds since 1970 from which the path shows the campaign; before, `fallback`. */
  readonly starts?: number;
  /** Milliseconds since 1970 from which the path answers with `fallback` again. */
  readonly ends?: number;
  /** Where the path sends visitors outside its dates (the main page unless set). */
  readonly fallback: string;
}

/** The deployed campaign table. */
export interface CampaignTable {
  /** How long the variant cookie is kept, in days (stated on the privacy page). */
  readonly cookieDays: number;
  readonly campaigns: readonly TableCampaign[];
}

/** The built file of a campaign's variant: `index.html` for the control, `index.<id>.html` else. */
export function variantFile(campaign: Pick<TableCampaign, 'path' | 'variants'>, variant: string) {
  const control = campaign.variants[0]?.id;
  return `${campaign.path}${variant === control ? 'index.html' : `index.${variant}.html`}`;
}

/**
 * Every problem of a table, each naming its setting (`campaigns[1].variants: ...`). Empty when
 * the table is sound.
 */
export function campaignTableProblems(table: CampaignTable): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(table.cookieDays) || table.cookieDays < 1 || table.cookieDays > 400) {
    problems.push('cookieDays must be a whole number of days from 1 to 400');
  }
  const ids = new Map<string, number>();
  const paths = new Map<string, number>();
  const main = table.campaigns.filter((c) => c.path === '/');
  if (main.length === 0) {
    problems.push('campaigns must include the main page: a campaign with path "/"');
  }
  table.campaigns.forEach((campaign, i) => {
    const at = `campaigns[${i}] (${campaign.id})`;
    if (!ID_PATTERN.test(campaign.id)) {
      problems.push(
        `campaigns[${i}].id "${campaign.id}" must be 1-40 lower-case letters, digits or dashes`,
      );
    }
    const sameId = ids.get(campaign.id);
    if (sameId !== undefined) {
      problems.push(`${at}.id is also the id of campaigns[${sameId}]; ids must be unique`);
    } else ids.set(campaign.id, i);
    if (!PATH_PATTERN.test(campaign.path)) {
      problems.push(
        `${at}.path "${campaign.path}" must start and end with "/" and use lower-case letters, digits and dashes, e.g. "/sciatica/"`,
      );
    }
    const samePath = paths.get(campaign.path);
    if (samePath !== undefined) {
      problems.push(`${at}.path "${campaign.path}" is also the path of campaigns[${samePath}]`);
    } else paths.set(campaign.path, i);
    if (['/privacy/', '/thank-you/', '/api/', '/assets/'].includes(campaign.path)) {
      problems.push(`${at}.path "${campaign.path}" belongs to the site itself; choose another`);
    }
    if (campaign.variants.length === 0) {
      problems.push(`${at}.variants must list at least one variant`);
    }
    const variantIds = new Set<string>();
    for (const [j, variant] of campaign.variants.entries()) {
      if (!ID_PATTERN.test(variant.id)) {
        problems.push(
          `${at}.variants[${j}].id "${variant.id}" must be 1-40 lower-case letters, digits or dashes`,
        );
      }
      if (variantIds.has(variant.id)) {
        problems.push(`${at}.variants[${j}].id "${variant.id}" is listed twice`);
      }
      variantIds.add(variant.id);
      if (!Number.isInteger(variant.weight) || variant.weight < 1 || variant.weight > 100) {
        problems.push(
          `${at}.variants[${j}].weight must be a whole percentage from 1 to 100, got ${variant.weight}`,
        );
      }
    }
    const total = campaign.variants.reduce((sum, v) => sum + v.weight, 0);
    if (campaign.variants.length > 0 && total !== 100) {
      problems.push(`${at}.variants: the weights add up to ${total}; they must add up to 100`);
    }
    if (campaign.path === '/' && (campaign.starts !== undefined || campaign.ends !== undefined)) {
      problems.push(`${at}: the main page cannot start or end; remove its dates`);
    }
    if (
      campaign.starts !== undefined &&
      campaign.ends !== undefined &&
      campaign.starts >= campaign.ends
    ) {
      problems.push(`${at}.ends must be after its starts`);
    }
    const elsewhere = table.campaigns.some((c) => c.path === campaign.fallback && c !== campaign);
    if (campaign.path !== '/' && !elsewhere) {
      problems.push(
        `${at}.fallback "${campaign.fallback}" must be the path of another campaign, such as the main page "/"`,
      );
    }
  });
  return problems;
}

/** The campaigns and variants a lead may name, by campaign id. */
export type KnownCampaigns = Readonly<Record<string, readonly string[]>>;

/** The ids a lead may carry, from the deployed table. */
export function knownCampaigns(table: CampaignTable): KnownCampaigns {
  return Object.fromEntries(table.campaigns.map((c) => [c.id, c.variants.map((v) => v.id)]));
}

/**
 * A lead's campaign and variant as recorded: each as sent when the deployed configuration knows
 * it, otherwise {@link UNKNOWN}. A variant counts only under its own campaign; nothing sent is
 * recorded as nothing.
 */
export function checkedCampaign(
  known: KnownCampaigns,
  campaign: string | undefined,
  variant: string | undefined,
): { campaign?: string; variant?: string } {
  if (campaign === undefined || campaign === '') {
    return variant === undefined || variant === '' ? {} : { variant: UNKNOWN };
  }
  const variants = Object.hasOwn(known, campaign) ? known[campaign] : undefined;
  if (variants === undefined) {
    return {
      campaign: UNKNOWN,
      ...(variant !== undefined && variant !== '' && { variant: UNKNOWN }),
    };
  }
  if (variant === undefined || variant === '') return { campaign };
  return { campaign, variant: variants.includes(variant) ? variant : UNKNOWN };
}

/**
 * Reads the known campaigns from their JSON form (the submit function's `CAMPAIGNS` setting);
 * throws on anything else, so a broken deployment fails at cold start rather than mislabel leads.
 */
export function parseKnownCampaigns(json: string): KnownCampaigns {
  const value: unknown = JSON.parse(json);
  const valid =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(
      (variants) => Array.isArray(variants) && variants.every((v) => typeof v === 'string'),
    );
  if (!valid) {
    throw new Error('CAMPAIGNS must be a JSON object of campaign ids to lists of variant ids');
  }
  return value as KnownCampaigns;
}
