/**
 * The report's HTML page in Chromium: it renders its three charts from the figures, fetches
 * nothing, and axe finds nothing to fix.
 */
import { describe, expect, it } from 'vitest';
import type { FunnelLead } from '../../functions/lib/funnel/lead-view';
import { buildReport } from '../../functions/lib/funnel/report';
import { reportHtml } from '../../functions/lib/funnel/report-html';
import { axeViolations, launchBrowser, screenshot, type Browser } from './support/browser';
import { afterAll, beforeAll } from 'vitest';

const counter = (
  campaign: string,
  variant: string,
  event: 'view' | 'form-start',
  count: number,
) => ({
  day: '2026-11-03',
  campaign,
  variant,
  event,
  source: '(none)',
  medium: '(none)',
  count,
});

const lead = (i: number, variant: string, contactAfter?: number, booked = false): FunnelLead => ({
  id: `lead-${i}`,
  kind: 'callback' as const,
  createdAt: '2026-11-03T15:00:00.000Z',
  campaign: 'demo-sciatica',
  variant,
  status: booked ? 'booked' : contactAfter !== undefined ? 'contacted' : 'new',
  ...(contactAfter !== undefined && {
    firstContactAt: new Date(
      Date.parse('2026-11-03T15:00:00.000Z') + contactAfter * 60_000,
    ).toISOString(),
  }),
});

const REPORT = buildReport({
  period: { from: '2026-11-02', to: '2026-11-08', timeZone: 'America/Chicago' },
  counters: [
    counter('demo-sciatica', 'a', 'view', 400),
    counter('demo-sciatica', 'a', 'form-start', 50),
    counter('demo-sciatica', 'b', 'view', 390),
    counter('demo-sciatica', 'b', 'form-start', 61),
    counter('<script>alert(1)</script>', 'x', 'view', 3),
  ],
  leads: [
    lead(1, 'a', 30, true),
    lead(2, 'a', 200),
    lead(3, 'a'),
    lead(4, 'b', 20, true),
    lead(5, 'b', 3000, true),
    lead(6, 'b', 500),
    lead(7, 'b'),
  ],
  campaigns: { 'demo-sciatica': ['a', 'b'] },
  generatedAt: new Date('2026-11-10T12:00:00Z'),
});

describe('The HTML funnel report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('shows three labelled charts, fetches nothing and passes axe', async () => {
    const context = await browser.context();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(reportHtml(REPORT, 'Willow Lane Acupuncture'));
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(3);
    for (const name of [
      'The funnel per campaign and variant',
      'Conversion per variant, with its 95 % interval',
      'Time from request to first contact',
    ]) {
      expect(await page.getByRole('img', { name }).count()).toBe(1);
    }
    // Funnel bars: five per variant row; the interval chart: one dot per variant with sessions.
    expect(await page.locator('#funnel-title ~ rect').count()).toBe(5 * REPORT.rows.length);
    expect(await page.locator('svg[aria-labelledby^="conversion"] circle').count()).toBe(3);
    const box = await charts.first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    // A campaign id from a beacon is text, never markup.
    expect(await page.locator('text=<script>alert(1)</script>').count()).toBeGreaterThan(0);
    expect(requests).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'funnel-report');
    await context.close();
  });
});
