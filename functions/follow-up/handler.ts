/**
 * Lambda entry of the scheduled follow-up (an EventBridge rule every few minutes; a timer on the
 * local stack). Settings are read and clients made once per cold start. A run with failures
 * throws after doing all it could, so the function's error metric (and its alarm) shows it; the
 * next run retries what failed.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createSecretsClient, createSesClient } from '../lib/aws-clients';
import { createDocumentClient } from '../lib/dynamo';
import { requireEnv } from '../lib/env';
import { createLogger } from '../lib/logger';
import { secretReader } from '../lib/secrets';
import { linkKeyLoader, STATUS_LINK_KEY_VARIABLE } from '../lib/status-link';
import { followUpSettingsFromEnv } from './config';
import { runFollowUp, type FollowUpReport } from './follow-up';

const { tableName, config } = followUpSettingsFromEnv();
const logger = createLogger('follow-up');
const db = createDocumentClient();
const ses = createSesClient();
const linkKey = linkKeyLoader(
  requireEnv(STATUS_LINK_KEY_VARIABLE),
  secretReader(createSecretsClient()),
);

export async function handler(_event: ScheduledEvent, context?: Context): Promise<FollowUpReport> {
  if (context !== undefined) logger.addContext(context);
  const report = await runFollowUp({
    db,
    ses,
    tableName,
    config,
    now: () => new Date(),
    logger,
    linkKey,
  });
  if (report.failed.length > 0 || report.resent.failed.length > 0) {
    throw new Error(
      `Follow-up run incomplete: ${report.failed.length + report.resent.failed.length} lead(s) failed; the next run retries`,
    );
  }
  return report;
}
