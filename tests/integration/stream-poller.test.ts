/**
 * The local event source mapping on DynamoDB Local's real stream: filtering, batching, event
 * shape, partial failures, bisecting, retries, the dead-letter store and checkpoints.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { notifyFunction, type TableStreamTrigger } from '../../infra/manifest';
import { createLeadsTable } from '../../infra/local/create-table';
import {
  fileDeadLetterStore,
  memoryDeadLetterStore,
  startStreamPoller,
  type DeadLetterStore,
  type PollerLogger,
  type StreamPoller,
} from '../../infra/local/stream-poller';
import { useLocalAws } from '../support/local-aws';
import { makeLead } from '../support/lead-fixtures';

if (notifyFunction.trigger.type !== 'table-stream') throw new Error('notify is stream-triggered');
const declared: TableStreamTrigger = notifyFunction.trigger;

const quiet: PollerLogger = { info: () => {}, warn: () => {}, error: () => {} };

describe('Local stream poller', () => {
  const aws = useLocalAws();
  const tables: string[] = [];
  const pollers: StreamPoller[] = [];
  const directories: string[] = [];

  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((p) => p.stop()));
  });

  afterAll(async () => {
    for (const name of tables) {
      await aws().dynamodb.send(new DeleteTableCommand({ TableName: name }));
    }
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  /** A table of its own for each test, so each stream holds only that test's records. */
  async function freshTable() {
    const tableName = `poller-${randomUUID().slice(0, 8)}`;
    tables.push(tableName);
    const { streamArn } = await createLeadsTable(aws().dynamodb, tableName);
    const put = (item: Record<string, unknown>) =>
      aws().db.send(new PutCommand({ TableName: tableName, Item: item }));
    return { tableName, streamArn, put };
  }

  function start(options: {
    streamArn: string;
    trigger?: Partial<TableStreamTrigger>;
    invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
    deadLetter?: DeadLetterStore;
    checkpointFile?: string;
    now?: () => Date;
  }): StreamPoller {
    const poller = startStreamPoller({
      streams: aws().streams,
      tableStreamArn: options.streamArn,
      trigger: { ...declared, maxBatchingWindowSeconds: 0, ...options.trigger },
      invoke: options.invoke,
      deadLetter: options.deadLetter ?? memoryDeadLetterStore(),
      pollIntervalMs: 50,
      retryBackoff: { initialMs: 20, maxMs: 100 },
      logger: quiet,
      functionName: 'notify-lead',
      ...(options.checkpointFile !== undefined && { checkpointFile: options.checkpointFile }),
      ...(options.now !== undefined && { now: options.now }),
    });
    pollers.push(poller);
    return poller;
  }

  const idOf = (record: DynamoDBRecord) => record.dynamodb?.NewImage?.id?.S;
  const seqOf = (record: DynamoDBRecord) => String(record.dynamodb?.SequenceNumber);

  it('delivers new leads in order, in batches of at most batchSize, and nothing the filter drops', async () => {
    const { streamArn, put, tableName } = await freshTable();
    const leads = Array.from({ length: 7 }, () => makeLead());
    for (const [i, lead] of leads.entries()) {
      await put(lead as unknown as Record<string, unknown>);
      if (i % 2 === 0) await put({ pk: `SPAM#${i}`, sk: 'SPAM', entity: 'spam' });
      if (i % 3 === 0) await put({ pk: `RATE#${i}`, sk: '1', entity: 'rate', count: 1 });
    }
    await aws().db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: leads[0]!.pk, sk: 'LEAD' },
        UpdateExpression: 'SET #status = :s',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': 'new' },
      }),
    );
    const batches: DynamoDBRecord[][] = [];
    const poller = start({
      streamArn,
      trigger: { batchSize: 3 },
      invoke: async (event) => {
        batches.push(event.Records);
      },
    });
    await poller.idle();

    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(3);
    const delivered = batches.flat();
    expect(delivered.map(idOf)).toEqual(leads.map((l) => l.id));
    expect(delivered.every((r) => r.eventName === 'INSERT')).toBe(true);
  });

  it('hands the function events shaped exactly as Lambda’s DynamoDB stream events', async () => {
    const { streamArn, put } = await freshTable();
    const lead = makeLead();
    await put({ ...lead, blob: new Uint8Array([1, 2, 3]) } as unknown as Record<string, unknown>);
    const events: DynamoDBStreamEvent[] = [];
    const poller = start({ streamArn, invoke: async (event) => void events.push(event) });
    await poller.idle();

    const record = events[0]?.Records[0];
    expect(Object.keys(events[0] ?? {})).toEqual(['Records']);
    expect(record).toMatchObject({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: expect.any(String),
      eventSourceARN: streamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: lead.pk }, sk: { S: 'LEAD' } },
        NewImage: {
          id: { S: lead.id },
          entity: { S: 'lead' },
          expiresAt: { N: String(lead.expiresAt) },
          notification: { M: { clinic: { M: { status: { S: 'pending' } } } } },
          blob: { B: Buffer.from([1, 2, 3]).toString('base64') },
        },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
    });
    // JSON all the way down, as Lambda delivers it: no Date, no Uint8Array.
    expect(JSON.parse(JSON.stringify(events[0]))).toEqual(events[0]);
  });

  it('retries from the lowest failed record after a partial failure, not re-delivering those before it', async () => {
    const { streamArn, put } = await freshTable();
    const leads = Array.from({ length: 4 }, () => makeLead());
    for (const lead of leads) await put(lead as unknown as Record<string, unknown>);
    const batches: DynamoDBRecord[][] = [];
    let failedOnce = false;
    const poller = start({
      streamArn,
      trigger: { batchSize: 10 },
      invoke: async (event) => {
        batches.push(event.Records);
        if (failedOnce) return { batchItemFailures: [] };
        failedOnce = true;
        // Report the third and the second as failed: the lowest one counts.
        return {
          batchItemFailures: [
            { itemIdentifier: seqOf(event.Records[2]!) },
            { itemIdentifier: seqOf(event.Records[1]!) },
          ],
        };
      },
    });
    await poller.idle();

    expect(batches.map((b) => b.map(idOf))).toEqual([
      leads.map((l) => l.id),
      leads.slice(1).map((l) => l.id),
    ]);
  });

  it('fails the whole batch on an invalid response and delivers it again', async () => {
    const { streamArn, put } = await freshTable();
    const leads = [makeLead(), makeLead()];
    for (const lead of leads) await put(lead as unknown as Record<string, unknown>);
    const batches: DynamoDBRecord[][] = [];
    const poller = start({
      streamArn,
      trigger: { bisectBatchOnError: false },
      invoke: async (event) => {
        batches.push(event.Records);
        return batches.length === 1
          ? { batchItemFailures: [{ itemIdentifier: '' }] }
          : { batchItemFailures: [] };
      },
    });
    await poller.idle();

    expect(batches.map((b) => b.map(idOf))).toEqual([
      leads.map((l) => l.id),
      leads.map((l) => l.id),
    ]);
  });

  it('isolates a record that crashes the function by bisecting, dead-letters it after its retries, and delivers the rest', async () => {
    const { streamArn, put } = await freshTable();
    const leads = Array.from({ length: 6 }, (_, i) =>
      makeLead({ name: i === 3 ? 'Poison Pill' : `Patient ${i}` }),
    );
    for (const lead of leads) await put(lead as unknown as Record<string, unknown>);
    const poison = leads[3]!;
    const delivered: string[] = [];
    let poisonAttempts = 0;
    const deadLetter = memoryDeadLetterStore();
    const poller = start({
      streamArn,
      trigger: { batchSize: 10, retryAttempts: 2, bisectBatchOnError: true },
      deadLetter,
      invoke: async (event) => {
        if (event.Records.some((r) => idOf(r) === poison.id)) {
          if (event.Records.length === 1) poisonAttempts += 1;
          throw new Error('the function crashed');
        }
        delivered.push(...event.Records.map((r) => String(idOf(r))));
      },
    });
    await poller.idle();

    expect(delivered.sort()).toEqual(
      leads
        .filter((l) => l !== poison)
        .map((l) => l.id)
        .sort(),
    );
    // The first try and two retries, then given up on.
    expect(poisonAttempts).toBe(3);
    expect(deadLetter.entries).toHaveLength(1);
    const entry = deadLetter.entries[0]!;
    expect(entry).toMatchObject({
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
        functionArn: expect.stringMatching(/:function:notify-lead$/),
      },
      responseContext: { functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, streamArn, shardId: expect.any(String) },
    });
    expect(entry.DDBStreamBatchInfo.startSequenceNumber).toBe(
      entry.DDBStreamBatchInfo.endSequenceNumber,
    );
    // Positions and times only: nothing from the record itself.
    expect(JSON.stringify(entry)).not.toMatch(/Poison|Pill|example\.com|\+1312/);
  });

  it('dead-letters a record the function keeps reporting as failed, and delivers the rest', async () => {
    const { streamArn, put } = await freshTable();
    const leads = Array.from({ length: 3 }, () => makeLead());
    for (const lead of leads) await put(lead as unknown as Record<string, unknown>);
    const bad = leads[1]!;
    const succeeded = new Set<string>();
    const deadLetter = memoryDeadLetterStore();
    const poller = start({
      streamArn,
      trigger: { retryAttempts: 1 },
      deadLetter,
      invoke: async (event) => {
        const failures = event.Records.filter((r) => idOf(r) === bad.id).map((r) => ({
          itemIdentifier: seqOf(r),
        }));
        for (const r of event.Records) if (idOf(r) !== bad.id) succeeded.add(String(idOf(r)));
        return { batchItemFailures: failures };
      },
    });
    await poller.idle();

    expect([...succeeded].sort()).toEqual([leads[0]!.id, leads[2]!.id].sort());
    expect(deadLetter.entries).toHaveLength(1);
    expect(deadLetter.entries[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      DDBStreamBatchInfo: { batchSize: 2 },
    });
    expect(deadLetter.entries[0]?.responseContext.functionError).toBeUndefined();
  });

  it('dead-letters records older than maxRecordAgeSeconds without invoking the function', async () => {
    const { streamArn, put } = await freshTable();
    await put(makeLead() as unknown as Record<string, unknown>);
    const deadLetter = memoryDeadLetterStore();
    let invoked = 0;
    const poller = start({
      streamArn,
      deadLetter,
      // Seven hours on: past the six-hour maximum age the function declares.
      now: () => new Date(Date.now() + 7 * 60 * 60 * 1000),
      invoke: async () => {
        invoked += 1;
      },
    });
    await poller.idle();

    expect(invoked).toBe(0);
    expect(deadLetter.entries.map((e) => e.requestContext.condition)).toEqual([
      'RecordAgeExceeded',
    ]);
  });

  it('resumes from its checkpoint after a restart, neither re-delivering nor skipping', async () => {
    const { streamArn, put } = await freshTable();
    const directory = mkdtempSync(join(tmpdir(), 'poller-'));
    directories.push(directory);
    const checkpointFile = join(directory, 'checkpoints.json');
    const first = Array.from({ length: 3 }, () => makeLead());
    const second = Array.from({ length: 3 }, () => makeLead());

    const seenBefore: string[] = [];
    const before = start({
      streamArn,
      checkpointFile,
      invoke: async (event) => void seenBefore.push(...event.Records.map((r) => String(idOf(r)))),
    });
    for (const lead of first) await put(lead as unknown as Record<string, unknown>);
    await before.idle();
    await before.stop();

    // Written while no poller runs.
    for (const lead of second) await put(lead as unknown as Record<string, unknown>);
    // Plus something the filter drops, last, so the checkpoint must move past it too.
    await put({ pk: 'SPAM#x', sk: 'SPAM', entity: 'spam' });

    const seenAfter: string[] = [];
    const after = start({
      streamArn,
      checkpointFile,
      invoke: async (event) => void seenAfter.push(...event.Records.map((r) => String(idOf(r)))),
    });
    await after.idle();
    await after.stop();

    const seenLast: string[] = [];
    const last = start({
      streamArn,
      checkpointFile,
      invoke: async (event) => void seenLast.push(...event.Records.map((r) => String(idOf(r)))),
    });
    await last.idle();

    expect(seenBefore).toEqual(first.map((l) => l.id));
    expect(seenAfter).toEqual(second.map((l) => l.id));
    expect(seenLast).toEqual([]);
  });

  it('keeps dead letters in a JSON lines file across restarts', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    directories.push(directory);
    const path = join(directory, 'nested', 'dead-letters.jsonl');
    const { streamArn, put } = await freshTable();
    await put(makeLead() as unknown as Record<string, unknown>);
    const poller = start({
      streamArn,
      trigger: { retryAttempts: 0 },
      deadLetter: fileDeadLetterStore(path),
      invoke: async () => {
        throw new Error('down');
      },
    });
    await poller.idle();

    const reopened = await fileDeadLetterStore(path).list();
    expect(reopened).toHaveLength(1);
    expect(reopened[0]?.requestContext.condition).toBe('RetryAttemptsExhausted');
  });
});
