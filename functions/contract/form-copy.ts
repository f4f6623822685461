/**
 * The words of the two request forms: titles, buttons, the error summary, the problems a
 * sending can meet, the success panel, the headings of the page a form sent without JavaScript
 * comes back on, and the API's message for each refusal. They live here, beside the form's
 * renderer, because the submit function draws the same form on its no-JavaScript error page and
 * must not carry the page's marketing copy with it. Each sentence is written once: the enhanced
 * form, the no-JavaScript page and the API's JSON answers all read it from here. Placeholders in
 * braces are filled in by the page.
 *
 * Field labels, hints and error messages are in `lead-schema.ts`; the consent sentence is in
 * `consent.ts`.
 */
import { fill } from './html';

/** The words around one of the two forms. */
export interface FormKindCopy {
  readonly title: string;
  readonly intro: string;
  readonly submit: string;
  readonly sending: string;
  readonly successTitle: string;
  /** `{within}` (how soon the clinic calls), `{time}` and `{phone}` are filled in. */
  readonly successSteps: readonly string[];
  /** Label and hint of the optional note, when they differ from the API's field text. */
  readonly note?: { readonly label: string; readonly hint: string };
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
  /** The link to the privacy notice under each form's button. */
  readonly privacyLink: string;
  readonly problems: {
    /** The request may not have arrived (network down, timeout). */
    readonly network: string;
    /** The server failed; nothing was saved or we cannot tell (500). */
    readonly server: string;
    /** A dependency is briefly throttled; nothing was saved (503). */
    readonly busy: string;
    /** Too many requests from this connection (429); `{minutes}` is filled in. */
    readonly rateLimited: string;
    /** Fills `{minutes}` for a wait of one minute or less. */
    readonly oneMinute: string;
    /** Fills `{minutes}` for a longer wait; `{count}` is the whole number of minutes. */
    readonly someMinutes: string;
    /** The request could not be read (not a form, wrong type): not the patient's fault (400, 415). */
    readonly rejected: string;
    /** The body is over the API's size limit (413). */
    readonly tooLarge: string;
    /** The same form fill was sent before with other details (409). */
    readonly conflict: string;
    /** Something other than the form was sent to the form's address (405). */
    readonly methodNotAllowed: string;
    readonly retry: string;
    /** Follows a failure on our side on the no-JavaScript page; `{ref}` is the request id. */
    readonly reference: string;
    /** Follows every problem: the phone number always works. `{phone}` is filled in. */
    readonly callInstead: string;
  };
}

export const FORM_COPY: FormCopy = {
  callback: {
    title: 'Request a free callback',
    intro: 'Under a minute: we call at the time you choose.',
    submit: 'Request my callback',
    sending: 'Sending your request…',
    successTitle: 'Thank you, {name}. We have your request.',
    note: {
      label: 'Anything we should know to reach you?',
      hint: 'Such as "after 3pm is best". Please leave out health details.',
    },
    successSteps: [
      'Someone from our front desk will call you {within}. The time you chose: {time}.',
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
  privacyLink: 'How we look after your details (privacy notice)',
  problems: {
    network:
      'We could not reach our system, so your request may not have been sent. Your details are still here: check your connection and try again.',
    server:
      'Something went wrong on our side and your request was not saved. Your details are still here: please try again.',
    busy: 'We are busy for a moment and your request was not saved. Please try again in a few seconds.',
    rateLimited:
      'We have received several requests from your connection in a short time. Please try again in about {minutes}.',
    oneMinute: '1 minute',
    someMinutes: '{count} minutes',
    rejected: 'We could not read your request. Please check the form and send it again.',
    tooLarge: 'Your request is too long. Please shorten your message and send it again.',
    conflict:
      'This form was already sent with different details. Reload the page to start a new request.',
    methodNotAllowed: 'This address only accepts the request form.',
    reference: '(Reference: {ref})',
    retry: 'Try again',
    callInstead: 'Or call us on {phone}.',
  },
};

/**
 * Headings of the page a form sent without JavaScript comes back on: a refused form reads
 * differently from a failure on our side.
 */
export const FORM_PAGE_TEXT = {
  invalid: 'Please check your request',
  problem: 'Your request was not sent',
  back: 'Back to the home page',
} as const;

/**
 * What a person is told when a request cannot be taken, by HTTP status (other than 422, whose
 * messages are per field, and 429, whose sentence names the wait: {@link rateLimitedText}): the API's JSON `message` and the no-JavaScript page's problem. The
 * sentences are the form's own (above), so the enhanced form and the plain one say the same.
 */
export const PROBLEM_TEXT: Readonly<Record<number, string>> = {
  400: FORM_COPY.problems.rejected,
  405: FORM_COPY.problems.methodNotAllowed,
  409: FORM_COPY.problems.conflict,
  413: FORM_COPY.problems.tooLarge,
  415: FORM_COPY.problems.rejected,
  500: FORM_COPY.problems.server,
  503: FORM_COPY.problems.busy,
};

/**
 * A wait in whole minutes, rounded up, as the rate-limit sentence says it ("5 minutes"). The
 * words are passed in: the page script reads them from the form's markup (`data-one-minute`,
 * `data-some-minutes`) rather than bundling this file's copy.
 */
export function waitInMinutes(
  seconds: number,
  words: Pick<FormCopy['problems'], 'oneMinute' | 'someMinutes'>,
): string {
  const count = Math.max(1, Math.ceil(seconds / 60));
  return count === 1 ? words.oneMinute : fill(words.someMinutes, { count: String(count) });
}

/** The rate-limit sentence with its wait filled in: the API's 429 message. */
export function rateLimitedText(retryAfterSeconds: number): string {
  return fill(FORM_COPY.problems.rateLimited, {
    minutes: waitInMinutes(retryAfterSeconds, FORM_COPY.problems),
  });
}
