/**
 * The shape of a campaign (web/content/campaigns.ts). The compiler checks each edit against
 * these types, and the build checks what types cannot say (weights that add up, known sections,
 * unique paths, modest health claims) and stops with a message that names the setting.
 */
import type { LandingCopy, Question } from './types';

/** The sections of the landing page below its hero, by name, in the main page's order. */
export const SECTION_NAMES = [
  'problem',
  'howItHelps',
  'team',
  'firstVisit',
  'suits',
  'reviews',
  'pricing',
  'faq',
  'visit',
  'questionForm',
] as const;

export type SectionName = (typeof SECTION_NAMES)[number];

/** What a campaign or one of its variants changes from the main page. Anything left out stays. */
export interface PageChanges {
  /** The browser tab's title, and the title of the link preview. */
  readonly title?: string;
  /** The search snippet, and the text of the link preview. */
  readonly description?: string;
  /** The link-preview image: a 1200 × 630 PNG or JPEG in web/public/, e.g. "/og-sciatica.png". */
  readonly shareImage?: string;
  /**
   * The hero: `eyebrow` (the line above the headline), `headline`, `lead` (the intro),
   * `primaryAction` (the call to action) and `reassurance` (the offer, as short lines).
   */
  readonly hero?: Partial<Omit<LandingCopy['hero'], 'callAction'>>;
  /** The call to action repeated after sections. */
  readonly repeatAction?: Partial<LandingCopy['repeatAction']>;
  /** Which sections follow the hero, in order (all of them by default). */
  readonly sections?: readonly SectionName[];
  /** The FAQ's questions, replacing the main page's. */
  readonly faq?: readonly Question[];
}

/** Attribution a lead from the campaign carries when its advert link sets none. */
export interface DefaultAttribution {
  readonly utm_source?: string;
  readonly utm_medium?: string;
  readonly utm_campaign?: string;
}

/** One version of a campaign's page, shown to a share of new visitors. */
export interface VariantSettings {
  /** Short id stored with each lead and kept in the visitor's cookie, e.g. "a" or "offer-b". */
  readonly id: string;
  /** Share of new visitors, in whole percent. A campaign's weights add up to 100. */
  readonly weight: number;
  /** What this variant changes on top of the campaign's own changes. */
  readonly changes?: PageChanges;
}

/** One campaign: a page at its own path, made from the main page with a few changes. */
export interface CampaignSettings {
  /** Stored with each lead, e.g. "sciatica-spring". Lower-case letters, digits and dashes. */
  readonly id: string;
  /** Where its adverts link, e.g. "/sciatica/"; the main page is "/". */
  readonly path: string;
  /** What it changes from the main page. */
  readonly changes?: PageChanges;
  /** Attribution its leads carry when the advert link has none of its own. */
  readonly attribution?: DefaultAttribution;
  /**
   * Whether search engines may list it. Advert landing pages usually should not: they then say
   * `noindex` and name the main page as canonical.
   * @default true for the main page, false for every other
   */
  readonly index?: boolean;
  /** First day it runs (`YYYY-MM-DD`, from midnight UTC); before, its path shows `fallback`. */
  readonly starts?: string;
  /** First day it no longer runs (`YYYY-MM-DD`, from midnight UTC); then its path shows `fallback`. */
  readonly ends?: string;
  /**
   * Where its path sends visitors before it starts and after it ends: an old advert never ends
   * on a "not found" page.
   * @default "/"
   */
  readonly fallback?: string;
  /**
   * Versions to test against each other, split at the edge by weight. The first is the control:
   * search engines and link previews always get it.
   * @default one variant, "control", with weight 100
   */
  readonly variants?: readonly VariantSettings[];
}

/** Every campaign of the site, the main page among them, and the cookie's lifetime. */
export interface CampaignsSettings {
  /** How long a visitor keeps their variant, in days (the privacy page states it). */
  readonly variantCookieDays: number;
  readonly campaigns: readonly CampaignSettings[];
}
