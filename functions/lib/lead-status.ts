/**
 * The life of a lead after its email: `new` → `attempted` (called, no answer; may repeat) →
 * `contacted` → `booked`, or `closed` with a reason. This module holds the rules alone (which
 * change is allowed from which status, and what it records); the table write lives with the
 * function that makes it.
 *
 * A lead never moves backwards: once `contacted`, a late "Called – no answer" click is refused
 * with the reason rather than quietly undoing the contact. `booked` and `closed` are final.
 */

export const LEAD_STATUSES = ['new', 'attempted', 'contacted', 'booked', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const CLOSE_REASONS = ['not-a-fit', 'unreachable', 'duplicate', 'spam'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** What the front desk can do to a lead; each leads to the status of the same name. */
export const STATUS_ACTIONS = ['attempted', 'contacted', 'booked', 'closed'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** How a change was made, kept in the history. */
export type ChangeSource = 'email-link';

/** One entry of a lead's history. */
export interface StatusChange {
  /** ISO 8601, UTC. */
  readonly at: string;
  readonly from: LeadStatus;
  readonly to: LeadStatus;
  readonly via: ChangeSource;
  /** Present when `to` is `closed`. */
  readonly reason?: CloseReason;
  /** Made once per opened page; a form sent twice is recognised by it and counted once. */
  readonly changeId: string;
}

/** Where a lead stands, as the status rules see it. */
export interface StatusState {
  readonly status: LeadStatus;
  /** Number of changes so far: the version a conditional write compares. */
  readonly version: number;
  readonly attempts: number;
  readonly firstAttemptAt?: string;
  readonly firstContactAt?: string;
  readonly history: readonly StatusChange[];
}

/** The words the front desk reads for each status. */
export const STATUS_LABELS: Readonly<Record<LeadStatus, string>> = {
  new: 'New: not called yet',
  attempted: 'Called, no answer yet',
  contacted: 'Reached',
  booked: 'Booked',
  closed: 'Closed',
};

/** The button (and link) text of each action. */
export const ACTION_LABELS: Readonly<Record<StatusAction, string>> = {
  attempted: 'Called – no answer',
  contacted: 'Reached',
  booked: 'Booked',
  closed: 'Close…',
};

export const CLOSE_REASON_LABELS: Readonly<Record<CloseReason, string>> = {
  'not-a-fit': 'Not a fit for the clinic',
  unreachable: 'Could not be reached',
  duplicate: 'Duplicate of another request',
  spam: 'Spam',
};

/** Order along the way to a booking; `closed` stands apart. */
const RANK: Readonly<Record<LeadStatus, number>> = {
  new: 0,
  attempted: 1,
  contacted: 2,
  booked: 3,
  closed: 4,
};

/** Why a change is not allowed, in words the front desk can act on. */
export type RefusedChange = { readonly allowed: false; readonly reason: string };
export type AllowedChange = { readonly allowed: true; readonly change: StatusChange };

/**
 * Whether `action` may be taken on a lead in `state`, and the history entry it makes.
 * `attempted` may repeat (each one counts); every other action only moves forward.
 */
export function planChange(
  state: Pick<StatusState, 'status'>,
  action: StatusAction,
  details: { at: string; changeId: string; reason?: CloseReason },
): AllowedChange | RefusedChange {
  const from = state.status;
  if (from === 'booked' || from === 'closed') {
    return {
      allowed: false,
      reason: `This lead is already ${from === 'booked' ? 'booked' : 'closed'}; nothing more can change it.`,
    };
  }
  if (action === 'closed') {
    if (details.reason === undefined) {
      return { allowed: false, reason: 'Choose why the lead is closed.' };
    }
  } else if (RANK[action] < RANK[from] || (action === from && action !== 'attempted')) {
    return {
      allowed: false,
      reason: `This lead is already marked “${STATUS_LABELS[from]}”; “${ACTION_LABELS[action]}” would move it backwards, so it was left as it is.`,
    };
  }
  return {
    allowed: true,
    change: {
      at: details.at,
      from,
      to: action,
      via: 'email-link',
      changeId: details.changeId,
      ...(action === 'closed' && details.reason !== undefined && { reason: details.reason }),
    },
  };
}

/** The actions worth offering on a lead in `status`: those {@link planChange} would allow. */
export function availableActions(status: LeadStatus): StatusAction[] {
  return STATUS_ACTIONS.filter(
    (action) => planChange({ status }, action, { at: '', changeId: '', reason: 'spam' }).allowed,
  );
}

export const isStatusAction = (value: unknown): value is StatusAction =>
  typeof value === 'string' && (STATUS_ACTIONS as readonly string[]).includes(value);

export const isCloseReason = (value: unknown): value is CloseReason =>
  typeof value === 'string' && (CLOSE_REASONS as readonly string[]).includes(value);
