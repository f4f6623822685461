/**
 * The request forms end to end in a real browser: from the landing page through the API into
 * DynamoDB Local and out of the SES emulator, including the failures a patient can meet on the
 * way (a double click, a lost answer, a dropped connection) and the campaign a visit came from.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CONSENT_DISCLOSURE } from '../../functions/contract/consent';
import { screenshotOf, VIEWPORTS } from './support/browser';
import { callbackForm, contactForm, fillCallback, submitCallback } from './support/forms';
import { emailsMentioning, leadsNamed, uniqueName } from './support/stack';
import { useBrowserSuite } from './support/suite';

const suite = useBrowserSuite();
let context: BrowserContext;

async function openLanding(query = ''): Promise<Page> {
  context = await suite.browser.context();
  const page = await context.newPage();
  await page.goto(`${suite.stack.webUrl}/${query}`);
  return page;
}

const success = (page: Page) => page.locator('#callback-success');

describe('Landing page: callback request', () => {
  it('stores the callback in the table and emails the clinic', async () => {
    const page = await openLanding();
    const name = uniqueName('Maria Alvarez');
    await fillCallback(page, {
      name,
      phone: '(312) 555-0188',
      preferredTime: 'morning',
      consent: true,
    });
    await submitCallback(page);

    await expect.poll(() => success(page).isVisible()).toBe(true);
    const reference = (await success(page).locator('[data-slot="ref"]').textContent()) ?? '';
    const leads = await leadsNamed(suite.stack, name);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      id: reference,
      kind: 'callback',
      phone: '+13125550188',
      preferredTime: 'morning',
      via: 'json',
      consent: { disclosureVersion: CONSENT_DISCLOSURE.version },
    });
    expect(await emailsMentioning(suite.stack, reference)).not.toHaveLength(0);
    // The success panel takes focus so a screen reader announces it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('callback-success');
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await screenshotOf(page.locator('#callback'), 'callback-sent');
    }
    await context.close();
  });

  it('sends a question from the contact form', async () => {
    const page = await openLanding();
    const name = uniqueName('Tom Becker');
    const form = contactForm(page);
    await form.getByLabel('Your name').fill(name);
    await form.getByLabel('Email').fill('tom.becker@example.com');
    await form.getByLabel('Your question').fill('Do you have evening appointments?');
    await form.getByRole('button', { name: 'Send my question' }).click();

    await expect.poll(() => page.locator('#contact-success').isVisible()).toBe(true);
    const leads = await leadsNamed(suite.stack, name);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ kind: 'contact', email: 'tom.becker@example.com' });
    await context.close();
  });

  it('makes one lead from a double click on the button', async () => {
    const page = await openLanding();
    const name = uniqueName('Double Click');
    await fillCallback(page, { name, phone: '312 555 0190', consent: true });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/leads')) requests.push(request.method());
    });
    await callbackForm(page).getByRole('button', { name: 'Request my callback' }).dblclick();

    await expect.poll(() => success(page).isVisible()).toBe(true);
    expect(requests).toEqual(['POST']);
    expect(await leadsNamed(suite.stack, name)).toHaveLength(1);
    await context.close();
  });

  it('makes one lead when the answer is lost to a server error and the patient retries', async () => {
    const page = await openLanding();
    const name = uniqueName('Lost Answer');
    const keys: string[] = [];
    let calls = 0;
    await page.route('**/api/leads', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      calls += 1;
      // The first request reaches the API and is stored, but its answer never arrives.
      const response = await route.fetch();
      if (calls === 1) {
        await route.fulfill({
          status: 502,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'server_error', requestId: 'gateway' }),
        });
      } else {
        await route.fulfill({ response });
      }
    });
    await fillCallback(page, { name, phone: '312 555 0191', consent: true });
    await submitCallback(page);

    const problem = callbackForm(page).locator('[data-problem-box]');
    await expect.poll(() => problem.isVisible()).toBe(true);
    expect(await problem.locator('[data-problem="server"]').isVisible()).toBe(true);
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await screenshotOf(page.locator('#callback'), 'callback-server-error');
    }
    await problem.getByRole('button', { name: 'Try again' }).click();

    await expect.poll(() => success(page).isVisible()).toBe(true);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const leads = await leadsNamed(suite.stack, name);
    expect(leads).toHaveLength(1);
    expect(await success(page).locator('[data-slot="ref"]').textContent()).toBe(leads[0]?.id);
    await context.close();
  });

  it('makes one lead when the connection drops and the patient retries', async () => {
    const page = await openLanding();
    const name = uniqueName('Dropped Line');
    let calls = 0;
    await page.route('**/api/leads', async (route) => {
      calls += 1;
      if (calls === 1) await route.abort('internetdisconnected');
      else await route.continue();
    });
    await fillCallback(page, { name, phone: '312 555 0192', consent: true });
    await submitCallback(page);

    const problem = callbackForm(page).locator('[data-problem-box]');
    await expect.poll(() => problem.locator('[data-problem="network"]').isVisible()).toBe(true);
    expect(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-problem-box')),
    ).toBe(true);
    await problem.getByRole('button', { name: 'Try again' }).click();

    await expect.poll(() => success(page).isVisible()).toBe(true);
    expect(await leadsNamed(suite.stack, name)).toHaveLength(1);
    await context.close();
  });
});

