/**
 * The built site runs under the Content-Security-Policy it ships with: served with exactly the
 * security headers the distribution sends with this build, no page and no request flow triggers
 * a violation or a console error. The build's only inline code is each page's `<style>` and the
 * landing pages' script loader, each allowed by its hash, and a style whose hash is not in the
 * policy is blocked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CSP_HASHES_FILE,
  cspHash,
  readScriptHashes,
  readStyleHashes,
} from '../../infra/site/csp-hashes';
import { contentSecurityPolicy, siteSecurityHeaders } from '../../infra/site/security-headers';
import { STABLE_STYLESHEET } from '../../functions/contract/layout';
import { watchViolations } from './support/browser';
import { fillCallback, submitCallback } from './support/forms';
import { SITE_DIR } from './support/stack';
import { useSharedContext } from './support/suite';

const suite = useSharedContext();

/** The theme colour the inline stylesheet sets; empty when the style was blocked. */
const brandColour = (page: Page) =>
  page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--brand').trim(),
  );

/** The `<style>` elements' texts of an HTML document. */
const styleTexts = (html: string) =>
  [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return path.endsWith('.html') ? [path] : [];
  });
}

describe('Security headers and the CSP', () => {
  it.each([
    { page: 'landing', path: '/' },
    { page: 'privacy', path: '/privacy/' },
    { page: 'thank-you', path: '/thank-you/?ref=abc&kind=contact' },
    { page: 'not-found', path: '/missing/page' },
  ])('loads the $page page, styled, with no violation', async ({ path }) => {
    const page = await suite.context.newPage();
    const problems = await watchViolations(page);
    const response = await page.goto(`${suite.stack.webUrl}${path}`);
    const hashes = readStyleHashes(SITE_DIR);
    expect(hashes.length).toBeGreaterThan(0);
    expect(response?.headers()['content-security-policy']).toBe(
      contentSecurityPolicy(hashes, readScriptHashes(SITE_DIR)),
    );
    for (const [name, value] of Object.entries(siteSecurityHeaders(SITE_DIR))) {
      expect(response?.headers()[name]).toBe(value);
    }
    await page.waitForLoadState('networkidle');
    const found = (await problems()).filter(
      // The 404 page is answered with status 404 on purpose; Chromium logs that as an error.
      (p) => !(path.startsWith('/missing') && p.includes('status of 404')),
    );
    expect(found).toEqual([]);
    // The inline stylesheet applied: the theme's custom properties are set.
    expect(await brandColour(page)).toMatch(/^#[0-9a-f]{6}$/i);
    await page.close();
  });

  it('sends a callback with no violation', async () => {
    const page = await suite.context.newPage();
    const problems = await watchViolations(page);
    await page.goto(`${suite.stack.webUrl}/?utm_source=csp-test`);
    await fillCallback(page, { name: 'Csp Check', phone: '312 555 0199', consent: true });
    await submitCallback(page);
    await page.locator('#callback-success').waitFor();
    expect(await problems()).toEqual([]);
    await page.close();
  });

  it('notices a violation when a page breaks the policy (the watch itself works)', async () => {
    const page = await suite.context.newPage();
    const problems = await watchViolations(page);
    await page.goto(`${suite.stack.webUrl}/privacy/`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "inline"';
      document.body.append(script);
      document.body.setAttribute('style', 'color: red');
    });
    const found = await problems();
    expect(found.some((p) => p.includes('script-src'))).toBe(true);
    expect(found.some((p) => p.includes('style-src'))).toBe(true);
    await page.close();
  });

  it('blocks an inline style whose hash is not in the policy (the hashes are checked)', async () => {
    const page = await suite.context.newPage();
    const problems = await watchViolations(page);
    // The real page and headers, with one byte of its inline style changed on the way.
    await page.route(`${suite.stack.webUrl}/privacy/`, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      expect(styleTexts(html)).toHaveLength(1);
      await route.fulfill({ response, body: html.replace('<style>', '<style> ') });
    });
    const response = await page.goto(`${suite.stack.webUrl}/privacy/`);
    expect(response?.headers()['content-security-policy']).toBe(
      contentSecurityPolicy(readStyleHashes(SITE_DIR), readScriptHashes(SITE_DIR)),
    );
    const found = await problems();
    // One violation, for that element and nothing else; Chromium also logs it to the console.
    expect(found.filter((p) => p.startsWith('csp:'))).toEqual([
      'csp: style-src-elem blocked inline',
    ]);
    expect(found.every((p) => p.includes('style-src'))).toBe(true);
    expect(await brandColour(page)).toBe('');
    await page.close();
  });

  it('builds pages whose only inline code is one <style> and the script loader, each with a listed hash', () => {
    const files = htmlFiles(SITE_DIR);
    const hashes = readStyleHashes(SITE_DIR);
    const scriptHashes = readScriptHashes(SITE_DIR);
    // One loader, the same on every landing page: one hash, and no page with any other.
    expect(scriptHashes).toHaveLength(1);
    let loaders = 0;
    const stableStylesheet = readFileSync(join(SITE_DIR, STABLE_STYLESHEET), 'utf8');
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      for (const [, attributes = '', body = ''] of scripts) {
        const isData = /type="application\/ld\+json"/.test(attributes);
        const isLoader = attributes === ' type="module"' && scriptHashes.includes(cspHash(body));
        if (isLoader) loaders += 1;
        expect(
          isData || isLoader || (/\ssrc="\//.test(attributes) && body.trim() === ''),
          file,
        ).toBe(true);
      }
      const styles = styleTexts(html);
      expect(styles, file).toHaveLength(1);
      expect(hashes, file).toContain(cspHash(styles[0] ?? ''));
      // The same CSS as the stable stylesheet the API's no-JavaScript error page links.
      expect(styles[0], file).toBe(stableStylesheet);
      expect(html, file).not.toMatch(/<link\b[^>]*rel="stylesheet"/i);
      expect(html, file).not.toMatch(/\sstyle\s*=/i);
      expect(html, file).not.toMatch(/\son[a-z]+\s*=/i);
      // Nothing the page loads comes from another origin (links to other sites are fine).
      expect(html, file).not.toMatch(
        /<(script|img|iframe|source|video|audio)\b[^>]*\ssrc="(https?:)?\/\//i,
      );
      const loaded = [...html.matchAll(/<link\b([^>]*)>/g)].filter(
        ([, attributes = '']) => !/rel="canonical"/.test(attributes),
      );
      for (const [tag, attributes = ''] of loaded) {
        expect(attributes, `${file}: ${tag}`).not.toMatch(/href="(https?:)?\/\//);
      }
    }
    // Every landing page (the main page and each campaign variant) has the loader.
    const landingPages = files.filter((f) => readFileSync(f, 'utf8').includes('data-lead-form'));
    expect(landingPages.length).toBeGreaterThanOrEqual(4);
    expect(loaders).toBe(landingPages.length);
  });

  it('serves the stable stylesheet but not the CSP hash file, as the deploy uploads them', async () => {
    const stylesheet = await fetch(`${suite.stack.webUrl}${STABLE_STYLESHEET}`);
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${suite.stack.webUrl}/${CSP_HASHES_FILE}`)).status).toBe(404);
  });
});
