/**
 * The sections that make the page the clinic's own, from its profile (web/content/clinic.ts):
 * who treats, the rooms and how to get there, what patients say, and what it costs; and the
 * questions the FAQ answers from those same facts, so a price or a policy is written once.
 */
import { CLINIC } from '../../content/clinic';
import type {
  ClinicImage,
  ClinicProfile,
  Practitioner,
  Review,
  RatingSummary,
} from '../../content/clinic-types';
import type { Question } from '../../content/types';
import type { PageAssets } from './facts';
import { markup, raw, type SafeHtml } from '../../../functions/contract/html';
import { renderPicture } from './picture';

/** Widths made of each picture: 1× and 2× of the largest size it shows at. */
const PORTRAIT_WIDTHS = [240, 480] as const;
const SCENE_WIDTHS = [480, 960] as const;
/** Two columns inside the 72rem page from 48rem up (gap 1rem, padding 1.25rem), else one. */
const PLACE_SIZES =
  '(min-width: 72rem) 34.25rem, (min-width: 48rem) calc(50vw - 1.75rem), calc(100vw - 2.5rem)';

const SAMPLE_BADGE = raw('<span class="sample-badge">Sample</span>');
const FILE = 'web/content/clinic.ts';

/**
 * Marks an element made from sample content with where that content lives; a production
 * synth refuses a build that has any (infra/config/sample-content.ts).
 */
function sampleMark(sample: boolean | undefined, field: string, what: string): SafeHtml | false {
  return sample === true && markup` data-sample="${FILE}: ${field}: ${what}"`;
}

function figure(
  assets: PageAssets,
  image: ClinicImage,
  field: string,
  widths: readonly number[],
  sizes: string,
): SafeHtml {
  const picture = renderPicture(image, assets.picture(image, widths), { sizes });
  const mark = sampleMark(image.sample, field, `drawn stand-in picture ${image.source}`);
  return markup`<figure class="photo"${mark}>${picture}${image.caption !== undefined && markup`<figcaption>${image.caption}</figcaption>`}</figure>`;
}

function practitioner(assets: PageAssets, person: Practitioner, i: number): SafeHtml {
  const field = `CLINIC.team.practitioners[${i}]`;
  return markup`<li class="person"${sampleMark(person.sample, field, `sample practitioner "${person.name}"`)}>
${figure(assets, person.photo, `${field}.photo`, PORTRAIT_WIDTHS, '240px')}
<div class="person-text">
<h3>${person.name}, <span class="credentials">${person.credentials}</span></h3>
<p class="role">${person.role}</p>
<p>${person.bio}</p>
${person.sample === true && markup`<p class="sample-note">${SAMPLE_BADGE} A made-up practitioner who shows how the page looks.</p>`}
<p class="languages"><span class="label">Speaks</span> ${person.languages.join(', ')}</p>
</div>
</li>`;
}

/** "Who will treat you": each practitioner with photo, credentials, bio and languages. */
export function teamSection(assets: PageAssets, profile: ClinicProfile = CLINIC): SafeHtml {
  return markup`<section class="section" aria-labelledby="team-title">
<div class="wrap">
<h2 id="team-title">${profile.team.title}</h2>
<p class="narrow">${profile.team.intro}</p>
<ul class="people">${profile.team.practitioners.map((p, i) => practitioner(assets, p, i))}</ul>
</div>
</section>`;
}

const DATE = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' });

function stars(rating: number): SafeHtml {
  const full = Math.round(rating);
  return markup`<span class="stars" aria-hidden="true">${'★'.repeat(full)}${'☆'.repeat(5 - full)}</span><span class="visually-hidden">${rating} out of 5 stars</span>`;
}

function source(name: string, url: string | undefined): SafeHtml {
  return url === undefined ? markup`${name}` : markup`<a href="${url}" rel="noopener">${name}</a>`;
}

function review(item: Review, i: number): SafeHtml {
  const mark = sampleMark(
    item.sample,
    `CLINIC.reviews.items[${i}]`,
    `sample review by ${item.author}`,
  );
  return markup`<li class="review"${mark}>
<figure>
<p class="review-rating">${stars(item.rating)}${item.sample === true && SAMPLE_BADGE}</p>
<blockquote><p>${item.quote}</p></blockquote>
<figcaption>${item.author}, on ${source(item.source, item.sourceUrl)}, <time datetime="${item.date}">${DATE.format(new Date(`${item.date}T00:00:00Z`))}</time></figcaption>
</figure>
</li>`;
}

