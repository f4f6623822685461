/**
 * The whole flow on the local stack: HTTP → submit handler → DynamoDB Local → stream poller →
 * notify handler → SES emulator. The same pieces `npm start` runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { readCdkContext } from '../../infra/config/load-config';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { captureOutput, type CapturedOutput } from '../support/captured-output';
import { eventually, sentEmails, type StoredEmail } from '../support/local-aws';

describe('Local stack: a lead from request to inbox', () => {
  let stack: LocalStack;
  let dataDir: string;
  let output: CapturedOutput;

  beforeAll(async () => {
    // This file reads the logs, so it turns them on and captures both streams.
    output = captureOutput();

    dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
    stack = await startLocalStack({
      dataDir,
      web: false,
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
      ports: { api: 0, webhook: 0 },
      tableName: `leads-stack-${randomUUID().slice(0, 8)}`,
      // Every request comes from 127.0.0.1, and locally no CloudFront vouches for a viewer
      // address: lift the per-client limit so 50 parallel posts measure idempotency, not it.
      configOverrides: {
        leads: {
          ...(readCdkContext().leads as object),
          rateLimit: { maxPerWindow: 10_000, windowSeconds: 600 },
        },
      },
      emulators: { dynamodbEndpoint: inject('dynamodbEndpoint'), sesUrl: inject('sesUrl') },
    });
  });

  afterAll(async () => {
    output.restore();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, viewer: string) =>
    fetch(`${stack.apiUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cloudfront-viewer-address': `${viewer}:443` },
      body: JSON.stringify(body),
    });
  const emailsTo = async (address: string) =>
    (await sentEmails(stack.sesUrl)).filter((e) =>
      [...e.destination.to, ...e.replyTo].includes(address),
    );

  it('stores a callback and emails the clinic and the patient within seconds', async () => {
    const email = `ann.${randomUUID().slice(0, 8)}@example.com`;
    const response = await post(
      {
        kind: 'callback',
        name: 'Ann Lee',
        phone: '(312) 555-0188',
        email,
        preferredTime: 'morning',
        consent: true,
        utm_source: 'google',
        campaign: 'back-pain-2026',
      },
      '192.0.2.10',
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    const emails = await eventually(
      () => emailsTo(email),
      (list) => list.length >= 2,
    );
    const clinic = emails.find((e) => e.destination.to.includes(stack.config.leads.recipients[0]!));
    const patient = emails.find((e) => e.destination.to.includes(email));
    expect(clinic).toBeDefined();
    expect(clinic!.replyTo).toEqual([email]);
    expect(clinic!.subject).toContain('Ann Lee');
    expect(clinic!.body.text).toContain(id);
    expect(clinic!.body.html).toContain('tel:+13125550188');
    // Written by the API for the desk, shown by notify without phone metadata of its own.
    expect(clinic!.body.text).toContain('Phone: (312) 555-0188\n');
    expect(patient?.body.text).toContain('555');

    await stack.idle();
    const { Item } = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: leadKey(id), ConsistentRead: true }),
    );
    const lead = Item as LeadItem;
    expect(lead.notification.clinic.status).toBe('sent');
    expect(lead.notification.patient.status).toBe('sent');

    // The local webhook receiver got the lead's alert, signed, and lists it on its page.
    expect(stack.config.alerts.webhook?.url).toBe(`${stack.webhookUrl}/hooks/leads`);
    expect(lead.webhook).toMatchObject({ status: 'sent', attempts: 1, result: 'http-200' });
    const { webhooks } = (await (await fetch(`${stack.webhookUrl}/received`)).json()) as {
      webhooks: { check: string; delivery?: string; body: string }[];
    };
    const alert = webhooks.find((w) => w.delivery === id);
    expect(alert?.check).toBe('ok');
    expect(JSON.parse(alert?.body ?? '{}')).toMatchObject({ reference: id, kind: 'callback' });
    const page = await (await fetch(`${stack.webhookUrl}/`)).text();
    expect(page).toContain(`delivery ${id}`);
    expect(page).toContain('signature verified');
  });

  it('makes one lead and one clinic email from 50 parallel posts of one form', async () => {
    const key = randomUUID();
    const email = `burst.${key.slice(0, 8)}@example.com`;
    const form = {
      kind: 'contact',
      name: 'Burst Test',
      email,
      message: 'Is parking available?',
      idempotencyKey: key,
    };
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(form, `198.18.1.${i + 1}`)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);

    await eventually(
      () => emailsTo(email),
      (list) => list.length >= 2,
    );
    // Every post has been answered, so every item was written; once the poller has read the
    // stream to its end and handled all it found, a duplicate lead would have been emailed.
    await stack.idle();
    const emails = await emailsTo(email);
    const toClinic = (e: StoredEmail) =>
      e.destination.to.includes(stack.config.leads.recipients[0]!);
    expect(emails.filter(toClinic)).toHaveLength(1);
    expect(emails.filter((e) => !toClinic(e))).toHaveLength(1);

    const items = await stack.db.send(
      new ScanCommand({
        TableName: stack.tableName,
        ConsistentRead: true,
        FilterExpression: 'idempotencyKey = :k',
        ExpressionAttributeValues: { ':k': key },
      }),
    );
    expect(items.Items).toHaveLength(1);
  });

  it('writes no personal value to any log line of a full submission', async () => {
    const marker = randomUUID().slice(0, 8);
    const personal = {
      name: `Zelda Quintrell ${marker}`,
      phone: '(312) 555-0177',
      email: `zelda.${marker}@example.com`,
      message: `My lower back aches after gardening ${marker}`,
    };
    const before = output.mark();
    const response = await post(
      { kind: 'contact', ...personal, preferredTime: 'evening', consent: true },
      '192.0.2.77',
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await eventually(
      () => emailsTo(personal.email),
      (list) => list.length >= 2,
    );
    await stack.idle();

    const logs = output.text(before);
    // The logs did capture this submission, by its id, from both functions...
    expect(logs).toContain(id);
    expect(logs).toContain('"service":"submit-lead"');
    expect(logs).toContain('"service":"notify-lead"');
    // ...and none of what the patient typed, in any form.
    for (const value of [
      personal.name,
      'Zelda',
      'Quintrell',
      personal.email,
      `zelda.${marker}`,
      '3125550177',
      '555-0177',
      personal.message,
      'gardening',
    ]) {
      expect(logs).not.toContain(value);
    }
  });
});
