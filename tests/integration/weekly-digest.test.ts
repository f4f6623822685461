/**
 * The weekly digest on DynamoDB Local: due from Monday 08:00 clinic time for the week before,
 * sent once however often the schedule fires or retries, released again when the send fails,
 * nothing at all without recipients, and counts only: no patient's details in the email, and no
 * request sent from a campaign preview link in its figures.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestKey } from '../../functions/digest/digest-store';
import {
  dueWeek,
  sendWeeklyDigest,
  type DigestDeps,
  type DigestEmail,
} from '../../functions/digest/weekly-digest';
import { writeSeed } from '../../infra/scripts/seed-store';
import { useLocalAws } from '../support/local-aws';

const TZ = 'America/Chicago';

describe('Which week is due (clinic time zone)', () => {
  it.each([
    // Chicago is UTC−6 from 1 November 2026: Monday 9 November 08:00 is 14:00Z.
    ['2026-11-09T13:59:59Z', undefined],
    ['2026-11-09T14:00:00Z', { weekStart: '2026-11-02', weekEnd: '2026-11-08' }],
    ['2026-11-15T23:00:00Z', { weekStart: '2026-11-02', weekEnd: '2026-11-08' }],
    // Sunday 15 November, 23:30 in Chicago, is already Monday in UTC: still the same week.
    ['2026-11-16T05:30:00Z', { weekStart: '2026-11-02', weekEnd: '2026-11-08' }],
    ['2026-11-16T14:00:00Z', { weekStart: '2026-11-09', weekEnd: '2026-11-15' }],
    // Summer time (UTC−5) from 8 March 2026: Monday 9 March 08:00 is 13:00Z.
    ['2026-03-09T12:59:00Z', undefined],
    ['2026-03-09T13:00:00Z', { weekStart: '2026-03-02', weekEnd: '2026-03-08' }],
  ])('at %s: %j', (at, expected) => {
    expect(dueWeek(new Date(at), TZ)).toEqual(expected);
  });
});

describe('Sending the weekly digest', () => {
  const aws = useLocalAws();
  let sent: DigestEmail[];
  let now: Date;
  let failNext: boolean;

  beforeAll(async () => {
    await writeSeed(
      aws().db,
      aws().tableName,
      {
        counters: [
          {
            key: {
              day: '2026-11-03',
              campaign: 'demo-sciatica',
              variant: 'a',
              event: 'view',
              source: '(none)',
              medium: '(none)',
            },
            count: 120,
          },
          {
            key: {
              day: '2026-11-04',
              campaign: 'demo-sciatica',
              variant: 'b',
              event: 'view',
              source: 'demo-search',
              medium: 'cpc',
            },
            count: 110,
          },
        ],
        // The fourth was sent from a preview link of b: left out of every figure.
        leads: ['a', 'b', 'b', 'b'].map((variant, i) => ({
          id: `00000000-0000-8000-8000-0000000d000${i}`,
          kind: 'contact' as const,
          createdAt: '2026-11-04T16:00:00.000Z',
          campaign: 'demo-sciatica',
          variant,
          name: 'Rosalind Private',
          phone: '+13125550142',
          email: 'rosalind.private@example.com',
          message: '(Test) My sciatica is worse at night',
          ...(i === 3 && { preview: 'b' }),
          history:
            i === 0 || i === 3 ? [{ at: '2026-11-04T17:00:00.000Z', to: 'booked' as const }] : [],
        })),
      },
      { retentionDays: 365 },
    );
  });

  const deps = (overrides: Partial<DigestDeps> = {}): DigestDeps => ({
    db: aws().db,
    tableName: aws().tableName,
    timeZone: TZ,
    clinicName: 'Willow Lane Acupuncture',
    recipients: ['marketing@willowlane-acupuncture.example.com'],
    campaigns: { 'demo-sciatica': ['a', 'b'] },
    send: async (email) => {
      if (failNext) {
        failNext = false;
        throw new Error('SES is unavailable');
      }
      sent.push(email);
      return `message-${sent.length}`;
    },
    now: () => now,
    ...overrides,
  });

  const record = async (weekStart: string) =>
    (
      await aws().db.send(
        new GetCommand({
          TableName: aws().tableName,
          Key: digestKey(weekStart),
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('sends nothing, and reads nothing, without recipients', async () => {
    sent = [];
    now = new Date('2026-11-09T15:00:00Z');
    expect(await sendWeeklyDigest(deps({ recipients: [] }))).toEqual({ outcome: 'no-recipients' });
    expect(sent).toEqual([]);
    expect(await record('2026-11-02')).toBeUndefined();
  });

  it('waits for Monday 08:00', async () => {
    sent = [];
    now = new Date('2026-11-09T13:00:00Z');
    expect(await sendWeeklyDigest(deps())).toEqual({ outcome: 'not-due' });
    expect(sent).toEqual([]);
  });

  it('releases the week when the send fails, and the retry sends it once', async () => {
    sent = [];
    failNext = true;
    now = new Date('2026-11-09T14:05:00Z');
    await expect(sendWeeklyDigest(deps())).rejects.toThrow('SES is unavailable');
    expect(await record('2026-11-02')).toMatchObject({ status: 'failed' });
    now = new Date('2026-11-09T15:05:00Z');
    expect(await sendWeeklyDigest(deps())).toEqual({ outcome: 'sent', weekStart: '2026-11-02' });
    expect(sent).toHaveLength(1);
    expect(await record('2026-11-02')).toMatchObject({ status: 'sent', messageId: 'message-1' });
  });

  it('does not send the week again on a retry, a later run or two runs at once', async () => {
    now = new Date('2026-11-09T16:05:00Z');
    const results = await Promise.all([sendWeeklyDigest(deps()), sendWeeklyDigest(deps())]);
    now = new Date('2026-11-14T10:00:00Z');
    results.push(await sendWeeklyDigest(deps()));
    expect(results.map((r) => r.outcome)).toEqual(['already-sent', 'already-sent', 'already-sent']);
    expect(sent).toHaveLength(1);
  });

  it('says the week in counts, for the marketers, with no patient details', () => {
    const [email] = sent;
    expect(email!.to).toEqual(['marketing@willowlane-acupuncture.example.com']);
    expect(email!.subject).toBe(
      'Funnel digest, 2026-11-02 to 2026-11-08: 230 sessions, 3 requests, 1 booked',
    );
    expect(email!.text).toContain(
      'demo-sciatica · a (control): 120 sessions, 0 form starts, 1 requests (0.8 %), 1 reached, 1 booked',
    );
    expect(email!.text).toContain(
      'demo-sciatica · b: 110 sessions, 0 form starts, 2 requests (1.8 %), 0 reached, 0 booked',
    );
    expect(email!.text).toMatch(/demo-sciatica: b against a, .*Not enough data yet/);
    expect(email!.text).toContain(
      'Left out: 1 request sent from campaign preview links (?preview=), which are checks, not patients.',
    );
    expect(email!.html).toContain(
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    );
    for (const part of [email!.subject, email!.text, email!.html]) {
      expect(part).not.toMatch(
        /Rosalind|Private|5550142|rosalind\.private|sciatica is worse|0000000d/,
      );
    }
  });
});
