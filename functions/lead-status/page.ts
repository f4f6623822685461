/**
 * The pages of the status link: what the front desk sees when it opens an action from the clinic
 * email, the answer to its button, and the refusals. Plain HTML forms (they work with JavaScript
 * off), no inline style or script (the site's Content-Security-Policy applies), the site's
 * stylesheet at its stable path, every value escaped.
 *
 * The page shows the lead's reference, kind, preferred time and status, never the patient's
 * name, phone, email or note: a forwarded link shows nothing personal.
 */
import { escapeHtml } from '../contract/html';
import { formatReceivedAt } from '../lib/email/format';
import { PREFERRED_TIME_LABELS, type LeadKind, type PreferredTime } from '../contract/lead-schema';
import {
  ACTION_LABELS,
  CLOSE_REASONS,
  CLOSE_REASON_LABELS,
  STATUS_LABELS,
  availableActions,
  type CloseReason,
  type LeadStatus,
  type StatusAction,
} from '../lib/lead-status';
import { STATUS_PAGE_PATH } from '../lib/status-link';

/** The site's stylesheet at the path every build keeps (the function cannot know hashed names). */
const STYLESHEET = '/styles/site.css';

/** What the page may show about a lead. */
export interface LeadSummary {
  readonly id: string;
  readonly kind: LeadKind;
  readonly preferredTime?: PreferredTime;
  readonly createdAt: string;
  readonly status: LeadStatus;
  readonly version: number;
  readonly attempts: number;
  readonly closedReason?: CloseReason;
}

/** The signed link's own fields, carried by every form on the page. */
export interface LinkFields {
  readonly lead: string;
  readonly token: string;
}

export interface PageContext {
  readonly clinicName: string;
  readonly timeZone: string;
}

const KIND_LABELS: Readonly<Record<LeadKind, string>> = {
  callback: 'Callback request',
  contact: 'Question by email',
};

function document(title: string, main: string, context: PageContext): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – ${escapeHtml(context.clinicName)}</title>
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body>
<main id="main" class="wrap narrow lead-status">
${main}
</main>
</body>
</html>
`;
}

function statusText(lead: LeadSummary): string {
  const base = STATUS_LABELS[lead.status];
  const attempts =
    lead.attempts > 0 ? ` (${lead.attempts} unanswered call${lead.attempts === 1 ? '' : 's'})` : '';
  const reason =
    lead.status === 'closed' && lead.closedReason !== undefined
      ? `: ${CLOSE_REASON_LABELS[lead.closedReason]}`
      : '';
  return `${base}${reason}${attempts}`;
}

function details(lead: LeadSummary, context: PageContext): string {
  const rows: Array<[string, string]> = [
    ['Reference', lead.id],
    ['Request', KIND_LABELS[lead.kind]],
    ...(lead.kind === 'callback'
      ? [
          ['Best time to call', PREFERRED_TIME_LABELS[lead.preferredTime ?? 'anytime']] as [
            string,
            string,
          ],
        ]
      : []),
    ['Received', formatReceivedAt(lead.createdAt, context.timeZone)],
    ['Status', statusText(lead)],
  ];
  return `<dl class="lead-details">
${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}
</dl>`;
}

function actionForm(
  action: StatusAction,
  lead: LeadSummary,
  link: LinkFields,
  changeId: string,
  primary: boolean,
): string {
  const hidden = [
    ['lead', link.lead],
    ['t', link.token],
    ['a', action],
    ['version', String(lead.version)],
    ['changeId', changeId],
  ]
    .map(
      ([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}">`,
    )
    .join('');
  const reason =
    action === 'closed'
      ? `<div class="field"><label for="reason-${changeId}">Why is it closed?</label>
<select id="reason-${changeId}" name="reason" required>
<option value="">Choose a reason</option>
${CLOSE_REASONS.map((r) => `<option value="${r}">${escapeHtml(CLOSE_REASON_LABELS[r])}</option>`).join('\n')}
</select></div>`
      : '';
  const label = action === 'closed' ? 'Close the lead' : `Mark as “${ACTION_LABELS[action]}”`;
  return `<form method="post" action="${STATUS_PAGE_PATH}" class="status-action">
${hidden}${reason}
<button type="submit" class="button ${primary ? 'button-primary' : 'button-secondary'}">${escapeHtml(label)}</button>
</form>`;
}

