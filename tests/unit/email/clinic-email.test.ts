import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicSubject, renderClinicEmail } from '../../../functions/lib/email/clinic-email';
import { escapeHtml } from '../../../functions/contract/html';
import { UnsafeHeaderValueError } from '../../../functions/lib/email/escape';
import { makeConfig, makeLead } from '../notify/fixtures';

// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        '<script>alert(1)</script>',
        '</td></tr></table><h1>Free</h1>',
        '"><a href="https://evil.example">',
        "'-alert(1)-'",
        '&lt;already&gt;',
        '\r\nBcc: victim@example.com',
        '\u0000\u0007\u001B[31m',
        '\u202Egnp.exe',
        '😀 Zoë 李 مرحبا',
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => parts.join(' ')),
);

/** The tags of an HTML document, in order, without attributes or text. */
const tags = (html: string) => html.match(/<\/?[a-z0-9!]+/gi) ?? [];

describe('Clinic email', () => {
  const config = makeConfig();

  describe('subject', () => {
    it.each([
      [
        { kind: 'callback', name: 'Ann Lee', preferredTime: 'morning' },
        'Callback request: Ann Lee, morning',
      ],
      [
        { kind: 'callback', name: 'Ann Lee', preferredTime: 'anytime' },
        'Callback request: Ann Lee, any time',
      ],
      [
        { kind: 'callback', name: 'Ann Lee', preferredTime: undefined },
        'Callback request: Ann Lee, any time',
      ],
      [{ kind: 'contact', name: 'Bo Chen', preferredTime: undefined }, 'Contact request: Bo Chen'],
    ] as const)('for %j is %j', (lead, expected) => {
      expect(clinicSubject(lead)).toBe(expected);
    });

    it('says who and when but never the note, whatever the note says', () => {
      fc.assert(
        fc.property(hostile, hostile, (message, otherMessage) => {
          const a = renderClinicEmail(makeLead({ id: 'lead-1', message }), config);
          const b = renderClinicEmail(makeLead({ id: 'lead-1', message: otherMessage }), config);
          expect(a.subject).toBe(b.subject);
        }),
      );
      const email = renderClinicEmail(makeLead({ message: 'Sciatica after a fall' }), config);
      expect(email.subject).not.toMatch(/sciatica|fall/i);
    });

    it('stays one line of safe characters, whatever the name', () => {
      fc.assert(
        fc.property(hostile, (name) => {
          const { subject } = renderClinicEmail(makeLead({ name }), config);
          expect(subject).not.toMatch(CONTROL_OR_BREAK);
          expect(subject.length).toBeLessThanOrEqual(200);
        }),
      );
    });
  });

  it('has a plain text and an HTML body', () => {
    const email = renderClinicEmail(makeLead(), config);
    expect(email.text).toContain('Ann Lee');
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('Ann Lee');
  });

  it('goes to every configured recipient', () => {
    const email = renderClinicEmail(
      makeLead(),
      makeConfig({ recipients: ['a@clinic.example.com', 'b@clinic.example.com'] }),
    );
    expect(email.to).toEqual(['a@clinic.example.com', 'b@clinic.example.com']);
  });

  it('sets Reply-To to the patient when they gave an email address', () => {
    const email = renderClinicEmail(makeLead({ email: 'ann@example.com' }), config);
    expect(email.replyTo).toEqual(['ann@example.com']);
  });

  it('sets no Reply-To when the patient gave no email address', () => {
    expect(renderClinicEmail(makeLead({ email: undefined }), config).replyTo).toEqual([]);
  });

  it('leaves out of Reply-To an address that could carry a header, but still shows the lead', () => {
    const email = renderClinicEmail(
      makeLead({ email: 'ann@example.com\r\nBcc: victim@example.com' }),
      config,
    );
    expect(email.replyTo).toEqual([]);
    expect(email.text).toContain('ann@example.com Bcc: victim@example.com');
  });

  it('links the phone number with tel:', () => {
    const email = renderClinicEmail(makeLead({ phone: '+13125550199' }), config);
    expect(email.html).toContain('href="tel:+13125550199"');
    expect(email.text).toContain('+13125550199');
  });

  it('makes no link of a phone number that is not E.164', () => {
    const email = renderClinicEmail(makeLead({ phone: 'javascript:alert(1)' }), config);
    expect(email.html).not.toContain('href="javascript');
    expect(email.html).not.toContain('tel:');
  });

  it('shows the preferred time, campaign, UTM source and lead id', () => {
    const lead = makeLead({
      preferredTime: 'evening',
      attribution: { campaign: 'spring-offer', utm_source: 'newsletter' },
    });
    const email = renderClinicEmail(lead, config);
    for (const body of [email.text, email.html]) {
      expect(body).toContain('Early evening (5–7pm)');
      expect(body).toContain('spring-offer');
      expect(body).toContain('newsletter');
      expect(body).toContain(lead.id);
    }
  });

  it('says so when no campaign or source was recorded', () => {
    const email = renderClinicEmail(makeLead({ attribution: {} }), config);
    expect(email.text).toContain('Campaign: not recorded');
    expect(email.text).toContain('Source (utm_source): not recorded');
  });

  it('shows when the lead arrived in the clinic’s time zone', () => {
    const lead = makeLead({ createdAt: '2026-03-03T15:15:00.000Z' });
    expect(renderClinicEmail(lead, config).text).toContain(
      'Received: Tuesday, March 3, 2026 at 9:15 AM CST',
    );
    const london = makeConfig({ clinic: { ...config.clinic, timeZone: 'Europe/London' } });
    expect(renderClinicEmail(lead, london).text).toContain('3:15 PM GMT');
  });

  it('shows the note in the body, quoted so it cannot pose as a field', () => {
    const email = renderClinicEmail(
      makeLead({ message: 'Line one\nLead id: fake\nLine three' }),
      config,
    );
    expect(email.text).toContain('> Line one\n> Lead id: fake\n> Line three');
    expect(email.html).toContain('Line one\nLead id: fake\nLine three');
  });

  it('escapes every value from the patient in the HTML body', () => {
    const note = hostile.filter((s) => s.trim() !== '');
    fc.assert(
      // Blank attribution values leave out their rows, so only non-blank ones keep the layout.
      fc.property(hostile, note, note, note, (name, message, campaign, source) => {
        const lead = makeLead({
          id: 'lead-1',
          name,
          message,
          email: 'ann@example.com',
          attribution: { campaign, utm_source: source, referrer: campaign },
        });
        const plain = makeLead({
          id: 'lead-1',
          name: 'x',
          message: 'x',
          email: 'ann@example.com',
          attribution: { campaign: 'x', utm_source: 'x', referrer: 'x' },
        });
        const html = renderClinicEmail(lead, config).html;
        // Same tags as a harmless lead: nothing a patient typed became markup.
        expect(tags(html)).toEqual(tags(renderClinicEmail(plain, config).html));
        // And the message is there, escaped, for the front desk to read.
        expect(html).toContain(escapeHtml(message));
      }),
    );
  });

  it('never puts a line break or control character in a header value', () => {
    fc.assert(
      fc.property(hostile, hostile, (name, email) => {
        const rendered = renderClinicEmail(makeLead({ name, email }), config);
        for (const value of [rendered.subject, ...rendered.to, ...rendered.replyTo]) {
          expect(value).not.toMatch(CONTROL_OR_BREAK);
        }
      }),
    );
  });

  it('refuses a configured recipient that is not a plain address', () => {
    expect(() =>
      renderClinicEmail(
        makeLead(),
        makeConfig({ recipients: ['a@example.com\nBcc: b@example.com'] }),
      ),
    ).toThrow(UnsafeHeaderValueError);
  });
});
