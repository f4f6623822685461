/**
 * Every lead created in a period, read through the `byMonth` index (one Query per month, never
 * a Scan; see lib/leads-by-month.ts). The index projects whole items.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryLeadsByMonth } from '../leads-by-month';

/** The lead items created from `from` (inclusive) to `to` (exclusive), oldest first. */
export function leadsCreatedBetween(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
): Promise<Record<string, unknown>[]> {
  return queryLeadsByMonth(db, tableName, from, to);
}
