/**
 * The pages around the landing page: the privacy notice, the thank-you page that ends a
 * request sent without JavaScript, and the 404 page.
 */
import { CAMPAIGNS } from '../../content/campaigns';
import { CLINIC } from '../../content/clinic';
import { NOT_FOUND, PRIVACY, THANK_YOU, THEME } from '../../content/site';
import { formatPhone } from '../../../functions/contract/clinic-format';
import type { PageAssets, SiteFacts } from './facts';
import { fill, fillHtml, markup, type SafeHtml } from '../../../functions/contract/html';
import { fullFooter } from './landing';
import { phoneLink, renderDocument } from '../../../functions/contract/layout';
import { seoHead } from './seo';

/** "12 months" for 365 days: people think of retention in months and years. */
export function describeRetention(days: number): string {
  if (days % 365 === 0) return days === 365 ? '12 months' : `${days / 365} years`;
  if (days % 30 === 0) return days === 30 ? '1 month' : `${days / 30} months`;
  return days === 1 ? '1 day' : `${days} days`;
}

function page(
  facts: SiteFacts,
  assets: PageAssets,
  options: {
    path: string;
    title: string;
    description: string;
    index: boolean;
    main: SafeHtml;
    scripts?: readonly string[];
  },
): string {
  const title = `${options.title} | ${facts.clinic.name}`;
  return renderDocument({
    title,
    description: options.description,
    head: seoHead(facts, { ...options, title }),
    stylesheet: assets.stylesheet,
    scripts: options.scripts ?? [],
    clinic: facts.clinic,
    main: options.main,
    footer: fullFooter(facts),
    themeColor: THEME.brand,
    iconColour: THEME.brand,
  });
}

/** The privacy notice, with retention and contact details from the configuration. */
export function renderPrivacy(facts: SiteFacts, assets: PageAssets): string {
  const { clinic } = facts;
  const text = {
    clinic: clinic.name,
    retention: describeRetention(facts.retentionDays),
    email: clinic.publicEmail,
    phone: formatPhone(clinic.phone),
    cookieDays: String(CAMPAIGNS.variantCookieDays),
  };
  const links = {
    clinic: markup`${clinic.name}`,
    retention: markup`${text.retention}`,
    email: markup`<a href="mailto:${clinic.publicEmail}">${clinic.publicEmail}</a>`,
    phone: phoneLink(clinic.phone),
    cookieDays: markup`${text.cookieDays}`,
  };
  const main = markup`<div class="wrap narrow prose">
<h1>${PRIVACY.heading}</h1>
<p class="lead">${fill(PRIVACY.intro, text)}</p>
${PRIVACY.sections.map(
  (section) =>
    markup`<h2>${section.title}</h2>${section.body.map((p) => markup`<p>${fillHtml(p, links)}</p>`)}`,
)}
</div>`;
  return page(facts, assets, {
    path: '/privacy/',
    title: PRIVACY.title,
    description: fill(PRIVACY.description, text),
    index: true,
    main,
  });
}

/**
 * The end of a request sent as a plain form: the API answers 303 to
 * `/thank-you/?ref=<id>&kind=<kind>`. The page reads well without script; a few lines of script
 * add the reference number and keep only the sentence for the kind of request.
 */
export function renderThankYou(facts: SiteFacts, assets: PageAssets): string {
  const main = markup`<div class="wrap narrow prose page-thanks">
<h1>${THANK_YOU.heading}</h1>
<p class="lead">${THANK_YOU.intro}</p>
<p class="reference-line" data-reference hidden>Your reference: <strong class="reference" data-slot="ref"></strong></p>
<p data-kind="callback">${fill(THANK_YOU.callback, { within: CLINIC.callback.within })}</p>
<p data-kind="contact">${THANK_YOU.contact}</p>
<p>Need us sooner? Call ${phoneLink(facts.clinic.phone)}.</p>
<p class="note">${THANK_YOU.urgent}</p>
<p><a class="button button-secondary" href="/">${THANK_YOU.back}</a></p>
</div>`;
  return page(facts, assets, {
    path: '/thank-you/',
    title: THANK_YOU.title,
    description: THANK_YOU.intro,
    index: false,
    main,
    scripts: [assets.thankYouScript],
  });
}

/** Served by the CDN for any path that does not exist. */
export function renderNotFound(facts: SiteFacts, assets: PageAssets): string {
  const main = markup`<div class="wrap narrow prose">
<h1>${NOT_FOUND.heading}</h1>
<p class="lead">${NOT_FOUND.body}</p>
<p><a class="button button-primary" href="/">${NOT_FOUND.back}</a></p>
<p>Or call us on ${phoneLink(facts.clinic.phone)}.</p>
</div>`;
  return page(facts, assets, {
    path: '/404.html',
    title: NOT_FOUND.title,
    description: NOT_FOUND.body,
    index: false,
    main,
  });
}
