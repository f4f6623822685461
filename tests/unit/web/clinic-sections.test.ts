/**
 * The clinic's people, place, reviews and prices on the landing page: each from the profile,
 * pictures sized and lazy with meaningful alternative text, reviews sourced and dated beside
 * "individual results vary", the samples marked, and the FAQ answering from the same facts.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_ASSETS } from '../../../web/build/prerender';
import { CLINIC } from '../../../web/content/clinic';
import type { SiteFacts } from '../../../web/src/render/facts';
import { renderLanding } from '../../../web/src/render/landing';

const facts: SiteFacts = {
  clinic: {
    name: 'Birch Street Acupuncture',
    phone: '+13129804417',
    publicEmail: 'hello@birch.example',
    address: {
      street: '1 Birch Road',
      locality: 'Oak Park',
      region: 'IL',
      postalCode: '60301',
      country: 'US',
    },
    timeZone: 'America/New_York',
    hours: [
      { days: ['Mo', 'We', 'Fr'], opens: '10:00', closes: '19:00' },
      { days: ['Sa'], opens: '09:00', closes: '12:00' },
    ],
  },
  siteUrl: 'https://www.birch.example',
  retentionDays: 180,
};

const html = renderLanding(facts, PAGE_ASSETS);
const images = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);

/** Counts `sample: true` in the profile, walking it independently of the renderer. */
function countSamples(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countSamples(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.entries(value).reduce(
    (n, [key, v]) => n + (key === 'sample' && v === true ? 1 : countSamples(v)),
    0,
  );
}

describe('People, place, reviews and prices', () => {
  it('shows each practitioner with credentials, languages and bio', () => {
    for (const person of CLINIC.team.practitioners) {
      expect(html).toContain(person.name);
      expect(html).toContain(person.credentials);
      expect(html).toContain(person.languages.join(', '));
    }
    expect(html).toContain(
      'Dr. Lena Park, <span class="credentials">DACM, L.Ac., Dipl. Ac. (NCCAOM)</span>',
    );
  });

  it('serves every picture as AVIF and WebP with a JPEG fallback, sized, lazy and described', () => {
    expect(images).toHaveLength(4);
    for (const img of images) {
      expect(img).toMatch(/ width="\d+" height="\d+"/);
      expect(img).toMatch(/ alt="[^"]{20,}"/);
      expect(img).toContain(' loading="lazy"');
      expect(img).toMatch(/ src="\/assets\/img\/[\w-]+-\d+x\d+\.[0-9a-f]{10}\.jpg"/);
    }
    expect(html.match(/<source type="image\/avif" srcset="[^"]+ 240w, [^"]+ 480w"/g)).toHaveLength(
      2,
    );
    expect(html.match(/<source type="image\/webp" srcset="[^"]+ 480w, [^"]+ 960w"/g)).toHaveLength(
      2,
    );
    // The portraits keep their 4:5 ratio, the rooms 3:2.
    expect(html).toContain('width="240" height="300"');
    expect(html).toContain('width="480" height="320"');
  });

  it('dates and sources each review, with the rating summary and "individual results vary"', () => {
    expect(html).toContain(
      'Maria G., on Google, <time datetime="2026-09-14">September 14, 2026</time>',
    );
    expect(html).toContain('Denise W., on Yelp, <time datetime="2026-06-21">June 21, 2026</time>');
    expect(html).toContain(
      '<strong>4.9 out of 5</strong> from 87 reviews on Google, as of November 2026',
    );
    expect(html).toContain('Individual results vary.');
  });

  it('marks every sample item, so a production synth can find each', () => {
    const marks = html.match(/ data-sample="web\/content\/clinic\.ts: CLINIC\.[^"]+"/g) ?? [];
    expect(marks).toHaveLength(countSamples(CLINIC));
    expect(html).toContain('These reviews are samples');
  });

  it('shows the prices, insurance, HSA/FSA, superbills and the cancellation policy', () => {
    expect(html).toMatch(
      /First visit<span class="duration">75 to 90 minutes[^<]*<\/span><\/dt><dd>\$120<\/dd>/,
    );
    expect(html).toContain('<dd>$85</dd>');
    expect(html).toContain('HSA and FSA cards are welcome.');
    expect(html).toContain('superbill');
    expect(html).toContain('24 hours’ notice');
  });

  it('answers who treats, how soon, cost, insurance, cancelling and parking in the FAQ and its structured data', () => {
    const faq = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)]
      .map(
        (m) =>
          JSON.parse(m[1] ?? 'null') as {
            '@type': string;
            mainEntity?: { name: string; acceptedAnswer: { text: string } }[];
          },
      )
      .find((d) => d['@type'] === 'FAQPage');
    const byQuestion = new Map(faq?.mainEntity?.map((q) => [q.name, q.acceptedAnswer.text]));
    expect(byQuestion.get('Who will treat me?')).toContain(
      'Dr. Lena Park, DACM, L.Ac., Dipl. Ac. (NCCAOM) (speaks English and Korean) and Marcus Reyes',
    );
    expect(byQuestion.get('How soon will I notice a change?')).toMatch(
      /differs from person to person/,
    );
    expect(byQuestion.get('How much does it cost?')).toContain(
      'First visit: $120 (75 to 90 minutes)',
    );
    expect(byQuestion.get('Do you take insurance, HSA or FSA?')).toContain('superbill');
    expect(byQuestion.get('What if I need to cancel?')).toContain('24 hours’ notice');
    expect(byQuestion.get('Where do I park, and is the clinic accessible?')).toContain(
      'Free parking',
    );
    expect(byQuestion.get('What happens after I ask for a callback?')).toContain(
      'within one working day',
    );
    for (const answer of byQuestion.values()) expect(answer).not.toMatch(/\{\w+\}/);
  });

  it("offers callback windows from these opening hours, in the clinic's time zone", () => {
    const labels = [
      ...html.matchAll(/name="preferredTime" value="(\w+)"[^>]*><label[^>]*>([^<]+)</g),
    ].map((m) => `${m[1]}: ${m[2]}`);
    expect(labels).toEqual([
      'morning: Morning (9am–12pm)',
      'afternoon: Afternoon (12pm–5pm, Mon, Wed and Fri)',
      'evening: Early evening (5pm–7pm, Mon, Wed and Fri)',
      'anytime: Any time we are open',
    ]);
    expect(html).toContain('Times are Eastern Time, while we are open.');
  });

  it('links the privacy notice beside each form, and gives a US example in the phone hint', () => {
    expect(html.match(/<p class="form-privacy"><a href="\/privacy\/">/g)).toHaveLength(2);
    expect(html).toContain('e.g. (312) 555-0134');
  });
});
