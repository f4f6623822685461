/**
 * Filling the request forms as a person would: by their visible labels, so a test breaks when
 * a label stops naming its field.
 */
import type { Page } from 'playwright-core';
import { FORM_COPY } from '../../../functions/contract/form-copy';
import { FIELD_TEXT } from '../../../functions/contract/lead-schema';
import type { PreferredTime } from '../../../functions/contract/lead-schema';
import { CLINIC } from '../../../web/content/clinic';

export interface CallbackAnswers {
  readonly name?: string;
  readonly phone?: string;
  readonly preferredTime?: PreferredTime;
  readonly message?: string;
  readonly consent?: boolean;
}

/** The callback form (the one in the hero). */
export const callbackForm = (page: Page) => page.locator('#callback-form');
/** The question form further down. */
export const contactForm = (page: Page) => page.locator('#contact-form');

export async function fillCallback(page: Page, answers: CallbackAnswers): Promise<void> {
  const form = callbackForm(page);
  if (answers.name !== undefined) await form.getByLabel(FIELD_TEXT.name.label).fill(answers.name);
  if (answers.phone !== undefined)
    await form.getByLabel(FIELD_TEXT.phone.label).fill(answers.phone);
  if (answers.preferredTime !== undefined) {
    // The window's name, then its times from the opening hours: "Morning (8am–12pm)".
    const name = CLINIC.callback.windowNames[answers.preferredTime];
    await form.getByRole('radio', { name: new RegExp(`^${name}( \\(|$)`) }).check();
  }
  if (answers.message !== undefined) {
    const label = FORM_COPY.callback.note?.label ?? FIELD_TEXT.message.label;
    await form.getByLabel(label).fill(answers.message);
  }
  if (answers.consent === true) await form.getByRole('checkbox').check();
}

export async function submitCallback(page: Page): Promise<void> {
  await callbackForm(page).getByRole('button', { name: 'Request my callback' }).click();
}
