/**
 * Reading leads by creation time through the `byMonth` index: one Query per calendar month
 * (`LEADS#<yyyy-mm>`), page after page, bounded by creation time, never a Scan. The index is
 * eventually consistent: callers that act on a lead re-read it first.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from './aws-errors';
import { monthsFrom } from './funnel/months';
import { monthKey } from './lead-item';
import { LEADS_TABLE } from './table-spec';

const [BY_MONTH] = LEADS_TABLE.globalSecondaryIndexes;

/** Which leads to keep and what to read of them, in DynamoDB's expression syntax. */
export interface LeadsByMonthQuery {
  /** A condition the leads must also meet (`#entity = :lead AND <filter>`). @default none */
  readonly filter?: string;
  /** The attributes to read. @default the whole item (the index projects all) */
  readonly projection?: string;
  /** The `#name` placeholders `filter` and `projection` use. */
  readonly names?: Readonly<Record<string, string>>;
  /** The `:value` placeholders `filter` uses. */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * The lead items created from `from` (inclusive) to `to` (exclusive) that meet `query`'s
 * filter, oldest first. A transient failure becomes a ServiceUnavailableError.
 */
export async function queryLeadsByMonth(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
  query: LeadsByMonthQuery = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const month of monthsFrom(from, to)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      try {
        const output = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: BY_MONTH.indexName,
            // gsi1sk is `<createdAt>#<id>`: one made at exactly `from` sorts after it (kept),
            // one made at exactly `to` sorts after `to` (left out).
            KeyConditionExpression: '#pk = :month AND #sk BETWEEN :from AND :to',
            FilterExpression:
              query.filter === undefined
                ? '#entity = :lead'
                : `#entity = :lead AND ${query.filter}`,
            ...(query.projection !== undefined && { ProjectionExpression: query.projection }),
            ExpressionAttributeNames: {
              '#pk': BY_MONTH.partitionKey.name,
              '#sk': BY_MONTH.sortKey.name,
              '#entity': 'entity',
              ...query.names,
            },
            ExpressionAttributeValues: {
              ':month': monthKey(month.toISOString()),
              ':from': from.toISOString(),
              ':to': to.toISOString(),
              ':lead': 'lead',
              ...query.values,
            },
            ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
          }),
        );
        items.push(...(output.Items ?? []));
        startKey = output.LastEvaluatedKey;
      } catch (error) {
        return rethrowTransient(error, 'The leads table');
      }
    } while (startKey !== undefined);
  }
  return items;
}
