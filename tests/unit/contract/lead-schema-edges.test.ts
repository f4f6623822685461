/**
 * The lead schema at the edges of its input: addresses, lengths, consent values, control
 * characters and invisible text. The page runs the same schema (with its light phone check).
 */
import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  loosePhone,
  MESSAGES,
  validateLead,
} from '../../../functions/contract/lead-schema';
import { e164Normaliser } from '../../../functions/lib/phone';

const phone = e164Normaliser('US');
const contact = (overrides: Record<string, unknown>) => ({
  kind: 'contact',
  name: 'Bo Chen',
  email: 'bo@example.com',
  message: 'Do you see patients on Saturdays?',
  ...overrides,
});
const callback = (overrides: Record<string, unknown>) => ({
  kind: 'callback',
  name: 'Ann Lee',
  phone: '312 555 0188',
  consent: true,
  ...overrides,
});

describe('Module: lead schema at the edges', () => {
  describe('email addresses (the one rule, on the page and in the API)', () => {
    it.each([
      "o'brien@example.com",
      'ann+clinic@example.com',
      "a!#$%&'*+/=?^_`{|}~-z@example.com",
      'ann@münchen.de',
      'ann@xn--mnchen-3ya.de',
    ])('accepts %s, on the page and in the API', (email) => {
      for (const normaliser of [phone, loosePhone]) {
        const result = validateLead(contact({ email }), normaliser);
        expect(result.ok, JSON.stringify(result)).toBe(true);
      }
    });

    it.each([
      [`${'a'.repeat(65)}@example.com`, MESSAGES.emailLocalPartTooLong],
      [`ann@${'b'.repeat(64)}.example.com`, MESSAGES.emailLabelTooLong],
      ['ann..lee@example.com', MESSAGES.emailLocalPart],
      ['ann@localhost', MESSAGES.emailDomain],
      ['ann.example.com', MESSAGES.emailInvalid],
    ])('refuses %s with a message that says what to fix', (email, message) => {
      expect(validateLead(contact({ email }), loosePhone)).toEqual({
        ok: false,
        fields: { email: message },
      });
    });

    it('says the limits in the messages', () => {
      expect(MESSAGES.emailLocalPartTooLong).toContain('64 characters');
      expect(MESSAGES.emailLabelTooLong).toContain('63 characters');
    });
  });

  describe('lengths count characters as a person sees them (code points)', () => {
    it('accepts a name of 100 emoji (200 UTF-16 units) and refuses 101', () => {
      const ok = validateLead(callback({ name: '😀'.repeat(100) }), phone);
      expect(ok.ok && ok.lead.name).toBe('😀'.repeat(100));
      expect(validateLead(callback({ name: '😀'.repeat(101) }), phone)).toEqual({
        ok: false,
        fields: { name: MESSAGES.nameTooLong },
      });
    });

    it('accepts a message of 2,000 characters outside the basic plane and refuses 2,001', () => {
      expect(validateLead(contact({ message: '𝄞'.repeat(LIMITS.message) }), phone).ok).toBe(true);
      expect(validateLead(contact({ message: '𝄞'.repeat(LIMITS.message + 1) }), phone)).toEqual({
        ok: false,
        fields: { message: MESSAGES.messageTooLong },
      });
    });

    it('never cuts an attribution value inside a character', () => {
      const result = validateLead(callback({ utm_campaign: `${'a'.repeat(199)}😀😀` }), phone);
      expect(result.ok && result.lead.attribution.utm_campaign).toBe(`${'a'.repeat(199)}😀`);
    });
  });

  describe('consent, as each content type sends it', () => {
    it.each(['on', 'yes', 'true', 1, 'TRUE'])('refuses %j as consent in JSON', (consent) => {
      expect(validateLead(callback({ consent }), phone)).toEqual({
        ok: false,
        fields: { consent: MESSAGES.consentValue },
      });
    });

    it('takes JSON true as consent, and false or absent as none', () => {
      expect(validateLead(callback({ consent: true }), phone).ok).toBe(true);
      const none = validateLead(contact({ consent: false }), phone);
      expect(none.ok && none.lead.consent).toBe(false);
      expect(validateLead(callback({ consent: false }), phone)).toEqual({
        ok: false,
        fields: { consent: MESSAGES.consentRequired },
      });
    });

    it.each(['true', 'yes', 'checked', '1'])(
      'refuses %j as consent from the plain form, which sends only "on"',
      (consent) => {
        expect(validateLead(callback({ consent }), phone, { via: 'form' })).toEqual({
          ok: false,
          fields: { consent: MESSAGES.consentValue },
        });
      },
    );

    it('takes "on" from the plain form, and an unticked box as none', () => {
      const given = validateLead(callback({ consent: 'on' }), phone, { via: 'form' });
      expect(given.ok && given.lead.consent).toBe(true);
      const none = validateLead(contact({}), phone, { via: 'form' });
      expect(none.ok && none.lead.consent).toBe(false);
    });
  });

  describe('control characters in the message', () => {
    it('keeps tabs and every kind of line break (as LF)', () => {
      const result = validateLead(
        contact({ message: 'a\tb\r\nc\rd\ne\u2028f\u2029g\u0085h' }),
        phone,
      );
      expect(result.ok && result.lead.message).toBe('a\tb\nc\nd\ne\nf\ng\nh');
    });

    it.each(['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u009b', '\u202e', '\u2066'])(
      'refuses %j with a message that says tabs and line breaks are fine',
      (control) => {
        expect(validateLead(contact({ message: `Hello ${control} there` }), phone)).toEqual({
          ok: false,
          fields: { message: MESSAGES.messageControlChars },
        });
        expect(MESSAGES.messageControlChars).toContain('tabs and line breaks are fine');
      },
    );
  });

  describe('text that is not what it seems', () => {
    it.each([
      ['zero-width spaces', '\u200b\u200b\u200b'],
      ['a Hangul filler', '\u3164'],
      ['a word joiner and a soft hyphen', '\u2060\u00ad'],
      ['combining marks alone', '\u0301\u0302'],
      ['the blank braille pattern', '\u2800\u2800'],
      ['variation selectors', '\ufe0f\ufe0f'],
    ])('refuses a name made only of %s', (_what, name) => {
      expect(validateLead(callback({ name }), phone)).toEqual({
        ok: false,
        fields: { name: MESSAGES.nameInvisible },
      });
    });

    it('refuses a name of no-break and ideographic spaces as empty (they are trimmed)', () => {
      expect(validateLead(callback({ name: '\u00a0\u3000' }), phone)).toEqual({
        ok: false,
        fields: { name: MESSAGES.nameRequired },
      });
    });

    it.each(['Zoë', '李小龙', '😀', 'A\u200bnn', 'محمد'])('accepts the name %j', (name) => {
      expect(validateLead(callback({ name }), phone).ok).toBe(true);
    });

    it('refuses a message made only of invisible characters as empty', () => {
      expect(validateLead(contact({ message: '\u200b\u200b' }), phone)).toEqual({
        ok: false,
        fields: { message: MESSAGES.messageRequired },
      });
    });

    it('refuses half a surrogate pair in a name', () => {
      expect(validateLead(callback({ name: 'Ann\ud800' }), phone)).toEqual({
        ok: false,
        fields: { name: MESSAGES.controlChars },
      });
    });
  });
});
