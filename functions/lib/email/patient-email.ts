/**
 * The confirmation a patient receives when they gave an email address.
 *
 * It echoes nothing the patient typed: not their note, and not even their name. The address
 * has not been verified, so anything echoed would let a stranger send text of their choosing
 * to someone else's inbox under the clinic's name. It says what happens next and how to reach
 * the clinic, which is all a confirmation needs to do.
 */
import { telHref } from '../../contract/clinic-format';
import { PREFERRED_TIME_LABELS } from '../../contract/lead-schema';
import { inlineText, safeAddress } from './escape';
import { renderHtml, renderText, type Block } from './layout';
import type { EmailSettings, LeadForEmail, RenderedEmail } from './types';

/**
 * Renders the confirmation. Throws an `UnsafeHeaderValueError` when the patient's address is
 * not a plain mailbox (the caller checks first and records the email as not applicable).
 */
export function renderPatientConfirmation(
  lead: Pick<LeadForEmail, 'kind' | 'email' | 'phone' | 'preferredTime'>,
  settings: EmailSettings,
  /** When the clinic aims to call or reply, in words ("tomorrow at 8:15 AM"), when known. */
  callBy?: string,
): RenderedEmail {
  if (lead.email === undefined) {
    throw new TypeError('A confirmation needs the patient’s email address');
  }
  const to = safeAddress(lead.email, 'The patient’s email address');
  const replyTo = safeAddress(settings.clinic.publicEmail, 'The clinic’s public email address');
  const clinic = inlineText(settings.clinic.name, 100);
  const phone = settings.clinic.phone;
  const tel = telHref(phone);

  const subject = inlineText(
    lead.kind === 'callback'
      ? `We have your callback request: ${clinic}`
      : `We have your question: ${clinic}`,
    200,
  );

  const aim =
    callBy === undefined
      ? []
      : [
          lead.kind === 'callback'
            ? `We aim to call you by ${callBy}, within our opening hours.`
            : `We aim to answer by ${callBy}, within our opening hours.`,
        ];
  const steps =
    lead.kind === 'callback'
      ? [
          ...aim,
          lead.preferredTime === undefined || lead.preferredTime === 'anytime'
            ? 'Someone from our front desk will call you on the number you gave us.'
            : `Someone from our front desk will call you on the number you gave us, in the ${PREFERRED_TIME_LABELS[lead.preferredTime].toLowerCase()} where we can.`,
          'The call takes a few minutes: we answer your questions and, if you wish, find a time for a first visit.',
          'Please keep medical details out of email. We will talk them through with you in person.',
        ]
      : [
          ...aim,
          `Someone from our front desk will reply to your question by email${lead.phone === undefined ? '' : ' or give you a call'}.`,
          'If you would like a first visit, we can find a time that suits you.',
          'Please keep medical details out of email. We will talk them through with you in person.',
        ];

  const blocks: Block[] = [
    { type: 'heading', text: `Thank you for contacting ${clinic}` },
    {
      type: 'paragraph',
      text:
        lead.kind === 'callback'
          ? 'We have received your request for a call back. Here is what happens next:'
          : 'We have received your question. Here is what happens next:',
    },
    { type: 'steps', items: steps },
    {
      type: 'paragraph',
      text: `If you would rather talk to us now, call ${phone}.`,
    },
  ];
  if (tel !== undefined) blocks.push({ type: 'button', text: `Call ${phone}`, href: tel });
  blocks.push(
    {
      type: 'paragraph',
      text: 'If you did not make this request, reply to this email and we will delete your details.',
    },
    { type: 'paragraph', text: `${clinic} · ${settings.siteUrl}` },
  );

  return {
    subject,
    text: renderText(blocks),
    html: renderHtml(subject, blocks),
    to: [to],
    replyTo: [replyTo],
    purpose: 'patient-confirmation',
  };
}
