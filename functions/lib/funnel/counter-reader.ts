/** Reading the funnel's daily counters of a period: one Query per day, never a Scan. */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunnelEvent } from '../../contract/funnel-events';
import { counterPartition, type CounterItem } from './counters';

/** Every counter of the given days (one Query per day, following pages). */
export async function readCounters(
  db: DynamoDBDocumentClient,
  tableName: string,
  days: readonly string[],
): Promise<CounterItem[]> {
  const items: CounterItem[] = [];
  for (const day of days) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': counterPartition(day) },
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        items.push({
          day: String(item.day),
          campaign: String(item.campaign),
          variant: String(item.variant),
          event: item.event as FunnelEvent,
          source: String(item.source),
          medium: String(item.medium),
          count: Number(item.count),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
  return items;
}
