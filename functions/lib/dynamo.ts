/**
 * The DynamoDB document client every function uses, with one set of marshalling options, and
 * the one way a conditional write reports whether its condition held.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, type UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from './aws-errors';

export const DOCUMENT_TRANSLATE = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
} as const;

/** A document client; the region and endpoint come from the standard AWS environment. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), DOCUMENT_TRANSLATE);
}

/**
 * Sends one conditional write. True when it was written; false, with nothing written, when its
 * condition did not hold; any other failure is translated by {@link rethrowTransient}, naming
 * `what` (the table or record written).
 */
export async function sendConditional(
  db: DynamoDBDocumentClient,
  command: PutCommand | UpdateCommand,
  what: string,
  retryAfterSeconds?: number,
): Promise<boolean> {
  try {
    // Two branches only so that each `send` sees one command type.
    await (command instanceof PutCommand ? db.send(command) : db.send(command));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    return rethrowTransient(error, what, retryAfterSeconds);
  }
}
