import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicSubject, renderClinicEmail } from '../../../functions/lib/email/clinic-email';
import { UnsafeHeaderValueError } from '../../../functions/lib/email/escape';
import { makeConfig, makeLead } from '../../support/lead-fixtures';

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

/**
 * HTML-escaped text as the clinic should receive it, written here independently of the
 * escaper under test: `&` first, then the four characters that can open markup or end a
 * quoted attribute.
 */
const escapedForHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

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

  it('reads, word for word, as a callback with every attribution field', () => {
    const lead = makeLead({
      id: 'lead-1',
      email: 'ann@example.com',
      attribution: {
        campaign: 'spring',
        utm_source: 'google',
        utm_medium: 'cpc',
        utm_campaign: 'c',
        utm_term: 't',
        utm_content: 'x',
        gclid: 'g',
        referrer: 'https://r.example/',
        landingPath: '/spring/',
      },
    });
    const email = renderClinicEmail(lead, config);
    expect(email.purpose).toBe('clinic-notification');
    expect(email.text).toBe(
      [
        'Ann Lee asked for a call back',
        '',
        'Name: Ann Lee',
        'Phone: +13125550199',
        'Best time to call: Morning (8am–12pm)',
        'Email: ann@example.com (reply to this email)',
        '',
        'Their note (it may hold health details: keep it within the clinic):',
        '> Sciatica down my left leg since a fall in January.',
        '',
        'Received: Tuesday, March 3, 2026 at 9:15 AM CST',
        'Campaign: spring',
        'Source (utm_source): google',
        'Medium (utm_medium): cpc',
        'Ad campaign (utm_campaign): c',
        'Search term (utm_term): t',
        'Ad content (utm_content): x',
        'Google click id: g',
        'Came from: https://r.example/',
        'Landing page: /spring/',
        'Consent to calls and texts: given (disclosure version 2026-01)',
        'Lead id: lead-1',
        '',
        'Sent by the website when the request was stored. Please do not forward this email outside the clinic.',
        '',
      ].join('\n'),
    );
    expect(email.html).toContain('>Call Ann Lee</a>');
  });

  it('reads, word for word, as a question without phone, consent or attribution', () => {
    const lead = makeLead({
      id: 'lead-2',
      kind: 'contact',
      phone: undefined,
      preferredTime: undefined,
      email: 'bo@example.com',
      consent: undefined,
      attribution: {},
    });
    const email = renderClinicEmail(lead, config);
    expect(email.subject).toBe('Contact request: Ann Lee');
    expect(email.text).toBe(
      [
        'Ann Lee sent a question through the website',
        '',
        'Name: Ann Lee',
        'Email: bo@example.com (reply to this email)',
        '',
        'Their note (it may hold health details: keep it within the clinic):',
        '> Sciatica down my left leg since a fall in January.',
        '',
        'Received: Tuesday, March 3, 2026 at 9:15 AM CST',
        'Campaign: not recorded',
        'Source (utm_source): not recorded',
        'Consent to calls and texts: not given',
        'Lead id: lead-2',
        '',
        'Sent by the website when the request was stored. Please do not forward this email outside the clinic.',
        '',
      ].join('\n'),
    );
    expect(email.html).not.toContain('tel:');
  });

  it.each([
    ['morning', 'Morning (8am–12pm)'],
    ['afternoon', 'Afternoon (12–5pm)'],
    ['evening', 'Early evening (5–7pm)'],
    ['anytime', 'Any time'],
  ] as const)('shows the best time to call chosen as %s', (preferredTime, label) => {
    const email = renderClinicEmail(makeLead({ preferredTime }), config);
    expect(email.text).toContain(`\nBest time to call: ${label}\n`);
  });

  it('shows "Any time" as the best time to call when the patient chose none', () => {
    const email = renderClinicEmail(makeLead({ preferredTime: undefined }), config);
    expect(email.text).toContain('\nBest time to call: Any time\n');
  });

  it('names "a patient" in the subject when the name has nothing printable', () => {
    expect(clinicSubject({ kind: 'contact', name: '\u0000\r\n', preferredTime: undefined })).toBe(
      'Contact request: a patient',
    );
  });

  it('leaves out a note that is only white space', () => {
    const email = renderClinicEmail(makeLead({ message: '  \n ' }), config);
    expect(email.text).not.toContain('Their note');
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
    expect(email.text).toContain('\nEmail: ann@example.com Bcc: victim@example.com\n');
  });

  it('marks the patient’s address as the one to reply to only when it is in Reply-To', () => {
    const email = renderClinicEmail(makeLead({ email: 'ann@example.com' }), config);
    expect(email.text).toContain('\nEmail: ann@example.com (reply to this email)\n');
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

  it('shows the page variant, and marks a lead sent from a preview', () => {
    const lead = makeLead({
      attribution: { campaign: 'demo-sciatica', variant: 'b', preview: 'b' },
    });
    const { text } = renderClinicEmail(lead, config);
    expect(text).toMatch(/Campaign:?\s+demo-sciatica/);
    expect(text).toMatch(/Page variant:?\s+b/);
    expect(text).toMatch(/Preview visit \(not a real advert click\) of variant:?\s+b/);
    expect(
      renderClinicEmail(makeLead({ attribution: { campaign: 'x' } }), config).text,
    ).not.toContain('Preview');
  });

  it('says so when no campaign or source was recorded', () => {
    const email = renderClinicEmail(makeLead({ attribution: {} }), config);
    expect(email.text).toContain('Campaign: not recorded');
    expect(email.text).toContain('Source (utm_source): not recorded');
  });

  it('says so when the lead carries no attribution at all', () => {
    const email = renderClinicEmail(makeLead({ attribution: undefined }), config);
    expect(email.text).toContain('\nCampaign: not recorded\nSource (utm_source): not recorded\n');
  });

  it('treats a blank attribution value as not recorded', () => {
    const email = renderClinicEmail(
      makeLead({ attribution: { campaign: '  ', utm_source: '\t', utm_medium: ' ' } }),
      config,
    );
    expect(email.text).toContain('\nCampaign: not recorded\nSource (utm_source): not recorded\n');
    expect(email.text).not.toContain('Medium');
  });

  it('shows no note when the patient left none', () => {
    const email = renderClinicEmail(makeLead({ message: undefined }), config);
    expect(email.text).not.toContain('Their note');
    expect(email.text).not.toContain('undefined');
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
        expect(html).toContain(escapedForHtml(message));
      }),
    );
  });

  it('shows markup a patient typed as text, every special character escaped', () => {
    const email = renderClinicEmail(
      makeLead({
        name: 'Ann <b>Lee</b>',
        message: `Tom's "back" <pain> & more`,
        attribution: { campaign: '"><img src=x>' },
      }),
      config,
    );
    expect(email.html).toContain('>Ann &lt;b&gt;Lee&lt;/b&gt; asked for a call back</h1>');
    expect(email.html).toContain(
      '>Tom&#39;s &quot;back&quot; &lt;pain&gt; &amp; more</blockquote>',
    );
    expect(email.html).toContain('<td style="padding:4px 0">&quot;&gt;&lt;img src=x&gt;</td>');
    expect(email.html).not.toContain('<b>');
    expect(email.html).not.toContain('<img');
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
    ).toThrow(new UnsafeHeaderValueError('A lead recipient address is not a plain email address'));
  });

  it('carries each status action as a link in both versions, escaped in the HTML', () => {
    const href = 'https://www.clinic.example/api/leads/status?lead=1&t=2.x&a=contacted';
    const email = renderClinicEmail(makeLead(), config, {
      links: [{ text: 'Reached', href }],
    });
    expect(email.text).toContain(
      `After the call, record how it went (opens a page; nothing changes until you confirm):\n- Reached: ${href}\n`,
    );
    expect(email.html).toContain(
      '<a href="https://www.clinic.example/api/leads/status?lead=1&amp;t=2.x&amp;a=contacted"',
    );
    expect(email.html).toContain('>Reached</a>');
  });

  it('has no status actions section when there are no links', () => {
    const email = renderClinicEmail(makeLead(), config, { links: [] });
    expect(email.text).not.toContain('After the call');
    expect(email.html).not.toContain('After the call');
  });

  it('shows first when to call by and any earlier request by the same person', () => {
    const email = renderClinicEmail(makeLead({ name: 'Ann Lee' }), config, {
      links: [],
      callBy: 'today at 9:30 AM',
      askedBefore: '2 days ago, ref 42, status contacted',
    });
    expect(email.text.split('\n').slice(0, 3)).toEqual([
      'Call by: today at 9:30 AM',
      'Asked before: 2 days ago, ref 42, status contacted',
      '',
    ]);
  });
});
