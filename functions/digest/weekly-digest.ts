/**
 * The weekly funnel digest to the marketers: last week's report (Monday to Sunday in the
 * clinic's time zone) as counts and rates only, emailed once per week from Monday 08:00 clinic
 * time. Meant to run on an hourly schedule: each run checks whether this week's digest is due
 * and not yet claimed (digest-store.ts), so a retry, a late run or two runs at once send it once.
 * No recipients (the default): nothing is read or sent.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { escapeHtml as esc } from '../contract/html';
import type { FunnelCampaigns } from '../lib/funnel/campaigns';
import { addDays, isoWeekday, startOfClinicDay } from '../lib/funnel/days';
import { clinicDay } from '../lib/zoned-time';
import { loadReport } from '../lib/funnel/load-report';
import type { FunnelReport } from '../lib/funnel/report';
import { comparisonLine, percent, previewNote } from '../lib/funnel/report-text';
import { claimDigest, recordDigest } from './digest-store';

/** The hour (clinic time) on Monday from which last week's digest is due. */
const DIGEST_HOUR = 8;

export interface DigestEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface DigestDeps {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly timeZone: string;
  readonly clinicName: string;
  /** Marketers' addresses; empty means no digest. */
  readonly recipients: readonly string[];
  readonly campaigns: FunnelCampaigns;
  /** Sends the email; resolves to the provider's message id. */
  readonly send: (email: DigestEmail) => Promise<string>;
  readonly now: () => Date;
}

export type DigestResult =
  | { readonly outcome: 'no-recipients' | 'not-due' }
  | { readonly outcome: 'already-sent' | 'sent'; readonly weekStart: string };

/** The week whose digest is due at `now`, or undefined before Monday 08:00 clinic time. */
export function dueWeek(
  now: Date,
  timeZone: string,
): { weekStart: string; weekEnd: string } | undefined {
  const today = clinicDay(now, timeZone);
  const monday = addDays(today, 1 - isoWeekday(today));
  const dueAt = startOfClinicDay(monday, timeZone).getTime() + DIGEST_HOUR * 3_600_000;
  if (now.getTime() < dueAt) return undefined;
  return { weekStart: addDays(monday, -7), weekEnd: addDays(monday, -1) };
}

/** Sends last week's digest if it is due and was not sent yet. */
export async function sendWeeklyDigest(deps: DigestDeps): Promise<DigestResult> {
  if (deps.recipients.length === 0) return { outcome: 'no-recipients' };
  const now = deps.now();
  const week = dueWeek(now, deps.timeZone);
  if (week === undefined) return { outcome: 'not-due' };
  if (!(await claimDigest(deps.db, deps.tableName, week.weekStart, now))) {
    return { outcome: 'already-sent', weekStart: week.weekStart };
  }
  let messageId: string;
  try {
    const report = await loadReport(
      { from: week.weekStart, to: week.weekEnd, timeZone: deps.timeZone },
      { db: deps.db, tableName: deps.tableName, campaigns: deps.campaigns, now: deps.now },
    );
    messageId = await deps.send({ to: deps.recipients, ...digestEmail(report, deps.clinicName) });
  } catch (error) {
    await recordDigest(deps.db, deps.tableName, week.weekStart, { status: 'failed' }, deps.now());
    throw error;
  }
  await recordDigest(
    deps.db,
    deps.tableName,
    week.weekStart,
    { status: 'sent', messageId },
    deps.now(),
  );
  return { outcome: 'sent', weekStart: week.weekStart };
}

/** The digest's subject and bodies: counts, rates and verdicts, nothing about any patient. */
function digestEmail(
  report: FunnelReport,
  clinicName: string,
): { subject: string; text: string; html: string } {
  const { from, to } = report.period;
  const t = report.totals;
  const subject = `Funnel digest, ${from} to ${to}: ${t.sessions} sessions, ${t.requests} requests, ${t.booked} booked`;
  const rows = report.rows.filter((r) => r.sessions > 0 || r.requests > 0);
  const rowText = (r: FunnelReport['rows'][number]) =>
    `${r.campaign} · ${r.variant}${r.control ? ' (control)' : ''}: ${r.sessions} sessions, ${r.formStarts} form starts, ${r.requests} requests (${percent(r.conversion.rate)}), ${r.reached} reached, ${r.booked} booked`;
  const verdicts = report.comparisons.map(comparisonLine);
  const text = [
    `${clinicName}: the funnel from ${from} to ${to}`,
    '',
    `Totals: ${t.sessions} sessions, ${t.formStarts} form starts, ${t.requests} requests, ${t.reached} reached, ${t.booked} booked.`,
    '',
    ...(rows.length === 0 ? ['No visits or requests this week.'] : rows.map(rowText)),
    ...(t.previewRequests > 0 ? ['', previewNote(t.previewRequests)] : []),
    ...(verdicts.length > 0 ? ['', 'Variants:', ...verdicts] : []),
    '',
    'Full report with charts: npm run report -- --stage <stage> --format html',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:system-ui,sans-serif;color:#1d2b36;line-height:1.5;max-width:600px">
<h1 style="font-size:20px;margin:0 0 8px">Funnel, ${esc(from)} to ${esc(to)}</h1>
<p style="margin:0 0 16px">${esc(clinicName)}: <strong>${t.sessions}</strong> sessions, <strong>${t.formStarts}</strong> form starts, <strong>${t.requests}</strong> requests, <strong>${t.reached}</strong> reached, <strong>${t.booked}</strong> booked.</p>
${rows.length === 0 ? '<p>No visits or requests this week.</p>' : rows.map((r) => `<p style="margin:0 0 12px;padding:8px;border-left:4px solid #1f5f8b;background:#f3f6f8">${esc(rowText(r))}</p>`).join('\n')}
${t.previewRequests > 0 ? `<p style="margin:0 0 12px">${esc(previewNote(t.previewRequests))}</p>` : ''}
${verdicts.length > 0 ? `<h2 style="font-size:16px">Variants</h2>${verdicts.map((v) => `<p style="margin:0 0 8px">${esc(v)}</p>`).join('')}` : ''}
</body></html>`;
  return { subject, text, html };
}
