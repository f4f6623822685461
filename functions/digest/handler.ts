/**
 * Lambda adapter for the hourly schedule of the weekly funnel digest: reads its settings once
 * at cold start and runs the core, which decides whether this hour has anything to send.
 */
import { createSesClient } from '../lib/aws-clients';
import { createDocumentClient } from '../lib/dynamo';
import { sendEmail } from '../lib/email/ses-sender';
import { optionalEnv, requireEnv, requireTimeZoneEnv } from '../lib/env';
import { parseFunnelCampaigns } from '../lib/funnel/campaigns';
import { createLogger } from '../lib/logger';
import { sendWeeklyDigest, type DigestDeps } from './weekly-digest';

const logger = createLogger('weekly-digest');
const ses = createSesClient();
const sender = { email: requireEnv('SENDER_EMAIL'), name: requireEnv('SENDER_NAME') };
const configurationSetName = optionalEnv('SES_CONFIGURATION_SET');
const deps: DigestDeps = {
  db: createDocumentClient(),
  tableName: requireEnv('TABLE_NAME'),
  timeZone: requireTimeZoneEnv('CLINIC_TIME_ZONE'),
  clinicName: requireEnv('CLINIC_NAME'),
  recipients: (optionalEnv('DIGEST_RECIPIENTS') ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== ''),
  campaigns: parseFunnelCampaigns(requireEnv('FUNNEL_CAMPAIGNS')),
  send: (email) =>
    sendEmail(
      ses,
      { ...email, replyTo: [], purpose: 'funnel-digest' },
      { sender, ...(configurationSetName !== undefined && { configurationSetName }) },
    ),
  now: () => new Date(),
};

export const handler = async (): Promise<void> => {
  const result = await sendWeeklyDigest(deps);
  // Counts and a week only: the digest holds nothing personal, and neither does this line.
  logger.info('Weekly digest', { ...result });
};
