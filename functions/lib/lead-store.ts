/**
 * Table access for leads: the only module that calls DynamoDB on the submit path, through the
 * submit path's own client (`dynamodb-json.ts`). Its errors are translated here into the app's
 * own errors, so the core never sees a DynamoDB type.
 */
import { rethrowTransient } from './aws-errors';
import {
  DynamoDbError,
  toAttributeMap,
  type AttributeValue,
  type TableClient,
} from './dynamodb-json';
import { rateKey, spamKey, type LeadItem } from './lead-item';

/** Seconds a client should wait before retrying after the table pushed back. */
const RETRY_AFTER_SECONDS = 2;

const translate = (error: unknown): never =>
  rethrowTransient(error, 'The leads table', RETRY_AFTER_SECONDS);

/** The write's failure when it failed on its condition (with the stored item, if asked for). */
const conditionFailure = (error: unknown): DynamoDbError | undefined =>
  error instanceof DynamoDbError && error.name === 'ConditionalCheckFailedException'
    ? error
    : undefined;

const text = (attribute: AttributeValue | undefined): string | undefined =>
  attribute !== undefined && 'S' in attribute ? attribute.S : undefined;

export type PutLeadResult =
  | { readonly created: true }
  | { readonly created: false; readonly existing: Pick<LeadItem, 'id' | 'kind' | 'payloadHash'> };

/**
 * Writes a new lead, or reports the lead already stored under the same id (an idempotent
 * replay) without writing anything. One conditional write: it is whole or absent.
 */
export async function putLead(
  db: TableClient,
  tableName: string,
  item: LeadItem,
): Promise<PutLeadResult> {
  try {
    await db.send('PutItem', {
      TableName: tableName,
      Item: toAttributeMap(item),
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    return { created: true };
  } catch (error) {
    const failed = conditionFailure(error);
    if (failed === undefined) return translate(error);
    const old = failed.item;
    const existing = {
      id: text(old?.id) ?? item.id,
      kind: (text(old?.kind) ?? item.kind) as LeadItem['kind'],
      payloadHash: text(old?.payloadHash) ?? '',
    };
    return { created: false, existing };
  }
}

/** Keeps a honeypot submission briefly, as spam: never emailed, gone after its TTL. */
export async function putSpam(
  db: TableClient,
  tableName: string,
  spam: { id: string; createdAt: string; expiresAt: number; fields: Record<string, string> },
): Promise<void> {
  try {
    await db.send('PutItem', {
      TableName: tableName,
      Item: toAttributeMap({ ...spamKey(spam.id), entity: 'spam', ...spam }),
    });
  } catch (error) {
    translate(error);
  }
}

/**
 * Counts one request against the client's fixed window and tells whether it is within the
 * limit. The counter never passes the limit: an over-limit request writes nothing.
 */
export async function takeRateToken(
  db: TableClient,
  tableName: string,
  options: { client: string; windowStart: number; windowSeconds: number; max: number },
): Promise<boolean> {
  try {
    await db.send('UpdateItem', {
      TableName: tableName,
      Key: toAttributeMap(rateKey(options.client, options.windowStart)),
      UpdateExpression: 'ADD #count :one SET #entity = :entity, #expiresAt = :expiresAt',
      ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
      ExpressionAttributeNames: {
        '#count': 'count',
        '#entity': 'entity',
        '#expiresAt': 'expiresAt',
      },
      ExpressionAttributeValues: toAttributeMap({
        ':one': 1,
        ':max': options.max,
        ':entity': 'rate',
        ':expiresAt': options.windowStart + options.windowSeconds,
      }),
    });
    return true;
  } catch (error) {
    if (conditionFailure(error) !== undefined) return false;
    return translate(error);
  }
}
