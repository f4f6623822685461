/**
 * The prerendered pages as search engines, link previews and the CSP see them: titles,
 * canonical URLs, social cards, structured data, the sitemap and robots rules, and no inline
 * script or style anywhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELD_TEXT } from '../../../functions/contract/lead-schema';
import { generatedFiles, PAGE_ASSETS, siteFacts } from '../../../web/build/prerender';
import type { SiteFacts } from '../../../web/src/render/facts';
import { MAIN_PAGE } from '../../../web/src/render/landing';
import * as pages from '../../../web/src/render/site-pages';

const facts: SiteFacts = {
  clinic: {
    name: 'Birch & Co "Acupuncture"',
    phone: '+13125550100',
    publicEmail: 'hello@birch.example',
    address: {
      street: '1 Birch Road',
      locality: 'Oak Park',
      region: 'IL',
      postalCode: '60301',
      country: 'US',
    },
    timeZone: 'America/Chicago',
    hours: [{ days: ['Mo', 'Tu'], opens: '09:00', closes: '17:00' }],
  },
  siteUrl: 'https://www.birch.example',
  retentionDays: 180,
};

const render = (name: pages.PageName) => pages.renderPage(name, facts, PAGE_ASSETS);

function jsonLd(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1] ?? 'null') as Record<string, unknown>,
  );
}

describe('Prerendered pages', () => {
  it.each(Object.keys(pages.PAGE_FILES) as pages.PageName[])(
    'renders the %s page with a title, a description and no inline script or style',
    (name) => {
      const html = render(name);
      expect(html).toMatch(/<title>[^<]+\| Birch &amp; Co &quot;Acupuncture&quot;<\/title>/);
      expect(html).toMatch(/<meta name="description" content="[^"]{20,}">/);
      expect(html).toContain('<html lang="en">');
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      for (const [, attributes = '', body = ''] of html.matchAll(
        /<script\b([^>]*)>([\s\S]*?)<\/script>/g,
      )) {
        expect(attributes.includes('application/ld+json') || body === '').toBe(true);
      }
    },
  );

  it('puts the offer, both forms and the clinic details in the landing page HTML', () => {
    const html = render('landing');
    expect(html).toContain('<h1 id="hero-title">');
    expect(html).toContain('id="callback-form" action="/api/leads" method="post"');
    expect(html).toContain('id="contact-form" action="/api/leads" method="post"');
    expect(html).toContain(FIELD_TEXT.message.hint);
    expect(html).toContain(
      'I agree that Birch &amp; Co &quot;Acupuncture&quot; may call or text me at this number',
    );
    expect(html).toContain('href="tel:+13125550100"');
    expect(html).toContain('1 Birch Road');
    expect(html).toContain('<th scope="row">Monday and Tuesday</th><td>9am–5pm</td>');
  });

  it("puts a campaign variant's ids and default attribution in both forms' hidden fields", () => {
    const html = pages.renderLandingPage(facts, PAGE_ASSETS, {
      ...MAIN_PAGE,
      path: '/spring/',
      hidden: { campaign: 'spring-2027', variant: 'b', utm_source: 'radio' },
      index: false,
    });
    for (const form of ['callback', 'contact']) {
      const body = new RegExp(`id="${form}-form"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
      expect(body).toContain('<input type="hidden" name="campaign" value="spring-2027">');
      expect(body).toContain('<input type="hidden" name="variant" value="b">');
      expect(body).toContain('<input type="hidden" name="utm_source" value="radio">');
      expect(body).toContain('<input type="hidden" name="landingPath" value="/spring/">');
    }
    // Not listed, but still a good link preview naming the main page as canonical.
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<link rel="canonical" href="https://www.birch.example/">');
    expect(html).toContain('<meta property="og:url" content="https://www.birch.example/spring/">');
  });

  it.each(['landing', 'privacy', 'not-found'] as const)(
    'draws the favicon into the %s page, the same icon as web/public/favicon.svg, with no request for it',
    (page) => {
      const html = render(page);
      const href =
        /<link rel="icon" href="data:image\/svg\+xml,([^"]*)" type="image\/svg\+xml">/.exec(
          html,
        )?.[1];
      expect(href).toBeDefined();
      // The attribute as the browser reads it: entities, then the URL's escapes.
      const svg = decodeURIComponent((href ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
      const file = readFileSync('web/public/favicon.svg', 'utf8').trim();
      expect(svg.replace(/'/g, '"')).toBe(file);
      expect(html).not.toMatch(/<link rel="icon" href="\//);
    },
  );

  it('leaves the consent box unticked', () => {
    expect(render('landing')).toMatch(
      /<input type="checkbox" id="callback-consent" name="consent" value="on">/,
    );
  });

  it('gives the landing page its canonical URL, social cards and structured data', () => {
    const html = render('landing');
    expect(html).toContain('<link rel="canonical" href="https://www.birch.example/">');
    expect(html).toContain(
      '<meta property="og:image" content="https://www.birch.example/og-image.png">',
    );
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    const [clinic, faq] = jsonLd(html);
    expect(clinic).toMatchObject({
      '@type': 'MedicalClinic',
      name: facts.clinic.name,
      telephone: '+13125550100',
      address: { '@type': 'PostalAddress', streetAddress: '1 Birch Road', postalCode: '60301' },
      openingHoursSpecification: [
        {
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: ['Monday', 'Tuesday'],
          opens: '09:00',
          closes: '17:00',
        },
      ],
    });
    expect(faq?.['@type']).toBe('FAQPage');
    expect((faq?.mainEntity as unknown[]).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps the thank-you and 404 pages out of search', () => {
    expect(render('thank-you')).toContain('<meta name="robots" content="noindex">');
    expect(render('not-found')).toContain('<meta name="robots" content="noindex">');
    expect(render('landing')).not.toContain('noindex');
  });

  it('states the retention period and how to ask for deletion on the privacy page', () => {
    const html = render('privacy');
    expect(html).toContain('deleted automatically after 6 months');
    expect(html).toContain('<a href="mailto:hello@birch.example">hello@birch.example</a>');
  });
});

describe('Files from the configuration', () => {
  const files = generatedFiles(facts, pages, {
    table: { cookieDays: 30, campaigns: [] },
    pages: [
      { file: 'index.html', campaign: 'main', variant: 'control', control: true, page: MAIN_PAGE },
      {
        file: 'spring/index.html',
        campaign: 'spring',
        variant: 'a',
        control: true,
        page: { ...MAIN_PAGE, path: '/spring/', index: false },
      },
      {
        file: 'calm/index.html',
        campaign: 'calm',
        variant: 'a',
        control: true,
        page: { ...MAIN_PAGE, path: '/calm/', index: true },
      },
      {
        file: 'calm/index.b.html',
        campaign: 'calm',
        variant: 'b',
        control: false,
        page: { ...MAIN_PAGE, path: '/calm/', index: true },
      },
    ],
  });

  it('lists the public pages in the sitemap', () => {
    expect(files['sitemap.xml']).toContain('<loc>https://www.birch.example/</loc>');
    expect(files['sitemap.xml']).toContain('<loc>https://www.birch.example/privacy/</loc>');
    expect(files['sitemap.xml']).toContain('<loc>https://www.birch.example/calm/</loc>');
    expect(files['sitemap.xml']?.match(/calm/g)).toHaveLength(1);
    expect(files['sitemap.xml']).not.toContain('thank-you');
    expect(files['sitemap.xml']).not.toContain('spring');
  });

  it('points robots at the sitemap and away from the API', () => {
    expect(files['robots.txt']).toContain('Sitemap: https://www.birch.example/sitemap.xml');
    expect(files['robots.txt']).toContain('Disallow: /api/');
  });

  it('reads the clinic facts from the one configuration', () => {
    // The demo clinic cdk.json ships with, written out: a clinic that edits cdk.json edits this.
    expect(siteFacts()).toEqual({
      clinic: {
        name: 'Willow Lane Acupuncture',
        phone: '+13125550134',
        publicEmail: 'hello@willowlane-acupuncture.example.com',
        address: {
          street: '214 Willow Lane, Suite 3',
          locality: 'Springfield',
          region: 'IL',
          postalCode: '62704',
          country: 'US',
        },
        timeZone: 'America/Chicago',
        hours: [
          { days: ['Mo', 'Tu', 'We', 'Th'], opens: '08:00', closes: '18:00' },
          { days: ['Fr'], opens: '08:00', closes: '16:00' },
          { days: ['Sa'], opens: '09:00', closes: '13:00' },
        ],
      },
      siteUrl: 'https://www.willowlane-acupuncture.example.com',
      retentionDays: 365,
    });
  });
});

describe('Privacy notice and the variant cookie', () => {
  it('states what the variant cookie holds and how long it is kept', () => {
    const html = pages.renderPage('privacy', facts, PAGE_ASSETS);
    expect(html).toContain('holds only the name of the version you were shown');
    expect(html).toContain('It is deleted after 30 days');
  });
});
