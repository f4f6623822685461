/**
 * The weekly digest on the local stack: `npm start` runs the real digest handler on its own
 * timer (the same code and schedule the CDK app deploys), so with recipients set the marketers'
 * email arrives in the SES emulator's inbox once, however often the timer fires.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { digestKey } from '../../functions/digest/digest-store';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { writeSeed } from '../../infra/scripts/seed-store';
import { eventually, sentEmails, useLocalAws } from '../support/local-aws';

describe('Weekly digest on the local stack', () => {
  const aws = useLocalAws();
  let stack: LocalStack;
  let dataDir: string;
  const marketer = `marketing+${randomUUID().slice(0, 8)}@willowlane-acupuncture.example.com`;
  const digests = async () =>
    (await sentEmails(aws().sesUrl)).filter((email) => email.destination.to.includes(marketer));

  beforeAll(async () => {
    // Monday 9 November 2026, 09:00 in Chicago: the week of 2 to 8 November is due. Only the
    // date is faked, and it moves on with real time; every timer is real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2026-11-09T15:00:00Z'));
    const key = {
      campaign: 'back-pain-2026',
      variant: 'control',
      source: '(none)',
      medium: '(none)',
    };
    await writeSeed(
      aws().db,
      aws().tableName,
      {
        counters: [
          { key: { ...key, day: '2026-11-03', event: 'view' }, count: 120 },
          { key: { ...key, day: '2026-11-05', event: 'form-start' }, count: 9 },
          // The Monday after the week: not in it.
          { key: { ...key, day: '2026-11-09', event: 'view' }, count: 40 },
        ],
        leads: [],
      },
      { retentionDays: 365 },
    );
    dataDir = mkdtempSync(join(tmpdir(), 'local-digest-'));
    stack = await startLocalStack({
      dataDir,
      web: false,
      ports: { api: 0 },
      followUpEveryMs: false,
      // Every 200 ms instead of hourly, so the test sees the timer fire on its own many times.
      digestEveryMs: 200,
      tableName: aws().tableName,
      configOverrides: { marketing: { digestRecipients: [marketer] } },
      campaignTable: {
        cookieDays: 30,
        campaigns: [
          {
            id: 'back-pain-2026',
            path: '/',
            variants: [{ id: 'control', weight: 100 }],
            fallback: '/',
          },
        ],
      },
      emulators: { dynamodbEndpoint: aws().dynamodbEndpoint, sesUrl: aws().sesUrl },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    vi.useRealTimers();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('emails last week to the marketers from its timer, without being asked', async () => {
    const sent = await eventually(digests, (emails) => emails.length > 0);
    expect(sent.map((email) => email.subject)).toEqual([
      'Funnel digest, 2026-11-02 to 2026-11-08: 120 sessions, 0 requests, 0 booked',
    ]);
    expect(sent[0]!.body.text).toContain(
      'Totals: 120 sessions, 9 form starts, 0 requests, 0 reached, 0 booked.',
    );
  });

  it('sends that week once, however often the schedule runs', async () => {
    // Each resolves when its run is over, after any timer run under way.
    await Promise.all([stack.digest(), stack.digest()]);
    await stack.digest();
    expect(await digests()).toHaveLength(1);
    const record = await aws().db.send(
      new GetCommand({
        TableName: aws().tableName,
        Key: digestKey('2026-11-02'),
        ConsistentRead: true,
      }),
    );
    expect(record.Item).toMatchObject({ status: 'sent' });
  });
});
