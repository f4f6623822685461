/**
 * The core of the status link (`/api/leads/status`): a GET shows the lead and the button for the
 * chosen action and changes nothing (mail scanners open every link); a POST from that button
 * makes the change with a conditional write.
 *
 * Two people pressing at once: each change is written only if the lead is still at the version
 * just read. When another change got there first, the lead is read again and the change is
 * planned afresh: it lands too when it still moves the lead forward (both land, in order), and is
 * refused with the reason when it would move it backwards. Nothing is lost silently, and the
 * same form sent twice (a double click, a resend) is recognised by its change id and recorded
 * once.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  STATUS_LABELS,
  isCloseReason,
  isStatusAction,
  planChange,
  type LeadStatus,
  type StatusAction,
} from '../lib/lead-status';
import { verifyStatusToken, type LinkProblem } from '../lib/status-link';
import {
  renderChangedPage,
  renderRefusalPage,
  renderRefusedChangePage,
  renderStatusPage,
  type LinkFields,
  type PageContext,
} from './page';
import { openingMinutesBetween, type OpeningHours } from '../lib/opening-hours';
import {
  CALLED,
  REACHED,
  readLeadStatus,
  recordChange,
  type LeadStatusRecord,
  type ResponseTimes,
} from './status-store';

export interface StatusDeps {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly now: () => Date;
  /** The status-link key (read once, kept). */
  readonly linkKey: () => Promise<Uint8Array>;
  readonly page: PageContext;
  /** The clinic's opening hours: response times are counted in opening minutes. */
  readonly hours: OpeningHours;
  /** Where response times go (CloudWatch metrics in the handler). Never personal data. */
  readonly metrics: ResponseTimeMetrics;
  /** A new id for each opened page's forms. @default randomUUID */
  readonly newChangeId?: () => string;
}

/** Records how long leads wait for their first call and first contact. */
export interface ResponseTimeMetrics {
  record(times: ResponseTimes): void;
}

/** A request, free of HTTP details. */
export interface StatusRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The decoded form of a POST. */
  readonly form?: Readonly<Record<string, unknown>>;
}

/** What happened, for the log line: ids and outcomes only. */
export type StatusOutcome =
  | 'shown'
  | 'changed'
  | 'already-recorded'
  | 'refused'
  | LinkProblem
  | 'lead-gone'
  | 'bad-request'
  | 'method';

export interface StatusAnswer {
  readonly statusCode: number;
  readonly html: string;
  readonly outcome: StatusOutcome;
  readonly leadId?: string;
  readonly to?: string;
}

/** Attempts at the conditional write before giving up with a clear answer (each re-reads). */
const MAX_WRITES = 4;

const LINK_STATUS: Readonly<Record<LinkProblem, number>> = {
  malformed: 400,
  'bad-signature': 403,
  expired: 410,
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export async function handleStatusRequest(
  request: StatusRequest,
  deps: StatusDeps,
): Promise<StatusAnswer> {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    return { statusCode: 405, html: renderRefusalPage('method', deps.page), outcome: 'method' };
  }
  const source = method === 'POST' ? (request.form ?? {}) : request.query;
  const link: LinkFields = { lead: text(source.lead) ?? '', token: text(source.t) ?? '' };
  const check = verifyStatusToken(
    await deps.linkKey(),
    text(source.lead),
    text(source.t),
    deps.now(),
  );
  if (!check.ok) {
    return {
      statusCode: LINK_STATUS[check.problem],
      html: renderRefusalPage(check.problem, deps.page),
      outcome: check.problem,
    };
  }
  const leadId = check.leadId;
  const lead = await readLeadStatus(deps.db, deps.tableName, leadId);
  if (lead === undefined) {
    return {
      statusCode: 404,
      html: renderRefusalPage('lead-gone', deps.page),
      outcome: 'lead-gone',
      leadId,
    };
  }

  const action = text(source.a);
  if (method !== 'POST') {
    const changeId = (deps.newChangeId ?? randomUUID)();
    const chosen = isStatusAction(action) ? action : undefined;
    return {
      statusCode: 200,
      html: renderStatusPage(lead, link, chosen, changeId, deps.page),
      outcome: 'shown',
      leadId,
    };
  }

  const changeId = text(source.changeId);
  const reason = text(source.reason);
  if (
    !isStatusAction(action) ||
    changeId === undefined ||
    !/^[0-9a-f-]{36}$/.test(changeId) ||
    (reason !== undefined && !isCloseReason(reason))
  ) {
    return {
      statusCode: 400,
      html: renderRefusalPage('bad-request', deps.page),
      outcome: 'bad-request',
      leadId,
    };
  }
  return change(
    leadId,
    action,
    { changeId, reason, seenVersion: text(source.version) },
    link,
    deps,
  );
}

