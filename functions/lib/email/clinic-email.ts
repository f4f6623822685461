/**
 * The email that tells the front desk about a new lead.
 *
 * Its subject says who to call and when, never why: subjects show up in notification
 * previews, on lock screens and in mail server logs, so the patient's note stays in the body.
 */
import { telHref } from '../../contract/clinic-format';
import {
  ATTRIBUTION_FIELDS,
  PREFERRED_TIME_LABELS,
  type AttributionField,
} from '../../contract/lead-schema';
import { headerValue, inlineText, isSafeAddress, safeAddress } from './escape';
import { PREFERRED_TIME_SHORT, formatReceivedAt } from './format';
import { renderHtml, renderText, type Block, type Field, type Link } from './layout';
import type { EmailSettings, LeadForEmail, RenderedEmail } from './types';

/** Characters of the patient's name kept in the subject. */
const SUBJECT_NAME_MAX = 60;
/** Characters of any single-line value kept in a body. */
const LINE_MAX = 500;

const ATTRIBUTION_LABELS: Readonly<Record<AttributionField, string>> = {
  campaign: 'Campaign',
  variant: 'Page variant',
  utm_source: 'Source (utm_source)',
  utm_medium: 'Medium (utm_medium)',
  utm_campaign: 'Ad campaign (utm_campaign)',
  utm_term: 'Search term (utm_term)',
  utm_content: 'Ad content (utm_content)',
  gclid: 'Google click id',
  preview: 'Preview visit (not a real advert click) of variant',
  referrer: 'Came from',
  landingPath: 'Landing page',
};

/** Always shown, even when empty, so the front desk can see that nothing was recorded. */
const ALWAYS_SHOWN: readonly AttributionField[] = ['campaign', 'utm_source'];

/** The subject: "Callback request: Ann Lee, morning" or "Contact request: Ann Lee". */
export function clinicSubject(lead: Pick<LeadForEmail, 'kind' | 'name' | 'preferredTime'>): string {
  const name = headerValue(lead.name, SUBJECT_NAME_MAX) || 'a patient';
  if (lead.kind === 'callback') {
    return headerValue(
      `Callback request: ${name}, ${PREFERRED_TIME_SHORT[lead.preferredTime ?? 'anytime']}`,
      200,
    );
  }
  return headerValue(`Contact request: ${name}`, 200);
}

/** What the front desk can do from the email: one signed link per status action. */
export interface ClinicEmailActions {
  readonly links: readonly Link[];
  /** When the lead should be called by, in words ("today at 10:15 AM"); shown first. */
  readonly callBy?: string;
  /** An earlier request by the same number or address ("3 days ago, ref …, status contacted"). */
  readonly askedBefore?: string;
}

/** Renders the clinic's email for `lead`. Throws when a configured recipient is unusable. */
export function renderClinicEmail(
  lead: LeadForEmail,
  settings: EmailSettings,
  actions?: ClinicEmailActions,
): RenderedEmail {
  const to = settings.recipients.map((r) => safeAddress(r, 'A lead recipient address'));
  const name = inlineText(lead.name, LINE_MAX);
  // Reply-To carries the patient's address only when it is a plain mailbox; otherwise the
  // front desk still gets the lead and sees the address in the body.
  const replyTo =
    lead.email !== undefined && isSafeAddress(lead.email)
      ? [safeAddress(lead.email, 'The patient’s email address')]
      : [];
  const subject = clinicSubject(lead);

  const contact: Field[] = [{ label: 'Name', value: name }];
  let tel: string | undefined;
  if (lead.phone !== undefined) {
    tel = telHref(lead.phone);
    const extension =
      lead.phoneExtension === undefined ? '' : ` ext. ${inlineText(lead.phoneExtension, 20)}`;
    contact.push({
      label: 'Phone',
      value: `${inlineText(lead.phoneDisplay ?? lead.phone, 40)}${extension}`,
      ...(tel && { href: tel }),
    });
  }
  if (lead.kind === 'callback') {
    contact.push({
      label: 'Best time to call',
      value: PREFERRED_TIME_LABELS[lead.preferredTime ?? 'anytime'],
    });
  }
  if (lead.email !== undefined) {
    contact.push({
      label: 'Email',
      value:
        inlineText(lead.email, LINE_MAX) + (replyTo.length > 0 ? ' (reply to this email)' : ''),
    });
  }

  const top: Field[] = [
    ...(actions?.callBy !== undefined ? [{ label: 'Call by', value: actions.callBy }] : []),
    ...(actions?.askedBefore !== undefined
      ? [{ label: 'Asked before', value: inlineText(actions.askedBefore, LINE_MAX) }]
      : []),
  ];
  const blocks: Block[] = [
    ...(top.length > 0 ? [{ type: 'fields', fields: top } as const] : []),
    {
      type: 'heading',
      text:
        lead.kind === 'callback'
          ? `${name} asked for a call back`
          : `${name} sent a question through the website`,
    },
    { type: 'fields', fields: contact },
  ];
  if (tel !== undefined) blocks.push({ type: 'button', text: `Call ${name}`, href: tel });
  if (actions !== undefined && actions.links.length > 0) {
    blocks.push({
      type: 'links',
      label:
        'After the call, record how it went (opens a page; nothing changes until you confirm):',
      links: actions.links,
    });
  }
  if (lead.message !== undefined && lead.message.trim() !== '') {
    blocks.push({
      type: 'quote',
      label: 'Their note (it may hold health details: keep it within the clinic):',
      text: lead.message,
    });
  }
  blocks.push({ type: 'fields', fields: detailFields(lead, settings) });
  blocks.push({
    type: 'paragraph',
    text: 'Sent by the website when the request was stored. Please do not forward this email outside the clinic.',
  });

  return {
    subject,
    text: renderText(blocks),
    html: renderHtml(subject, blocks),
    to,
    replyTo,
    purpose: 'clinic-notification',
  };
}

function detailFields(lead: LeadForEmail, settings: EmailSettings): Field[] {
  const fields: Field[] = [
    { label: 'Received', value: formatReceivedAt(lead.createdAt, settings.clinic.timeZone) },
  ];
  for (const key of ATTRIBUTION_FIELDS) {
    const value = lead.attribution?.[key];
    if (value !== undefined && value.trim() !== '') {
      fields.push({ label: ATTRIBUTION_LABELS[key], value: inlineText(value, LINE_MAX) });
    } else if (ALWAYS_SHOWN.includes(key)) {
      fields.push({ label: ATTRIBUTION_LABELS[key], value: 'not recorded' });
    }
  }
  fields.push({
    label: 'Consent to calls and texts',
    value:
      lead.consent === undefined
        ? 'not given'
        : `given (disclosure version ${inlineText(lead.consent.disclosureVersion, 40)})`,
  });
  fields.push({ label: 'Lead id', value: inlineText(lead.id, 100) });
  return fields;
}
