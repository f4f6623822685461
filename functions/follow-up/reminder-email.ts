/**
 * The reminder about a lead nobody has called by its call-by time: who is waiting, how to call,
 * and the same status links as the first email, so marking it done is one tap. Like the clinic
 * email, its subject names who to call, never why.
 */
import { clinicSubject, type ClinicEmailActions } from '../lib/email/clinic-email';
import { telHref } from '../contract/clinic-format';
import { inlineText, safeAddress } from '../lib/email/escape';
import { renderHtml, renderText, type Block, type Field } from '../lib/email/layout';
import type { LeadForEmail, RenderedEmail } from '../lib/email/types';
import type { ReminderKind } from './reminder-store';

export function renderReminder(
  lead: LeadForEmail,
  which: ReminderKind,
  to: readonly string[],
  actions: ClinicEmailActions & { readonly callBy: string },
): RenderedEmail {
  const recipients = to.map((r) => safeAddress(r, 'A reminder recipient address'));
  const name = inlineText(lead.name, 200);
  const subject = inlineText(
    `${which === 'first' ? 'Not called yet' : 'Still not called'}: ${clinicSubject(lead)}`,
    200,
  );
  const tel = lead.phone === undefined ? undefined : telHref(lead.phone);
  const fields: Field[] = [{ label: 'Call by', value: `${actions.callBy} (passed)` }];
  if (lead.phone !== undefined) {
    fields.push({
      label: 'Phone',
      value: inlineText(lead.phoneDisplay ?? lead.phone, 40),
      ...(tel && { href: tel }),
    });
  }
  fields.push({ label: 'Lead id', value: inlineText(lead.id, 100) });
  const blocks: Block[] = [
    { type: 'fields', fields: fields.slice(0, 1) },
    {
      type: 'heading',
      text:
        which === 'first'
          ? `${name} is waiting for a call`
          : `${name} is still waiting: second reminder`,
    },
    {
      type: 'paragraph',
      text: 'Nobody has recorded a call to this request yet. Please call now, then record how it went with a link below so the reminders stop.',
    },
    { type: 'fields', fields: fields.slice(1) },
  ];
  if (tel !== undefined) blocks.push({ type: 'button', text: `Call ${name}`, href: tel });
  blocks.push({
    type: 'links',
    label: 'Record how it went (opens a page; nothing changes until you confirm):',
    links: actions.links,
  });
  blocks.push({
    type: 'paragraph',
    text: 'Sent by the website during opening hours. Please do not forward this email outside the clinic.',
  });
  return {
    subject,
    text: renderText(blocks),
    html: renderHtml(subject, blocks),
    to: recipients,
    replyTo: [],
    purpose: 'clinic-reminder',
  };
}