/** The response times this change settles: only the first call and the first contact count. */
function responseTimes(
  lead: LeadStatusRecord,
  to: LeadStatus,
  at: string,
  hours: OpeningHours,
): ResponseTimes {
  const waited = () =>
    Math.round(openingMinutesBetween(new Date(lead.createdAt), new Date(at), hours));
  return {
    ...(CALLED.includes(to) &&
      lead.firstAttemptAt === undefined && { minutesToFirstAttempt: waited() }),
    ...(REACHED.includes(to) &&
      lead.firstContactAt === undefined && { minutesToFirstContact: waited() }),
  };
}

async function change(
  leadId: string,
  action: StatusAction,
  form: { changeId: string; reason: string | undefined; seenVersion: string | undefined },
  link: LinkFields,
  deps: StatusDeps,
): Promise<StatusAnswer> {
  for (let write = 0; write < MAX_WRITES; write += 1) {
    const lead = await readLeadStatus(deps.db, deps.tableName, leadId);
    if (lead === undefined) {
      return {
        statusCode: 404,
        html: renderRefusalPage('lead-gone', deps.page),
        outcome: 'lead-gone',
        leadId,
      };
    }
    if (lead.changeIds.includes(form.changeId)) {
      return {
        statusCode: 200,
        html: renderChangedPage(lead, 'already-recorded', link, deps.page),
        outcome: 'already-recorded',
        leadId,
        to: lead.status,
      };
    }
    const plan = planChange(lead, action, {
      at: deps.now().toISOString(),
      changeId: form.changeId,
      ...(isCloseReason(form.reason) && { reason: form.reason }),
    });
    if (!plan.allowed) {
      return {
        statusCode: 409,
        html: renderRefusedChangePage(lead, plan.reason, link, deps.page),
        outcome: 'refused',
        leadId,
      };
    }
    const times = responseTimes(lead, plan.change.to, plan.change.at, deps.hours);
    if (await recordChange(deps.db, deps.tableName, leadId, lead.version, plan.change, times)) {
      // The write was conditional on the version read, so this really was the first.
      deps.metrics.record(times);
      const now = {
        ...lead,
        status: plan.change.to,
        version: lead.version + 1,
        attempts: lead.attempts + (plan.change.to === 'attempted' ? 1 : 0),
        ...(plan.change.reason !== undefined && { closedReason: plan.change.reason }),
      };
      // The page was opened on an older state: say so, so nobody wonders about the other change.
      const notice =
        form.seenVersion !== undefined && form.seenVersion !== String(lead.version)
          ? `Someone else had updated this lead after you opened the page (it was “${STATUS_LABELS[lead.status]}”); your change was added after theirs.`
          : undefined;
      return {
        statusCode: 200,
        html: renderChangedPage(now, 'changed', link, deps.page, notice),
        outcome: 'changed',
        leadId,
        to: plan.change.to,
      };
    }
  }
  // Changes kept landing between read and write: refuse plainly rather than guess.
  const lead = await readLeadStatus(deps.db, deps.tableName, leadId);
  return {
    statusCode: 409,
    html:
      lead === undefined
        ? renderRefusalPage('lead-gone', deps.page)
        : renderRefusedChangePage(
            lead,
            'Several people were updating this lead at the same moment, and your change was not made. Please press the button again.',
            link,
            deps.page,
          ),
    outcome: 'refused',
    leadId,
  };
}
