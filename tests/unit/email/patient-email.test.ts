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
