/**
 * Leads and stream records made by hand, shaped as the submit function stores them and as
 * Lambda delivers them, for the notify tests (unit and integration).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import type { NotifyConfig } from '../../functions/notify/config';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A stored callback lead with an email address; `overrides` replace or (as `undefined`) drop fields. */
export function makeLead(overrides: Partial<Mutable<LeadItem>> = {}): LeadItem {
  const id = overrides.id ?? randomUUID();
  const createdAt = overrides.createdAt ?? '2026-03-03T15:15:00.000Z';
  const lead: Record<string, unknown> = {
    ...leadKey(id),
    entity: 'lead',
    id,
    kind: 'callback',
    name: 'Ann Lee',
    phone: '+13125550199',
    email: `ann.${id.slice(0, 8)}@example.com`,
    preferredTime: 'morning',
    message: 'Sciatica down my left leg since a fall in January.',
    status: 'new',
    createdAt,
    expiresAt: 1_900_000_000,
    gsi1pk: `LEADS#${createdAt.slice(0, 7)}`,
    gsi1sk: `${createdAt}#${id}`,
    attribution: { campaign: 'back-pain-2026', utm_source: 'google', utm_medium: 'cpc' },
    consent: {
      disclosureVersion: '2026-01',
      at: createdAt,
      sourceIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (test)',
    },
    via: 'json',
    payloadHash: 'f'.repeat(64),
    notification: { clinic: { status: 'pending' }, patient: { status: 'pending' } },
    ...overrides,
  };
  for (const [key, value] of Object.entries(lead)) if (value === undefined) delete lead[key];
  return lead as unknown as LeadItem;
}

/** Settings as the notify function reads them from its environment. */
export function makeConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    clinic: {
      name: 'Willow Lane Acupuncture',
      phone: '+13125550134',
      publicEmail: 'hello@willowlane.example.com',
      timeZone: 'America/Chicago',
    },
    siteUrl: 'https://www.willowlane.example.com',
    recipients: ['frontdesk@willowlane.example.com'],
    sender: { email: 'no-reply@willowlane.example.com', name: 'Willow Lane Acupuncture' },
    statusLinks: { baseUrl: 'https://www.willowlane.example.com', days: 30 },
    followUp: {
      hours: {
        timeZone: 'America/Chicago',
        periods: [
          { days: ['Mo', 'Tu', 'We', 'Th'], opens: '08:00', closes: '18:00' },
          { days: ['Fr'], opens: '08:00', closes: '16:00' },
          { days: ['Sa'], opens: '09:00', closes: '13:00' },
        ],
      },
      targetMinutes: 15,
      repeatWindowDays: 90,
    },
    ...overrides,
  };
}

let sequence = 100;

/** An INSERT stream record of an item with `entity` (only the keys and entity matter to notify). */
export function insertRecord(
  item: { pk: string; sk: string; entity: string },
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT',
): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: randomUUID(),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:000000000000:table/leads/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1_772_550_900,
      Keys: { pk: { S: item.pk }, sk: { S: item.sk } },
      NewImage: { pk: { S: item.pk }, sk: { S: item.sk }, entity: { S: item.entity } },
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 120,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** Values a lead carries that must never appear in a log line. */
export function personalValues(lead: LeadItem): string[] {
  return [lead.name, lead.phone, lead.email, lead.message].filter(
    (v): v is string => v !== undefined && v !== '',
  );
}

/** A fixed status-link key for unit tests (never a deployed one). */
export const TEST_LINK_KEY = Buffer.from('k'.repeat(64), 'utf8');
