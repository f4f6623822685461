/**
 * Re-drive: sends the emails of leads the stream gave up on. A record that kept failing (a long
 * SES outage, say) ends in the dead-letter destination and its lead keeps `pending` on the email
 * that failed. This finds such leads through the `byMonth` index and hands each to the same
 * per-lead function the stream uses (`notifyLead`), so an email already sent is never sent again
 * and a second run finds nothing to do.
 *
 * Leads younger than the cut-off are left to the stream, which may still be delivering them; the
 * per-lead re-read and conditional update keep even an overlap from sending twice.
 */
import { ServiceUnavailableError } from '../lib/errors';
import { findPendingLeads, type PendingLead } from './pending-leads';
import { failureDetails, notifyLead, type LeadNotification, type NotifyDeps } from './notify-leads';

/** Which leads to look at, and whether to send. */
export interface RedriveOptions {
  /** How far back to look, in days. */
  readonly sinceDays: number;
  /** Leads younger than this are left to the stream, in minutes. */
  readonly olderThanMinutes: number;
  /** List what is pending; send nothing. */
  readonly dryRun: boolean;
}

/** The defaults: the last two weeks, leaving the last ten minutes to the stream. */
export const REDRIVE_DEFAULTS: RedriveOptions = {
  sinceDays: 14,
  olderThanMinutes: 10,
  dryRun: false,
};

/** A lead whose emails could not be sent this time; they stay pending. */
export interface RedriveFailure {
  readonly id: string;
  /** Error names only (never a message, which could quote an address). */
  readonly error: string;
  readonly cause?: string;
}

/** What a re-drive found and did, by lead id. */
export interface RedriveReport {
  /** The window looked at: leads created from `from` up to (not including) `to`. */
  readonly from: string;
  readonly to: string;
  /** Leads the index listed with a pending email (all of them in a dry run). */
  readonly found: readonly PendingLead[];
  /** Leads at least one email of which was sent now. */
  readonly sent: readonly string[];
  /** Leads with nothing left to send on a fresh read (sent meanwhile, gone, no usable address). */
  readonly skipped: readonly string[];
  readonly failed: readonly RedriveFailure[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Finds the leads created between `sinceDays` ago and `olderThanMinutes` ago with a pending
 * email and, unless `dryRun`, sends exactly the missing emails, one lead at a time (a handful
 * of leads; SES's sending rate matters more than speed). Failures are reported per lead; once
 * SES or the table is unavailable the remaining leads are reported failed without being tried.
 */
export async function redrivePendingLeads(
  options: RedriveOptions,
  deps: NotifyDeps,
): Promise<RedriveReport> {
  const now = deps.now().getTime();
  const from = new Date(now - options.sinceDays * DAY_MS);
  const to = new Date(now - options.olderThanMinutes * MINUTE_MS);
  if (from >= to) {
    throw new RangeError(
      'The window is empty: since-days must reach further back than older-than-minutes',
    );
  }
  const found = await findPendingLeads(deps.db, deps.tableName, from, to);
  const sent: string[] = [];
  const skipped: string[] = [];
  const failed: RedriveFailure[] = [];
  const report: RedriveReport = {
    from: from.toISOString(),
    to: to.toISOString(),
    found,
    sent,
    skipped,
    failed,
  };
  deps.logger.info('Leads with a pending email found', {
    from: report.from,
    to: report.to,
    leadIds: found.map((lead) => lead.id),
    dryRun: options.dryRun,
  });
  if (options.dryRun) return report;

  let unavailable: RedriveFailure | undefined;
  for (const { id } of found) {
    if (unavailable !== undefined) {
      failed.push({ id, error: 'NotAttempted', cause: unavailable.error });
      continue;
    }
    try {
      const outcome = await notifyLead(id, deps);
      (sentAny(outcome) ? sent : skipped).push(id);
      deps.logger.info('Lead re-driven', { leadId: id, ...outcome });
    } catch (error) {
      const failure = { id, ...failureDetails(error) };
      failed.push(failure);
      if (error instanceof ServiceUnavailableError) unavailable = failure;
      deps.logger.error('Lead re-drive failed; its emails stay pending', failure);
    }
  }
  return report;
}

function sentAny(outcome: LeadNotification): boolean {
  return outcome.clinic === 'sent' || outcome.patient === 'sent';
}
