/**
 * Table access for reminders: finding leads still `new` through the `byMonth` index (never a
 * scan; ids, times and reminder states only), and the claim-then-record writes that make each
 * reminder go out once across overlapping runs, retries and restarts.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendConditional } from '../lib/dynamo';
import { leadKey } from '../lib/lead-item';
import { queryLeadsByMonth } from '../lib/leads-by-month';

/** The first reminder (at the call-by time) or the second (later, with the escalation list). */
export type ReminderKind = 'first' | 'second';

/** The lead attribute that holds each reminder's state. */
const REMINDER_ATTRIBUTE: Readonly<Record<ReminderKind, string>> = {
  first: 'reminder1',
  second: 'reminder2',
};

/** Where one reminder of a lead stands. */
export type ReminderState =
  | { readonly status: 'sending'; readonly claimedAt: string }
  | { readonly status: 'sent'; readonly at: string; readonly messageId: string };

/** A lead still `new`, with its reminders so far. */
export interface WaitingLead {
  readonly id: string;
  readonly createdAt: string;
  readonly first?: ReminderState;
  readonly second?: ReminderState;
}

/** Leads created from `from` to `to` whose status is still `new` and whose second reminder is not sent. */
export async function findWaitingLeads(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
): Promise<WaitingLead[]> {
  const items = await queryLeadsByMonth(db, tableName, from, to, {
    filter: '#status = :new AND (attribute_not_exists(#r2) OR #r2.#s <> :sent)',
    projection: '#id, #createdAt, #r1, #r2',
    names: {
      '#status': 'status',
      '#r1': REMINDER_ATTRIBUTE.first,
      '#r2': REMINDER_ATTRIBUTE.second,
      '#s': 'status',
      '#id': 'id',
      '#createdAt': 'createdAt',
    },
    values: { ':new': 'new', ':sent': 'sent' },
  });
  return items.map((item) => ({
    id: String(item.id),
    createdAt: String(item.createdAt),
    ...(item.reminder1 !== undefined && { first: item.reminder1 as ReminderState }),
    ...(item.reminder2 !== undefined && { second: item.reminder2 as ReminderState }),
  }));
}

/**
 * Claims a reminder for sending: succeeds only while the lead is still `new` and the reminder is
 * neither sent nor claimed by another run within the lease (a run that died mid-way leaves a
 * claim that expires, so the reminder is not lost). Timeline of one reminder:
 *
 *   (none) --claim--> sending(claimedAt) --record--> sent(at, messageId)
 *                        \--lease passes, another run claims again--/
 */
export async function claimReminder(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  which: ReminderKind,
  claimedAt: Date,
  leaseMs: number,
): Promise<boolean> {
  const stillNew = '#entity = :lead AND #status = :new';
  const notClaimed = 'attribute_not_exists(#r)';
  const claimExpired = '(#r.#s = :sending AND #r.#claimedAt < :leaseStart)';
  return sendConditional(
    db,
    new UpdateCommand({
      TableName: tableName,
      Key: leadKey(id),
      UpdateExpression: 'SET #r = :claim',
      ConditionExpression: `${stillNew} AND (${notClaimed} OR ${claimExpired})`,
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#status': 'status',
        '#r': REMINDER_ATTRIBUTE[which],
        '#s': 'status',
        '#claimedAt': 'claimedAt',
      },
      ExpressionAttributeValues: {
        ':lead': 'lead',
        ':new': 'new',
        ':sending': 'sending',
        ':leaseStart': new Date(claimedAt.getTime() - leaseMs).toISOString(),
        ':claim': { status: 'sending', claimedAt: claimedAt.toISOString() },
      },
    }),
    'The leads table',
  );
}

/** Records a claimed reminder as sent; false when the claim was no longer ours. */
export async function recordReminderSent(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  which: ReminderKind,
  claimedAt: Date,
  sent: { at: Date; messageId: string },
): Promise<boolean> {
  return sendConditional(
    db,
    new UpdateCommand({
      TableName: tableName,
      Key: leadKey(id),
      UpdateExpression: 'SET #r = :sent',
      ConditionExpression: '#r.#s = :sending AND #r.#claimedAt = :claimedAt',
      ExpressionAttributeNames: {
        '#r': REMINDER_ATTRIBUTE[which],
        '#s': 'status',
        '#claimedAt': 'claimedAt',
      },
      ExpressionAttributeValues: {
        ':sending': 'sending',
        ':claimedAt': claimedAt.toISOString(),
        ':sent': { status: 'sent', at: sent.at.toISOString(), messageId: sent.messageId },
      },
    }),
    'The leads table',
  );
}
