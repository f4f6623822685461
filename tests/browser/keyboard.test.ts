/**
 * The whole request by keyboard alone: skip link, the hero's call to action, a refused attempt,
 * the summary's link back to the field, every control of the form, and the confirmation.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../functions/contract/lead-schema';
import { focusedId } from './support/a11y-tree';
import { leadsNamed, uniqueName } from './support/stack';
import { useBrowserSuite } from './support/suite';

const suite = useBrowserSuite();

describe('Keyboard only', () => {
  it('requests a callback without touching the mouse', async () => {
    const context = await suite.browser.context();
    const page = await context.newPage();
    await page.goto(`${suite.stack.webUrl}/`);
    const { keyboard } = page;
    const tab = async () => {
      await keyboard.press('Tab');
      return focusedId(page);
    };

    // The first stop is the skip link, and it lands in the main content.
    expect(await tab()).toBe('a');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to main content',
    );
    await keyboard.press('Enter');
    expect(await focusedId(page)).toBe('main');

    // The hero's call to action leads straight into the callback form.
    await tab();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(
      '#callback',
    );
    await keyboard.press('Enter');
    expect(await tab()).toBe('callback-name');

    // Enter in an empty form: the summary takes focus, and its link leads back to the field.
    await keyboard.press('Enter');
    // The form's module may still be on its way (fetched when the form took focus).
    await expect.poll(() => focusedId(page)).toBe('callback-summary');
    await tab();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      MESSAGES.nameRequired,
    );
    await keyboard.press('Enter');
    expect(await focusedId(page)).toBe('callback-name');

    const name = uniqueName('Keys Only');
    await keyboard.type(name);
    expect(await tab()).toBe('callback-phone');
    await keyboard.type('312 555 0198');
    // The radio group is one stop; arrows choose within it ("Any time" is chosen first).
    expect(await tab()).toBe('callback-preferredTime-anytime');
    await keyboard.press('ArrowUp');
    expect(await focusedId(page)).toBe('callback-preferredTime-evening');
    expect(await tab()).toBe('callback-message');
    await keyboard.type('Please ask for me, not my partner.');
    expect(await tab()).toBe('callback-consent');
    await keyboard.press('Space');
    await tab();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Request my callback',
    );
    await keyboard.press('Enter');

    await expect.poll(() => focusedId(page)).toBe('callback-success');
    const leads = await leadsNamed(suite.stack, name);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      preferredTime: 'evening',
      message: 'Please ask for me, not my partner.',
      consent: expect.objectContaining({ disclosureVersion: expect.any(String) }),
    });
    await context.close();
  });
});
