/**
 * Campaigns on the local stack, behind the same CloudFront Function the CDK app deploys: each
 * campaign path shows its own copy, a new visitor gets a variant and keeps it, a lead from a
 * variant carries campaign and variant (with JavaScript on and off), and axe finds nothing on
 * any campaign or variant at 360 and 1280 px.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations, screenshot, VIEWPORTS } from './support/browser';
import { fillCallback, submitCallback } from './support/forms';
import { leadsNamed, uniqueName } from './support/stack';
import { useBrowserSuite } from './support/suite';

const suite = useBrowserSuite();

/** Every page of the shipped campaigns, with the headline its copy gives it. */
const PAGES = [
  {
    path: '/',
    variant: 'control',
    headline: 'Gentle, drug-free care for back pain that will not let go',
  },
  {
    path: '/sciatica/',
    variant: 'a',
    headline: 'Gentle care for sciatica that runs down your leg',
  },
  {
    path: '/sciatica/',
    variant: 'b',
    headline: 'Sciatica keeping you up at night? Talk to us first',
  },
  {
    path: '/desk-back-pain/',
    variant: 'control',
    headline: 'A stiff, aching back from long days at a desk',
  },
] as const;
const SCIATICA_HEADLINES: Record<string, string> = {
  a: PAGES[1].headline,
  b: PAGES[2].headline,
};

const contexts: BrowserContext[] = [];
async function newPage(javaScriptEnabled = true): Promise<Page> {
  const context = await suite.browser.context({ javaScriptEnabled });
  contexts.push(context);
  return context.newPage();
}
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

const headline = (page: Page) => page.locator('h1').innerText();
const hidden = (page: Page, name: string) =>
  page.locator(`#callback-form input[type="hidden"][name="${name}"]`).inputValue();

describe('Campaign pages', () => {
  it.each(PAGES)('shows $path variant $variant with its own copy', async (expected) => {
    const page = await newPage();
    await page.goto(`${suite.stack.webUrl}${expected.path}?preview=${expected.variant}`);
    expect(await headline(page)).toBe(expected.headline);
    expect(await hidden(page, 'variant')).toBe(expected.variant);
    expect(page.url()).toBe(`${suite.stack.webUrl}${expected.path}?preview=${expected.variant}`);
  });

  it('gives a new visitor a variant at the same URL and keeps it on every reload', async () => {
    const page = await newPage();
    const response = await page.goto(`${suite.stack.webUrl}/sciatica/`);
    expect(response?.status()).toBe(200);
    const variant = await hidden(page, 'variant');
    expect(['a', 'b']).toContain(variant);
    expect(await headline(page)).toBe(SCIATICA_HEADLINES[variant]);
    const [cookie, ...others] = await page.context().cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({
      name: 'variant-demo-sciatica',
      value: variant,
      path: '/sciatica/',
      httpOnly: true,
      sameSite: 'Lax',
    });
    for (let i = 0; i < 4; i++) {
      await page.reload();
      expect(await hidden(page, 'variant')).toBe(variant);
      expect(await headline(page)).toBe(SCIATICA_HEADLINES[variant]);
    }
    expect(page.url()).toBe(`${suite.stack.webUrl}/sciatica/`);
  });

  it('shows each variant to some of many new visitors', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 24 && seen.size < 2; i++) {
      const page = await newPage();
      await page.goto(`${suite.stack.webUrl}/sciatica/`);
      seen.add(await hidden(page, 'variant'));
    }
    // With weights 50/50, 24 visitors all on one side happens once in 8 million runs.
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('sets no cookie on a preview, nor on a page without variants', async () => {
    const page = await newPage();
    await page.goto(`${suite.stack.webUrl}/sciatica/?preview=b`);
    await page.goto(`${suite.stack.webUrl}/desk-back-pain/`);
    await page.goto(`${suite.stack.webUrl}/`);
    expect(await page.context().cookies()).toEqual([]);
  });

  it('stores a lead from a variant with its campaign and variant', async () => {
    const page = await newPage();
    await page.goto(`${suite.stack.webUrl}/sciatica/?utm_source=radio`);
    const variant = await hidden(page, 'variant');
    const name = uniqueName('Variant Lead');
    await fillCallback(page, { name, phone: '312 555 0166', consent: true });
    await submitCallback(page);
    await page.locator('#callback-success').waitFor();
    const [lead] = await leadsNamed(suite.stack, name);
    expect(lead?.attribution).toMatchObject({
      campaign: 'demo-sciatica',
      variant,
      utm_source: 'radio',
      utm_medium: 'cpc',
      landingPath: '/sciatica/',
    });
    expect(lead?.attribution?.preview).toBeUndefined();
  });

  it('marks a lead sent from a preview as a preview', async () => {
    const page = await newPage();
    await page.goto(`${suite.stack.webUrl}/sciatica/?preview=b`);
    const name = uniqueName('Preview Lead');
    await fillCallback(page, { name, phone: '312 555 0167', consent: true });
    await submitCallback(page);
    await page.locator('#callback-success').waitFor();
    const [lead] = await leadsNamed(suite.stack, name);
    expect(lead?.attribution).toMatchObject({
      campaign: 'demo-sciatica',
      variant: 'b',
      preview: 'b',
    });
  });

  it('keeps campaign, variant and the advert parameters when JavaScript is off', async () => {
    const page = await newPage(false);
    await page.goto(`${suite.stack.webUrl}/sciatica/?utm_source=radio&utm_campaign=march`);
    const variant = await hidden(page, 'variant');
    const name = uniqueName('Plain Variant');
    await fillCallback(page, { name, phone: '312 555 0168', consent: true });
    await submitCallback(page);
    await page.waitForURL('**/thank-you/?**');
    const [lead] = await leadsNamed(suite.stack, name);
    expect(lead?.via).toBe('form');
    expect(lead?.attribution).toMatchObject({
      campaign: 'demo-sciatica',
      variant,
      utm_source: 'radio',
      utm_campaign: 'march',
      landingPath: '/sciatica/',
    });
  });
});

describe.each(Object.entries(VIEWPORTS).map(([name, size]) => ({ name, ...size })))(
  'Campaign accessibility at $width px',
  (viewport) => {
    it.each(PAGES)('finds no violation on $path variant $variant', async (expected) => {
      const page = await newPage();
      await page.setViewportSize(viewport);
      await page.goto(`${suite.stack.webUrl}${expected.path}?preview=${expected.variant}`);
      expect(await axeViolations(page)).toEqual([]);
      const slug = expected.path.replace(/\//g, '') || 'main';
      await screenshot(page, `campaign-${slug}-${expected.variant}`);
    });
  },
);
