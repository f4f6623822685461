/**
 * The lead schema's optional fields: what an absent, empty or wrong value becomes, for each
 * kind of request, and the whole normalised lead a valid request gives.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES, validateLead } from '../../../functions/contract/lead-schema';
import { e164Normaliser } from '../../../functions/lib/phone';
import { callback, contact } from '../../support/api-events';

const phone = e164Normaliser('US');

describe('Module: lead schema, optional fields', () => {
  it('gives the whole normalised lead of a question, with nothing it was not sent', () => {
    expect(validateLead(contact({}), phone)).toEqual({
      ok: true,
      lead: {
        kind: 'contact',
        name: 'Bo Chen',
        email: 'bo.chen@example.com',
        message: 'Do you see patients on Saturdays?',
        consent: false,
        attribution: {},
        honeypotFilled: false,
      },
    });
  });

  it('gives the whole normalised lead of a callback with every optional field', () => {
    const result = validateLead(
      callback({
        phone: '(312) 555-0188 ext. 7',
        email: ' Ann@Example.com ',
        preferredTime: 'evening',
        message: ' Lower back ',
        idempotencyKey: ' 3F2504E0-4F89-41D3-9A0C-0305E82C3301 ',
        utm_source: 'newsletter',
      }),
      phone,
    );
    expect(result).toEqual({
      ok: true,
      lead: {
        kind: 'callback',
        name: 'Ann Lee',
        phone: '+13125550188',
        phoneExtension: '7',
        phoneDisplay: '(312) 555-0188',
        email: 'Ann@example.com',
        preferredTime: 'evening',
        message: 'Lower back',
        consent: true,
        idempotencyKey: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        attribution: { utm_source: 'newsletter' },
        honeypotFilled: false,
      },
    });
  });

  it('leaves a question without a best time to call, and a callback at any time', () => {
    const question = validateLead(contact({}), phone);
    const call = validateLead(callback({ preferredTime: undefined }), phone);
    expect(question.ok && 'preferredTime' in question.lead).toBe(false);
    expect(call.ok && call.lead.preferredTime).toBe('anytime');
  });

  it('keeps the phone number a question may carry, without an extension when none was given', () => {
    const result = validateLead(contact({ phone: '312 555 0188' }), phone);
    expect(result.ok && result.lead.phone).toBe('+13125550188');
    expect(result.ok && 'phoneExtension' in result.lead).toBe(false);
  });

  it.each([
    ['JSON null', null, 'json'],
    ['an empty string', '', 'json'],
    ['an empty form field', '', 'form'],
  ] as const)('reads %s as no consent on a question', (_what, consent, via) => {
    const result = validateLead(contact({ consent }), phone, { via });
    expect(result.ok).toBe(true);
    expect(result.ok && result.lead.consent).toBe(false);
  });

  it('refuses a boolean false as consent from the plain form, which sends only text', () => {
    expect(validateLead(contact({ consent: false }), phone, { via: 'form' })).toEqual({
      ok: false,
      fields: { consent: MESSAGES.consentValue },
    });
  });

  it.each([
    ['email', 42],
    ['message', ['a', 'list']],
    ['phone', { number: '312 555 0188' }],
  ])('says the optional %s must be text when it is not', (field, value) => {
    expect(validateLead(contact({ [field]: value }), phone)).toEqual({
      ok: false,
      fields: { [field]: MESSAGES.text },
    });
  });

  it.each([['not-a-uuid'], [42], ['3f2504e0-4f89-41d3-9a0c']])(
    'refuses the form reference %j',
    (idempotencyKey) => {
      expect(validateLead(contact({ idempotencyKey }), phone)).toEqual({
        ok: false,
        fields: { idempotencyKey: MESSAGES.idempotencyKey },
      });
    },
  );

  it.each([
    ['no kind', {}],
    ['an unknown kind', { kind: 'newsletter' }],
  ])('asks which kind of request it is when given %s', (_what, input) => {
    expect(validateLead(input, phone)).toEqual({ ok: false, fields: { kind: MESSAGES.kind } });
  });

  it('asks which kind of request it is when the body is not an object at all', () => {
    expect(validateLead(null as unknown as Record<string, unknown>, phone)).toEqual({
      ok: false,
      fields: { kind: 'Choose whether you want a callback or want to send a question.' },
    });
  });

  it.each([
    ['null', null, false],
    ['blank text', '   ', false],
    ['text', 'https://spam.example', true],
    ['a number', 0, true],
    ['false', false, true],
  ])('reads a honeypot of %s as filled: %s', (_what, website, filled) => {
    const result = validateLead(contact({ website }), phone);
    expect(result.ok).toBe(true);
    expect(result.ok && result.lead.honeypotFilled).toBe(filled);
  });
});
