/**
 * Table access for the notify function: reading a lead with a consistent read, and recording
 * where each of its emails stands with a conditional update. SDK errors are translated here.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../lib/errors';
import { errorName, isTransientAwsError } from '../lib/aws-errors';
import { leadKey, monthKey, type EmailState } from '../lib/lead-item';
import { LEADS_TABLE } from '../lib/table-spec';

/** Which of a lead's two emails. */
export type EmailKind = 'clinic' | 'patient';

const RETRY_AFTER_SECONDS = 2;

function translate(error: unknown): never {
  if (isTransientAwsError(error)) {
    throw new ServiceUnavailableError(
      `The leads table is unavailable (${errorName(error)})`,
      RETRY_AFTER_SECONDS,
      { cause: error },
    );
  }
  throw error;
}

/**
 * The lead as stored now, or `undefined` when it no longer exists. A consistent read, so an
 * email recorded as sent a moment ago is seen as sent.
 */
export async function readLead(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const output = await db.send(
      new GetCommand({ TableName: tableName, Key: leadKey(id), ConsistentRead: true }),
    );
    return output.Item;
  } catch (error) {
    return translate(error);
  }
}

/**
 * Moves one email of a lead from `pending` to `state`. Returns false, writing nothing, when the
 * email is no longer pending or the lead is gone: another delivery got there first.
 */
export async function recordEmailState(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  which: EmailKind,
  state: Exclude<EmailState, { status: 'pending' }>,
): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: leadKey(id),
        UpdateExpression: 'SET #notification.#which = :state',
        ConditionExpression: 'attribute_exists(pk) AND #notification.#which.#status = :pending',
        ExpressionAttributeNames: {
          '#notification': 'notification',
          '#which': which,
          '#status': 'status',
        },
        ExpressionAttributeValues: { ':state': state, ':pending': 'pending' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    return translate(error);
  }
}

/** A lead the `byMonth` index lists with at least one email still pending. */
export interface PendingLead {
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** The emails still pending, clinic first. */
  readonly pending: readonly EmailKind[];
}

const [BY_MONTH] = LEADS_TABLE.globalSecondaryIndexes;

/**
 * The leads created from `from` (inclusive) to `to` (exclusive) with a pending email, oldest
 * first. Queries the `byMonth` index once per month in range (never a scan), reading only ids,
 * times and email states. The index is eventually consistent: callers re-read each lead before
 * acting on it.
 */
export async function findPendingLeads(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
): Promise<PendingLead[]> {
  const leads: PendingLead[] = [];
  for (const month of monthsFrom(from, to)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      let output: QueryCommandOutput;
      try {
        output = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: BY_MONTH.indexName,
            // gsi1sk is `<createdAt>#<id>`: a key made at exactly `from` sorts after `from`
            // (kept) and one made at exactly `to` sorts after `to` (left out).
            KeyConditionExpression: '#pk = :month AND #sk BETWEEN :from AND :to',
            FilterExpression:
              '#entity = :lead AND (#n.#clinic.#status = :pending OR #n.#patient.#status = :pending)',
            ProjectionExpression: '#id, #createdAt, #n',
            ExpressionAttributeNames: {
              '#pk': BY_MONTH.partitionKey.name,
              '#sk': BY_MONTH.sortKey.name,
              '#entity': 'entity',
              '#n': 'notification',
              '#clinic': 'clinic',
              '#patient': 'patient',
              '#status': 'status',
              '#id': 'id',
              '#createdAt': 'createdAt',
            },
            ExpressionAttributeValues: {
              ':month': monthKey(month.toISOString()),
              ':from': from.toISOString(),
              ':to': to.toISOString(),
              ':lead': 'lead',
              ':pending': 'pending',
            },
            ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
          }),
        );
      } catch (error) {
        return translate(error);
      }
      for (const item of output.Items ?? []) leads.push(pendingLead(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
  return leads;
}

function pendingLead(item: Record<string, unknown>): PendingLead {
  const notification = item.notification as Partial<Record<EmailKind, { status?: unknown }>>;
  const kinds: EmailKind[] = ['clinic', 'patient'];
  return {
    id: String(item.id),
    createdAt: String(item.createdAt),
    pending: kinds.filter((which) => notification[which]?.status === 'pending'),
  };
}

/** The first instant (UTC) of each month from `from`'s to `to`'s, in order. */
function monthsFrom(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (
    let month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    month <= to;
    month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))
  ) {
    months.push(month);
  }
  return months;
}
