/**
 * Every lead created in a period, read through the `byMonth` index: one Query per month
 * (`LEADS#<yyyy-mm>`), bounded by creation time, never a Scan. The index projects whole items.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from '../aws-errors';
import { monthKey } from '../lead-item';
import { LEADS_TABLE } from '../table-spec';
import { monthsFrom } from './months';

const [BY_MONTH] = LEADS_TABLE.globalSecondaryIndexes;

/** The lead items created from `from` (inclusive) to `to` (exclusive), oldest first. */
export async function leadsCreatedBetween(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
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
            FilterExpression: '#entity = :lead',
            ExpressionAttributeNames: {
              '#pk': BY_MONTH.partitionKey.name,
              '#sk': BY_MONTH.sortKey.name,
              '#entity': 'entity',
            },
            ExpressionAttributeValues: {
              ':month': monthKey(month.toISOString()),
              ':from': from.toISOString(),
              ':to': to.toISOString(),
              ':lead': 'lead',
            },
            ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
          }),
        );
        items.push(...((output.Items ?? []) as Record<string, unknown>[]));
        startKey = output.LastEvaluatedKey;
      } catch (error) {
        return rethrowTransient(error, 'The leads table');
      }
    } while (startKey !== undefined);
  }
  return items;
}
