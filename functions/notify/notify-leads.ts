/**
 * The core of the notify function: for each lead inserted into the table (the stream is the
 * outbox), email the clinic and, when the patient gave an address, send them a confirmation.
 *
 * Exactly once in practice: before each email the lead is read again (consistent read) and an
 * email already recorded as sent is skipped; after sending, the email's state is recorded with
 * a conditional update. A retried or re-delivered record therefore sends nothing twice. The
 * one gap left is a crash between SES accepting a message and the update landing, which at
 * worst repeats that one email.
 *
 * Failures are reported per record (`batchItemFailures`), so the event source retries from the
 * first failed record and, after its bounded retries, sends it to the dead-letter destination
 * while later records carry on.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Logger } from '@aws-lambda-powertools/logger';
import type {
  DynamoDBBatchItemFailure,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { errorName } from '../lib/aws-errors';
import { renderClinicEmail, type ClinicEmailActions } from '../lib/email/clinic-email';
import { callByPhrase } from '../lib/email/call-by';
import { ACTION_LABELS, STATUS_ACTIONS } from '../lib/lead-status';
import { addOpeningMinutes } from '../lib/opening-hours';
import { signStatusToken, statusLink } from '../lib/status-link';
import { isSafeAddress } from '../lib/email/escape';
import { renderPatientConfirmation } from '../lib/email/patient-email';
import { sendEmail } from '../lib/email/ses-sender';
import { ServiceUnavailableError } from '../lib/errors';
import type { NotifyConfig } from './config';
import { readLead, recordEmailState, type EmailKind } from './notification-store';
import { askedBeforeNote, findEarlierRequests } from './repeat-requests';
import { insertedLeadId, parseStoredLead, type StoredLead } from './stored-lead';

/** The logging the core does: ids and outcomes only, never a name, phone, email or message. */
export type NotifyLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface NotifyDeps {
  readonly db: DynamoDBDocumentClient;
  readonly ses: SESv2Client;
  readonly tableName: string;
  readonly config: NotifyConfig;
  readonly now: () => Date;
  readonly logger: NotifyLogger;
  /** The status-link key (functions/lib/status-link.ts), read once and kept. */
  readonly linkKey: () => Promise<Uint8Array>;
}

/** What happened to one email of a lead. */
export type EmailOutcome = 'sent' | 'already-sent' | 'not-applicable' | 'lead-gone';

/** Notifies every new lead in `event`; returns the records that failed, for a retry. */
export async function notifyLeads(
  event: DynamoDBStreamEvent,
  deps: NotifyDeps,
): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchItemFailure[] = [];
  let unavailable = false;
  for (const record of event.Records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (sequenceNumber === undefined) {
      // Nothing to report it by; AWS never sends such a record.
      deps.logger.warn('Stream record without a sequence number skipped', {
        eventID: record.eventID,
      });
      continue;
    }
    if (unavailable) {
      // SES or the table is down: the rest of the batch would fail the same way, slowly.
      // Reporting it failed now lets the retry (from the first failure) come sooner.
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
      continue;
    }
    let leadId: string | undefined;
    try {
      leadId = insertedLeadId(record);
      if (leadId === undefined) {
        deps.logger.debug('Stream record is not a new lead', {
          sequenceNumber,
          eventName: record.eventName,
        });
        continue;
      }
      const outcome = await notifyLead(leadId, deps);
      deps.logger.info('Lead notified', { leadId, sequenceNumber, ...outcome });
    } catch (error) {
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
      unavailable = error instanceof ServiceUnavailableError;
      deps.logger.error('Lead notification failed; the record will be retried', {
        leadId,
        sequenceNumber,
        ...failureDetails(error),
      });
    }
  }
  return { batchItemFailures };
}

/** What happened to each email of one lead. */
export interface LeadNotification {
  readonly clinic: EmailOutcome;
  readonly patient: EmailOutcome;
}

