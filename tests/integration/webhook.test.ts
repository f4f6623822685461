/**
 * The lead webhook through the real path: a lead written to DynamoDB Local, its stream read by
 * the local poller with the declared event source mapping, the real webhook handler, and a
 * receiver written here from the README's description alone (its own HMAC check, not the
 * product's), which can be told to fail.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load-config';
import { localAwsEnvironment } from '../../infra/local/aws-clients';
import { ensureLocalKey } from '../../infra/local/link-key';
import { loadFunction } from '../../infra/local/load-function';
import {
  memoryDeadLetterStore,
  startStreamPoller,
  type StreamPoller,
} from '../../infra/local/stream-poller';
import { webhookFunction, type TableStreamTrigger } from '../../infra/manifest';
import { STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';
import { makeLead, personalValues } from '../support/lead-fixtures';
import { testLinkKey } from '../support/link-key';
import { useLocalAws } from '../support/local-aws';
import { readStoredLead, storeLead } from './notify-harness';

type Handler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

interface Delivery {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly answered: number;
}

/**
 * A receiver as the clinic's CRM would write it from the README: HMAC-SHA256 of
 * "<t>.<raw body>" under the shared secret, hex, compared in constant time, and a timestamp
 * within five minutes of now.
 */
function verify(secret: string, header: string | undefined, body: string, nowSeconds: number) {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]),
  );
  const t = Number(parts.t);
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return (
    given.length === expected.length &&
    timingSafeEqual(given, expected) &&
    Math.abs(nowSeconds - t) <= 300
  );
}

describe('Lead webhook on the local stack', () => {
  const aws = useLocalAws();
  const deadLetter = memoryDeadLetterStore();
  let server: Server;
  let url: string;
  let secret: string;
  let handler: Handler;
  let poller: StreamPoller;
  let saved: NodeJS.ProcessEnv;
  /** Statuses the receiver answers with, in turn; 200 once they run out. */
  let answers: number[] = [];
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answered = answers.shift() ?? 200;
        deliveries.push({
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          answered,
        });
        response.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/crm`;

    const secretSource = ensureLocalKey(mkdtempSync(`${tmpdir()}/webhook-`), 'webhook-secret');
    secret = readFileSync(secretSource.slice('file:'.length), 'utf8').trim();
    saved = { ...process.env };
    Object.assign(
      process.env,
      localAwsEnvironment({ dynamodbEndpoint: aws().dynamodbEndpoint, sesUrl: aws().sesUrl }),
      { [STATUS_LINK_KEY_VARIABLE]: testLinkKey().source, WEBHOOK_SECRET: secretSource },
    );
    const config = loadConfig({ alerts: { webhook: { url } } });
    handler = await loadFunction<Handler>(webhookFunction, config, {
      tableName: aws().tableName,
    });
    poller = startStreamPoller({
      streams: aws().streams,
      tableStreamArn: aws().streamArn,
      trigger: webhookFunction.trigger as TableStreamTrigger,
      invoke: handler,
      deadLetter,
      pollIntervalMs: 50,
      retryBackoff: { initialMs: 20, maxMs: 100 },
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      functionName: webhookFunction.name,
    });
  });

  afterAll(async () => {
    await poller.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  beforeEach(() => {
    answers = [];
    deliveries.length = 0;
  });

  const about = (id: string) => deliveries.filter((d) => d.headers['x-lead-delivery'] === id);

  it('sends each new lead once, signed so an independent receiver can verify it', async () => {
    const lead = makeLead({ createdAt: '2026-03-03T15:00:00.000Z' });
    await storeLead(aws(), lead);
    await poller.idle();

    const [delivery] = about(lead.id);
    expect(about(lead.id)).toHaveLength(1);
    const header = delivery?.headers['x-lead-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = Date.now() / 1000;
    expect(verify(secret, header, delivery!.body, nowSeconds)).toBe(true);
    // One changed byte of the body, or another secret, fails the same check.
    expect(verify(secret, header, delivery!.body.replace('callback', 'Callback'), nowSeconds)).toBe(
      false,
    );
    expect(verify(`${secret}x`, header, delivery!.body, nowSeconds)).toBe(false);
    // A replay ten minutes later fails it too.
    expect(verify(secret, header, delivery!.body, nowSeconds + 600)).toBe(false);

    // 09:00 in Chicago on a Tuesday, 15 opening minutes to call: 09:15.
    expect(JSON.parse(delivery!.body)).toEqual({
      type: 'lead.created',
      version: 1,
      reference: lead.id,
      kind: 'callback',
      preferredTime: 'morning',
      receivedAt: '2026-03-03T15:00:00.000Z',
      callBy: '2026-03-03T15:15:00.000Z',
      callByText: 'today at 9:15 AM',
      statusPage: expect.stringMatching(
        new RegExp(
          `^https://www\\.willowlane-acupuncture\\.example\\.com/api/leads/status\\?lead=${lead.id}&t=\\d+\\.[A-Za-z0-9_-]{43}$`,
        ),
      ),
    });
  });

  it('carries none of the patient’s personal or health data', async () => {
    const lead = makeLead({
      name: 'Zebulon Quartermaine',
      phone: '+13125550177',
      email: 'zebulon.q@example.com',
      message: 'Herniated disc at L4-L5, worse when sitting.',
    });
    await storeLead(aws(), lead);
    await poller.idle();
    const [delivery] = about(lead.id);
    expect(delivery).toBeDefined();
    const sent = JSON.stringify(delivery!.headers) + delivery!.body;
    const values = [...personalValues(lead), '3125550177', '555-0177', 'Herniated', 'Zebulon'];
    expect(values).toHaveLength(8);
    for (const value of values) expect(sent).not.toContain(value);
    for (const value of Object.values(lead.attribution ?? {})) expect(sent).not.toContain(value);
  });

  it('retries a failed delivery: 500 then 200 delivers once and records it sent', async () => {
    answers = [500];
    const lead = makeLead();
    await storeLead(aws(), lead);
    await poller.idle();

    expect(about(lead.id).map((d) => d.answered)).toEqual([500, 200]);
    const stored = await readStoredLead(aws(), lead);
    expect(stored.webhook).toEqual({
      status: 'sent',
      attempts: 2,
      lastAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      result: 'http-200',
    });
  });

  it('dead-letters the record after the declared retries, and leaves the lead marked failed', async () => {
    const retries = (webhookFunction.trigger as TableStreamTrigger).retryAttempts;
    expect(retries).toBe(5);
    answers = Array.from({ length: 50 }, () => 503);
    const before = deadLetter.entries.length;
    const lead = makeLead();
    await storeLead(aws(), lead);
    await poller.idle();

    // The first attempt and five retries, each POSTed once, then the dead-letter entry.
    expect(about(lead.id)).toHaveLength(1 + 5);
    expect(deadLetter.entries).toHaveLength(before + 1);
    const stored = await readStoredLead(aws(), lead);
    expect(stored.webhook).toMatchObject({ status: 'failed', attempts: 6, result: 'http-503' });
  });

  it('treats a redirect as a failure and never follows it', async () => {
    answers = [302];
    const lead = makeLead();
    await storeLead(aws(), lead);
    await poller.idle();
    expect(about(lead.id).map((d) => d.answered)).toEqual([302, 200]);
    expect((await readStoredLead(aws(), lead)).webhook?.status).toBe('sent');
  });
});
