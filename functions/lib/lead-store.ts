/**
 * Table access for leads: the only module that calls DynamoDB on the submit path. SDK errors
 * are translated here into the app's own errors, so the core never sees an SDK type.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from './aws-errors';
import { sendConditional } from './dynamo';
import { rateKey, spamKey, type LeadItem } from './lead-item';

/** Seconds a client should wait before retrying after the table pushed back. */
const RETRY_AFTER_SECONDS = 2;

const translate = (error: unknown): never =>
  rethrowTransient(error, 'The leads table', RETRY_AFTER_SECONDS);

export type PutLeadResult =
  | { readonly created: true }
  | { readonly created: false; readonly existing: Pick<LeadItem, 'id' | 'kind' | 'payloadHash'> };

/**
 * Writes a new lead, or reports the lead already stored under the same id (an idempotent
 * replay) without writing anything. One conditional write: it is whole or absent.
 */
export async function putLead(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: LeadItem,
): Promise<PutLeadResult> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      const old = error.Item;
      const existing = {
        id: String(old?.id?.S ?? item.id),
        kind: (old?.kind?.S ?? item.kind) as LeadItem['kind'],
        payloadHash: String(old?.payloadHash?.S ?? ''),
      };
      return { created: false, existing };
    }
    return translate(error);
  }
}

/** Keeps a honeypot submission briefly, as spam: never emailed, gone after its TTL. */
export async function putSpam(
  db: DynamoDBDocumentClient,
  tableName: string,
  spam: { id: string; createdAt: string; expiresAt: number; fields: Record<string, string> },
): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...spamKey(spam.id), entity: 'spam', ...spam },
      }),
    );
  } catch (error) {
    translate(error);
  }
}

/**
 * Counts one request against the client's fixed window and tells whether it is within the
 * limit. The counter never passes the limit: an over-limit request writes nothing.
 */
export async function takeRateToken(
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { client: string; windowStart: number; windowSeconds: number; max: number },
): Promise<boolean> {
  return sendConditional(
    db,
    new UpdateCommand({
      TableName: tableName,
      Key: rateKey(options.client, options.windowStart),
      UpdateExpression: 'ADD #count :one SET #entity = :entity, #expiresAt = :expiresAt',
      ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
      ExpressionAttributeNames: {
        '#count': 'count',
        '#entity': 'entity',
        '#expiresAt': 'expiresAt',
      },
      ExpressionAttributeValues: {
        ':one': 1,
        ':max': options.max,
        ':entity': 'rate',
        ':expiresAt': options.windowStart + options.windowSeconds,
      },
    }),
    'The leads table',
    RETRY_AFTER_SECONDS,
  );
}
