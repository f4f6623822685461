import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsafeHeaderValueError } from '../../../functions/lib/email/escape';
import { renderPatientConfirmation } from '../../../functions/lib/email/patient-email';
import { makeConfig, makeLead } from '../../support/lead-fixtures';

// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

describe('Patient confirmation', () => {
  const config = makeConfig();

  it('goes to the patient, with replies going to the clinic', () => {
    const email = renderPatientConfirmation(makeLead({ email: 'ann@example.com' }), config);
    expect(email.to).toEqual(['ann@example.com']);
    expect(email.replyTo).toEqual(['hello@willowlane.example.com']);
  });

  it('says what happens next and gives the clinic’s phone number, in text and HTML', () => {
    const email = renderPatientConfirmation(makeLead({ preferredTime: 'morning' }), config);
    for (const body of [email.text, email.html]) {
      expect(body).toContain('what happens next');
      expect(body).toContain('will call you');
      expect(body).toContain('morning (8am–12pm)');
      expect(body).toContain('+13125550134');
    }
    expect(email.html).toContain('href="tel:+13125550134"');
  });

  it('reads, word for word, as a callback confirmation with a preferred time', () => {
    const email = renderPatientConfirmation(makeLead({ preferredTime: 'evening' }), config);
    expect(email.subject).toBe('We have your callback request: Willow Lane Acupuncture');
    expect(email.text).toBe(
      [
        'Thank you for contacting Willow Lane Acupuncture',
        '',
        'We have received your request for a call back. Here is what happens next:',
        '',
        '1. Someone from our front desk will call you on the number you gave us, in the early evening (5–7pm) where we can.',
        '2. The call takes a few minutes: we answer your questions and, if you wish, find a time for a first visit.',
        '3. Please keep medical details out of email. We will talk them through with you in person.',
        '',
        'If you would rather talk to us now, call +13125550134.',
        '',
        'If you did not make this request, reply to this email and we will delete your details.',
        '',
        'Willow Lane Acupuncture · https://www.willowlane.example.com',
        '',
      ].join('\n'),
    );
    expect(email.purpose).toBe('patient-confirmation');
    expect(email.html).toContain(
      '<title>We have your callback request: Willow Lane Acupuncture</title>',
    );
    expect(email.html).toContain('>Call +13125550134</a>');
  });

  it.each([
    ['anytime', 'Someone from our front desk will call you on the number you gave us.'],
    [undefined, 'Someone from our front desk will call you on the number you gave us.'],
  ] as const)('promises a call at no particular time for a preference of %s', (time, step) => {
    const email = renderPatientConfirmation(makeLead({ preferredTime: time }), config);
    expect(email.text).toContain(`\n1. ${step}\n`);
  });

  it('reads, word for word, as a question confirmation when a phone number was given', () => {
    const email = renderPatientConfirmation(
      makeLead({ kind: 'contact', preferredTime: undefined }),
      config,
    );
    expect(email.text).toBe(
      [
        'Thank you for contacting Willow Lane Acupuncture',
        '',
        'We have received your question. Here is what happens next:',
        '',
        '1. Someone from our front desk will reply to your question by email or give you a call.',
        '2. If you would like a first visit, we can find a time that suits you.',
        '3. Please keep medical details out of email. We will talk them through with you in person.',
        '',
        'If you would rather talk to us now, call +13125550134.',
        '',
        'If you did not make this request, reply to this email and we will delete your details.',
        '',
        'Willow Lane Acupuncture · https://www.willowlane.example.com',
        '',
      ].join('\n'),
    );
  });

  it('makes no call button when the clinic number is not E.164', () => {
    const email = renderPatientConfirmation(
      makeLead(),
      makeConfig({ clinic: { ...config.clinic, phone: '312 555 0134' } }),
    );
    expect(email.html).not.toContain('tel:');
    expect(email.text).toContain('call 312 555 0134.');
  });

  it('refuses to render without an address to send to', () => {
    expect(() => renderPatientConfirmation(makeLead({ email: undefined }), config)).toThrow(
      'A confirmation needs the patient’s email address',
    );
  });

  it('tells someone who sent a question that the reply comes by email', () => {
    const email = renderPatientConfirmation(
      makeLead({ kind: 'contact', phone: undefined, preferredTime: undefined }),
      config,
    );
    expect(email.subject).toBe('We have your question: Willow Lane Acupuncture');
    expect(email.text).toContain('reply to your question by email.');
  });

  it('echoes nothing the patient typed: not the note, not the name', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 12, maxLength: 200 }),
        fc.string({ minLength: 8, maxLength: 60 }),
        (message, name) => {
          const marked = `NOTE-${message}`;
          const who = `NAME-${name}`;
          const email = renderPatientConfirmation(
            { ...makeLead({ message: marked, name: who }), email: 'ann@example.com' },
            config,
          );
          for (const part of [email.subject, email.text, email.html]) {
            expect(part).not.toContain('NOTE-');
            expect(part).not.toContain('NAME-');
          }
        },
      ),
    );
  });

  it('keeps its subject one line of safe characters, whatever the clinic is called', () => {
    const email = renderPatientConfirmation(
      makeLead(),
      makeConfig({ clinic: { ...config.clinic, name: 'Willow\r\nBcc: x@example.com' } }),
    );
    expect(email.subject).not.toMatch(CONTROL_OR_BREAK);
  });

  it('refuses to send to an address that could carry a header', () => {
    expect(() =>
      renderPatientConfirmation(makeLead({ email: 'a@example.com\nBcc: b@example.com' }), config),
    ).toThrow(UnsafeHeaderValueError);
  });
});
