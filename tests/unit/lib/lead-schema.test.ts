import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanAttribution,
  LIMITS,
  loosePhone,
  MESSAGES,
  validateLead,
} from '../../../functions/contract/lead-schema';
import { e164Normaliser } from '../../../functions/lib/phone';

const phone = e164Normaliser('US');

describe('Module: lead schema', () => {
  describe('validateLead', () => {
    it('treats an empty optional field as not given, and names the problem of a wrong one', () => {
      const blank = validateLead(
        { kind: 'callback', name: 'Ann', phone: '3125550188', consent: true, email: '' },
        phone,
      );
      expect(blank.ok).toBe(true);
      expect(blank.ok && blank.lead.email).toBeUndefined();
      const wrong = validateLead(
        { kind: 'callback', name: 'Ann', phone: '3125550188', consent: true, email: 'ann@' },
        phone,
      );
      expect(wrong).toEqual({ ok: false, fields: { email: MESSAGES.emailInvalid } });
    });

    it('normalises a callback: trimmed name, E.164 phone, default preferred time', () => {
      const result = validateLead(
        { kind: 'callback', name: '  Ann Lee ', phone: '(312) 555-0188', consent: 'on' },
        phone,
        { via: 'form' },
      );
      expect(result).toEqual({
        ok: true,
        lead: expect.objectContaining({
          kind: 'callback',
          name: 'Ann Lee',
          phone: '+13125550188',
          preferredTime: 'anytime',
          consent: true,
          honeypotFilled: false,
        }),
      });
    });

    it('reads an international number whatever the default country', () => {
      const result = validateLead(
        { kind: 'callback', name: 'Ann', phone: '+44 20 7946 0958', consent: true },
        phone,
      );
      expect(result.ok && result.lead.phone).toBe('+442079460958');
    });

    it('treats empty optional form fields as not given', () => {
      const result = validateLead(
        {
          kind: 'callback',
          name: 'Ann',
          phone: '3125550188',
          email: '',
          message: '',
          consent: 'on',
          idempotencyKey: '',
        },
        phone,
        { via: 'form' },
      );
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.lead.email).toBeUndefined();
        expect(result.lead.message).toBeUndefined();
        expect(result.lead.idempotencyKey).toBeUndefined();
      }
    });

    it('normalises line endings in the message and keeps its line breaks', () => {
      const result = validateLead(
        { kind: 'contact', name: 'Bo', email: 'bo@example.com', message: 'one\r\ntwo\rthree' },
        phone,
      );
      expect(result.ok && result.lead.message).toBe('one\ntwo\nthree');
    });

    it('reports every failing field at once, one message each', () => {
      const result = validateLead({ kind: 'callback' }, phone);
      expect(result).toEqual({
        ok: false,
        fields: {
          name: MESSAGES.nameRequired,
          phone: MESSAGES.phoneRequired,
          consent: MESSAGES.consentRequired,
        },
      });
    });

    it('flags a filled honeypot without refusing the request', () => {
      const result = validateLead(
        { kind: 'contact', name: 'Bot', email: 'bot@example.com', message: 'buy', website: 'x' },
        phone,
      );
      expect(result.ok && result.lead.honeypotFilled).toBe(true);
    });

    it('never throws, whatever it is given', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
          const result = validateLead(input, phone);
          expect(typeof result.ok).toBe('boolean');
        }),
      );
    });
  });

  describe('loosePhone (the browser check)', () => {
    it.each(['312 555 0188', '(312) 555-0188', '+44 20 7946 0958', '0044.20.7946.0958'])(
      'accepts %s',
      (value) => expect(loosePhone(value)).toBe(value),
    );
    it.each(['555', 'call me', '+1 (312) 555-0188 ext 4', '1'.repeat(16)])('refuses %s', (value) =>
      expect(loosePhone(value)).toBeUndefined(),
    );

    it('gives the page’s check of a callback the number as typed, trimmed', () => {
      expect(
        validateLead(
          { kind: 'callback', name: 'Ann Lee', phone: ' (312) 555-0188 ', consent: true },
          loosePhone,
        ),
      ).toEqual({
        ok: true,
        lead: {
          kind: 'callback',
          name: 'Ann Lee',
          phone: '(312) 555-0188',
          preferredTime: 'anytime',
          consent: true,
          attribution: {},
          honeypotFilled: false,
        },
      });
    });
  });

  describe('cleanAttribution', () => {
    it('keeps known fields, strips controls and line breaks, and caps lengths', () => {
      const attribution = cleanAttribution({
        utm_source: 'news\r\nletter\u0000',
        utm_medium: 42,
        referrer: `https://example.com/${'a'.repeat(1000)}`,
        unknown: 'dropped',
        gclid: '   ',
      });
      expect(attribution.utm_source).toBe('news  letter');
      expect(attribution).not.toHaveProperty('utm_medium');
      expect(attribution).not.toHaveProperty('unknown');
      expect(attribution).not.toHaveProperty('gclid');
      expect(attribution.referrer).toHaveLength(LIMITS.referrer);
    });

    it('strips every control character and broken surrogate, not only the first', () => {
      expect(cleanAttribution({ campaign: 'spring\u0000-\u202Eback\u0007-pain\uD800' })).toEqual({
        campaign: 'spring-back-pain',
      });
    });
  });
});

describe('Browser phone check (loosePhone)', () => {
  it.each([
    ['123456', undefined],
    ['1234567', '1234567'],
    ['(312) 555-0188', '(312) 555-0188'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['123456789012345', '123456789012345'],
    ['1234567890123456', undefined],
    ['312-555-0188 ext', undefined],
  ])('takes %j as %j', (raw, expected) => {
    expect(loosePhone(raw)).toBe(expected);
  });
});
