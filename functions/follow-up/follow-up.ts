/**
 * The scheduled follow-up (every few minutes: an EventBridge rule in AWS, a timer on the local
 * stack; the same code). Each run:
 *
 * 1. re-sends emails still `pending` after an outage, through the re-drive path the operators'
 *    `npm run redrive` uses (functions/notify/redrive.ts), so a long SES outage heals itself;
 * 2. during opening hours only, reminds the front desk of leads still `new` at their call-by time
 *    (first reminder), and again `secondAfterMinutes` opening minutes later, to the recipients
 *    and the escalation list (second reminder).
 *
 * Each reminder goes out once: it is claimed with a conditional write (only while the lead is
 * still `new`), sent, then recorded. Overlapping runs cannot both claim it; a run that dies after
 * claiming leaves a claim that lapses after {@link CLAIM_LEASE_MS}, so the next run sends it. (A
 * crash after SES took the message and before the record can repeat that one reminder.)
 */
import { errorName } from '../lib/aws-errors';
import { callByPhrase } from '../lib/email/call-by';
import { ServiceUnavailableError } from '../lib/errors';
import { addOpeningMinutes, isOpen } from '../lib/opening-hours';
import { sendEmail } from '../lib/email/ses-sender';
import { readLead } from '../notify/notification-store';
import { failureDetails, statusActions, type NotifyDeps } from '../notify/notify-leads';
import { redrivePendingLeads, type RedriveReport } from '../notify/redrive';
import { parseStoredLead } from '../notify/stored-lead';
import type { FollowUpConfig } from './config';
import { renderReminder } from './reminder-email';
import {
  claimReminder,
  findWaitingLeads,
  recordReminderSent,
  type ReminderKind,
  type WaitingLead,
} from './reminder-store';

export interface FollowUpDeps extends NotifyDeps {
  readonly config: FollowUpConfig;
}

/** How long a claimed reminder stays with the run that claimed it. */
const CLAIM_LEASE_MS = 5 * 60_000;
/** How far back to look for leads still `new` (a week-old lead has had both reminders). */
const REMINDER_LOOKBACK_DAYS = 7;
/** Pending emails: the last two weeks, leaving the newest 10 minutes to the stream. */
const RESEND_WINDOW = { sinceDays: 14, olderThanMinutes: 10 } as const;

const DAY_MS = 24 * 60 * 60_000;

/** A reminder sent, by lead id. */
export interface SentReminder {
  readonly id: string;
  readonly which: ReminderKind;
}

export interface FollowUpReport {
  readonly resent: Pick<RedriveReport, 'sent' | 'skipped' | 'failed'>;
  /** False outside opening hours: no reminder is even considered. */
  readonly open: boolean;
  readonly reminded: readonly SentReminder[];
  readonly failed: readonly { id: string; error: string }[];
}

/** One run of the follow-up. */
export async function runFollowUp(deps: FollowUpDeps): Promise<FollowUpReport> {
  let resend: Pick<RedriveReport, 'sent' | 'skipped' | 'failed'>;
  try {
    resend = await redrivePendingLeads({ ...RESEND_WINDOW, dryRun: false }, deps);
  } catch (error) {
    // The reminders are still worth trying; the run reports the failure at its end.
    deps.logger.error('Re-sending pending emails failed', failureDetails(error));
    resend = { sent: [], skipped: [], failed: [{ id: '(search)', ...failureDetails(error) }] };
  }
  const now = deps.now();
  const hours = deps.config.followUp.hours;
  const open = isOpen(now, hours);
  const reminded: SentReminder[] = [];
  const failed: { id: string; error: string }[] = [];
  if (open) {
    const waiting = await findWaitingLeads(
      deps.db,
      deps.tableName,
      new Date(now.getTime() - REMINDER_LOOKBACK_DAYS * DAY_MS),
      now,
    );
    for (const lead of waiting) {
      const which = dueReminder(lead, now, deps.config);
      if (which === undefined) continue;
      try {
        if (await remind(lead, which, deps)) reminded.push({ id: lead.id, which });
      } catch (error) {
        failed.push({ id: lead.id, error: errorName(error) });
        deps.logger.error('Reminder failed; the next run tries again', {
          leadId: lead.id,
          which,
          ...failureDetails(error),
        });
        if (error instanceof ServiceUnavailableError) break;
      }
    }
  }
  deps.logger.info('Follow-up run', {
    open,
    resent: resend.sent,
    reminded: reminded.map((r) => `${r.id}:${r.which}`),
    failed: [...resend.failed.map((f) => f.id), ...failed.map((f) => f.id)],
  });
  return {
    resent: { sent: resend.sent, skipped: resend.skipped, failed: resend.failed },
    open,
    reminded,
    failed,
  };
}

/** The call-by time of a lead made at `createdAt`. */
function callByTime(createdAt: string, config: FollowUpConfig): Date {
  return addOpeningMinutes(
    new Date(createdAt),
    config.followUp.targetMinutes,
    config.followUp.hours,
  );
}

/** Which reminder is due now, if any. */
function dueReminder(
  lead: WaitingLead,
  now: Date,
  config: FollowUpConfig,
): ReminderKind | undefined {
  const callBy = callByTime(lead.createdAt, config);
  if (now < callBy) return undefined;
  if (lead.first?.status !== 'sent') return 'first';
  const second = addOpeningMinutes(
    callBy,
    config.reminders.secondAfterMinutes,
    config.followUp.hours,
  );
  return now >= second && lead.second?.status !== 'sent' ? 'second' : undefined;
}

/** Claims, sends and records one reminder; false when there was nothing to send. */
async function remind(
  lead: WaitingLead,
  which: ReminderKind,
  deps: FollowUpDeps,
): Promise<boolean> {
  const claimedAt = deps.now();
  const claimed = await claimReminder(
    deps.db,
    deps.tableName,
    lead.id,
    which,
    claimedAt,
    CLAIM_LEASE_MS,
  );
  if (!claimed) return false;
  const item = await readLead(deps.db, deps.tableName, lead.id);
  if (item === undefined) return false;
  const stored = parseStoredLead(item, lead.id);
  const { config } = deps;
  const to =
    which === 'first'
      ? config.recipients
      : [...new Set([...config.recipients, ...config.reminders.escalation])];
  const callBy = callByPhrase(
    callByTime(stored.createdAt, config),
    new Date(stored.createdAt),
    config.followUp.hours.timeZone,
  );
  const email = renderReminder(stored, which, to, {
    ...(await statusActions(lead.id, deps)),
    callBy,
  });
  const messageId = await sendEmail(deps.ses, email, {
    sender: config.sender,
    ...(config.configurationSetName !== undefined && {
      configurationSetName: config.configurationSetName,
    }),
  });
  const recorded = await recordReminderSent(deps.db, deps.tableName, lead.id, which, claimedAt, {
    at: deps.now(),
    messageId,
  });
  if (!recorded) {
    deps.logger.warn('Reminder sent but its claim had lapsed', {
      leadId: lead.id,
      which,
      messageId,
    });
  }
  return true;
}
