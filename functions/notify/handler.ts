/**
 * Lambda entry of the notify function, triggered by the leads table's stream (filtered to
 * inserted leads). Settings are read and clients created once per cold start.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createSecretsClient, createSesClient } from '../lib/aws-clients';
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
const ses = createSesClient();
const linkKey = linkKeyLoader(
  requireEnv(STATUS_LINK_KEY_VARIABLE),
  secretReader(createSecretsClient()),
);

/** Emails the clinic (and confirms to the patient) for each new lead in the batch. */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  if (context !== undefined) logger.addContext(context);
  return notifyLeads(event, { db, ses, tableName, config, now: () => new Date(), logger, linkKey });
}
