/**
 * The landing page: offer and callback form first, then why and how, who treats, the first
 * visit, safety, what patients say, prices, questions and the clinic itself. One call to action
 * between sections: the header's phone number and the phone bar carry it everywhere else.
 */
import type { SectionName } from '../../content/campaign-types';
import { SECTION_NAMES } from '../../content/campaign-types';
import { CLINIC } from '../../content/clinic';
import { LANDING, THEME } from '../../content/site';
import type { LandingCopy, Point, Question } from '../../content/types';
import {
  formatDays,
  formatPhone,
  formatTime,
  telHref,
  type DayCode,
} from '../../../functions/contract/clinic-format';
import { renderLeadForm } from '../../../functions/contract/form';
import { fill, markup, raw, type SafeHtml } from '../../../functions/contract/html';
import { phoneLink, renderDocument } from '../../../functions/contract/layout';
import { callbackChoices } from './callback-times';
import {
  placeBlock,
  pricingSection,
  profileQuestions,
  reviewsSection,
  teamSection,
} from './clinic-sections';
import type { PageAssets, SiteFacts } from './facts';
import { clinicStructuredData, faqStructuredData, jsonForScript, seoHead } from './seo';

const ALL_DAYS: readonly DayCode[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

/** "Central Time" for "America/Chicago": hours mean nothing without their zone. */
export function timeZoneName(timeZone: string, at = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * One prerendered landing page: the main page or a campaign's variant, each the same template
 * with its own copy, sections, attribution and search settings.
 */
export interface LandingPage {
  /** The public path, e.g. "/" or "/sciatica/". */
  readonly path: string;
  readonly copy: LandingCopy;
  /** Sections after the hero, in order. */
  readonly sections: readonly SectionName[];
  /** Campaign and variant ids, and default attribution, for the forms' hidden fields. */
  readonly hidden: Readonly<Record<string, string>>;
  /** Listed by search engines; otherwise `noindex` with the main page as canonical. */
  readonly index: boolean;
  /** Link-preview image path. @default the site's share image */
  readonly shareImage?: string;
}

/** The main page as the content file writes it. */
export const MAIN_PAGE: LandingPage = {
  path: '/',
  copy: LANDING,
  sections: SECTION_NAMES,
  hidden: {},
  index: true,
};

/** The one call to action between sections; the header and the phone bar carry it elsewhere. */
function cta(facts: SiteFacts, copy: LandingCopy): SafeHtml {
  return markup`<div class="repeat-cta">
<p>${copy.repeatAction.text}</p>
<div class="actions"><a class="button button-primary" href="#callback">${copy.repeatAction.action}</a><a class="button button-secondary" href="${telHref(facts.clinic.phone)}">${fill(copy.hero.callAction, { phone: formatPhone(facts.clinic.phone) })}</a></div>
</div>`;
}

/** Short points as a list with their titles run in: a list to read, not a wall of cards. */
function pointList(points: readonly Point[], className: string): SafeHtml {
  return markup`<ul class="${className}">${points.map((p) => markup`<li><strong>${p.title}.</strong> ${p.text}</li>`)}</ul>`;
}

/**
 * Structured data in the body, next to the text it repeats: search engines read it anywhere,
 * and within compression's 32 KB window the repeated answers cost almost nothing, which keeps
 * the page inside the first round trip of a new connection.
 */
function structuredData(data: Record<string, unknown>): SafeHtml {
  return markup`<script type="application/ld+json">${raw(jsonForScript(data))}</script>`;
}

/** Every FAQ entry: the page's general questions, then those answered from the clinic's profile. */
function faqQuestions(copy: LandingCopy): Question[] {
  const within = CLINIC.callback.within;
  return [
    ...copy.faq.questions.map((q) => ({ ...q, answer: fill(q.answer, { within }) })),
    ...profileQuestions(CLINIC),
  ];
}

function hoursTable(facts: SiteFacts, LANDING: LandingCopy): SafeHtml {
  const open = new Set(facts.clinic.hours.flatMap((p) => p.days));
  const closed = ALL_DAYS.filter((d) => !open.has(d));
  return markup`<table class="hours">
<caption class="visually-hidden">${LANDING.visit.hoursTitle}</caption>
<tbody>
${facts.clinic.hours.map((p) => markup`<tr><th scope="row">${formatDays(p.days)}</th><td>${formatTime(p.opens)}–${formatTime(p.closes)}</td></tr>`)}
${closed.length > 0 && markup`<tr><th scope="row">${formatDays(closed)}</th><td>Closed</td></tr>`}
</tbody>
</table>
<p class="small">Times are ${timeZoneName(facts.clinic.timeZone)}.</p>`;
}

function visitSection(facts: SiteFacts, LANDING: LandingCopy, assets: PageAssets): SafeHtml {
  const { clinic } = facts;
  const { address } = clinic;
  const oneLine = `${address.street}, ${address.locality}, ${address.region} ${address.postalCode}`;
  const maps = `https://www.openstreetmap.org/search?query=${encodeURIComponent(oneLine)}`;
  return markup`<section class="section" aria-labelledby="visit-title">
<div class="wrap">
<h2 id="visit-title">${LANDING.visit.title}</h2>
${placeBlock(assets)}
<div class="visit-grid">
<div class="visit-card"><h3>${LANDING.visit.addressTitle}</h3>
<address>${clinic.name}<br>${address.street}<br>${address.locality}, ${address.region} ${address.postalCode}</address>
<p><a href="${maps}" rel="noopener">${LANDING.visit.directions}<span class="visually-hidden"> (opens OpenStreetMap)</span></a></p></div>
<div class="visit-card"><h3>${LANDING.visit.hoursTitle}</h3>${hoursTable(facts, LANDING)}</div>
<div class="visit-card"><h3>${LANDING.visit.contactTitle}</h3>
<p>${phoneLink(clinic.phone)}</p>
<p><a href="mailto:${clinic.publicEmail}">${clinic.publicEmail}</a></p></div>
</div>
</div>
</section>`;
}

/** A section's markup with its background band set: tinted or plain. */
function tinted(section: SafeHtml, plain: boolean): SafeHtml {
  const html = section.value.replace(
    /^<section class="section(?: tinted)?"/,
    plain ? '<section class="section"' : '<section class="section tinted"',
  );
  return raw(html);
}

/** The footer of the full pages: address, contact, privacy and the medical disclaimer. */
export function fullFooter(facts: SiteFacts): SafeHtml {
  const { clinic } = facts;
  return markup`<div class="footer-grid">
<div><p class="footer-name">${clinic.name}</p>
<p>${clinic.address.street}, ${clinic.address.locality}, ${clinic.address.region} ${clinic.address.postalCode}</p></div>
<div><p>${phoneLink(clinic.phone)}</p><p><a href="mailto:${clinic.publicEmail}">${clinic.publicEmail}</a></p><p><a href="/privacy/">Privacy notice</a></p></div>
</div>
<p class="disclaimer">${LANDING.disclaimer}</p>`;
}

/** The page's whole HTML document. */
export function renderLanding(
  facts: SiteFacts,
  assets: PageAssets,
  page: LandingPage = MAIN_PAGE,
): string {
  const { clinic } = facts;
  const LANDING = page.copy;
  const { hero } = LANDING;
  const callLabel = fill(hero.callAction, { phone: formatPhone(clinic.phone) });
  const hidden = { ...page.hidden, landingPath: page.path };
  const faq = faqQuestions(LANDING);
  const heroSection = markup`<section class="hero" aria-labelledby="hero-title">
<div class="wrap hero-grid">
<div class="hero-text">
<p class="eyebrow">${hero.eyebrow} · ${clinic.address.locality}, ${clinic.address.region}</p>
<h1 id="hero-title">${hero.headline}</h1>
<p class="lead">${hero.lead}</p>
<div class="actions"><a class="button button-primary" href="#callback">${hero.primaryAction}</a><a class="button button-secondary" href="${telHref(clinic.phone)}">${callLabel}</a></div>
<ul class="ticks">${hero.reassurance.map((line) => markup`<li>${fill(line, { within: CLINIC.callback.within })}</li>`)}</ul>
</div>
${renderLeadForm({
  kind: 'callback',
  clinic,
  hidden,
  preferredTimes: callbackChoices(clinic.hours, CLINIC.callback),
  preferredTimeHint: fill(CLINIC.callback.timesHint, { zone: timeZoneName(clinic.timeZone) }),
  within: CLINIC.callback.within,
})}
<div class="hero-trust">
<h2 class="visually-hidden">Why patients choose ${clinic.name}</h2>
${pointList(LANDING.trust, 'trust-list')}
</div>
</div>
</section>`;
  const sections: Record<SectionName, SafeHtml | false> = {
    problem: markup`<section class="section" aria-labelledby="problem-title">
<div class="wrap"><div class="narrow">
<h2 id="problem-title">${LANDING.problem.title}</h2>
${LANDING.problem.body.map((p) => markup`<p>${p}</p>`)}
</div></div>
</section>`,
    howItHelps: markup`<section class="section tinted" aria-labelledby="help-title">
<div class="wrap">
<h2 id="help-title">${LANDING.howItHelps.title}</h2>
${LANDING.howItHelps.intro.map((p) => markup`<p>${p}</p>`)}
</div>
</div>
<div class="wrap">
${pointList(LANDING.howItHelps.points, 'benefits')}
<p class="note narrow">${LANDING.howItHelps.note}</p>
</div>
</section>`,
    team: teamSection(assets),
    firstVisit: markup`<section class="section" aria-labelledby="visit-steps-title">
<div class="wrap">
<h2 id="visit-steps-title">${LANDING.firstVisit.title}</h2>
<p class="narrow">${LANDING.firstVisit.intro}</p>
<ol class="steps">${LANDING.firstVisit.steps.map((s) => markup`<li><h3>${s.title}</h3><p>${s.text}</p></li>`)}</ol>
</div>
</section>`,
    suits: markup`<section class="section tinted" aria-labelledby="suits-title">
<div class="wrap split">
<div>
<h2 id="suits-title">${LANDING.suits.title}</h2>
<ul class="ticks">${LANDING.suits.points.map((p) => markup`<li>${p}</li>`)}</ul>
<p>${LANDING.suits.safety}</p>
</div>
<aside class="red-flags" aria-labelledby="red-flags-title">
<h3 id="red-flags-title">${LANDING.redFlags.title}</h3>
<p><strong>${LANDING.redFlags.intro}</strong></p>
<ul>${LANDING.redFlags.flags.map((f) => markup`<li>${f}</li>`)}</ul>
<p>${LANDING.redFlags.doctorIntro}</p>
<ul>${LANDING.redFlags.doctorFlags.map((f) => markup`<li>${f}</li>`)}</ul>
</aside>
</div>
</section>`,
    reviews: reviewsSection(CLINIC),
    pricing: pricingSection(CLINIC),
    faq: markup`<section class="section" aria-labelledby="faq-title">
<div class="wrap"><div class="narrow">
<h2 id="faq-title">${LANDING.faq.title}</h2>
<div class="faq">${faq.map((q) => markup`<details><summary>${q.question}</summary><p>${q.answer}</p></details>`)}</div>
${structuredData(faqStructuredData(faq))}
</div>
${cta(facts, LANDING)}
</div>
</section>`,
    visit: visitSection(facts, LANDING, assets),
    questionForm: markup`<section class="section tinted" aria-labelledby="question-title">
<div class="wrap split">
<div>
<h2 id="question-title">${LANDING.questionForm.title}</h2>
<p>${LANDING.questionForm.intro}</p>
</div>
${renderLeadForm({ kind: 'contact', clinic, hidden, headingLevel: 3 })}
</div>
</section>`,
  };
  // Sections alternate plain and tinted by position, whatever their order; a section with
  // nothing to show (no reviews yet) is left out and takes no place in the alternation.
  const shown = page.sections.flatMap((name) => {
    const section = sections[name];
    return section === false ? [] : [section];
  });
  const main = markup`${heroSection}
${shown.map((section, i) => tinted(section, i % 2 === 0))}`;
  const actionBar = markup`<nav class="action-bar" aria-label="Quick actions" data-action-bar>
<a class="button button-secondary" href="${telHref(clinic.phone)}">${LANDING.actionBar.call}</a>
<a class="button button-primary" href="#callback">${LANDING.actionBar.callback}</a>
</nav>`;
  const title = `${LANDING.title} | ${clinic.name}`;
  return renderDocument({
    title,
    description: LANDING.description,
    head: seoHead(facts, {
      path: page.path,
      title,
      description: LANDING.description,
      index: page.index,
      canonicalPath: page.index ? page.path : '/',
      ...(page.shareImage !== undefined && { shareImage: page.shareImage }),
      // The FAQ's structured data sits right after the FAQ instead (see structuredData).
      structuredData: [clinicStructuredData(facts, LANDING.description)],
    }),
    stylesheet: assets.stylesheet,
    scripts: [assets.landingScript],
    clinic,
    main,
    footer: fullFooter(facts),
    afterFooter: actionBar,
    themeColor: THEME.brand,
    iconColour: THEME.brand,
  });
}
