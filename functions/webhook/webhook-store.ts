/**
 * Table access for the webhook function: reading the few fields of a lead the webhook carries
 * (never its name, phone, email or note) and recording where its delivery stands.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from '../lib/aws-errors';
import { sendConditional } from '../lib/dynamo';
import { leadKey, type WebhookState } from '../lib/lead-item';

export type { WebhookState } from '../lib/lead-item';

/** The fields of a lead the webhook reads. */
export interface LeadForWebhook {
  readonly id: string;
  readonly kind: string;
  readonly preferredTime?: string;
  readonly createdAt: string;
  readonly webhook?: WebhookState;
}

const translate = (error: unknown): never => rethrowTransient(error, 'The leads table');

/** The lead's webhook fields, read consistently, or `undefined` when the lead is gone. */
export async function readLeadForWebhook(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
): Promise<LeadForWebhook | undefined> {
  try {
    const output = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: leadKey(id),
        ConsistentRead: true,
        ProjectionExpression: '#id, #kind, #preferredTime, #createdAt, #webhook',
        ExpressionAttributeNames: {
          '#id': 'id',
          '#kind': 'kind',
          '#preferredTime': 'preferredTime',
          '#createdAt': 'createdAt',
          '#webhook': 'webhook',
        },
      }),
    );
    return output.Item as LeadForWebhook | undefined;
  } catch (error) {
    return translate(error);
  }
}

/**
 * Records the webhook's state on the lead, unless it is already `sent` or the lead is gone
 * (then it writes nothing and returns false).
 */
export async function recordWebhookState(
  db: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  state: WebhookState,
): Promise<boolean> {
  return sendConditional(
    db,
    new UpdateCommand({
      TableName: tableName,
      Key: leadKey(id),
      UpdateExpression: 'SET #webhook = :state',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(#webhook) OR #webhook.#status <> :sent)',
      ExpressionAttributeNames: { '#webhook': 'webhook', '#status': 'status' },
      ExpressionAttributeValues: { ':state': state, ':sent': 'sent' },
    }),
    'The leads table',
  );
}
