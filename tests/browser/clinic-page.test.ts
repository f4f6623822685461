/**
 * The landing page as a new patient meets it: the whole callback form, button included, on a
 * 1280 × 800 screen; every picture described or marked decorative, arriving in a modern format
 * at the size it shows; the rooms and people below the fold loading only when scrolled to.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadLazyImages, screenshot } from './support/browser';
import { useSharedContext } from './support/suite';

const suite = useSharedContext();

async function open(path: string, width: number, height: number): Promise<Page> {
  const page = await suite.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`${suite.stack.webUrl}${path}`);
  return page;
}

describe('The clinic page', () => {
  it('shows the whole callback form, button included, without scrolling at 1280 × 800', async () => {
    const page = await open('/', 1280, 800);
    const button = await page.locator('#callback-form button[type="submit"]').boundingBox();
    const consent = await page.locator('#callback-consent').boundingBox();
    expect(button).not.toBeNull();
    expect((button?.y ?? 0) + (button?.height ?? 0)).toBeLessThanOrEqual(800);
    expect(consent?.y ?? 800).toBeLessThan(800);
    await page.screenshot({ path: '.artifacts/screenshots/landing-first-screen-1280x800.png' });
    await page.close();
  });

  it.each(['/', '/privacy/', '/thank-you/?kind=callback', '/no-such-page'])(
    'gives every picture on %s alternative text or marks it decorative',
    async (path) => {
      const page = await open(path, 1280, 900);
      const unlabelled = await page.evaluate(() => [
        ...[...document.images]
          .filter((img) => {
            const alt = img.getAttribute('alt');
            return alt === null || (alt.trim() !== '' && alt.trim().length < 10);
          })
          .map((img) => img.outerHTML),
        ...[...document.querySelectorAll('svg')]
          .filter(
            (svg) => svg.getAttribute('aria-hidden') !== 'true' && !svg.querySelector('title'),
          )
          .map((svg) => svg.outerHTML.slice(0, 80)),
      ]);
      expect(unlabelled).toEqual([]);
      await page.close();
    },
  );

  it.each([
    [360, 780],
    [1280, 800],
  ])(
    'loads the pictures below the fold only when scrolled to, as AVIF at the size shown (%i px)',
    async (width, height) => {
      const page = await open('/', width, height);
      const requested: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/assets/img/')) requested.push(request.url());
      });
      await page.waitForLoadState('networkidle');
      expect(requested).toEqual([]);

      await loadLazyImages(page);
      const pictures = await page.evaluate(() =>
        [...document.images].map((img) => ({
          alt: img.alt,
          src: img.currentSrc,
          loaded: img.complete && img.naturalWidth > 0,
          shown: img.getBoundingClientRect().width,
          natural: img.naturalWidth,
        })),
      );
      expect(pictures).toHaveLength(4);
      for (const picture of pictures) {
        expect(picture.loaded, picture.alt).toBe(true);
        expect(picture.src).toMatch(/\/assets\/img\/[\w-]+\.[0-9a-f]{10}\.avif$/);
        // The width the chosen file gives at the declared size (naturalWidth) covers the width
        // shown, so `sizes` never asks for a file too small; and is never far larger.
        expect(picture.natural).toBeGreaterThanOrEqual(picture.shown);
        expect(picture.natural).toBeLessThanOrEqual(picture.shown * 3);
      }
      await screenshot(page, 'landing-scrolled');
      await page.close();
    },
  );

  it('serves the pictures cached for a year, and the preview image drawn from the headline', async () => {
    const page = await open('/', 1280, 900);
    const src = await page.locator('.person img').first().getAttribute('src');
    const picture = await fetch(`${suite.stack.webUrl}${src ?? ''}`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    expect(picture.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const preview = await fetch(`${suite.stack.webUrl}/og-image.png`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/png');
    await page.close();
  });
});
