/**
 * The parts of the local stream poller that DynamoDB Local cannot show on demand: shards that
 * close and are followed by children, and the event filter syntax. The stream is a fake
 * behind the real Streams client (aws-sdk-client-mock).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyFunction, type TableStreamTrigger } from '../../../infra/manifest';
import {
  FilterPatternError,
  checkFilterPattern,
  matchesFilterPattern,
  memoryDeadLetterStore,
  startStreamPoller,
} from '../../../infra/local/stream-poller';

const STREAM_ARN =
  'arn:aws:dynamodb:ddblocal:000000000000:table/leads/stream/2026-01-01T00:00:00.000';
if (notifyFunction.trigger.type !== 'table-stream') throw new Error('notify is stream-triggered');
const trigger: TableStreamTrigger = { ...notifyFunction.trigger, maxBatchingWindowSeconds: 0 };
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

interface FakeShard {
  readonly id: string;
  readonly parent?: string;
  readonly records: StreamsRecord[];
  readonly closed: boolean;
}

let sequence = 0;
function leadRecord(id: string): StreamsRecord {
  sequence += 1;
  return {
    eventID: `event-${sequence}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date(),
      Keys: { pk: { S: `LEAD#${id}` }, sk: { S: 'LEAD' } },
      NewImage: {
        pk: { S: `LEAD#${id}` },
        sk: { S: 'LEAD' },
        entity: { S: 'lead' },
        id: { S: id },
      },
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 50,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('Local stream poller: shards', () => {
  const streamsMock = mockClient(DynamoDBStreamsClient);
  const streams = new DynamoDBStreamsClient({ region: 'us-east-1' });
  const directory = mkdtempSync(join(tmpdir(), 'poller-unit-'));
  let shards: FakeShard[];
  let iteratorsOpened: string[];

  beforeEach(() => {
    iteratorsOpened = [];
    streamsMock.on(DescribeStreamCommand).callsFake(() => ({
      StreamDescription: {
        StreamArn: STREAM_ARN,
        // Children listed first: the poller must still finish the parent before them.
        Shards: [...shards].reverse().map((s) => ({
          ShardId: s.id,
          ...(s.parent !== undefined && { ParentShardId: s.parent }),
          SequenceNumberRange: {
            StartingSequenceNumber: s.records[0]?.dynamodb?.SequenceNumber ?? '0',
            ...(s.closed && { EndingSequenceNumber: s.records.at(-1)?.dynamodb?.SequenceNumber }),
          },
        })),
      },
    }));
    streamsMock.on(GetShardIteratorCommand).callsFake((input) => {
      const shard = shards.find((s) => s.id === input.ShardId);
      if (shard === undefined) throw new Error('no such shard');
      iteratorsOpened.push(`${shard.id}:${input.ShardIteratorType}`);
      const after = shard.records.findIndex(
        (r) => r.dynamodb?.SequenceNumber === input.SequenceNumber,
      );
      const position =
        input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER'
          ? after + 1
          : input.ShardIteratorType === 'LATEST'
            ? shard.records.length
            : 0;
      return { ShardIterator: `${shard.id}|${position}` };
    });
    streamsMock.on(GetRecordsCommand).callsFake((input) => {
      const [id, position] = String(input.ShardIterator).split('|');
      const shard = shards.find((s) => s.id === id);
      if (shard === undefined) throw new Error('no such shard');
      const start = Number(position);
      const records = shard.records.slice(start, start + (input.Limit ?? 1000));
      const next = start + records.length;
      const done = shard.closed && next >= shard.records.length;
      return { Records: records, ...(!done && { NextShardIterator: `${shard.id}|${next}` }) };
    });
  });

  afterEach(() => streamsMock.reset());
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function run(checkpointFile: string, delivered: string[]) {
    return startStreamPoller({
      streams,
      tableStreamArn: STREAM_ARN,
      trigger,
      invoke: async (event: DynamoDBStreamEvent) => {
        delivered.push(...event.Records.map((r) => String(r.dynamodb?.NewImage?.id?.S)));
      },
      deadLetter: memoryDeadLetterStore(),
      checkpointFile,
      pollIntervalMs: 10,
      logger: quiet,
    });
  }

  it('finishes a closed shard before reading its child, and keeps the order', async () => {
    shards = [
      { id: 'shard-parent', records: [leadRecord('p1'), leadRecord('p2')], closed: true },
      { id: 'shard-child', parent: 'shard-parent', records: [leadRecord('c1')], closed: false },
    ];
    const delivered: string[] = [];
    const poller = run(join(directory, 'order.json'), delivered);
    await poller.idle();
    await poller.stop();
    expect(delivered).toEqual(['p1', 'p2', 'c1']);
  });

  it('remembers a finished shard across a restart and reads only what is new in its child', async () => {
    const checkpointFile = join(directory, 'restart.json');
    shards = [
      { id: 'shard-parent', records: [leadRecord('p1')], closed: true },
      { id: 'shard-child', parent: 'shard-parent', records: [leadRecord('c1')], closed: false },
    ];
    const first: string[] = [];
    const before = run(checkpointFile, first);
    await before.idle();
    await before.stop();

    shards[1]!.records.push(leadRecord('c2'));
    iteratorsOpened = [];
    const second: string[] = [];
    const after = run(checkpointFile, second);
    await after.idle();
    await after.stop();

    expect(first).toEqual(['p1', 'c1']);
    expect(second).toEqual(['c2']);
    expect(iteratorsOpened).toEqual(['shard-child:AFTER_SEQUENCE_NUMBER']);
    const saved = JSON.parse(readFileSync(checkpointFile, 'utf8')) as {
      shards: Record<string, { finished?: boolean }>;
    };
    expect(saved.shards['shard-parent']?.finished).toBe(true);
  });

  it('counts an invocation that runs past the timeout as failed, and delivers the batch again', async () => {
    shards = [{ id: 'shard-only', records: [leadRecord('slow')], closed: false }];
    let calls = 0;
    const poller = startStreamPoller({
      streams,
      tableStreamArn: STREAM_ARN,
      trigger,
      invoke: (): Promise<void> => {
        calls += 1;
        // The first invocation never finishes; the second does at once.
        return calls === 1 ? new Promise<void>(() => {}) : Promise.resolve();
      },
      deadLetter: memoryDeadLetterStore(),
      invocationTimeoutMs: 50,
      retryBackoff: { initialMs: 1, maxMs: 1 },
      pollIntervalMs: 10,
      logger: quiet,
    });
    await poller.idle();
    await poller.stop();
    expect(calls).toBe(2);
  });

  it('starts at LATEST when the trigger says so, skipping what was already in the stream', async () => {
    shards = [{ id: 'shard-only', records: [leadRecord('old')], closed: false }];
    const delivered: string[] = [];
    const poller = startStreamPoller({
      streams,
      tableStreamArn: STREAM_ARN,
      trigger: { ...trigger, startingPosition: 'LATEST' },
      invoke: async (event) => {
        delivered.push(...event.Records.map((r) => String(r.dynamodb?.NewImage?.id?.S)));
      },
      deadLetter: memoryDeadLetterStore(),
      pollIntervalMs: 10,
      logger: quiet,
    });
    await poller.idle();
    shards[0]!.records.push(leadRecord('new'));
    await poller.idle();
    await poller.stop();
    expect(iteratorsOpened).toEqual(['shard-only:LATEST']);
    expect(delivered).toEqual(['new']);
  });
});

describe('Local stream poller: event filter patterns', () => {
  const record = {
    eventName: 'INSERT',
    dynamodb: {
      NewImage: { entity: { S: 'lead' }, kind: { S: 'callback' }, tags: { SS: ['a', 'b'] } },
    },
  };

  it.each([
    [{ eventName: ['INSERT'] }, true],
    [{ eventName: ['MODIFY', 'INSERT'] }, true],
    [{ eventName: ['REMOVE'] }, false],
    [
      notifyFunction.trigger.type === 'table-stream' ? notifyFunction.trigger.filterPattern : {},
      true,
    ],
    [{ dynamodb: { NewImage: { entity: { S: ['spam'] } } } }, false],
    [{ dynamodb: { NewImage: { kind: { S: [{ prefix: 'call' }] } } } }, true],
    [{ dynamodb: { NewImage: { kind: { S: [{ 'anything-but': ['callback'] }] } } } }, false],
    [{ dynamodb: { NewImage: { email: [{ exists: false }] } } }, true],
    [{ dynamodb: { NewImage: { email: [{ exists: true }] } } }, false],
    [{ dynamodb: { NewImage: { tags: { SS: ['b'] } } } }, true],
    [{ dynamodb: { OldImage: { entity: { S: ['lead'] } } } }, false],
  ])('pattern %j matches: %s', (pattern, expected) => {
    expect(matchesFilterPattern(pattern, record)).toBe(expected);
  });

  it.each([
    [{ eventName: [{ numeric: ['>', 0] }] }],
    [{ eventName: 'INSERT' }],
    [{ eventName: [['INSERT']] }],
  ])('refuses syntax it does not implement: %j', (pattern) => {
    expect(() => checkFilterPattern(pattern)).toThrow(FilterPatternError);
  });
});
