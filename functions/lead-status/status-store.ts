/**
 * Table access for the status page: reading what the page may show of a lead (never the
 * patient's details), and recording a change with one conditional update. SDK errors are
 * translated here.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from '../lib/aws-errors';
import { sendConditional } from '../lib/dynamo';
import { leadKey } from '../lib/lead-item';
import type { LeadKind, PreferredTime } from '../contract/lead-schema';
import type { CloseReason, LeadStatus, StatusChange } from '../lib/lead-status';
import type { LeadSummary } from './page';

const translate = (error: unknown): never => rethrowTransient(error, 'The leads table');

/** A lead as the status page knows it: the summary and the ids of the changes made. */
export interface LeadStatusRecord extends LeadSummary {
  readonly changeIds: readonly string[];
  readonly firstAttemptAt?: string;
  readonly firstContactAt?: string;
}

/** How long the lead waited, in opening minutes, when this change is its first call or contact. */
export interface ResponseTimes {
  readonly minutesToFirstAttempt?: number;
  readonly minutesToFirstContact?: number;
}

/** Only these attributes are read: nothing a patient typed. */
const PROJECTION = [
  'entity',
  'id',
  'kind',
  'preferredTime',
  'createdAt',
  'status',
  'statusVersion',
  'attempts',
  'closedReason',
  'statusHistory',
  'firstAttemptAt',
  'firstContactAt',
] as const;

/** The lead's status, or `undefined` when it does not exist. A consistent read. */
export async function readLeadStatus(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
): Promise<LeadStatusRecord | undefined> {
  let item: Record<string, unknown> | undefined;
  try {
    const names = Object.fromEntries(PROJECTION.map((name) => [`#${name}`, name]));
    item = (
      await db.send(
        new GetCommand({
          TableName: tableName,
          Key: leadKey(id),
          ConsistentRead: true,
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
        }),
      )
    ).Item;
  } catch (error) {
    return translate(error);
  }
  if (item === undefined || item.entity !== 'lead') return undefined;
  const history = (item.statusHistory ?? []) as readonly StatusChange[];
  return {
    id: String(item.id),
    kind: item.kind as LeadKind,
    ...(typeof item.preferredTime === 'string' && {
      preferredTime: item.preferredTime as PreferredTime,
    }),
    createdAt: String(item.createdAt),
    status: item.status as LeadStatus,
    version: typeof item.statusVersion === 'number' ? item.statusVersion : 0,
    attempts: typeof item.attempts === 'number' ? item.attempts : 0,
    ...(typeof item.closedReason === 'string' && {
      closedReason: item.closedReason as CloseReason,
    }),
    changeIds: history.map((entry) => entry.changeId),
    ...(typeof item.firstAttemptAt === 'string' && { firstAttemptAt: item.firstAttemptAt }),
    ...(typeof item.firstContactAt === 'string' && { firstContactAt: item.firstContactAt }),
  };
}

/** Statuses whose change means the lead was called. */
export const CALLED: readonly LeadStatus[] = ['attempted', 'contacted', 'booked'];
/** Statuses whose change means the patient was reached. */
export const REACHED: readonly LeadStatus[] = ['contacted', 'booked'];

/**
 * Records `change` on a lead whose status is still `change.from` at `version`. Returns false,
 * writing nothing, when another change landed first (the caller reads again and decides).
 *
 * Condition, in parts: the item is a lead, its status is the one the change starts from, and its
 * version is the one read (a lead never changed has no version yet).
 */
export async function recordChange(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  version: number,
  change: StatusChange,
  times: ResponseTimes = {},
): Promise<boolean> {
  const isLead = '#entity = :lead';
  const fromStatus = '#status = :from';
  const atVersion =
    version === 0 ? '(attribute_not_exists(#version) OR #version = :seen)' : '#version = :seen';
  const sets = [
    '#status = :to',
    '#version = :next',
    '#history = list_append(if_not_exists(#history, :none), :entry)',
  ];
  const names: Record<string, string> = {
    '#entity': 'entity',
    '#status': 'status',
    '#version': 'statusVersion',
    '#history': 'statusHistory',
  };
  const values: Record<string, unknown> = {
    ':lead': 'lead',
    ':from': change.from,
    ':to': change.to,
    ':seen': version,
    ':next': version + 1,
    ':none': [],
    ':entry': [change],
  };
  if (change.to === 'attempted') {
    sets.push('#attempts = if_not_exists(#attempts, :zero) + :one');
    names['#attempts'] = 'attempts';
    values[':zero'] = 0;
    values[':one'] = 1;
  }
  if (CALLED.includes(change.to)) {
    sets.push('#firstAttemptAt = if_not_exists(#firstAttemptAt, :at)');
    names['#firstAttemptAt'] = 'firstAttemptAt';
    values[':at'] = change.at;
  }
  if (REACHED.includes(change.to)) {
    sets.push('#firstContactAt = if_not_exists(#firstContactAt, :at)');
    names['#firstContactAt'] = 'firstContactAt';
    values[':at'] = change.at;
  }
  if (times.minutesToFirstAttempt !== undefined) {
    sets.push('#minutesToFirstAttempt = if_not_exists(#minutesToFirstAttempt, :toAttempt)');
    names['#minutesToFirstAttempt'] = 'minutesToFirstAttempt';
    values[':toAttempt'] = times.minutesToFirstAttempt;
  }
  if (times.minutesToFirstContact !== undefined) {
    sets.push('#minutesToFirstContact = if_not_exists(#minutesToFirstContact, :toContact)');
    names['#minutesToFirstContact'] = 'minutesToFirstContact';
    values[':toContact'] = times.minutesToFirstContact;
  }
  if (change.reason !== undefined) {
    sets.push('#closedReason = :reason');
    names['#closedReason'] = 'closedReason';
    values[':reason'] = change.reason;
  }
  return sendConditional(
    db,
    new UpdateCommand({
      TableName: tableName,
      Key: leadKey(id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: [isLead, fromStatus, atVersion].join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
    'The leads table',
  );
}
