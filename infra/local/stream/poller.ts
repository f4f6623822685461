/**
 * The local event source mapping itself: reads the stream shard by shard and invokes the
 * function with the semantics described in ../stream-poller.ts.
 *
 * Retries back off exponentially, with delays meant for one machine rather than for AWS.
 */
import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamsRecord,
  type DynamoDBStreamsClient,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { TableStreamTrigger } from '../../manifest';
import { errorName } from '../../../functions/lib/aws-errors';
import { createLogger } from '../../../functions/lib/logger';
import { loadCheckpoints, saveCheckpoints, type ShardCheckpoint } from './checkpoints';
import type { DeadLetterCondition, DeadLetterEntry, DeadLetterStore } from './dead-letters';
import { checkFilterPattern, matchesFilterPattern } from './filter-pattern';
import { interpretResponse, withTimeout, type Outcome } from './invocation';
import { toLambdaRecord } from './lambda-record';
import { lastPosition, type Entry, type Shard } from './shard';

/** Log output of the poller: messages with ids and positions, never record content. */
export interface PollerLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** What to poll, what to invoke and how; the mapping's settings come from `trigger`. */
export interface StreamPollerOptions {
  /** A DynamoDB Streams client (pointed at DynamoDB Local). */
  readonly streams: DynamoDBStreamsClient;
  /** The table's `LatestStreamArn`. */
  readonly tableStreamArn: string;
  /** The event source mapping to reproduce (from infra/manifest.ts). */
  readonly trigger: TableStreamTrigger;
  /** Invokes the function with one batch, as Lambda would. */
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Where given-up batches are described. */
  readonly deadLetter: DeadLetterStore;
  /**
   * File that keeps each shard's position across restarts.
   * @default none: positions are kept in memory and a restart starts from `startingPosition`
   */
  readonly checkpointFile?: string;
  /**
   * Wait between reads of a stream that had nothing new (Lambda polls four times a second).
   * @default 250
   */
  readonly pollIntervalMs?: number;
  /**
   * Delay before the n-th retry of a failing batch: `initialMs * 2^(n-1)`, at most `maxMs`.
   * @default { initialMs: 200, maxMs: 5000 }
   */
  readonly retryBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /**
   * How long to wait for a batch to fill.
   * @default the trigger's `maxBatchingWindowSeconds`
   */
  readonly batchingWindowMs?: number;
  /**
   * How long an invocation may run before it counts as failed, as Lambda's function timeout
   * does (pass the function's `timeoutSeconds`). The late invocation is not cancelled.
   * @default no limit
   */
  readonly invocationTimeoutMs?: number;
  /** @default a Powertools logger named "stream-poller" */
  readonly logger?: PollerLogger;
  /** `awsRegion` of the records. @default the region the stream reports */
  readonly region?: string;
  /** Function name in the dead-letter entries' `functionArn`. @default "stream-consumer" */
  readonly functionName?: string;
  /** The clock, for record ages and dead-letter times. @default the system clock */
  readonly now?: () => Date;
}

/** A running poller. */
export interface StreamPoller {
  /** Finishes the batch in flight, saves the checkpoints and stops. */
  stop(): Promise<void>;
  /**
   * Resolves once every record written before the call has been handled (delivered, filtered
   * out or dead-lettered) and nothing is waiting for a retry.
   */
  idle(): Promise<void>;
}

