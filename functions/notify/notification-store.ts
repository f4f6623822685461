/**
 * Table access for the notify function: reading a lead with a consistent read, and recording
 * where each of its emails stands with a conditional update. SDK errors are translated here.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from '../lib/aws-errors';
import { sendConditional } from '../lib/dynamo';
import { leadKey, type EmailState } from '../lib/lead-item';

/** Which of a lead's two emails. */
export type EmailKind = 'clinic' | 'patient';

const translate = (error: unknown): never => rethrowTransient(error, 'The leads table');

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
  return sendConditional(
    db,
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
    'The leads table',
  );
}
