/**
 * axe-core finds no violation on any page, at 360 px and at 1280 px, and every page is
 * photographed at both widths under .artifacts/screenshots/ for a person to look at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, screenshot, VIEWPORTS } from './support/browser';
import { fillCallback, submitCallback } from './support/forms';
import { useSharedContext } from './support/suite';

const suite = useSharedContext();

const viewports = Object.entries(VIEWPORTS).map(([name, size]) => ({ name, ...size }));

/** The page the API answers a refused plain form with, fetched as a browser without script would. */
async function formErrorPage(): Promise<string> {
  const response = await fetch(`${suite.stack.webUrl}/api/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ kind: 'callback', name: '', phone: '12', website: '' }).toString(),
  });
  expect(response.status).toBe(422);
  return response.text();
}

async function open(path: string): Promise<Page> {
  const page = await suite.context.newPage();
  await page.goto(`${suite.stack.webUrl}${path}`);
  return page;
}

describe.each(viewports)('Accessibility at $width px', (viewport) => {
  it.each([
    { page: 'landing', path: '/' },
    { page: 'privacy', path: '/privacy/' },
    {
      page: 'thank-you',
      path: '/thank-you/?ref=0f6c1c39-1f0e-8c4a-9d36-3c8f3f1a2b7d&kind=callback',
    },
    { page: 'not-found', path: '/no-such-page' },
  ])('finds no violation on the $page page', async ({ page: name, path }) => {
    const page = await open(path);
    await page.setViewportSize(viewport);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
    await page.close();
  });

  it('finds no violation on the form error page of the submit function', async () => {
    const html = await formErrorPage();
    const page = await suite.context.newPage();
    // Served from the site's origin so its stylesheet loads as it would after a real post.
    await page.route('**/form-error-preview', (route) =>
      route.fulfill({ status: 422, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await page.goto(`${suite.stack.webUrl}/form-error-preview`);
    await page.setViewportSize(viewport);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('finds no violation with validation errors shown', async () => {
    const page = await open('/');
    await page.setViewportSize(viewport);
    await fillCallback(page, { name: 'A', phone: 'nope' });
    await submitCallback(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('finds no violation once a request is sent', async () => {
    const page = await open('/');
    await page.setViewportSize(viewport);
    await fillCallback(page, { name: 'Axe Check', phone: '312 555 0197', consent: true });
    await submitCallback(page);
    await page.locator('#callback-success').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
