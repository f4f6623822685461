/**
 * The campaigns of web/content/campaigns.ts, checked and turned into what the build makes: one
 * landing page per campaign and variant (the main page's copy with the campaign's changes, then
 * the variant's), and the campaign table the CloudFront Function routes by and the API checks
 * leads against. Every mistake is reported at once, each naming its setting, and stops the build
 * (and so `npm run synth` and `npm run deploy`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  campaignTableProblems,
  variantFile,
  type CampaignTable,
  type TableCampaign,
} from '../../functions/contract/campaigns';
import {
  SECTION_NAMES,
  type CampaignSettings,
  type CampaignsSettings,
  type PageChanges,
  type SectionName,
} from '../content/campaign-types';
import type { LandingCopy } from '../content/types';
import type { LandingPage } from '../src/render/landing';

/** Raised for a campaign setting the build cannot publish; the message lists every problem. */
export class CampaignConfigError extends Error {
  override readonly name = 'CampaignConfigError';
}

/** Words a health page must not use: promises no one can keep. */
const OVERCLAIMS: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /\bcures?d?\b/i, why: 'promises a cure' },
  { pattern: /\bguarantee/i, why: 'promises a result' },
  { pattern: /\bmiracle/i, why: 'overclaims' },
  { pattern: /\bproven\b/i, why: 'claims proof the page cannot show' },
  { pattern: /\bpermanent(ly)?\b/i, why: 'promises a lasting result' },
  { pattern: /\brisk[- ]free\b/i, why: 'denies any risk' },
  { pattern: /\d+ ?(%|percent|out of \d+)/i, why: 'quotes a figure the page cannot link to' },
];

/** One landing page the build writes: a campaign's variant. */
export interface CampaignPage {
  /** The built file, relative to the site root, e.g. "sciatica/index.b.html". */
  readonly file: string;
  readonly campaign: string;
  readonly variant: string;
  /** The campaign's control: what crawlers, link previews and the sitemap see at its path. */
  readonly control: boolean;
  readonly page: LandingPage;
}

/** Every checked page and the table, from the settings and the main page's copy. */
export interface BuiltCampaigns {
  readonly pages: readonly CampaignPage[];
  readonly table: CampaignTable;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC of a `YYYY-MM-DD` day, or undefined when it is not a real day. */
function day(value: string): number | undefined {
  if (!DATE.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? undefined : ms;
}

/** Every text of a change, with the setting it sits at. */
function texts(value: unknown, at: string): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => texts(item, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => texts(item, `${at}.${key}`));
  }
  return [];
}

function changeProblems(changes: PageChanges | undefined, at: string, publicDir: string): string[] {
  if (changes === undefined) return [];
  const problems: string[] = [];
  for (const { at: where, text } of texts(changes, at)) {
    if (text.trim() === '') problems.push(`${where} is empty: remove it to keep the main page's`);
    for (const rule of OVERCLAIMS) {
      const found = rule.pattern.exec(text);
      if (found) {
        problems.push(
          `${where} says "${found[0]}", which ${rule.why}; write "may help" or "many patients report" instead`,
        );
      }
    }
  }
  if (changes.sections !== undefined) {
    const seen = new Set<string>();
    for (const [i, name] of changes.sections.entries()) {
      if (!(SECTION_NAMES as readonly string[]).includes(name)) {
        problems.push(
          `${at}.sections[${i}] "${name}" is not a section; use ${SECTION_NAMES.join(', ')}`,
        );
      }
      if (seen.has(name)) problems.push(`${at}.sections[${i}] "${name}" is listed twice`);
      seen.add(name);
    }
    if (!seen.has('suits')) {
      problems.push(
        `${at}.sections must keep "suits": it carries the signs that need a doctor first`,
      );
    }
  }
  if (changes.faq !== undefined && changes.faq.length === 0) {
    problems.push(`${at}.faq is empty: list questions, or remove it to keep the main page's`);
  }
  if (changes.shareImage !== undefined) {
    const image = changes.shareImage;
    if (!/^\/[a-z0-9._-]+\.(png|jpe?g)$/i.test(image)) {
      problems.push(
        `${at}.shareImage "${image}" must be a PNG or JPEG path such as "/og-sciatica.png"`,
      );
    } else if (!existsSync(join(publicDir, image))) {
      problems.push(`${at}.shareImage "${image}" is not in web/public/`);
    }
  }
  return problems;
}

