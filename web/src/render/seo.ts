/**
 * What search engines and link previews read: canonical URL, social cards and structured data
 * (`MedicalClinic` with address, phone and hours; `FAQPage`).
 */
import type { Question } from '../../content/types';
import { DAY_NAMES } from '../../../functions/contract/clinic-format';
import type { SiteFacts } from './facts';
import { markup, raw, type SafeHtml } from '../../../functions/contract/html';

/** The share image, 1200 × 630, served from the site's root. */
export const SHARE_IMAGE = { path: '/og-image.png', width: 1200, height: 630 } as const;

/** An absolute URL on the site for a path that starts with "/". */
export function siteHref(facts: SiteFacts, path: string): string {
  return `${facts.siteUrl.replace(/\/+$/, '')}${path}`;
}

export interface SeoOptions {
  readonly path: string;
  readonly title: string;
  readonly description: string;
  /** Pages that only make sense after an action (thank-you, 404) are kept out of search. */
  readonly index: boolean;
  /**
   * The canonical page, when it is another (a campaign's page names the main page). A page that
   * is not indexed but has one still carries its link-preview tags, for adverts and shares.
   * @default the page's own path when indexed; none otherwise
   */
  readonly canonicalPath?: string;
  /** The link-preview image's path. @default {@link SHARE_IMAGE} */
  readonly shareImage?: string;
  readonly structuredData?: readonly Record<string, unknown>[];
}

/** Serialises structured data so it can never close its script element early. */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Head markup for one page. */
export function seoHead(facts: SiteFacts, options: SeoOptions): SafeHtml {
  const url = siteHref(facts, options.path);
  const canonical = siteHref(facts, options.canonicalPath ?? options.path);
  const image = siteHref(facts, options.shareImage ?? SHARE_IMAGE.path);
  const imageAlt = `${facts.clinic.name}: acupuncture for chronic back pain`;
  if (!options.index && options.canonicalPath === undefined) {
    return markup`<meta name="robots" content="noindex">`;
  }
  return markup`${!options.index && markup`<meta name="robots" content="noindex">`}
<link rel="canonical" href="${canonical}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${facts.clinic.name}">
<meta property="og:locale" content="en_US">
<meta property="og:title" content="${options.title}">
<meta property="og:description" content="${options.description}">
<meta property="og:url" content="${url}">
<meta property="og:image" content="${image}">
<meta property="og:image:width" content="${SHARE_IMAGE.width}">
<meta property="og:image:height" content="${SHARE_IMAGE.height}">
<meta property="og:image:alt" content="${imageAlt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${options.title}">
<meta name="twitter:description" content="${options.description}">
<meta name="twitter:image" content="${image}">
<meta name="twitter:image:alt" content="${imageAlt}">
${(options.structuredData ?? []).map(
  (data) => markup`<script type="application/ld+json">${raw(jsonForScript(data))}</script>`,
)}`;
}

/** schema.org `MedicalClinic` for the clinic in the configuration. */
export function clinicStructuredData(
  facts: SiteFacts,
  description: string,
): Record<string, unknown> {
  const { clinic } = facts;
  return {
    '@context': 'https://schema.org',
    '@type': 'MedicalClinic',
    '@id': `${siteHref(facts, '/')}#clinic`,
    name: clinic.name,
    description,
    url: siteHref(facts, '/'),
    image: siteHref(facts, SHARE_IMAGE.path),
    telephone: clinic.phone,
    email: clinic.publicEmail,
    address: {
      '@type': 'PostalAddress',
      streetAddress: clinic.address.street,
      addressLocality: clinic.address.locality,
      addressRegion: clinic.address.region,
      postalCode: clinic.address.postalCode,
      addressCountry: clinic.address.country,
    },
    openingHoursSpecification: clinic.hours.map((period) => ({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: period.days.map((day) => DAY_NAMES[day]),
      opens: period.opens,
      closes: period.closes,
    })),
    availableService: { '@type': 'MedicalTherapy', name: 'Acupuncture' },
  };
}

/** schema.org `FAQPage` from the FAQ in the content file. */
export function faqStructuredData(questions: readonly Question[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: questions.map((q) => ({
      '@type': 'Question',
      name: q.question,
      acceptedAnswer: { '@type': 'Answer', text: q.answer },
    })),
  };
}
