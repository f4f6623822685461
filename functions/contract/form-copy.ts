/**
 * The words of the two request forms: titles, buttons, the error summary, the problems a
 * sending can meet and the success panel. They live here, beside the form's renderer, because
 * the submit function draws the same form on its no-JavaScript error page and must not carry the
 * page's marketing copy with it. Placeholders in braces are filled in by the page.
 *
 * Field labels, hints and error messages are in `lead-schema.ts`; the consent sentence is in
 * `consent.ts`.
 */

/** The words around one of the two forms. */
export interface FormKindCopy {
  readonly title: string;
  readonly intro: string;
  readonly submit: string;
  readonly sending: string;
  readonly successTitle: string;
  readonly successSteps: readonly string[];
}

/** Copy around the two forms. Placeholders in braces are filled in by the page. */
export interface FormCopy {
  /** In the success title, `{name}`, `{time}` and `{phone}` are filled in. */
  readonly callback: FormKindCopy;
  readonly contact: FormKindCopy;
  /** Shown above the fields when a submission was refused: GOV.UK's proven wording. */
  readonly errorSummaryTitle: string;
  readonly optional: string;
  readonly referenceLabel: string;
  readonly problems: {
    /** The request may not have arrived (network down, timeout). */
    readonly network: string;
    /** The server failed; nothing was saved or we cannot tell. */
    readonly server: string;
    /** Too many requests from this connection; `{minutes}` is filled in. */
    readonly rateLimited: string;
    /** The request could not be read (too large, wrong type): unlikely, not the patient's fault. */
    readonly rejected: string;
    readonly retry: string;
    /** Follows every problem: the phone number always works. `{phone}` is filled in. */
    readonly callInstead: string;
  };
}

export const FORM_COPY: FormCopy = {
  callback: {
    title: 'Request a free callback',
    intro: 'It takes under a minute. We will call at the time you choose.',
    submit: 'Request my callback',
    sending: 'Sending your request…',
    successTitle: 'Thank you, {name}. We have your request.',
    successSteps: [
      'Someone from our front desk will call you, usually within one working day. The time you chose: {time}.',
      'The call is a short, friendly chat: ask anything you like, there is no obligation.',
      'If you need us sooner, call {phone}.',
    ],
  },
  contact: {
    title: 'Send us a question',
    intro: 'We reply by email, usually within one working day.',
    submit: 'Send my question',
    sending: 'Sending your question…',
    successTitle: 'Thank you, {name}. Your question is with us.',
    successSteps: [
      'We will reply to you by email, usually within one working day.',
      'If you would rather talk, call {phone}.',
    ],
  },
  errorSummaryTitle: 'There is a problem',
  optional: '(optional)',
  referenceLabel: 'Your reference:',
  problems: {
    network:
      'We could not reach our system, so your request may not have been sent. Your details are still here: check your connection and try again.',
    server:
      'Something went wrong on our side and your request was not saved. Your details are still here: please try again.',
    rateLimited:
      'We have received several requests from your connection in a short time. Please try again in about {minutes}.',
    rejected: 'We could not read that request.',
    retry: 'Try again',
    callInstead: 'Or call us on {phone}.',
  },
};
