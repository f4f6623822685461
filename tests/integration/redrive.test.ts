/**
 * The re-drive of leads whose email is still pending, on DynamoDB Local and the SES emulator.
 * No stream poller runs here: a lead stored pending stays pending until the re-drive sends it,
 * as after the stream gave up on it. Each test works in its own year, so the windows of the
 * tests never overlap in the one table this file shares.
 */
import { randomUUID } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, readCdkContext } from '../../infra/config/load-config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/aws-clients';
import { runRedrive } from '../../infra/scripts/redrive';
import { notifyFunction } from '../../infra/manifest';
import { notifySettingsFromEnv, type NotifyConfig } from '../../functions/notify/config';
import type { NotifyDeps } from '../../functions/notify/notify-leads';
import { redrivePendingLeads, REDRIVE_DEFAULTS } from '../../functions/notify/redrive';
import { rateKey, spamKey, type EmailState, type LeadItem } from '../../functions/lib/lead-item';
import { sentEmails, useLocalAws } from '../support/local-aws';
import { makeLead, personalValues } from '../support/lead-fixtures';
import { emailsAbout, readStoredLead, storeLead } from './notify-harness';
import { testLinkKey } from '../support/link-key';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const sentBefore: EmailState = {
  status: 'sent',
  messageId: 'earlier-1',
  at: '2020-01-01T00:00:00.000Z',
};

/** A lead made `ago` milliseconds before `now`, with its emails in the given states. */
function leadMade(
  now: Date,
  ago: number,
  notification: LeadItem['notification'] = {
    clinic: { status: 'pending' },
    patient: { status: 'pending' },
  },
): LeadItem {
  return makeLead({ createdAt: new Date(now.getTime() - ago).toISOString(), notification });
}

