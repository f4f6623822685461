/**
 * Debian's Chromium driven by playwright-core, launched the way this machine needs (headless,
 * no sandbox, nothing phoning home, a fresh profile: see web/build/chromium.ts), plus the
 * screenshots and accessibility checks every page gets.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../../web/build/chromium';

/** The two widths every page is checked and photographed at: a small phone and a desktop. */
export const VIEWPORTS = {
  phone: { width: 360, height: 780 },
  desktop: { width: 1280, height: 900 },
} as const;

const SCREENSHOT_DIR = resolve('.artifacts/screenshots');

export interface Browser {
  /**
   * A new context (own cookies and storage), JavaScript on unless asked otherwise, with
   * Chromium's own headless user agent unless another is given.
   */
  readonly context: (options?: {
    javaScriptEnabled?: boolean;
    userAgent?: string;
  }) => Promise<BrowserContext>;
  readonly close: () => Promise<void>;
}

/** Starts Chromium; playwright gives each launch a fresh, throw-away profile directory. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  return {
    context: (options = {}) =>
      browser.newContext({
        viewport: VIEWPORTS.desktop,
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        reducedMotion: 'reduce',
        ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
      }),
    close: () => browser.close(),
  };
}

/** Saves a full-page screenshot for a person to look at (never compared by the tests). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await loadLazyImages(page);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
}

/**
 * Scrolls through the page and back so every lazy picture loads (a full-page screenshot does
 * not scroll), then waits for each to finish. A lazy picture the scroll passed before the
 * browser drew it is switched to eager loading, which starts it at once; no frame callbacks
 * are used, since they never run on a page with JavaScript turned off.
 */
export async function loadLazyImages(page: Page): Promise<void> {
  const scrollY = await page.evaluate(() => window.scrollY);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = page.viewportSize()?.height ?? 800;
  for (let y = 0; y < height; y += step) {
    await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), y);
  }
  await page.evaluate(() =>
    Promise.all(
      [...document.images].map((img) => {
        if (img.complete) return undefined;
        const loaded = new Promise((done) => {
          img.addEventListener('load', done, { once: true });
          img.addEventListener('error', done, { once: true });
        });
        img.loading = 'eager';
        return loaded;
      }),
    ),
  );
  await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), scrollY);
}

/** Saves a screenshot of one part of the page (a form in a given state), at the current width. */
export async function screenshotOf(locator: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = locator.page().viewportSize()?.width ?? 0;
  await locator.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`) });
}

/** Axe's findings, one line each, so a failing assertion says what is wrong and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Collects Content-Security-Policy violations and console errors from the moment the page
 * starts loading, so a test can assert the page ran clean under the policy.
 *
 * The returned function waits until nothing more can arrive before it answers: the page has
 * loaded, and then a violation made on purpose (an image from an origin `img-src` refuses) has
 * been reported. A document reports its violations in the order they happen, so once that one
 * is in, every violation before it is too; it and its console line are left out of the answer.
 */
export async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  const flushes = new Map<string, () => void>();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction('__reportCspViolation', (text: string) => {
    for (const [origin, arrived] of flushes) if (text.includes(origin)) arrived();
    problems.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      report(`csp: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return async () => {
    await page.waitForLoadState('load');
    const origin = `https://flush-${randomUUID()}.invalid`;
    const arrived = new Promise<void>((resolve) => flushes.set(origin, resolve));
    await page.evaluate((src) => {
      new Image().src = `${src}/`;
    }, origin);
    let timer: NodeJS.Timeout | undefined;
    const noReport = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('The deliberate violation was never reported: is the CSP sent?')),
        10_000,
      );
    });
    await Promise.race([arrived, noReport]).finally(() => clearTimeout(timer));
    flushes.delete(origin);
    return problems.filter((problem) => !problem.includes(origin));
  };
}
