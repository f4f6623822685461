/**
 * The page the submit function answers a refused plain form with: a whole, safe document that
 * keeps what the patient typed, shows each error beside its field and in a linked summary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_DISCLOSURE } from '../../../functions/contract/consent';
import { MESSAGES } from '../../../functions/contract/lead-schema';
import { renderFormPage } from '../../../functions/contract/form-page';
import { STABLE_STYLESHEET } from '../../../functions/contract/layout';

const clinic = { name: 'Test Clinic', phone: '+13125550100' };

describe('renderFormPage', () => {
  it('renders a complete document in English with a title and the stable stylesheet', () => {
    const html = renderFormPage({ kind: 'callback', values: {} }, clinic);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<title>Please check your request – Test Clinic<\/title>/);
    expect(html).toContain(`<link rel="stylesheet" href="${STABLE_STYLESHEET}">`);
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('has no script, no style block and no style attribute (the CSP allows none)', () => {
    const html = renderFormPage(
      { kind: 'contact', values: { name: 'x' }, fields: { email: MESSAGES.emailRequired } },
      clinic,
    );
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('shows each error beside its field and as a summary link to the field', () => {
    const html = renderFormPage(
      {
        kind: 'callback',
        values: { name: 'Ann', phone: '12' },
        fields: { phone: MESSAGES.phoneInvalid, consent: MESSAGES.consentRequired },
      },
      clinic,
    );
    expect(html).toContain(
      `<li><a href="#callback-phone">${MESSAGES.phoneInvalid}</a></li><li><a href="#callback-consent">`,
    );
    expect(html).toContain(
      '<p class="field-error" id="callback-phone-error"><span class="visually-hidden">Error: </span>',
    );
    expect(html).toMatch(
      /id="callback-phone" name="phone" required aria-describedby="callback-phone-hint callback-phone-error" aria-invalid="true"/,
    );
    expect(html).toMatch(
      /<div class="error-summary" id="callback-summary" tabindex="-1" autofocus>/,
    );
  });

  it('keeps the values the patient typed, and the consent they gave', () => {
    const html = renderFormPage(
      {
        kind: 'callback',
        values: {
          name: 'Ann Lee',
          phone: '312',
          preferredTime: 'evening',
          consent: 'on',
          message: 'Hi',
        },
        fields: { phone: MESSAGES.phoneInvalid },
      },
      clinic,
    );
    expect(html).toContain('value="Ann Lee"');
    expect(html).toContain('value="evening" checked');
    expect(html).toMatch(/id="callback-consent" name="consent" value="on" checked/);
    expect(html).toContain('>Hi</textarea>');
  });

  it('shows the consent disclosure word for word beside the button', () => {
    const html = renderFormPage({ kind: 'callback', values: {} }, clinic);
    const label = html.indexOf(CONSENT_DISCLOSURE.text(clinic.name));
    expect(label).toBeGreaterThan(0);
    expect(html.indexOf('<button type="submit"')).toBeGreaterThan(label);
  });

  it('shows a problem that is not about one field and focuses it', () => {
    const html = renderFormPage(
      { kind: 'contact', values: {}, problem: 'Too many requests. Try again in 5 minutes.' },
      clinic,
    );
    expect(html).toMatch(/<title>Your request was not sent/);
    expect(html).toMatch(/data-problem-box autofocus>\n<div role="alert">\n<p>Too many requests/);
    expect(html).toContain('id="contact-form"');
  });

  it('escapes every value, whatever a patient or an attacker sends', () => {
    // Each value tries to open an element and to break out of an attribute.
    const hostile = fc.string().map((s) => `<zz-inject>${s}" zz-attr="1' zz-attr='1`);
    fc.assert(
      fc.property(hostile, hostile, fc.string(), (name, message, field) => {
        const html = renderFormPage(
          {
            kind: 'contact',
            values: { name, message, utm_source: name, [field]: message },
            fields: { name: message, [field]: name },
            problem: name,
          },
          { name: message, phone: name },
        );
        expect(html).not.toContain('<zz-inject');
        expect(html).not.toMatch(/zz-attr=["']/);
      }),
      { numRuns: 200 },
    );
  });
});