/**
 * Sends whichever of a lead's emails are still pending, each at most once (see above). The
 * one per-lead path: the stream delivery and the re-drive of pending leads both call it.
 * Throws (`ServiceUnavailableError` for a transient failure) with the failed email still pending.
 */
export async function notifyLead(id: string, deps: NotifyDeps): Promise<LeadNotification> {
  // The clinic first: the patient is told "we will call you" only once the clinic knows.
  const clinic = await deliver(id, 'clinic', deps);
  const patient = clinic === 'lead-gone' ? clinic : await deliver(id, 'patient', deps);
  return { clinic, patient };
}

async function deliver(id: string, which: EmailKind, deps: NotifyDeps): Promise<EmailOutcome> {
  const { db, tableName, config } = deps;
  const item = await readLead(db, tableName, id);
  if (item === undefined) return 'lead-gone';
  const lead = parseStoredLead(item, id);
  const state = lead.notification[which];
  if (state.status === 'sent') return 'already-sent';
  if (state.status === 'not-applicable') return 'not-applicable';

  if (which === 'patient' && (lead.email === undefined || !isSafeAddress(lead.email))) {
    // The API refuses such addresses; a lead written some other way gets no confirmation.
    await recordEmailState(db, tableName, id, which, { status: 'not-applicable' });
    deps.logger.warn('No usable patient address; confirmation not sent', { leadId: id });
    return 'not-applicable';
  }
  const callBy = callByOf(lead.createdAt, config);
  const email =
    which === 'clinic'
      ? renderClinicEmail(lead, config, {
          ...(await statusActions(id, deps)),
          callBy,
          ...(await repeatNote(lead, item.expiresAt, deps)),
        })
      : renderPatientConfirmation(lead, config, callBy);
  const messageId = await sendEmail(deps.ses, email, {
    sender: config.sender,
    ...(config.configurationSetName !== undefined && {
      configurationSetName: config.configurationSetName,
    }),
  });
  const recorded = await recordEmailState(db, tableName, id, which, {
    status: 'sent',
    messageId,
    at: deps.now().toISOString(),
  });
  if (!recorded) {
    deps.logger.warn('Email sent but its state was already recorded elsewhere', {
      leadId: id,
      which,
      messageId,
    });
  }
  return 'sent';
}

/** The lead's call-by time in words, from when it arrived and the clinic's opening hours. */
function callByOf(createdAt: string, config: NotifyConfig): string {
  const arrived = new Date(createdAt);
  const { hours, targetMinutes } = config.followUp;
  return callByPhrase(addOpeningMinutes(arrived, targetMinutes, hours), arrived, hours.timeZone);
}

/** "Asked before: …" when the same number or address made a request within the window. */
async function repeatNote(
  lead: StoredLead,
  expiresAt: unknown,
  deps: NotifyDeps,
): Promise<{ askedBefore?: string }> {
  const earlier = await findEarlierRequests(
    { ...lead, ...(typeof expiresAt === 'number' && { expiresAt }) },
    { ...deps, windowDays: deps.config.followUp.repeatWindowDays },
  );
  const note = askedBeforeNote(earlier, new Date(lead.createdAt));
  return note === undefined ? {} : { askedBefore: note };
}

/** One signed link per action on the lead's status page. */
export async function statusActions(id: string, deps: NotifyDeps): Promise<ClinicEmailActions> {
  const { baseUrl, days } = deps.config.statusLinks;
  const expiresAt = new Date(deps.now().getTime() + days * 24 * 60 * 60 * 1000);
  const token = signStatusToken(await deps.linkKey(), id, expiresAt);
  return {
    links: STATUS_ACTIONS.map((action) => ({
      text: ACTION_LABELS[action],
      href: statusLink(baseUrl, id, token, action),
    })),
  };
}

/** An error as a log line or a report may carry it: names only, never a message. */
export function failureDetails(error: unknown): {
  readonly error: string;
  readonly cause?: string;
} {
  return {
    error: errorName(error),
    ...(error instanceof Error && error.cause !== undefined && { cause: errorName(error.cause) }),
  };
}