/**
 * The page a link opens: the lead and a button for the chosen action (or for each action still
 * possible, when none was chosen or the chosen one no longer applies). Opening it changes nothing.
 */
export function renderStatusPage(
  lead: LeadSummary,
  link: LinkFields,
  chosen: StatusAction | undefined,
  changeId: string,
  context: PageContext,
): string {
  const actions = availableActions(lead.status);
  const offered = chosen !== undefined && actions.includes(chosen) ? [chosen] : actions;
  const note =
    chosen !== undefined && !actions.includes(chosen)
      ? `<p class="notice">“${escapeHtml(ACTION_LABELS[chosen])}” no longer applies to this lead.</p>`
      : '';
  const forms =
    offered.length === 0
      ? '<p>Nothing more can change this lead.</p>'
      : offered.map((a, i) => actionForm(a, lead, link, changeId, i === 0)).join('\n');
  const others =
    offered.length === 1 && actions.length > 1
      ? `<p><a href="${escapeHtml(`${STATUS_PAGE_PATH}?${new URLSearchParams({ lead: link.lead, t: link.token }).toString()}`)}">Other actions</a></p>`
      : '';
  return document(
    'Lead status',
    `<h1>Lead status</h1>
${details(lead, context)}
${note}
<h2>Update it</h2>
<p>Nothing changes until you press a button.</p>
${forms}
${others}`,
    context,
  );
}

/** The answer to a change: what it is now, and whether it was already so. */
export function renderChangedPage(
  lead: LeadSummary,
  outcome: 'changed' | 'already-recorded',
  link: LinkFields,
  context: PageContext,
  notice?: string,
): string {
  const heading = outcome === 'changed' ? 'Status updated' : 'Already recorded';
  const back = `${STATUS_PAGE_PATH}?${new URLSearchParams({ lead: link.lead, t: link.token }).toString()}`;
  return document(
    heading,
    `<h1>${heading}</h1>
<p role="status">This lead is now: <strong>${escapeHtml(statusText(lead))}</strong>.</p>
${notice === undefined ? '' : `<p class="notice">${escapeHtml(notice)}</p>`}
${details(lead, context)}
<p><a href="${escapeHtml(back)}">Back to the lead</a></p>`,
    context,
  );
}

/** A change that was not made, and why. */
export function renderRefusedChangePage(
  lead: LeadSummary,
  reason: string,
  link: LinkFields,
  context: PageContext,
): string {
  const back = `${STATUS_PAGE_PATH}?${new URLSearchParams({ lead: link.lead, t: link.token }).toString()}`;
  return document(
    'Not changed',
    `<h1>Not changed</h1>
<p role="alert">${escapeHtml(reason)}</p>
${details(lead, context)}
<p><a href="${escapeHtml(back)}">Back to the lead</a></p>`,
    context,
  );
}

/** Why a link or request was refused: a heading and what to do. Nothing was changed. */
export const REFUSALS = {
  malformed: {
    title: 'This link is not complete',
    text: 'The link is missing part of its address. Open it again from the clinic email, or copy the whole link.',
  },
  'bad-signature': {
    title: 'This link is not valid',
    text: 'The link was changed, or it belongs to another lead or another installation. Open the action again from the clinic email about this lead.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Status links work for a limited time. Find the lead in the clinic’s records to update it.',
  },
  'lead-gone': {
    title: 'This lead no longer exists',
    text: 'It was removed at the end of its retention period, or never stored.',
  },
  'bad-request': {
    title: 'The change could not be read',
    text: 'Open the link from the clinic email again and press one of the buttons.',
  },
  method: {
    title: 'Not available',
    text: 'This address only opens status pages and takes their buttons.',
  },
  'server-error': {
    title: 'Something went wrong',
    text: 'Nothing was changed. Please try again in a minute.',
  },
} as const;

export type Refusal = keyof typeof REFUSALS;

export function renderRefusalPage(
  refusal: Refusal,
  context: PageContext,
  requestId?: string,
): string {
  const { title, text } = REFUSALS[refusal];
  return document(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(text)} Nothing was changed.</p>
${requestId === undefined ? '' : `<p>Reference: ${escapeHtml(requestId)}</p>`}`,
    context,
  );
}
