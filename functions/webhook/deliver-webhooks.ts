/**
 * The core of the webhook function: for each lead inserted into the table (the stream is the
 * outbox, as for the email), POST a signed alert to the clinic's chat or CRM.
 *
 * Each attempt is first recorded on the lead (`webhook.status = pending`, attempts counted),
 * then sent, then recorded `sent` or `failed`. A lead already `sent` is skipped, so a retried
 * or re-delivered record posts nothing twice; the one gap is a crash between the receiver's
 * 2xx and the write, which repeats that alert once (receivers may drop it by its
 * `X-Lead-Delivery` id).
 *
 * A failure is reported per record (`batchItemFailures`): the event source retries from it,
 * with the same bounded retries as the email, and then sends it to the webhook's own
 * dead-letter queue. The records after a failure are reported failed at once without a POST:
 * the receiver is likely down, and the retry starts from the first failure anyway.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type {
  DynamoDBBatchItemFailure,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { errorName } from '../lib/aws-errors';
import { callByPhrase } from '../lib/email/call-by';
import { AppError, SERVER_ERROR_CODE } from '../lib/errors';
import { addOpeningMinutes } from '../lib/opening-hours';
import { signStatusToken, statusLink } from '../lib/status-link';
import { insertedLeadId } from '../notify/stored-lead';
import type { LeadKind, PreferredTime } from '../contract/lead-schema';
import type { WebhookConfig } from './config';
import { alertBody, type LeadAlert } from './payload';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';
import { readLeadForWebhook, recordWebhookState, type LeadForWebhook } from './webhook-store';

/** The receiver did not take the alert (an answer other than 2xx, or no answer in time). */
class WebhookNotDeliveredError extends AppError {
  override readonly name = 'WebhookNotDeliveredError';
  readonly errorType = SERVER_ERROR_CODE;
  readonly status = 502;
}

/** Sends one request; `fetch` in Lambda, anything with its shape in a test. */
export type Post = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<{ readonly status: number }>;

export interface WebhookDeps {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly config: WebhookConfig;
  readonly now: () => Date;
  readonly logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** The status-link key (functions/lib/status-link.ts), read once and kept. */
  readonly linkKey: () => Promise<Uint8Array>;
  /** The webhook signing secret, read once and kept. */
  readonly secret: () => Promise<Uint8Array>;
  readonly post: Post;
}

/** What happened to one lead's alert. */
export type WebhookOutcome = 'sent' | 'already-sent' | 'lead-gone';

/** Alerts every new lead in `event`; returns the records that failed, for a retry. */
export async function deliverWebhooks(
  event: DynamoDBStreamEvent,
  deps: WebhookDeps,
): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchItemFailure[] = [];
  for (const record of event.Records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (sequenceNumber === undefined) continue;
    if (batchItemFailures.length > 0) {
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
      continue;
    }
    let leadId: string | undefined;
    try {
      leadId = insertedLeadId(record);
      if (leadId === undefined) continue;
      const outcome = await deliverWebhook(leadId, deps);
      deps.logger.info('Lead webhook', { leadId, sequenceNumber, outcome });
    } catch (error) {
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
      deps.logger.error('Lead webhook failed; the record will be retried', {
        leadId,
        sequenceNumber,
        error: errorName(error),
        ...(error instanceof Error &&
          error.cause !== undefined && { cause: errorName(error.cause) }),
      });
    }
  }
  return { batchItemFailures };
}

/** Posts one lead's alert unless it was already delivered; throws when the receiver fails. */
async function deliverWebhook(id: string, deps: WebhookDeps): Promise<WebhookOutcome> {
  const { db, tableName, config } = deps;
  const lead = await readLeadForWebhook(db, tableName, id);
  if (lead === undefined) return 'lead-gone';
  if (lead.webhook?.status === 'sent') return 'already-sent';

  const attempts = (lead.webhook?.attempts ?? 0) + 1;
  const startedAt = deps.now();
  const attempt = { attempts, lastAttemptAt: startedAt.toISOString() };
  if (!(await recordWebhookState(db, tableName, id, { status: 'pending', ...attempt }))) {
    return 'already-sent';
  }
  const body = alertBody(await alertOf(lead, deps), config.format, config.clinicName);
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  let result: string;
  try {
    const response = await deps.post(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'lead-webhook/1',
        [SIGNATURE_HEADER]: signatureHeader(await deps.secret(), timestamp, body),
        [DELIVERY_HEADER]: id,
      },
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
      // A redirect is refused, not followed: the alert goes to the configured address only.
      redirect: 'manual',
    });
    result = `http-${response.status}`;
    if (response.status >= 200 && response.status < 300) {
      await recordWebhookState(db, tableName, id, { status: 'sent', ...attempt, result });
      return 'sent';
    }
  } catch (error) {
    result = errorName(error);
  }
  await recordWebhookState(db, tableName, id, { status: 'failed', ...attempt, result });
  throw new WebhookNotDeliveredError(`The webhook receiver did not take the alert (${result})`);
}

/** The alert's facts: kind, preferred time, call-by time, reference, status link. */
async function alertOf(lead: LeadForWebhook, deps: WebhookDeps): Promise<LeadAlert> {
  const { config } = deps;
  const arrived = new Date(lead.createdAt);
  const callBy = addOpeningMinutes(arrived, config.targetMinutes, config.hours);
  const expiresAt = new Date(deps.now().getTime() + config.statusLinks.days * 24 * 60 * 60 * 1000);
  const token = signStatusToken(await deps.linkKey(), lead.id, expiresAt);
  return {
    reference: lead.id,
    kind: lead.kind as LeadKind,
    preferredTime: lead.preferredTime as PreferredTime | undefined,
    receivedAt: lead.createdAt,
    callBy: callBy.toISOString(),
    callByText: callByPhrase(callBy, arrived, config.hours.timeZone),
    statusPage: statusLink(config.statusLinks.baseUrl, lead.id, token),
  };
}
