/**
 * Lambda entry of the notify function, triggered by the leads table's stream (filtered to
 * inserted leads). Settings are read and clients created once per cold start.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../lib/dynamo';
import { requireEnv } from '../lib/env';
import { createLogger } from '../lib/logger';
import { secretReader } from '../lib/secrets';
import { linkKeyLoader, STATUS_LINK_KEY_VARIABLE } from '../lib/status-link';
import { notifySettingsFromEnv } from './config';
import { notifyLeads } from './notify-leads';

const { tableName, config } = notifySettingsFromEnv();
const logger = createLogger('notify-lead');
const db = createDocumentClient();
// Bounded waits, so an SES outage fails a batch well inside the function's timeout instead of
// hanging until Lambda kills it. Without `throwOnRequestTimeout` the SDK only logs a warning
// when `requestTimeout` passes and keeps waiting.
const ses = new SESv2Client({
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
});
const linkKey = linkKeyLoader(
  requireEnv(STATUS_LINK_KEY_VARIABLE),
  secretReader(new SecretsManagerClient({ maxAttempts: 2 })),
);

/** Emails the clinic (and confirms to the patient) for each new lead in the batch. */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  if (context !== undefined) logger.addContext(context);
  return notifyLeads(event, { db, ses, tableName, config, now: () => new Date(), logger, linkKey });
}
