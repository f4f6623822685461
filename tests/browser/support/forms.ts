/**
 * Filling the request forms as a person would: by their visible labels, so a test breaks when
 * a label stops naming its field.
 */
import type { Page } from 'playwright-core';
import { FIELD_TEXT, PREFERRED_TIME_LABELS } from '../../../functions/contract/lead-schema';
import type { PreferredTime } from '../../../functions/contract/lead-schema';

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
    await form.getByLabel(PREFERRED_TIME_LABELS[answers.preferredTime]).check();
  }
  if (answers.message !== undefined) {
    await form.getByLabel(FIELD_TEXT.message.label).fill(answers.message);
  }
  if (answers.consent === true) await form.getByRole('checkbox').check();
}

export async function submitCallback(page: Page): Promise<void> {
  await callbackForm(page).getByRole('button', { name: 'Request my callback' }).click();
}
