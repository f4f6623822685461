/**
 * The page's funnel beacons in a real browser, through the local stack into DynamoDB Local: a
 * view once per tab session and campaign, a form start on the first input, nothing for a
 * preview link, and nothing for automation that says what it is.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { counterPartition } from '../../functions/lib/funnel/counters';
import { clinicDay } from '../../functions/lib/zoned-time';
import { MAIN_CAMPAIGN } from '../support/api-events';
import { callbackForm } from './support/forms';
import { useBrowserSuite } from './support/suite';

const suite = useBrowserSuite();
/**
 * A visitor's browser. The one these tests drive says it is automated (`navigator.webdriver`),
 * so the page would send nothing; a visitor's context is made to look like a person's browser.
 */
const VISITOR_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const contexts: BrowserContext[] = [];

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** The beacon responses each page got, to tell "not sent" from "sent and dropped". */
const beacons = new Map<Page, Response[]>();

/** Opens a page as a visitor, or with `userAgent: null` as Chromium's own automated self. */
async function visit(query = '', userAgent: string | null = VISITOR_AGENT): Promise<Page> {
  const context = await suite.browser.context({ ...(userAgent !== null && { userAgent }) });
  contexts.push(context);
  if (userAgent !== null) {
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }),
    );
  }
  const page = await context.newPage();
  const responses: Response[] = [];
  beacons.set(page, responses);
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/events') responses.push(response);
  });
  await page.goto(`${suite.stack.webUrl}/${query}`);
  return page;
}

/** Resolves once the page's idle-time work (where its beacons are sent) has run. */
const afterIdle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((done) =>
        requestIdleCallback(() => setTimeout(done, 300), { timeout: 3000 }),
      ),
  );

/** Today's counters of the configured campaign, by `<event>#<source>#<medium>`. */
async function counters(): Promise<Record<string, number>> {
  const { config, db, tableName } = suite.stack;
  const day = clinicDay(new Date(), config.clinic.timeZone);
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': counterPartition(day) },
      ConsistentRead: true,
    }),
  );
  return Object.fromEntries(
    (Items ?? []).map((item) => [
      `${String(item.campaign)}#${String(item.variant)}#${String(item.event)}#${String(item.source)}#${String(item.medium)}`,
      Number(item.count),
    ]),
  );
}

describe('Funnel beacons from the landing page', () => {
  it('counts one view per tab session and one form start on the first input', async () => {
    const campaign = MAIN_CAMPAIGN;
    const view = `${campaign}#control#view#spring-search#cpc`;
    const start = `${campaign}#control#form-start#spring-search#cpc`;
    const page = await visit('?utm_source=spring-search&utm_medium=cpc');
    await expect.poll(async () => (await counters())[view], { timeout: 15_000 }).toBe(1);

    // A reload and a second visit in the same tab session: no new view.
    await page.reload();
    await page.goto(`${suite.stack.webUrl}/`);
    await callbackForm(page).getByLabel('Your name').fill('A');
    await callbackForm(page).getByLabel('Your name').fill('Ab');
    await expect.poll(async () => (await counters())[start], { timeout: 15_000 }).toBe(1);
    // The form start came after the reloads' page scripts ran: had they sent a view, it is in.
    expect((await counters())[view]).toBe(1);

    // A new tab session is a new session.
    const second = await visit('?utm_source=spring-search&utm_medium=cpc');
    await expect.poll(async () => (await counters())[view], { timeout: 15_000 }).toBe(2);
    await second.close();
  });

  it('sends nothing from a campaign preview link', async () => {
    const preview = await visit('?utm_source=preview-check&preview=control');
    await callbackForm(preview).getByLabel('Your name').fill('Preview');
    await afterIdle(preview);
    expect(beacons.get(preview)).toEqual([]);
    const campaign = MAIN_CAMPAIGN;
    expect((await counters())[`${campaign}#control#view#preview-check#(none)`]).toBeUndefined();
  });

  it('sends nothing from a browser driven by automation', async () => {
    const robot = await visit('?utm_source=robot-check', null);
    await callbackForm(robot).getByLabel('Your name').fill('Robot');
    await afterIdle(robot);
    expect(beacons.get(robot)).toEqual([]);
  });
});