function summary(rating: RatingSummary): SafeHtml {
  const mark = sampleMark(rating.sample, 'CLINIC.reviews.summary', 'sample rating summary');
  return markup`<p class="rating-summary"${mark}>${stars(rating.average)} <strong>${rating.average.toFixed(1)} out of 5</strong> from ${rating.count} reviews on ${source(rating.source, rating.sourceUrl)}, as of ${MONTH.format(new Date(`${rating.asOf}T00:00:00Z`))}${rating.sample === true && SAMPLE_BADGE}</p>`;
}

/** "What patients say": the rating summary, dated and sourced reviews, and "results vary". */
export function reviewsSection(profile: ClinicProfile = CLINIC): SafeHtml | false {
  const { reviews } = profile;
  if (reviews.items.length === 0 && reviews.summary === undefined) return false;
  const samples = reviews.items.some((r) => r.sample === true) || reviews.summary?.sample === true;
  return markup`<section class="section tinted" aria-labelledby="reviews-title">
<div class="wrap">
<h2 id="reviews-title">${reviews.title}</h2>
${reviews.summary !== undefined && summary(reviews.summary)}
${samples && markup`<p class="sample-note">These reviews are samples that show how the page looks; the clinic replaces them with its own.</p>`}
<ul class="reviews">${reviews.items.map((item, i) => review(item, i))}</ul>
<p class="results-vary">${reviews.resultsVary}</p>
</div>
</section>`;
}

const dollars = (amount: number) => `$${amount.toLocaleString('en-US')}`;

/** "What it costs": visits and prices, insurance, HSA/FSA, superbills, cancellation. */
export function pricingSection(profile: ClinicProfile = CLINIC): SafeHtml {
  const { pricing } = profile;
  const mark = sampleMark(
    pricing.sample,
    'CLINIC.pricing',
    'sample prices, insurance and cancellation policy',
  );
  return markup`<section class="section" aria-labelledby="pricing-title"${mark}>
<div class="wrap split">
<div>
<h2 id="pricing-title">${pricing.title}</h2>
<p>${pricing.intro}</p>
<dl class="prices">${pricing.visits.map(
    (v) =>
      markup`<div class="price"><dt>${v.name}<span class="duration">${v.duration}${v.detail !== undefined && `. ${v.detail}`}</span></dt><dd>${v.from === true && 'from '}${dollars(v.amount)}</dd></div>`,
  )}</dl>
</div>
<div class="pay">
<h3>Insurance, HSA and FSA</h3>
<p>${pricing.insurance}</p>
<p>${pricing.hsaFsa} ${pricing.superbills}</p>
<h3>Cancelling</h3>
<p>${pricing.cancellation}</p>
</div>
</div>
</section>`;
}

/** "Where you will be treated": photos, directions, parking, access (hours and map beside). */
export function placeBlock(assets: PageAssets, profile: ClinicProfile = CLINIC): SafeHtml {
  const { place } = profile;
  return markup`<div class="place">
<p class="narrow">${place.intro}</p>
<div class="place-photos">${place.photos.map((photo, i) => figure(assets, photo, `CLINIC.place.photos[${i}]`, SCENE_WIDTHS, PLACE_SIZES))}</div>
<dl class="getting-here">
<div><dt>Finding us</dt><dd>${place.directions}</dd></div>
<div><dt>Parking</dt><dd>${place.parking}</dd></div>
${place.transit !== undefined && markup`<div><dt>By bus or train</dt><dd>${place.transit}</dd></div>`}
<div><dt>Access</dt><dd>${place.access}</dd></div>
</dl>
</div>`;
}

/** "Who will treat me" in words: "Dr. Lena Park (DACM, L.Ac.; speaks English and Korean)". */
function whoTreatsAnswer(profile: ClinicProfile): string {
  const people = profile.team.practitioners.map(
    (p) => `${p.name}, ${p.credentials} (speaks ${listWords(p.languages)})`,
  );
  return `One of our licensed acupuncturists: ${listWords(people)}. ${profile.team.intro}`;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(items.length > 2 ? '; ' : ', ')} and ${items[items.length - 1]}`;
}

/** The FAQ entries built from the profile, in the order a patient asks them. */
export function profileQuestions(profile: ClinicProfile = CLINIC): Question[] {
  const { pricing, place, questions } = profile;
  const prices = pricing.visits
    .map((v) => `${v.name}: ${v.from === true ? 'from ' : ''}${dollars(v.amount)} (${v.duration})`)
    .join('; ');
  return [
    { question: questions.whoTreats, answer: whoTreatsAnswer(profile) },
    questions.howSoon,
    { question: questions.cost, answer: `${prices}. ${pricing.intro}` },
    {
      question: questions.insurance,
      answer: `${pricing.insurance} ${pricing.hsaFsa} ${pricing.superbills}`,
    },
    { question: questions.cancellation, answer: pricing.cancellation },
    { question: questions.parking, answer: `${place.parking} ${place.access}` },
  ];
}
