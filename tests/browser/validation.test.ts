/**
 * Every validation error, in a real browser: it appears beside its field and in a summary that
 * takes focus and links to the field, and assistive technology is told (the field is marked
 * invalid and described by the message). The messages are the API's own, from the lead schema.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, MESSAGES } from '../../functions/lib/lead-schema';
import { accessibleInfo, focusedId } from './support/a11y-tree';
import { launchBrowser, screenshotOf, VIEWPORTS, type Browser } from './support/browser';
import { callbackForm, contactForm, fillCallback, submitCallback } from './support/forms';
import { leadsNamed, startTestStack, uniqueName, type TestStack } from './support/stack';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiCalls: number;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach(async () => {
  await context?.close();
  context = await browser.context();
  page = await context.newPage();
  apiCalls = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/leads')) apiCalls += 1;
  });
  await page.goto(`${stack.webUrl}/`);
});

/** Asserts that one field shows one message in every way a person can perceive it. */
async function expectError(form: 'callback' | 'contact', field: string, message: string) {
  const summary = page.locator(`#${form}-summary`);
  expect(await summary.isVisible()).toBe(true);
  expect(await focusedId(page)).toBe(`${form}-summary`);
  const link = summary.getByRole('link', { name: message });
  expect(await link.getAttribute('href')).toBe(`#${form}-${field}`);
  expect(await summary.getByRole('alert').textContent()).toContain(message);

  const control = `#${form}-${field}`;
  expect(await page.locator(`#${form}-${field}-error`).textContent()).toBe(`Error: ${message}`);
  const info = await accessibleInfo(
    page,
    field === 'preferredTime' ? `fieldset[data-field="preferredTime"]` : control,
  );
  expect(info.description).toContain(message);
  if (field !== 'preferredTime') expect(info.invalid).toBe(true);

  // Following the summary's link puts the cursor in the field.
  await link.click();
  expect(await focusedId(page)).toBe(`${form}-${field}`);
}

const valid = { name: 'Ada Valid', phone: '312 555 0134', consent: true } as const;

describe('Callback form: validation before sending', () => {
  it.each([
    { field: 'name', answers: { ...valid, name: '' }, message: MESSAGES.nameRequired },
    {
      field: 'name',
      answers: { ...valid, name: 'x'.repeat(LIMITS.name + 1) },
      message: MESSAGES.nameTooLong,
    },
    { field: 'phone', answers: { ...valid, phone: '' }, message: MESSAGES.phoneRequired },
    {
      field: 'phone',
      answers: { ...valid, phone: 'call me maybe' },
      message: MESSAGES.phoneInvalid,
    },
    {
      field: 'message',
      answers: { ...valid, message: 'x'.repeat(LIMITS.message + 1) },
      message: MESSAGES.messageTooLong,
    },
    { field: 'consent', answers: { ...valid, consent: false }, message: MESSAGES.consentRequired },
  ])('shows "$message" for $field and sends nothing', async ({ field, answers, message }) => {
    await fillCallback(page, answers);
    await submitCallback(page);
    await expectError('callback', field, message);
    expect(apiCalls).toBe(0);
  });

  it('lists every error of an empty form in the order of the fields', async () => {
    await submitCallback(page);
    const items = await page.locator('#callback-summary li').allTextContents();
    expect(items).toEqual([
      MESSAGES.nameRequired,
      MESSAGES.phoneRequired,
      MESSAGES.consentRequired,
    ]);
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await screenshotOf(page.locator('#callback'), 'callback-validation-errors');
    }
  });

  it('clears an error once the field is put right and the form sent again', async () => {
    await fillCallback(page, { ...valid, name: '' });
    await submitCallback(page);
    const name = uniqueName('Fixed Name');
    await callbackForm(page).getByLabel('Your name').fill(name);
    await submitCallback(page);
    await expect.poll(() => page.locator('#callback-success').isVisible()).toBe(true);
    expect(await page.locator('#callback-name').getAttribute('aria-invalid')).toBeNull();
    expect(await leadsNamed(stack, name)).toHaveLength(1);
  });

  it("shows the API's verdict when only the server can tell (a number that cannot exist)", async () => {
    // Seven digits pass the browser's light check; the full phone library says no.
    await fillCallback(page, { ...valid, name: uniqueName('Bad Number'), phone: '555 0100' });
    await submitCallback(page);
    await expect.poll(() => page.locator('#callback-summary').isVisible()).toBe(true);
    await expectError('callback', 'phone', MESSAGES.phoneInvalid);
    expect(apiCalls).toBe(1);
  });
});

describe('Question form: validation before sending', () => {
  it.each([
    {
      field: 'name',
      values: { name: '', email: 'a@example.com', message: 'Hi' },
      message: MESSAGES.nameRequired,
    },
    {
      field: 'email',
      values: { name: 'Bo', email: '', message: 'Hi' },
      message: MESSAGES.emailRequired,
    },
    {
      field: 'email',
      values: { name: 'Bo', email: 'bo@', message: 'Hi' },
      message: MESSAGES.emailInvalid,
    },
    {
      field: 'message',
      values: { name: 'Bo', email: 'a@example.com', message: '' },
      message: MESSAGES.messageRequired,
    },
  ])('shows "$message" for $field and sends nothing', async ({ field, values, message }) => {
    const form = contactForm(page);
    await form.getByLabel('Your name').fill(values.name);
    await form.getByLabel('Email').fill(values.email);
    await form.getByLabel('Your question').fill(values.message);
    await form.getByRole('button', { name: 'Send my question' }).click();
    await expectError('contact', field, message);
    expect(apiCalls).toBe(0);
  });
});
