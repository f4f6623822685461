/**
 * Every validation error, in a real browser: it appears beside its field and in a summary that
 * takes focus and links to the field, and assistive technology is told (the field is marked
 * invalid and described by the message). The messages are the API's own, from the lead schema.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS, MESSAGES } from '../../functions/contract/lead-schema';
import { accessibleInfo, focusedId } from './support/a11y-tree';
import { screenshotOf, VIEWPORTS } from './support/browser';
import { callbackForm, contactForm, fillCallback, submitCallback } from './support/forms';
import { leadsNamed, uniqueName } from './support/stack';
import { useLandingPage } from './support/suite';

/** Requests each test's page sends to the API (the warm-up GET at the first input sends nothing). */
let apiCalls: number;
const suite = useLandingPage({
  onPage: (page) => {
    apiCalls = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/leads')) apiCalls += 1;
    });
  },
});

/** Asserts that one field shows one message in every way a person can perceive it. */
async function expectError(form: 'callback' | 'contact', field: string, message: string) {
  const summary = suite.page.locator(`#${form}-summary`);
  expect(await summary.isVisible()).toBe(true);
  expect(await focusedId(suite.page)).toBe(`${form}-summary`);
  const link = summary.getByRole('link', { name: message });
  expect(await link.getAttribute('href')).toBe(`#${form}-${field}`);
  expect(await summary.getByRole('alert').textContent()).toContain(message);

  const control = `#${form}-${field}`;
  expect(await suite.page.locator(`#${form}-${field}-error`).textContent()).toBe(
    `Error: ${message}`,
  );
  const info = await accessibleInfo(
    suite.page,
    field === 'preferredTime' ? `fieldset[data-field="preferredTime"]` : control,
  );
  expect(info.description).toContain(message);
  if (field !== 'preferredTime') expect(info.invalid).toBe(true);

  // Following the summary's link puts the cursor in the field.
  await link.click();
  expect(await focusedId(suite.page)).toBe(`${form}-${field}`);
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
    await fillCallback(suite.page, answers);
    await submitCallback(suite.page);
    await expectError('callback', field, message);
    expect(apiCalls).toBe(0);
  });

  it('lists every error of an empty form in the order of the fields', async () => {
    await submitCallback(suite.page);
    const items = await suite.page.locator('#callback-summary li').allTextContents();
    expect(items).toEqual([
      MESSAGES.nameRequired,
      MESSAGES.phoneRequired,
      MESSAGES.consentRequired,
    ]);
    for (const viewport of Object.values(VIEWPORTS)) {
      await suite.page.setViewportSize(viewport);
      await screenshotOf(suite.page.locator('#callback'), 'callback-validation-errors');
    }
  });

  it('clears an error once the field is put right and the form sent again', async () => {
    await fillCallback(suite.page, { ...valid, name: '' });
    await submitCallback(suite.page);
    const name = uniqueName('Fixed Name');
    await callbackForm(suite.page).getByLabel('Your name').fill(name);
    await submitCallback(suite.page);
    await expect.poll(() => suite.page.locator('#callback-success').isVisible()).toBe(true);
    expect(await suite.page.locator('#callback-name').getAttribute('aria-invalid')).toBeNull();
    expect(await leadsNamed(suite.stack, name)).toHaveLength(1);
  });

  it("shows the API's verdict when only the server can tell (a number that cannot exist)", async () => {
    // Seven digits pass the browser's light check; the full phone library says no.
    await fillCallback(suite.page, { ...valid, name: uniqueName('Bad Number'), phone: '555 0100' });
    await submitCallback(suite.page);
    await expect.poll(() => suite.page.locator('#callback-summary').isVisible()).toBe(true);
    await expectError('callback', 'phone', MESSAGES.phoneInvalid);
    expect(apiCalls).toBe(1);
  });
});

const question = { name: 'Bo', email: 'a@example.com', message: 'Hi' } as const;

describe('Question form: validation before sending', () => {
  it.each([
    { field: 'name', values: { ...question, name: '' }, message: MESSAGES.nameRequired },
    { field: 'email', values: { ...question, email: '' }, message: MESSAGES.emailRequired },
    { field: 'email', values: { ...question, email: 'bo@' }, message: MESSAGES.emailInvalid },
    {
      field: 'email',
      values: { ...question, email: `${'b'.repeat(65)}@example.com` },
      message: MESSAGES.emailLocalPartTooLong,
    },
    {
      field: 'email',
      values: { ...question, email: `bo@${'c'.repeat(64)}.example.com` },
      message: MESSAGES.emailLabelTooLong,
    },
    { field: 'message', values: { ...question, message: '' }, message: MESSAGES.messageRequired },
  ])('shows "$message" for $field and sends nothing', async ({ field, values, message }) => {
    const form = contactForm(suite.page);
    await form.getByLabel('Your name').fill(values.name);
    await form.getByLabel('Email').fill(values.email);
    await form.getByLabel('Your question').fill(values.message);
    await form.getByRole('button', { name: 'Send my question' }).click();
    await expectError('contact', field, message);
    expect(apiCalls).toBe(0);
  });
});
