/**
 * The once-a-week record of the digest: `pk = DIGEST#<week's Monday>`, `sk = DIGEST`. Claimed
 * with a conditional write before the email goes out, so a retried or doubled run finds the
 * claim and sends nothing. A failed send releases it for the next run; a run that dies between
 * sending and recording leaves the claim in place: at most one digest a week, never two.
 */
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendConditional } from '../lib/dynamo';

export const digestKey = (weekStart: string) => ({ pk: `DIGEST#${weekStart}`, sk: 'DIGEST' });

/** Kept a year and a little, then DynamoDB deletes it. */
const KEEP_SECONDS = 400 * 86_400;

/** Claims the week's digest; false when it was already claimed (sent, or being sent). */
export async function claimDigest(
  db: DynamoDBDocumentClient,
  tableName: string,
  weekStart: string,
  now: Date,
): Promise<boolean> {
  return sendConditional(
    db,
    new PutCommand({
      TableName: tableName,
      Item: {
        ...digestKey(weekStart),
        entity: 'digest',
        status: 'sending',
        claimedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
      },
      // Free: never claimed, or the last attempt failed before anything was sent.
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed' },
    }),
    'The digest record',
  );
}

/** Records how the claimed week ended: sent (with SES's message id) or failed (free again). */
export async function recordDigest(
  db: DynamoDBDocumentClient,
  tableName: string,
  weekStart: string,
  outcome: { readonly status: 'sent'; readonly messageId: string } | { readonly status: 'failed' },
  now: Date,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: digestKey(weekStart),
      UpdateExpression: 'SET #status = :status, #at = :at, #messageId = :messageId',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#at': 'finishedAt',
        '#messageId': 'messageId',
      },
      ExpressionAttributeValues: {
        ':status': outcome.status,
        ':at': now.toISOString(),
        ':messageId': outcome.status === 'sent' ? outcome.messageId : null,
      },
    }),
  );
}
