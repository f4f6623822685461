/**
 * The scheduled follow-up on DynamoDB Local and the SES emulator, with a controlled clock:
 * reminders due exactly once at the call-by time (and the second later), none for handled leads,
 * none outside opening hours, none repeated after a restart or by overlapping runs, the call-by
 * time right across a daylight-saving change; and emails still pending after an outage re-sent
 * once each. Each test gets its own table, so their clocks never meet.
 *
 * Times are the demo clinic's (cdk.json): America/Chicago, Mo–Th 08–18, Fr 08–16, Sa 09–13.
 * CST is UTC-6, CDT (from Sunday 2026-03-08) UTC-5.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { followUpSettingsFromEnv, type FollowUpConfig } from '../../functions/follow-up/config';
import { runFollowUp, type FollowUpDeps } from '../../functions/follow-up/follow-up';
import type { LeadItem } from '../../functions/lib/lead-item';
import { followUpFunction } from '../../infra/manifest';
import { loadConfig, readCdkContext } from '../../infra/config/load-config';
import { createLeadsTable } from '../../infra/local/create-table';
import { testLinkKey } from '../support/link-key';
import { sentEmails, useLocalAws, type StoredEmail } from '../support/local-aws';
import { makeLead } from '../support/lead-fixtures';
import { readStoredLead, storeLead } from './notify-harness';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const sent = { status: 'sent', messageId: 'earlier', at: '2026-01-01T00:00:00.000Z' } as const;

describe('Scheduled follow-up', () => {
  const shared = useLocalAws();
  const linkKey = testLinkKey();
  const tables: string[] = [];

  afterEach(async () => {
    for (const name of tables.splice(0)) {
      await shared().dynamodb.send(new DeleteTableCommand({ TableName: name }));
    }
  });

  /** A fresh table and the follow-up's settings with addresses only this test uses. */
  async function setUp(): Promise<{
    at: (iso: string) => FollowUpDeps;
    store: (lead: LeadItem) => Promise<void>;
    read: (lead: LeadItem) => Promise<LeadItem>;
    reminders: (lead: LeadItem) => Promise<StoredEmail[]>;
    recipient: string;
    manager: string;
  }> {
    const tableName = `follow-up-${randomUUID().slice(0, 8)}`;
    await createLeadsTable(shared().dynamodb, tableName);
    tables.push(tableName);
    const tag = randomUUID().slice(0, 8);
    const recipient = `frontdesk+${tag}@willowlane.example.com`;
    const manager = `manager+${tag}@willowlane.example.com`;
    const context = readCdkContext();
    const appConfig = loadConfig({
      leads: { ...(context.leads as Record<string, unknown>), recipients: [recipient] },
      followUp: { escalation: [manager] },
    });
    const config: FollowUpConfig = followUpSettingsFromEnv(
      followUpFunction.environment(appConfig, { tableName }),
    ).config;
    const aws = { ...shared(), tableName };
    return {
      // A new deps object per run stands for a fresh process (a restart) each time.
      at: (iso) => ({
        db: aws.db,
        ses: aws.ses,
        tableName,
        config,
        now: () => new Date(iso),
        logger: silent,
        linkKey: () => Promise.resolve(linkKey.key),
      }),
      store: (lead) => storeLead(aws, lead),
      read: (lead) => readStoredLead(aws, lead),
      reminders: async (lead) =>
        (await sentEmails(aws.sesUrl)).filter(
          (e) =>
            e.destination.to.includes(recipient) &&
            /^(Not called yet|Still not called):/.test(e.subject) &&
            (e.body.text ?? '').includes(lead.id),
        ),
      recipient,
      manager,
    };
  }

  /** A lead made at `createdAt`, its emails already sent, still `new`. */
  const lead = (createdAt: string, overrides: Partial<LeadItem> = {}) =>
    makeLead({ createdAt, notification: { clinic: sent, patient: sent }, ...overrides });

  it('reminds once at the call-by time, and a second time to the escalation list', async () => {
    const t = await setUp();
    // Tuesday 09:00 CST: call by 09:15; second reminder 60 opening minutes later, 10:15.
    const waiting = lead('2026-03-03T15:00:00.000Z');
    await t.store(waiting);

    expect((await runFollowUp(t.at('2026-03-03T15:14:00Z'))).reminded).toEqual([]);
    expect((await runFollowUp(t.at('2026-03-03T15:15:00Z'))).reminded).toEqual([
      { id: waiting.id, which: 'first' },
    ]);
    // Later runs, each a fresh start: nothing more until the second is due.
    for (const at of ['2026-03-03T15:16:00Z', '2026-03-03T15:40:00Z', '2026-03-03T16:14:00Z']) {
      expect((await runFollowUp(t.at(at))).reminded).toEqual([]);
    }
    expect((await runFollowUp(t.at('2026-03-03T16:15:00Z'))).reminded).toEqual([
      { id: waiting.id, which: 'second' },
    ]);
    expect((await runFollowUp(t.at('2026-03-03T17:00:00Z'))).reminded).toEqual([]);

    const emails = await t.reminders(waiting);
    expect(emails.map((e) => e.subject)).toEqual([
      'Not called yet: Callback request: Ann Lee, morning',
      'Still not called: Callback request: Ann Lee, morning',
    ]);
    expect(emails[0]?.destination.to).toEqual([t.recipient]);
    expect(emails[1]?.destination.to).toEqual([t.recipient, t.manager]);
    expect(emails[0]?.body.text).toContain('Call by: today at 9:15 AM (passed)');
    expect(emails[0]?.body.text).toMatch(/- Reached: https:\/\/\S+\/api\/leads\/status\?lead=/);
    const stored = await t.read(waiting);
    expect(stored).toMatchObject({
      reminder1: { status: 'sent', at: '2026-03-03T15:15:00.000Z' },
      reminder2: { status: 'sent', at: '2026-03-03T16:15:00.000Z' },
    });
  });

  it('sends no reminder for a lead already handled', async () => {
    const t = await setUp();
    const called = lead('2026-03-03T15:00:00.000Z', { status: 'attempted' });
    const closed = lead('2026-03-03T15:01:00.000Z', { status: 'closed' });
    await t.store(called);
    await t.store(closed);
    for (const at of ['2026-03-03T15:20:00Z', '2026-03-03T17:00:00Z']) {
      expect((await runFollowUp(t.at(at))).reminded).toEqual([]);
    }
    expect(await t.reminders(called)).toEqual([]);
    expect(await t.reminders(closed)).toEqual([]);
  });

  it('waits for opening time: none in the evening or on Sunday, the first on Monday morning', async () => {
    const t = await setUp();
    // Saturday 12:30 CST: call by 12:45 Saturday, but the runs until closing were missed.
    const saturday = lead('2026-02-28T18:30:00.000Z');
    await t.store(saturday);
    for (const at of [
      '2026-02-28T19:30:00Z', // Saturday 13:30: closed
      '2026-03-01T17:00:00Z', // Sunday noon
      '2026-03-02T13:59:00Z', // Monday 07:59
    ]) {
      const report = await runFollowUp(t.at(at));
      expect(report).toMatchObject({ open: false, reminded: [] });
    }
    expect((await runFollowUp(t.at('2026-03-02T14:00:00Z'))).reminded).toEqual([
      { id: saturday.id, which: 'first' },
    ]);
    expect(await t.reminders(saturday)).toHaveLength(1);
  });

  it('finds the call-by time across the change to daylight-saving time', async () => {
    const t = await setUp();
    // Saturday 14:00 CST (closed): call by Monday 08:15 CDT = 13:15Z (14:15Z if CST were kept).
    const weekend = lead('2026-03-07T20:00:00.000Z');
    await t.store(weekend);
    expect((await runFollowUp(t.at('2026-03-09T13:14:00Z'))).reminded).toEqual([]);
    expect((await runFollowUp(t.at('2026-03-09T13:15:00Z'))).reminded).toEqual([
      { id: weekend.id, which: 'first' },
    ]);
    expect((await t.reminders(weekend))[0]?.body.text).toContain(
      'Call by: Monday at 8:15 AM (passed)',
    );
  });

  it('sends one reminder when two runs overlap', async () => {
    const t = await setUp();
    const waiting = lead('2026-03-03T15:00:00.000Z');
    await t.store(waiting);
    const reports = await Promise.all(
      [1, 2, 3].map(() => runFollowUp(t.at('2026-03-03T15:20:00Z'))),
    );
    expect(reports.flatMap((r) => r.reminded)).toEqual([{ id: waiting.id, which: 'first' }]);
    expect(await t.reminders(waiting)).toHaveLength(1);
  });

  it('sends a reminder a run claimed and then died on, once its claim lapses', async () => {
    const t = await setUp();
    const waiting = lead('2026-03-03T15:00:00.000Z', {
      // As left by a run that claimed the reminder at 15:15 and stopped before sending it.
      ...({ reminder1: { status: 'sending', claimedAt: '2026-03-03T15:15:00.000Z' } } as object),
    });
    await t.store(waiting);
    expect((await runFollowUp(t.at('2026-03-03T15:19:00Z'))).reminded).toEqual([]);
    expect((await runFollowUp(t.at('2026-03-03T15:21:00Z'))).reminded).toEqual([
      { id: waiting.id, which: 'first' },
    ]);
    expect(await t.reminders(waiting)).toHaveLength(1);
  });

  it('re-sends emails still pending after an outage, each once', async () => {
    const t = await setUp();
    // Stored 30 minutes before the run; SES was down meanwhile, so both emails are pending.
    const stuck = makeLead({ createdAt: '2026-03-03T14:30:00.000Z', status: 'contacted' });
    await t.store(stuck);
    const first = await runFollowUp(t.at('2026-03-03T15:00:00Z'));
    expect(first.resent.sent).toEqual([stuck.id]);
    const again = await runFollowUp(t.at('2026-03-03T15:05:00Z'));
    expect(again.resent).toEqual({ sent: [], skipped: [], failed: [] });
    const stored = await t.read(stuck);
    expect(stored.notification.clinic.status).toBe('sent');
    expect(stored.notification.patient.status).toBe('sent');
    const emails = (await sentEmails(shared().sesUrl)).filter(
      (e) => (e.body.text ?? '').includes(stuck.id) || e.destination.to.includes(stuck.email!),
    );
    expect(emails).toHaveLength(2);
  });

  it('re-sends pending emails even outside opening hours', async () => {
    const t = await setUp();
    const stuck = makeLead({ createdAt: '2026-03-01T16:00:00.000Z' });
    await t.store(stuck);
    // Sunday: closed, so no reminder, but the clinic email is sent for Monday's desk.
    const report = await runFollowUp(t.at('2026-03-01T17:00:00Z'));
    expect(report).toMatchObject({ open: false, reminded: [] });
    expect(report.resent.sent).toEqual([stuck.id]);
  });
});
