/**
 * With JavaScript off, the same forms post natively: the API stores the lead and answers 303 to
 * the thank-you page, or 422 with the form again, values kept and errors shown, rendered by the
 * site's own form renderer inside the submit function.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../functions/contract/lead-schema';
import { THANK_YOU } from '../../web/content/site';
import { focusedId } from './support/a11y-tree';
import { screenshot, VIEWPORTS } from './support/browser';
import { callbackForm, fillCallback, submitCallback } from './support/forms';
import { emailsMentioning, leadsNamed, uniqueName } from './support/stack';
import { useLandingPage } from './support/suite';

const suite = useLandingPage({ javaScriptEnabled: false });

describe('Without JavaScript', () => {
  it('stores the callback, emails the clinic and ends on the thank-you page', async () => {
    const name = uniqueName('Plain Form');
    await fillCallback(suite.page, {
      name,
      phone: '312-555-0195',
      preferredTime: 'evening',
      consent: true,
    });
    await submitCallback(suite.page);

    await suite.page.waitForURL('**/thank-you/?**');
    const url = new URL(suite.page.url());
    expect(url.searchParams.get('kind')).toBe('callback');
    expect(await suite.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      THANK_YOU.heading,
    );
    const leads = await leadsNamed(suite.stack, name);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      id: url.searchParams.get('ref'),
      phone: '+13125550195',
      preferredTime: 'evening',
      via: 'form',
    });
    expect(leads[0]?.attribution).toMatchObject({ landingPath: '/' });
    expect(await emailsMentioning(suite.stack, leads[0]?.id ?? '-')).not.toHaveLength(0);
    for (const viewport of Object.values(VIEWPORTS)) {
      await suite.page.setViewportSize(viewport);
      await screenshot(suite.page, 'thank-you-no-js');
    }
  });

  it('answers a refused form with the form again, values kept and errors shown', async () => {
    await fillCallback(suite.page, { name: 'Keep Me', phone: 'not a phone' });
    await submitCallback(suite.page);

    await suite.page.waitForURL('**/api/leads');
    expect(await suite.page.title()).toContain('Please check your request');
    // The summary takes focus by itself: no script runs on this page.
    expect(await focusedId(suite.page)).toBe('callback-summary');
    const items = await suite.page.locator('#callback-summary li').allTextContents();
    expect(items).toEqual([MESSAGES.phoneInvalid, MESSAGES.consentRequired]);
    expect(await callbackForm(suite.page).getByLabel('Your name').inputValue()).toBe('Keep Me');
    expect(await callbackForm(suite.page).getByLabel('Phone number').inputValue()).toBe(
      'not a phone',
    );
    expect(await suite.page.locator('#callback-phone-error').textContent()).toContain(
      MESSAGES.phoneInvalid,
    );
    // Axe needs script, so it checks this page in accessibility.test.ts.
    for (const viewport of Object.values(VIEWPORTS)) {
      await suite.page.setViewportSize(viewport);
      await screenshot(suite.page, 'form-error-page');
    }

    // Putting it right on that page sends the lead.
    const name = uniqueName('Second Try');
    await fillCallback(suite.page, { name, phone: '312 555 0196', consent: true });
    await submitCallback(suite.page);
    await suite.page.waitForURL('**/thank-you/?**');
    expect(await leadsNamed(suite.stack, name)).toHaveLength(1);
  });

  it('keeps the honeypot out of sight and out of the accessibility tree', async () => {
    const honeypot = suite.page.locator('#callback-website');
    const box = await honeypot.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(0);
    expect(await suite.page.getByRole('textbox', { name: /leave this field empty/i }).count()).toBe(
      0,
    );
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
  });
});