/** The main page's copy with one set of changes applied. */
function applyChanges(copy: LandingCopy, changes: PageChanges | undefined): LandingCopy {
  if (changes === undefined) return copy;
  return {
    ...copy,
    ...(changes.title !== undefined && { title: changes.title }),
    ...(changes.description !== undefined && { description: changes.description }),
    hero: { ...copy.hero, ...changes.hero },
    repeatAction: { ...copy.repeatAction, ...changes.repeatAction },
    faq: changes.faq === undefined ? copy.faq : { ...copy.faq, questions: changes.faq },
  };
}

const variantsOf = (campaign: CampaignSettings) =>
  campaign.variants ?? [{ id: 'control', weight: 100 }];

/** The table row of one campaign (its dates as milliseconds). */
function tableRow(campaign: CampaignSettings): TableCampaign {
  const starts = campaign.starts === undefined ? undefined : day(campaign.starts);
  const ends = campaign.ends === undefined ? undefined : day(campaign.ends);
  return {
    id: campaign.id,
    path: campaign.path,
    variants: variantsOf(campaign).map((v) => ({ id: v.id, weight: v.weight })),
    ...(starts !== undefined && { starts }),
    ...(ends !== undefined && { ends }),
    fallback: campaign.fallback ?? '/',
  };
}

/**
 * Checks the settings and makes every campaign page and the table; throws
 * {@link CampaignConfigError} listing every problem.
 */
export function buildCampaigns(
  settings: CampaignsSettings,
  mainCopy: LandingCopy,
  publicDir: string,
): BuiltCampaigns {
  const problems: string[] = [];
  settings.campaigns.forEach((campaign, i) => {
    const at = `campaigns[${i}] (${campaign.id})`;
    for (const key of ['starts', 'ends'] as const) {
      const value = campaign[key];
      if (value !== undefined && day(value) === undefined) {
        problems.push(`${at}.${key} "${value}" must be a date such as "2027-03-31"`);
      }
    }
    if (campaign.index !== undefined && typeof campaign.index !== 'boolean') {
      problems.push(`${at}.index must be true or false`);
    }
    problems.push(...changeProblems(campaign.changes, `${at}.changes`, publicDir));
    variantsOf(campaign).forEach((variant, j) => {
      problems.push(...changeProblems(variant.changes, `${at}.variants[${j}].changes`, publicDir));
    });
  });
  const table: CampaignTable = {
    cookieDays: settings.variantCookieDays,
    campaigns: settings.campaigns.map(tableRow),
  };
  problems.push(
    ...campaignTableProblems(table).map((problem) =>
      problem === 'cookieDays must be a whole number of days from 1 to 400'
        ? 'variantCookieDays must be a whole number of days from 1 to 400'
        : problem,
    ),
  );
  if (problems.length > 0) {
    throw new CampaignConfigError(
      `Invalid campaigns (web/content/campaigns.ts):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }

  const pages = settings.campaigns.flatMap((campaign, i) => {
    const row = table.campaigns[i] as TableCampaign;
    const campaignCopy = applyChanges(mainCopy, campaign.changes);
    return variantsOf(campaign).map((variant): CampaignPage => {
      const changes = variant.changes;
      const sections: readonly SectionName[] =
        changes?.sections ?? campaign.changes?.sections ?? SECTION_NAMES;
      const shareImage = changes?.shareImage ?? campaign.changes?.shareImage;
      const isControl = variant.id === row.variants[0]?.id;
      return {
        file: variantFile(row, variant.id).slice(1),
        campaign: campaign.id,
        variant: variant.id,
        control: isControl,
        page: {
          path: campaign.path,
          copy: applyChanges(campaignCopy, changes),
          sections,
          hidden: { ...campaign.attribution, campaign: campaign.id, variant: variant.id },
          // Every variant is served at the campaign's own URL, where crawlers get the control.
          index: campaign.index ?? campaign.path === '/',
          ...(shareImage !== undefined && { shareImage }),
        },
      };
    });
  });
  return { pages, table };
}
