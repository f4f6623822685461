/** Reads a period's counters and leads from the table and builds its funnel report. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunnelCampaigns } from './campaigns';
import { readCounters } from './counter-reader';
import { addDays, daysBetween, startOfClinicDay } from './days';
import { funnelLeadOf } from './lead-view';
import { leadsCreatedBetween } from './leads-by-month';
import { buildReport, type FunnelReport, type ReportPeriod } from './report';

export interface ReportSource {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly campaigns: FunnelCampaigns;
  readonly now: () => Date;
}

/** The report of `period` (clinic days, both included). */
export async function loadReport(
  period: ReportPeriod,
  source: ReportSource,
): Promise<FunnelReport> {
  const counters = await readCounters(
    source.db,
    source.tableName,
    daysBetween(period.from, period.to),
  );
  const items = await leadsCreatedBetween(
    source.db,
    source.tableName,
    startOfClinicDay(period.from, period.timeZone),
    startOfClinicDay(addDays(period.to, 1), period.timeZone),
  );
  return buildReport({
    period,
    counters,
    leads: items.map((item) => funnelLeadOf(item, source.campaigns)),
    campaigns: source.campaigns,
    generatedAt: source.now(),
  });
}
