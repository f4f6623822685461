/**
 * The local event source mapping itself: reads the stream shard by shard and invokes the
 * function with the semantics described in ../stream-poller.ts. What to do with each shard's
 * records (batch, invoke, retry, bisect, give up, advance) is decided by the pure state machine
 * in ./batches.ts; this module does the I/O around it: reading the stream, invoking, writing
 * dead letters and checkpoints.
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
import type { DeadLetterEntry, DeadLetterStore } from './dead-letters';
import { checkFilterPattern, matchesFilterPattern } from './filter-pattern';
import {
  addRecord,
  afterGiveUp,
  afterInvoke,
  initialBatchState,
  nextAction,
  skipRecord,
  wantsRecords,
  type BatchSettings,
  type BatchState,
  type Entry,
  type GiveUp,
  type Outcome,
} from './batches';
import { interpretResponse, withTimeout } from './invocation';
import { toLambdaRecord } from './lambda-record';
import type { Shard } from './shard';

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
  const settings: BatchSettings = {
    batchSize: trigger.batchSize,
    windowMs: options.batchingWindowMs ?? trigger.maxBatchingWindowSeconds * 1000,
    retryAttempts: trigger.retryAttempts,
    maxRecordAgeMs: trigger.maxRecordAgeSeconds < 0 ? -1 : trigger.maxRecordAgeSeconds * 1000,
    bisectBatchOnError: trigger.bisectBatchOnError,
    backoff: options.retryBackoff ?? { initialMs: 200, maxMs: 5_000 },
  };
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
          finished:
            checkpoint?.finished === true ||
            (checkpoint === undefined && closed && initialPosition === 'LATEST'),
          iterator: undefined,
          lastRead: undefined,
          endReached: false,
          batches: initialBatchState(checkpoint?.sequenceNumber),
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
    const after = shard.lastRead ?? shard.batches.checkpoint;
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
          after: shard.lastRead ?? shard.batches.checkpoint,
        });
        // Start again from the oldest record the stream still holds.
        shard.iterator = undefined;
        shard.lastRead = undefined;
        shard.batches = { ...shard.batches, checkpoint: undefined };
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
      const createdAt = raw.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now();
      shard.batches = addRecord(shard.batches, { record, sequenceNumber, createdAt }, Date.now());
    } else {
      update(shard, skipRecord(shard.batches, sequenceNumber));
    }
  }

  /** Takes the state machine's next state for `shard`; a moved checkpoint is saved. */
  function update(shard: Shard, next: BatchState): void {
    if (next.checkpoint !== shard.batches.checkpoint) dirty = true;
    shard.batches = next;
  }

  async function sendToDeadLetter(shard: Shard, giveUp: GiveUp): Promise<void> {
    const { batch, condition, functionError, attempts } = giveUp;
    const first = batch[0];
    const last = batch.at(-1);
    if (first === undefined || last === undefined) return;
    const entry: DeadLetterEntry = {
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition,
        approximateInvokeCount: attempts,
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
      attempts,
    });
  }

  /** Dead-letters `giveUp` and moves the shard past it. */
  async function giveUpOn(shard: Shard, giveUp: GiveUp): Promise<void> {
    await sendToDeadLetter(shard, giveUp);
    update(shard, afterGiveUp(shard.batches, giveUp.batch.length));
  }

  /** Invokes the function with `batch` (the shard's current batch) and acts on the outcome. */
  async function runBatch(shard: Shard, batch: readonly Entry[]): Promise<void> {
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
    const result = afterInvoke(shard.batches, settings, outcome, Date.now());
    update(shard, result.state);
    if (result.giveUp !== undefined) await giveUpOn(shard, result.giveUp);
  }

  /** One step for one shard; returns whether it has work left or in progress. */
  async function step(shard: Shard): Promise<boolean> {
    if (shard.batches.retryAt > Date.now()) return true;
    let fetched = 0;
    if (!shard.endReached && wantsRecords(shard.batches, settings)) fetched = await read(shard);
    const { state, action } = nextAction(shard.batches, settings, {
      now: Date.now(),
      clock: clock().getTime(),
      endReached: shard.endReached,
    });
    shard.batches = state;
    switch (action.kind) {
      case 'backing-off':
      case 'filling':
        return true;
      case 'give-up':
        await giveUpOn(shard, action.giveUp);
        return true;
      case 'invoke':
        await runBatch(shard, action.batch);
        return true;
      case 'empty':
        if (shard.endReached) {
          shard.finished = true;
          dirty = true;
          refreshDue = 0;
          logger.info('Finished a closed stream shard', { shardId: shard.shardId });
        }
        return fetched > 0 || shard.finished;
    }
  }

  async function persist(): Promise<void> {
    if (!dirty || options.checkpointFile === undefined) return;
    dirty = false;
    const content: Record<string, ShardCheckpoint> = {};
    for (const shard of shards.values()) {
      content[shard.shardId] = {
        ...(shard.batches.checkpoint !== undefined && {
          sequenceNumber: shard.batches.checkpoint,
        }),
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
