/**
 * The front desk's path, in Chromium with JavaScript off: the clinic email from the inbox, an
 * action link in it, the status page (by keyboard alone), the button, the new status. The page
 * passes axe and is served with the site's security headers.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { leadKey } from '../../functions/lib/lead-item';
import { axeViolations, screenshot, VIEWPORTS } from './support/browser';
import { emailsMentioning, uniqueName } from './support/stack';
import { useBrowserSuite } from './support/suite';

const suite = useBrowserSuite();

async function storedStatus(id: string): Promise<string | undefined> {
  const { Item } = await suite.stack.db.send(
    new GetCommand({ TableName: suite.stack.tableName, Key: leadKey(id), ConsistentRead: true }),
  );
  return Item?.status as string | undefined;
}

describe('Lead status from the clinic email', () => {
  it('opens an action from the email, confirms it by keyboard with JavaScript off, and shows the new status', async () => {
    const response = await fetch(`${suite.stack.webUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'callback',
        name: uniqueName('Status Link'),
        phone: '312-555-0177',
        preferredTime: 'afternoon',
        consent: true,
      }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    let emails = await emailsMentioning(suite.stack, id);
    for (let i = 0; i < 50 && emails.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      emails = await emailsMentioning(suite.stack, id);
    }
    const html = emails[0]?.body?.html;
    expect(html).toBeDefined();

    const context = await suite.browser.context({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(html!);
      const link = page.getByRole('link', { name: 'Reached', exact: true });
      await link.focus();
      const opened = page.waitForResponse((r) => r.url().includes('/api/leads/status?'));
      await page.keyboard.press('Enter');
      const answer = await opened;
      await page.waitForLoadState();
      // Served like every page of the site: the distribution's security headers.
      const headers = answer.headers();
      expect(headers['content-security-policy']).toContain("default-src 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lead status');
      expect(await page.textContent('main')).toContain(id);
      expect(await storedStatus(id)).toBe('new');
      for (const viewport of Object.values(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        await screenshot(page, 'lead-status');
      }

      // Keyboard only: Tab reaches the button, Enter presses it.
      const button = page.getByRole('button', { name: 'Mark as “Reached”' });
      let reached = false;
      for (let i = 0; i < 15 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = await button.evaluate((el) => el === document.activeElement);
      }
      expect(reached).toBe(true);
      await Promise.all([page.waitForURL('**/api/leads/status'), page.keyboard.press('Enter')]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Status updated');
      expect(await page.getByRole('status').textContent()).toContain('Reached');
      expect(await storedStatus(id)).toBe('contacted');
      await screenshot(page, 'lead-status-updated');
    } finally {
      await context.close();
    }

    // axe runs as a script, so it checks the same pages in a context with JavaScript on.
    const checked = await suite.browser.context();
    try {
      const page = await checked.newPage();
      const booked = /href="([^"]+a=booked)"/.exec(html!)?.[1]?.replaceAll('&amp;', '&');
      expect(booked).toBeDefined();
      await page.goto(booked!);
      expect(await axeViolations(page)).toEqual([]);
      await Promise.all([
        page.waitForURL('**/api/leads/status'),
        page.getByRole('button', { name: 'Mark as “Booked”' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Status updated');
      expect(await axeViolations(page)).toEqual([]);
      expect(await storedStatus(id)).toBe('booked');
    } finally {
      await checked.close();
    }
  });
});