/** Starts polling; the returned handle stops it and tells when it has caught up. */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const { streams, tableStreamArn: streamArn, trigger, deadLetter } = options;
  checkFilterPattern(trigger.filterPattern);
  const logger = options.logger ?? createLogger('stream-poller');
  const clock = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const backoff = options.retryBackoff ?? { initialMs: 200, maxMs: 5_000 };
  const windowMs = options.batchingWindowMs ?? trigger.maxBatchingWindowSeconds * 1000;
  const functionArn = `arn:aws:lambda:${options.region ?? 'local'}:000000000000:function:${options.functionName ?? 'stream-consumer'}`;
  const saved = loadCheckpoints(options.checkpointFile, streamArn);
  const shards = new Map<string, Shard>();

  let stopping = false;
  let firstDiscovery = true;
  let refreshDue = 0;
  let dirty = false;
  let tickNumber = 0;
  let wake: (() => void) | undefined;
  const idleWaiters: { readonly after: number; readonly resolve: () => void }[] = [];

  async function refreshShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    const listed = new Set<string>();
    do {
      const output = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(exclusiveStartShardId !== undefined && {
            ExclusiveStartShardId: exclusiveStartShardId,
          }),
        }),
      );
      for (const description of output.StreamDescription?.Shards ?? []) {
        const shardId = description.ShardId;
        if (shardId === undefined) continue;
        listed.add(shardId);
        if (shards.has(shardId)) continue;
        const checkpoint = saved[shardId];
        const closed = description.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        // Only shards open when the mapping first starts begin at LATEST. Later ones, and any
        // shard a previous run already knew, are read from their start so nothing is skipped.
        const initialPosition =
          firstDiscovery && trigger.startingPosition === 'LATEST' && checkpoint === undefined
            ? 'LATEST'
            : 'TRIM_HORIZON';
        shards.set(shardId, {
          shardId,
          parentShardId: description.ParentShardId,
          initialPosition,
          checkpoint: checkpoint?.sequenceNumber,
          finished:
            checkpoint?.finished === true ||
            (checkpoint === undefined && closed && initialPosition === 'LATEST'),
          iterator: undefined,
          lastRead: undefined,
          endReached: false,
          buffer: [],
          bufferSince: 0,
          queue: [],
          attempts: 0,
          attemptsHead: undefined,
          retryAt: 0,
        });
      }
      exclusiveStartShardId = output.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    // Finished shards the stream no longer lists (trimmed after 24 hours) need no checkpoint.
    for (const [shardId, shard] of shards) {
      if (shard.finished && !listed.has(shardId)) {
        shards.delete(shardId);
        dirty = true;
      }
    }
    firstDiscovery = false;
    refreshDue = Date.now() + 5_000;
  }

  /** Shards to read now: unfinished, and their parent (if still in the stream) finished. */
  function readyShards(): Shard[] {
    return [...shards.values()].filter((shard) => {
      if (shard.finished) return false;
      const parent =
        shard.parentShardId === undefined ? undefined : shards.get(shard.parentShardId);
      return parent === undefined || parent.finished;
    });
  }

  async function openIterator(shard: Shard): Promise<string | undefined> {
    const after = shard.lastRead ?? shard.checkpoint;
    const type: ShardIteratorType =
      after !== undefined ? 'AFTER_SEQUENCE_NUMBER' : shard.initialPosition;
    const output = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: type,
        ...(after !== undefined && { SequenceNumber: after }),
      }),
    );
    return output.ShardIterator;
  }

  /** Reads what the shard has; returns how many records came back. */
  async function read(shard: Shard): Promise<number> {
    shard.iterator ??= await openIterator(shard);
    if (shard.iterator === undefined) {
      shard.endReached = true;
      return 0;
    }
    let output;
    try {
      output = await streams.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }),
      );
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        shard.iterator = undefined;
        return 0;
      }
      if (error instanceof TrimmedDataAccessException) {
        logger.warn('Stream records were trimmed before they were read', {
          shardId: shard.shardId,
          after: shard.lastRead ?? shard.checkpoint,
        });
        // Start again from the oldest record the stream still holds.
        shard.iterator = undefined;
        shard.lastRead = undefined;
        shard.checkpoint = undefined;
        shard.initialPosition = 'TRIM_HORIZON';
        return 0;
      }
      throw error;
    }
    const records = output.Records ?? [];
    for (const record of records) ingest(shard, record);
    shard.iterator = output.NextShardIterator;
    if (shard.iterator === undefined) shard.endReached = true;
    return records.length;
  }

  function ingest(shard: Shard, raw: StreamsRecord): void {
    const sequenceNumber = raw.dynamodb?.SequenceNumber;
    if (sequenceNumber === undefined) return;
    shard.lastRead = sequenceNumber;
    const record = toLambdaRecord(raw, streamArn, options.region);
    if (matchesFilterPattern(trigger.filterPattern, record)) {
      if (shard.buffer.length === 0) shard.bufferSince = Date.now();
      shard.buffer.push({
        record,
        sequenceNumber,
        createdAt: raw.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now(),
      });
      return;
    }
    // A filtered-out record is processed once everything before it is.
    const previous = shard.buffer.at(-1) ?? shard.queue.at(-1)?.at(-1);
    if (previous !== undefined) {
      previous.skipThrough = sequenceNumber;
    } else {
      shard.checkpoint = sequenceNumber;
      dirty = true;
    }
  }

  /** Marks `entries` (a prefix of the shard's remaining records) as processed. */
  function advance(shard: Shard, entries: readonly Entry[]): void {
    const last = entries.at(-1);
    if (last === undefined) return;
    shard.checkpoint = lastPosition(last);
    dirty = true;
  }

  function retryDelay(attempt: number): number {
    return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  }

  async function sendToDeadLetter(
    shard: Shard,
    batch: readonly Entry[],
    condition: DeadLetterCondition,
    functionError: boolean,
  ): Promise<void> {
    const first = batch[0];
    const last = batch.at(-1);
    if (first === undefined || last === undefined) return;
    const entry: DeadLetterEntry = {
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition,
        approximateInvokeCount: shard.attempts,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(functionError && { functionError: 'Unhandled' as const }),
      },
      version: '1.0',
      timestamp: clock().toISOString(),
      DDBStreamBatchInfo: {
        shardId: shard.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.createdAt).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.createdAt).toISOString(),
        batchSize: batch.length,
        streamArn,
      },
    };
    await deadLetter.put(entry);
    logger.warn('Batch given up on and sent to the dead-letter store', {
      condition,
      shardId: shard.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      batchSize: batch.length,
      attempts: shard.attempts,
    });
    advance(shard, batch);
  }

  /** Counts a failed invocation of `batch` (now `queue[0]`); gives up on it when due. */
  async function failed(shard: Shard, batch: Entry[], threw: boolean): Promise<void> {
    const head = batch[0]?.sequenceNumber;
    if (head !== undefined && head === shard.attemptsHead) {
      shard.attempts += 1;
    } else {
      shard.attempts = 1;
      shard.attemptsHead = head;
    }
    const retries = shard.attempts - 1;
    if (trigger.retryAttempts >= 0 && retries >= trigger.retryAttempts) {
      await sendToDeadLetter(shard, batch, 'RetryAttemptsExhausted', threw);
      shard.queue.shift();
      shard.attempts = 0;
      shard.attemptsHead = undefined;
      return;
    }
    shard.retryAt = Date.now() + retryDelay(shard.attempts);
  }

  /** Invokes the function with the shard's current batch and acts on the outcome. */
  async function runBatch(shard: Shard): Promise<void> {
    const batch = shard.queue[0];
    if (batch === undefined || batch.length === 0) {
      shard.queue.shift();
      return;
    }
    if (trigger.maxRecordAgeSeconds >= 0) {
      const oldest = clock().getTime() - trigger.maxRecordAgeSeconds * 1000;
      const expired = batch.filter((entry) => entry.createdAt < oldest);
      if (expired.length > 0) {
        // Records are in order, so the expired ones lead the batch.
        await sendToDeadLetter(shard, expired, 'RecordAgeExceeded', false);
        shard.attempts = 0;
        shard.attemptsHead = undefined;
        const rest = batch.slice(expired.length);
        if (rest.length > 0) shard.queue[0] = rest;
        else shard.queue.shift();
        return;
      }
    }

    let outcome: Outcome;
    try {
      const invocation = options.invoke({ Records: batch.map((e) => e.record) });
      outcome = interpretResponse(
        await withTimeout(invocation, options.invocationTimeoutMs),
        batch,
        trigger.reportBatchItemFailures,
      );
      if (outcome.kind === 'error') {
        logger.warn('The function answered with an invalid batch response', {
          shardId: shard.shardId,
        });
      }
    } catch (error) {
      logger.warn('The function failed the whole batch', {
        shardId: shard.shardId,
        firstSequenceNumber: batch[0]?.sequenceNumber,
        batchSize: batch.length,
        error: errorName(error),
      });
      outcome = { kind: 'error' };
    }

    if (outcome.kind === 'success') {
      advance(shard, batch);
      shard.queue.shift();
      shard.attempts = 0;
      shard.attemptsHead = undefined;
      return;
    }
    if (outcome.kind === 'partial') {
      advance(shard, batch.slice(0, outcome.failedFrom));
      const rest = batch.slice(outcome.failedFrom);
      shard.queue[0] = rest;
      await failed(shard, rest, false);
      return;
    }
    if (trigger.bisectBatchOnError && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      shard.queue.splice(0, 1, batch.slice(0, half), batch.slice(half));
      shard.retryAt = Date.now() + backoff.initialMs;
      return;
    }
    await failed(shard, batch, true);
  }

  /** One step for one shard; returns whether it has work left or in progress. */
  async function step(shard: Shard): Promise<boolean> {
    if (shard.retryAt > Date.now()) return true;
    if (shard.queue.length === 0) {
      let fetched = 0;
      if (!shard.endReached && shard.buffer.length < trigger.batchSize) fetched = await read(shard);
      if (shard.buffer.length === 0) {
        if (shard.endReached) {
          shard.finished = true;
          dirty = true;
          refreshDue = 0;
          logger.info('Finished a closed stream shard', { shardId: shard.shardId });
        }
        return fetched > 0 || shard.finished;
      }
      const filling =
        shard.buffer.length < trigger.batchSize &&
        !shard.endReached &&
        Date.now() - shard.bufferSince < windowMs;
      if (filling) return true;
      shard.queue.push(shard.buffer.splice(0, trigger.batchSize));
      shard.bufferSince = Date.now();
    }
    await runBatch(shard);
    return true;
  }

  async function persist(): Promise<void> {
    if (!dirty || options.checkpointFile === undefined) return;
    dirty = false;
    const content: Record<string, ShardCheckpoint> = {};
    for (const shard of shards.values()) {
      content[shard.shardId] = {
        ...(shard.checkpoint !== undefined && { sequenceNumber: shard.checkpoint }),
        ...(shard.finished && { finished: true }),
      };
    }
    await saveCheckpoints(options.checkpointFile, { streamArn, shards: content });
  }

  /** One pass over the ready shards; returns whether anything is still to do. */
  async function tick(): Promise<boolean> {
    if (Date.now() >= refreshDue) await refreshShards();
    let busy = false;
    for (const shard of readyShards()) {
      if (stopping) return true;
      busy = (await step(shard)) || busy;
      await persist();
    }
    return busy;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  }

  const running = (async () => {
    while (!stopping) {
      tickNumber += 1;
      const current = tickNumber;
      let busy = true;
      try {
        busy = await tick();
      } catch (error) {
        logger.error('Reading the stream failed; trying again shortly', {
          error: errorName(error),
        });
        await sleep(Math.max(pollIntervalMs, 1_000));
        continue;
      }
      if (!busy) {
        for (const waiter of idleWaiters.filter((w) => w.after < current)) {
          idleWaiters.splice(idleWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      if (!stopping) await sleep(busy ? Math.min(pollIntervalMs, 50) : pollIntervalMs);
    }
    dirty = true;
    await persist();
    for (const waiter of idleWaiters.splice(0)) waiter.resolve();
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
    idle() {
      if (stopping) return running;
      return new Promise<void>((resolve) => idleWaiters.push({ after: tickNumber, resolve }));
    },
  };
}
