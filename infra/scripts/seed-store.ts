/**
 * Writes seed data into a leads table: counters as whole items and leads shaped as the submit
 * function stores them, with the status fields the front desk's changes add. Plain Puts with
 * fixed keys, so running it twice leaves the same data, not twice as much.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONSENT_DISCLOSURE } from '../../functions/contract/consent';
import { counterItem } from '../../functions/lib/funnel/counters';
import { campaignFields } from '../../functions/lib/funnel/lead-view';
import { leadKey, monthKey } from '../../functions/lib/lead-item';
import type { SeedData, SeedLead } from './seed-data';

const DAY_SECONDS = 86_400;

/** A demo lead as a table item, already emailed (so the local notify sends nothing). */
export function seedLeadItem(lead: SeedLead, retentionDays: number): Record<string, unknown> {
  let status = 'new';
  const statusHistory = lead.history.map((change, i) => {
    const entry = {
      at: change.at,
      from: status,
      to: change.to,
      via: 'email-link',
      changeId: `demo-${lead.id.slice(0, 8)}-${i}`,
      ...(change.reason !== undefined && { reason: change.reason }),
    };
    status = change.to;
    return entry;
  });
  const first = (to: string) => lead.history.find((c) => c.to === to)?.at;
  const firstContactAt = first('contacted');
  const firstAttemptAt = first('attempted') ?? firstContactAt;
  const closed = lead.history.find((c) => c.to === 'closed');
  const attribution: Record<string, string> = { landingPath: '/' };
  if (lead.source !== undefined) attribution.utm_source = lead.source;
  if (lead.medium !== undefined) attribution.utm_medium = lead.medium;
  if (lead.preview !== undefined) attribution.preview = lead.preview;
  return {
    ...leadKey(lead.id),
    entity: 'lead',
    id: lead.id,
    kind: lead.kind,
    name: lead.name,
    phone: lead.phone,
    ...(lead.email !== undefined && { email: lead.email }),
    ...(lead.preferredTime !== undefined && { preferredTime: lead.preferredTime }),
    ...(lead.message !== undefined && { message: lead.message }),
    status,
    createdAt: lead.createdAt,
    expiresAt: Math.floor(Date.parse(lead.createdAt) / 1000) + retentionDays * DAY_SECONDS,
    gsi1pk: monthKey(lead.createdAt),
    gsi1sk: `${lead.createdAt}#${lead.id}`,
    ...campaignFields(lead.campaign, lead.variant, attribution),
    ...(lead.kind === 'callback' && {
      consent: {
        disclosureVersion: CONSENT_DISCLOSURE.version,
        at: lead.createdAt,
        sourceIp: '192.0.2.10',
        userAgent: 'Demo browser (seed data)',
      },
    }),
    via: 'json',
    payloadHash: `demo-${lead.id}`,
    notification: {
      clinic: { status: 'sent', messageId: `demo-${lead.id}`, at: lead.createdAt },
      patient:
        lead.email !== undefined
          ? { status: 'sent', messageId: `demo-p-${lead.id}`, at: lead.createdAt }
          : { status: 'not-applicable' },
    },
    ...(statusHistory.length > 0 && {
      statusVersion: statusHistory.length,
      statusHistory,
      attempts: lead.history.filter((c) => c.to === 'attempted').length,
    }),
    ...(firstAttemptAt !== undefined && { firstAttemptAt }),
    ...(firstContactAt !== undefined && { firstContactAt }),
    ...(closed?.reason !== undefined && { closedReason: closed.reason }),
  };
}

/** Writes every counter and lead, 25 items per batch, retrying what DynamoDB leaves over. */
export async function writeSeed(
  db: DynamoDBDocumentClient,
  tableName: string,
  data: SeedData,
  options: { readonly retentionDays: number },
): Promise<{ counters: number; leads: number }> {
  const items = [
    ...data.counters.map(({ key, count }) => counterItem(key, count)),
    ...data.leads.map((lead) => seedLeadItem(lead, options.retentionDays)),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept leaving items unwritten; try again');
      const output = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (output.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  return { counters: data.counters.length, leads: data.leads.length };
}
