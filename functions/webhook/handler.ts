/**
 * Lambda entry of the webhook function, triggered by the leads table's stream (filtered to
 * inserted leads) beside the notify function. Settings are read and clients created once per
 * cold start; the alert goes out with Node's own `fetch`.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createSecretsClient } from '../lib/aws-clients';
import { createDocumentClient } from '../lib/dynamo';
import { requireEnv } from '../lib/env';
import { createLogger } from '../lib/logger';
import { secretReader } from '../lib/secrets';
import { linkKeyLoader, STATUS_LINK_KEY_VARIABLE } from '../lib/status-link';
import { WEBHOOK_SECRET_VARIABLE, webhookSettingsFromEnv } from './config';
import { deliverWebhooks } from './deliver-webhooks';

const { tableName, config } = webhookSettingsFromEnv();
const logger = createLogger('lead-webhook');
const db = createDocumentClient();
const readSecret = secretReader(createSecretsClient());
const linkKey = linkKeyLoader(requireEnv(STATUS_LINK_KEY_VARIABLE), readSecret);
const secret = linkKeyLoader(requireEnv(WEBHOOK_SECRET_VARIABLE), readSecret, 'webhook secret');

/** Posts a signed alert for each new lead in the batch. */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  if (context !== undefined) logger.addContext(context);
  return deliverWebhooks(event, {
    db,
    tableName,
    config,
    now: () => new Date(),
    logger,
    linkKey,
    secret,
    post: (url, init) => fetch(url, init),
  });
}
