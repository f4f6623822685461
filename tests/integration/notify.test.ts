/**
 * Notifications through the real path: a lead written to DynamoDB Local, its stream read by
 * the local poller with the declared event source mapping, the real notify handler, and the
 * SES emulator.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryDeadLetterStore, type StreamPoller } from '../../infra/local/stream-poller';
import { sentEmails, useLocalAws } from '../support/local-aws';
import { makeLead, personalValues } from '../support/lead-fixtures';
import {
  emailsAbout,
  loadNotifyHandler,
  readStoredLead,
  startNotifyPoller,
  storeLead,
  type NotifyHandler,
} from './notify-harness';

describe('Lead notifications on the local stack', () => {
  const aws = useLocalAws();
  const deadLetter = memoryDeadLetterStore();
  let poller: StreamPoller;
  let handler: NotifyHandler;
  let recipient: string;
  let restoreEnvironment: () => void;

  /** What the handler writes to stdout (its JSON logs), kept off the test output. */
  const written: string[] = [];

  beforeAll(async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    ({ handler, recipient, restoreEnvironment } = await loadNotifyHandler(aws(), {
      logLevel: 'INFO',
    }));
    poller = startNotifyPoller(aws(), { invoke: handler, deadLetter });
  });

  afterAll(async () => {
    await poller.stop();
    restoreEnvironment();
    vi.restoreAllMocks();
  });

  it('emails the clinic and confirms to the patient, once each, and records both as sent', async () => {
    const lead = makeLead({ name: 'Ann Lee', preferredTime: 'morning' });
    await storeLead(aws(), lead);
    await poller.idle();

    const { clinic, patient } = await emailsAbout(aws(), lead, recipient);
    expect(clinic).toHaveLength(1);
    expect(patient).toHaveLength(1);
    expect(clinic[0]).toMatchObject({
      subject: 'Callback request: Ann Lee, morning',
      replyTo: [lead.email],
      from: '"Willow Lane Acupuncture" <no-reply@willowlane-acupuncture.example.com>',
    });
    expect(clinic[0]?.body.html).toContain(`href="tel:${lead.phone}"`);
    expect(patient[0]?.replyTo).toEqual(['hello@willowlane-acupuncture.example.com']);
    expect(patient[0]?.body.text).not.toContain(String(lead.message));

    const stored = await readStoredLead(aws(), lead);
    expect(stored.notification.clinic).toEqual({
      status: 'sent',
      messageId: clinic[0]?.messageId,
      at: expect.any(String),
    });
    expect(stored.notification.patient).toMatchObject({
      status: 'sent',
      messageId: patient[0]?.messageId,
    });
  });

  it('emails only the clinic, with no Reply-To, when the patient gave no email address', async () => {
    const lead = makeLead({
      email: undefined,
      notification: { clinic: { status: 'pending' }, patient: { status: 'not-applicable' } },
    });
    await storeLead(aws(), lead);
    await poller.idle();

    const { clinic } = await emailsAbout(aws(), lead, recipient);
    expect(clinic).toHaveLength(1);
    expect(clinic[0]?.replyTo).toEqual([]);
    const stored = await readStoredLead(aws(), lead);
    expect(stored.notification.clinic.status).toBe('sent');
    expect(stored.notification.patient).toEqual({ status: 'not-applicable' });
  });

  it('sets Reply-To to the patient for a question sent by email', async () => {
    const lead = makeLead({
      kind: 'contact',
      name: 'Bo Chen',
      phone: undefined,
      preferredTime: undefined,
    });
    await storeLead(aws(), lead);
    await poller.idle();

    const { clinic, patient } = await emailsAbout(aws(), lead, recipient);
    expect(clinic.map((e) => [e.subject, e.replyTo])).toEqual([
      ['Contact request: Bo Chen', [lead.email]],
    ]);
    expect(patient.map((e) => e.subject)).toEqual([
      'We have your question: Willow Lane Acupuncture',
    ]);
  });

  it('never emails about spam or rate-limit counters', async () => {
    const trap = `spam.${randomUUID().slice(0, 8)}@example.com`;
    const spamId = randomUUID();
    await aws().db.send(
      new PutCommand({
        TableName: aws().tableName,
        Item: {
          pk: `SPAM#${spamId}`,
          sk: 'SPAM',
          entity: 'spam',
          id: spamId,
          fields: { name: 'Bot', email: trap, website: 'https://spam.example' },
        },
      }),
    );
    await aws().db.send(
      new PutCommand({
        TableName: aws().tableName,
        Item: { pk: `RATE#${spamId}`, sk: '1772550900', entity: 'rate', count: 1 },
      }),
    );
    // A real lead after them, so that waiting for it proves the others were passed over.
    const lead = makeLead();
    await storeLead(aws(), lead);
    await poller.idle();

    const emails = await sentEmails(aws().sesUrl);
    expect((await emailsAbout(aws(), lead, recipient)).clinic).toHaveLength(1);
    expect(emails.filter((e) => e.destination.to.includes(trap))).toEqual([]);
    expect(emails.filter((e) => (e.body.text ?? '').includes(spamId))).toEqual([]);
  });

  it('logs the lead id and none of the personal values of a full notification', async () => {
    const lead = makeLead({
      name: 'Quentin Marchetti-Oyelaran',
      phone: '+13125550177',
      message: 'Numbness in my right foot since the spring',
    });
    const from = written.length;
    await storeLead(aws(), lead);
    await poller.idle();

    const logs = written.slice(from).join('');
    expect(logs).toContain(lead.id);
    expect(logs).toContain('"service":"notify-lead"');
    for (const value of personalValues(lead)) expect(logs).not.toContain(value);
  });

  it('sent nothing to the dead-letter store', () => {
    expect(deadLetter.entries).toEqual([]);
  });
});
