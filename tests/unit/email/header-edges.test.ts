/**
 * What reaches an email header from a lead: nothing that reads as an RFC 2047 encoded word,
 * internationalised addresses in their ASCII form, and the phone extension in the body.
 */
import { describe, expect, it } from 'vitest';
import { clinicSubject, renderClinicEmail } from '../../../functions/lib/email/clinic-email';
import { formatMailbox, safeAddress } from '../../../functions/lib/email/escape';
import { renderPatientConfirmation } from '../../../functions/lib/email/patient-email';
import { makeConfig, makeLead } from '../../support/lead-fixtures';

// RFC 2047: =?charset?encoding?encoded-text?=
const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/i;

describe('Email headers at the edges', () => {
  const config = makeConfig();

  it.each(['=?UTF-8?B?4oCuZXZpbA==?=', 'Ann =?utf-8?q?=E2=80=AE?= Lee', '=?ISO-8859-1*en?Q?a?='])(
    'keeps the name %j from reaching the subject as an encoded word',
    (name) => {
      const subject = clinicSubject({ kind: 'callback', name, preferredTime: 'morning' });
      expect(subject).not.toMatch(ENCODED_WORD);
      expect(subject).toContain('= ?');
      expect(renderClinicEmail(makeLead({ name }), config).subject).not.toMatch(ENCODED_WORD);
    },
  );

  it('keeps a sender name from reaching From as an encoded word', () => {
    expect(formatMailbox('=?UTF-8?B?4oCu?=', 'leads@example.com')).toBe(
      '"= ?UTF-8?B?4oCu?=" <leads@example.com>',
    );
  });

  it('sends Reply-To and To in the ASCII form of an internationalised domain', () => {
    const lead = makeLead({ email: "o'brien@münchen.de" });
    expect(renderClinicEmail(lead, config).replyTo).toEqual(["o'brien@xn--mnchen-3ya.de"]);
    expect(renderPatientConfirmation(lead, config).to).toEqual(["o'brien@xn--mnchen-3ya.de"]);
    expect(renderClinicEmail(lead, config).text).toContain("o'brien@münchen.de");
  });

  it('refuses, as a header, an address the one rule refuses', () => {
    expect(() => safeAddress(`${'a'.repeat(65)}@example.com`, 'The address')).toThrow(
      'The address is not a plain email address',
    );
  });

  it('shows the phone extension next to the number', () => {
    const email = renderClinicEmail(
      makeLead({ phone: '+13125550188', phoneExtension: '123' }),
      config,
    );
    expect(email.text).toContain('Phone: +13125550188 ext. 123');
    expect(email.html).toContain('+13125550188 ext. 123');
  });
});