describe('Re-drive of leads whose email is still pending', () => {
  const aws = useLocalAws();
  const recipient = `frontdesk+${randomUUID().slice(0, 8)}@willowlane.example.com`;
  let config: NotifyConfig;
  const linkKey = testLinkKey();

  beforeAll(() => {
    // The settings the notify function would get, with a front-desk address only this file uses.
    const context = readCdkContext();
    const appConfig = loadConfig({
      leads: { ...(context.leads as Record<string, unknown>), recipients: [recipient] },
    });
    config = notifySettingsFromEnv(
      notifyFunction.environment(appConfig, { tableName: aws().tableName }),
    ).config;
  });

  const deps = (now: Date): NotifyDeps => ({
    db: aws().db,
    ses: aws().ses,
    tableName: aws().tableName,
    config,
    now: () => now,
    logger: silent,
    linkKey: () => Promise.resolve(linkKey.key),
  });
  const redrive = (now: Date, dryRun = false) =>
    redrivePendingLeads({ ...REDRIVE_DEFAULTS, dryRun }, deps(now));
  const emails = (lead: LeadItem) => emailsAbout(aws(), lead, recipient);

  it('sends exactly the missing email of each lead: clinic only, patient only, or both', async () => {
    const now = new Date('2030-03-05T12:00:00.000Z');
    const both = leadMade(now, 3 * DAY);
    // Made in February: the window reaches into the previous month's index partition.
    const clinicOnly = leadMade(now, 8 * DAY, {
      clinic: { status: 'pending' },
      patient: sentBefore,
    });
    const patientOnly = leadMade(now, 60 * MINUTE, {
      clinic: sentBefore,
      patient: { status: 'pending' },
    });
    for (const lead of [both, clinicOnly, patientOnly]) await storeLead(aws(), lead);

    const report = await redrive(now);

    expect(report.found.map((lead) => [lead.id, lead.pending])).toEqual([
      [clinicOnly.id, ['clinic']],
      [both.id, ['clinic', 'patient']],
      [patientOnly.id, ['patient']],
    ]);
    expect(report.sent).toEqual([clinicOnly.id, both.id, patientOnly.id]);
    expect(report.failed).toEqual([]);
    expect(await emails(both)).toMatchObject({ clinic: [{}], patient: [{}] });
    expect(await emails(clinicOnly)).toMatchObject({ clinic: [{}], patient: [] });
    expect(await emails(patientOnly)).toMatchObject({ clinic: [], patient: [{}] });
    const stored = await readStoredLead(aws(), both);
    const [clinicEmail] = (await emails(both)).clinic;
    expect(stored.notification.clinic).toEqual({
      status: 'sent',
      messageId: clinicEmail?.messageId,
      at: now.toISOString(),
    });
    expect((await readStoredLead(aws(), clinicOnly)).notification.patient).toEqual(sentBefore);
  });

  it('leaves alone leads already sent, newer than the cut-off, or older than the window', async () => {
    const now = new Date('2031-06-20T09:30:00.000Z');
    const alreadySent = leadMade(now, 2 * DAY, { clinic: sentBefore, patient: sentBefore });
    const tooNew = leadMade(now, REDRIVE_DEFAULTS.olderThanMinutes * MINUTE - 1_000);
    const tooOld = leadMade(now, REDRIVE_DEFAULTS.sinceDays * DAY + MINUTE);
    const due = leadMade(now, 2 * DAY);
    for (const lead of [alreadySent, tooNew, tooOld, due]) await storeLead(aws(), lead);

    const report = await redrive(now);

    expect(report.found.map((lead) => lead.id)).toEqual([due.id]);
    expect(report.sent).toEqual([due.id]);
    for (const lead of [alreadySent, tooNew, tooOld]) {
      expect(await emails(lead)).toEqual({ clinic: [], patient: [] });
      expect((await readStoredLead(aws(), lead)).notification).toEqual(lead.notification);
    }
  });

  it('sends nothing in a dry run, and lists the lead ids with their pending emails', async () => {
    const now = new Date('2032-01-10T08:00:00.000Z');
    const both = leadMade(now, DAY);
    const patientOnly = leadMade(now, 2 * DAY, {
      clinic: sentBefore,
      patient: { status: 'pending' },
    });
    for (const lead of [both, patientOnly]) await storeLead(aws(), lead);
    const emailCount = (await sentEmails(aws().sesUrl)).length;

    const report = await redrive(now, true);

    expect(report.found).toEqual([
      { id: patientOnly.id, createdAt: patientOnly.createdAt, pending: ['patient'] },
      { id: both.id, createdAt: both.createdAt, pending: ['clinic', 'patient'] },
    ]);
    expect(report.sent).toEqual([]);
    expect(await sentEmails(aws().sesUrl)).toHaveLength(emailCount);
    for (const lead of [both, patientOnly]) {
      expect((await readStoredLead(aws(), lead)).notification).toEqual(lead.notification);
    }
  });

  it('sends nothing the second time it runs', async () => {
    const now = new Date('2033-09-01T00:05:00.000Z');
    // Made late in August: the window spans two months here too.
    const leads = [leadMade(now, DAY), leadMade(now, 20 * MINUTE)];
    for (const lead of leads) await storeLead(aws(), lead);

    const first = await redrive(now);
    const second = await redrive(now);

    expect(first.sent).toHaveLength(2);
    expect(second).toMatchObject({ found: [], sent: [], skipped: [], failed: [] });
    for (const lead of leads) {
      expect(await emails(lead)).toMatchObject({ clinic: [{}], patient: [{}] });
    }
  });

  it('never touches spam or rate-limit items, even ones that look pending in the index', async () => {
    const now = new Date('2034-04-15T15:00:00.000Z');
    const createdAt = new Date(now.getTime() - DAY).toISOString();
    const id = randomUUID();
    const spam = {
      ...spamKey(id),
      entity: 'spam',
      id,
      createdAt,
      expiresAt: 2_100_000_000,
      fields: { name: 'Spam Bot', email: 'bot@example.com' },
      // Keys and states a spam item never has, so only the entity check can keep it out.
      gsi1pk: `LEADS#${createdAt.slice(0, 7)}`,
      gsi1sk: `${createdAt}#${id}`,
      notification: { clinic: { status: 'pending' }, patient: { status: 'pending' } },
    };
    const rate = {
      ...rateKey('client-hash', 2_028_000_000),
      entity: 'rate',
      count: 3,
      expiresAt: 2_100_000_000,
    };
    for (const item of [spam, rate]) {
      await aws().db.send(new PutCommand({ TableName: aws().tableName, Item: item }));
    }
    const emailCount = (await sentEmails(aws().sesUrl)).length;

    const report = await redrive(now);

    expect(report.found).toEqual([]);
    expect(await sentEmails(aws().sesUrl)).toHaveLength(emailCount);
    for (const item of [spam, rate]) {
      const { Item } = await aws().db.send(
        new GetCommand({
          TableName: aws().tableName,
          Key: { pk: item.pk, sk: item.sk },
          ConsistentRead: true,
        }),
      );
      expect(Item).toEqual(item);
    }
  });

  it('reports a lead it cannot email as failed, keeps it pending, and carries on', async () => {
    const now = new Date('2035-02-02T10:00:00.000Z');
    const malformed = { ...leadMade(now, 2 * DAY), kind: 'bogus' } as unknown as LeadItem;
    const fine = leadMade(now, DAY);
    for (const lead of [malformed, fine]) await storeLead(aws(), lead);

    const report = await redrive(now);

    expect(report.failed).toEqual([{ id: malformed.id, error: 'MalformedLeadError' }]);
    expect(report.sent).toEqual([fine.id]);
    expect((await readStoredLead(aws(), malformed)).notification.clinic).toEqual({
      status: 'pending',
    });
  });

  it('stops trying once SES is unreachable, and reports every lead failed and still pending', async () => {
    const now = new Date('2035-08-08T08:00:00.000Z');
    const leads = [leadMade(now, 2 * DAY), leadMade(now, DAY)];
    for (const lead of leads) await storeLead(aws(), lead);
    // Nothing listens on the discard port: the connection is refused, as in an outage.
    const unreachable = new SESv2Client({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });

    const report = await redrivePendingLeads(REDRIVE_DEFAULTS, { ...deps(now), ses: unreachable });
    unreachable.destroy();

    expect(report.failed).toEqual([
      { id: leads[0]!.id, error: 'ServiceUnavailableError', cause: 'Error:ECONNREFUSED' },
      { id: leads[1]!.id, error: 'NotAttempted', cause: 'ServiceUnavailableError' },
    ]);
    for (const lead of leads) {
      expect((await readStoredLead(aws(), lead)).notification).toEqual(lead.notification);
    }
  });

  describe('Command: npm run redrive -- --local', () => {
    const ports = () => ({
      DYNAMODB_PORT: new URL(aws().dynamodbEndpoint).port,
      SES_PORT: new URL(aws().sesUrl).port,
    });

    async function run(now: Date, ...argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runRedrive(['--local', '--table', aws().tableName, ...argv], {
        env: ports(),
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        now: () => now,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    it('lists in a dry run, then sends, printing lead ids and never personal data', async () => {
      const now = new Date('2036-07-07T07:00:00.000Z');
      const lead = leadMade(now, 3 * DAY, { clinic: sentBefore, patient: { status: 'pending' } });
      await storeLead(aws(), lead);

      const dry = await run(now, '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.out).toContain(`${lead.id}  pending: patient`);
      expect(dry.out).not.toMatch(/^sent/m);
      expect((await emailsAbout(aws(), lead, '')).patient).toEqual([]);

      const real = await run(now, '--since-days', '5', '--older-than-minutes', '30');
      expect(real.code).toBe(0);
      expect(real.out).toMatch(new RegExp(`^found +1$`, 'm'));
      expect(real.out).toMatch(new RegExp(`^sent +1\\n  ${lead.id}$`, 'm'));
      expect(real.out).toMatch(/^failed +0$/m);
      expect((await emailsAbout(aws(), lead, '')).patient).toHaveLength(1);
      for (const value of personalValues(lead)) {
        expect(`${dry.out}${dry.err}${real.out}${real.err}`).not.toContain(value);
      }
    });

    it('sends with the stage configuration and the notify function environment', async () => {
      const now = new Date('2037-05-05T05:00:00.000Z');
      const lead = leadMade(now, DAY, { clinic: { status: 'pending' }, patient: sentBefore });
      await storeLead(aws(), lead);

      expect((await run(now)).code).toBe(0);

      const { recipients, sender } = loadConfig().leads;
      const [email] = (await sentEmails(aws().sesUrl)).filter((e) =>
        (e.body.text ?? '').includes(lead.id),
      );
      expect(email?.destination.to).toEqual(recipients);
      expect(email?.from).toContain(sender.email);
    });

    it('exits 1 naming the lead ids it could not send', async () => {
      const now = new Date('2038-03-03T03:00:00.000Z');
      const malformed = { ...leadMade(now, DAY), name: '' } as unknown as LeadItem;
      await storeLead(aws(), malformed);

      const result = await run(now);

      expect(result.code).toBe(1);
      expect(result.out).toMatch(
        new RegExp(`^failed +1 .*\\n  ${malformed.id}  MalformedLeadError$`, 'm'),
      );
    });

    it('says how to start the local stack when DynamoDB Local is not there', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runRedrive(['--local'], {
        env: { DYNAMODB_PORT: '9', SES_PORT: ports().SES_PORT },
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      expect(code).toBe(1);
      expect(err.join('\n')).toContain('npm start');
    });
  });
});
