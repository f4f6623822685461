/**
 * What the notify integration tests share: the real notify handler, cold-started with the
 * environment its declaration gives it and pointed at the emulators, driven by the local
 * stream poller on DynamoDB Local's real stream; and ways to find one test's emails in the
 * SES emulator, which every integration test shares.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig, readCdkContext } from '../../infra/config/load-config';
import { localAwsEnvironment } from '../../infra/local/aws-clients';
import { loadFunction } from '../../infra/local/load-function';
import {
  startStreamPoller,
  type DeadLetterStore,
  type PollerLogger,
  type StreamPoller,
} from '../../infra/local/stream-poller';
import { notifyFunction, type TableStreamTrigger } from '../../infra/manifest';
import type { LeadItem } from '../../functions/lib/lead-item';
import { STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';
import { testLinkKey } from '../support/link-key';
import { sentEmails, type LocalAws, type StoredEmail } from '../support/local-aws';

export type NotifyHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

if (notifyFunction.trigger.type !== 'table-stream') throw new Error('notify is stream-triggered');
/** The event source mapping exactly as declared for AWS. */
export const DECLARED_TRIGGER: TableStreamTrigger = notifyFunction.trigger;

const quietLogger: PollerLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Cold-starts the real notify handler against `aws`'s table, with a front-desk address unique
 * to the calling test file. `sesUrl` may point elsewhere than the emulator (e.g. a proxy).
 * Call `restoreEnvironment` when done: the handler's settings are process environment.
 */
export async function loadNotifyHandler(
  aws: LocalAws,
  options: { sesUrl?: string; logLevel?: 'INFO' | 'SILENT'; linkKeySource?: string } = {},
): Promise<{ handler: NotifyHandler; recipient: string; restoreEnvironment: () => void }> {
  const recipient = `frontdesk+${randomUUID().slice(0, 8)}@willowlane.example.com`;
  const saved = { ...process.env };
  Object.assign(
    process.env,
    localAwsEnvironment({
      dynamodbEndpoint: aws.dynamodbEndpoint,
      sesUrl: options.sesUrl ?? aws.sesUrl,
    }),
    // Tests run with Powertools silenced (vitest.config.ts) unless one wants to read the logs.
    options.logLevel !== undefined && { POWERTOOLS_LOG_LEVEL: options.logLevel },
    // Where the local stack keeps the status-link key; the CDK app names the secret instead.
    { [STATUS_LINK_KEY_VARIABLE]: options.linkKeySource ?? testLinkKey().source },
  );
  const context = readCdkContext();
  const config = loadConfig({
    leads: { ...(context.leads as Record<string, unknown>), recipients: [recipient] },
  });
  const handler = await loadFunction<NotifyHandler>(notifyFunction, config, {
    tableName: aws.tableName,
  });
  // The environment is the process's: put it back so no later test file inherits it.
  const restoreEnvironment = () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
  return { handler, recipient, restoreEnvironment };
}

/** Starts the poller with the declared trigger and short local retry delays. */
export function startNotifyPoller(
  aws: LocalAws,
  options: {
    invoke: NotifyHandler;
    deadLetter: DeadLetterStore;
    checkpointFile?: string;
    retryBackoff?: { initialMs: number; maxMs: number };
  },
): StreamPoller {
  return startStreamPoller({
    streams: aws.streams,
    tableStreamArn: aws.streamArn,
    trigger: DECLARED_TRIGGER,
    invoke: options.invoke,
    deadLetter: options.deadLetter,
    pollIntervalMs: 50,
    retryBackoff: options.retryBackoff ?? { initialMs: 20, maxMs: 200 },
    logger: quietLogger,
    functionName: notifyFunction.name,
    ...(options.checkpointFile !== undefined && { checkpointFile: options.checkpointFile }),
  });
}

/** Stores `lead` as the submit function would (the stream then carries it to notify). */
export async function storeLead(aws: LocalAws, lead: LeadItem): Promise<void> {
  await aws.db.send(new PutCommand({ TableName: aws.tableName, Item: lead }));
}

/** The lead as it is stored now. */
export async function readStoredLead(aws: LocalAws, lead: LeadItem): Promise<LeadItem> {
  const output = await aws.db.send(
    new GetCommand({
      TableName: aws.tableName,
      Key: { pk: lead.pk, sk: lead.sk },
      ConsistentRead: true,
    }),
  );
  return output.Item as LeadItem;
}

/** The emails about `lead`: to the front desk (they name the lead id) and to the patient. */
export async function emailsAbout(
  aws: LocalAws,
  lead: LeadItem,
  recipient: string,
): Promise<{ clinic: StoredEmail[]; patient: StoredEmail[] }> {
  const emails = await sentEmails(aws.sesUrl);
  return {
    clinic: emails.filter(
      (e) =>
        e.destination.to.includes(recipient) &&
        // Not an email about a later lead that names this one as asked before ("ref <id>").
        (e.body.text ?? '').replaceAll(`ref ${lead.id}`, '').includes(lead.id),
    ),
    patient: emails.filter(
      (e) => lead.email !== undefined && e.destination.to.includes(lead.email),
    ),
  };
}
