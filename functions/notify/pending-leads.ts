/**
 * Finding leads whose email is still pending, for the re-drive command. Kept apart from the
 * notify function's store so the function's bundle (and its grants) need no Query.
 */
import {
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from '../lib/aws-errors';
import { monthsFrom } from '../lib/funnel/months';
import { monthKey } from '../lib/lead-item';
import { LEADS_TABLE } from '../lib/table-spec';
import type { EmailKind } from './notification-store';

const translate = (error: unknown): never => rethrowTransient(error, 'The leads table');

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