describe('Landing page: answers that are not a success', () => {
  it('tells the patient how long to wait when the API limits their connection', async () => {
    const page = await openLanding();
    await page.route('**/api/leads', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'retry-after': '300' },
        contentType: 'application/json',
        body: JSON.stringify({ error: 'rate_limited', retryAfterSeconds: 300 }),
      }),
    );
    await fillCallback(page, { name: 'Many Tries', phone: '312 555 0150', consent: true });
    await submitCallback(page);
    const message = callbackForm(page).locator('[data-problem="rateLimited"]');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toContain('about 5 minutes');
    await context.close();
  });
});

describe('Thank-you page', () => {
  it('shows the reference and only the sentence for the kind of request', async () => {
    context = await suite.browser.context();
    const page = await context.newPage();
    await page.goto(
      `${suite.stack.webUrl}/thank-you/?ref=0f6c1c39-1f0e-8c4a-9d36-3c8f3f1a2b7d&kind=contact`,
    );
    expect(await page.locator('[data-slot="ref"]').textContent()).toBe(
      '0f6c1c39-1f0e-8c4a-9d36-3c8f3f1a2b7d',
    );
    expect(await page.locator('[data-kind="contact"]').isVisible()).toBe(true);
    expect(await page.locator('[data-kind="callback"]').isVisible()).toBe(false);
    await context.close();
  });
});

describe('Landing page: attribution', () => {
  it('sends the campaign parameters of the landing URL with the lead', async () => {
    const page = await openLanding(
      '?utm_source=google&utm_medium=cpc&utm_campaign=back-pain-spring&utm_term=acupuncture%20near%20me&utm_content=ad-a&gclid=abc123',
    );
    // Reading the privacy notice first must not lose the campaign of the visit.
    await page.getByRole('link', { name: 'Privacy notice' }).first().click();
    await page.waitForURL('**/privacy/');
    await page.goto(`${suite.stack.webUrl}/`);
    const name = uniqueName('Utm Visitor');
    await fillCallback(page, { name, phone: '312 555 0193', consent: true });
    await submitCallback(page);

    await expect.poll(() => success(page).isVisible()).toBe(true);
    const [lead] = await leadsNamed(suite.stack, name);
    expect(lead?.attribution).toEqual({
      campaign: 'back-pain-2026',
      variant: 'control',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'back-pain-spring',
      utm_term: 'acupuncture near me',
      utm_content: 'ad-a',
      gclid: 'abc123',
      landingPath: '/',
    });
    await context.close();
  });
});
