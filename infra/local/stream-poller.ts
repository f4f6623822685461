/**
 * The local stand-in for a Lambda event source mapping on a DynamoDB stream. It reads DynamoDB
 * Local's real stream and invokes a handler with the semantics of the AWS mapping, as declared
 * by a {@link TableStreamTrigger}:
 *
 * - the filter pattern is applied first; records it drops count as processed;
 * - records go out in order, per shard, in batches of up to `batchSize`, after waiting up to
 *   `maxBatchingWindowSeconds` for a batch to fill;
 * - the event has the exact shape of AWS's `DynamoDBStreamEvent`;
 * - with `reportBatchItemFailures`, processing resumes from the lowest failed sequence number;
 *   a thrown error or an invalid response fails the whole batch;
 * - with `bisectBatchOnError`, a batch that fails as a whole is split in two (a split does not
 *   use up a retry, as in AWS);
 * - after `retryAttempts` retries, or once a record is older than `maxRecordAgeSeconds`, the
 *   failing batch is described to the dead-letter store (the same document AWS sends to an
 *   on-failure destination: positions and times, never the records) and processing moves on;
 * - checkpoints are saved to a file, so a restart neither re-delivers nor skips;
 * - shards that close are finished before their children start.
 *
 * Retries back off exponentially, with delays meant for one machine rather than for AWS.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamsRecord,
  type AttributeValue as StreamsAttributeValue,
  type DynamoDBStreamsClient,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  AttributeValue,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { TableStreamTrigger } from '../../functions/manifest';
import { errorName } from '../../functions/lib/aws-errors';
import { createLogger } from '../../functions/lib/logger';

// ---------------------------------------------------------------------------------------------
// Dead letters

/** Why a batch was given up on (the conditions AWS reports). */
export type DeadLetterCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * What AWS sends to an on-failure destination for a DynamoDB stream batch: where the records
 * are in the stream and when they arrived. No record content, so no personal data.
 */
export interface DeadLetterEntry {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: DeadLetterCondition;
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    /** "Unhandled" when the last attempt threw; absent for a partial-failure response. */
    readonly functionError?: 'Unhandled';
  };
  readonly version: '1.0';
  /** ISO 8601: when the batch was given up on. */
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    /** ISO 8601, from the records' ApproximateCreationDateTime. */
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

/** Where batches that could not be processed are described (the on-failure destination). */
export interface DeadLetterStore {
  put(entry: DeadLetterEntry): Promise<void>;
  /** Every entry, oldest first. */
  list(): Promise<DeadLetterEntry[]>;
}

/** Entries kept as JSON lines in `path` (e.g. `.data/dead-letters.jsonl`), kept across restarts. */
export function fileDeadLetterStore(path: string): DeadLetterStore {
  return {
    async put(entry) {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${JSON.stringify(entry)}\n`, 'utf8');
    },
    async list() {
      if (!existsSync(path)) return [];
      const text = await readFile(path, 'utf8');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DeadLetterEntry);
    },
  };
}

/** Entries kept in memory (tests). */
export function memoryDeadLetterStore(): DeadLetterStore & { readonly entries: DeadLetterEntry[] } {
  const entries: DeadLetterEntry[] = [];
  return {
    entries,
    put: async (entry) => {
      entries.push(entry);
    },
    list: async () => [...entries],
  };
}

// ---------------------------------------------------------------------------------------------
// Event filtering (AWS event filtering syntax: the subset the functions use)

/** A filter pattern uses syntax the poller does not implement. */
export class FilterPatternError extends Error {
  override readonly name = 'FilterPatternError';
}

type Pattern = Readonly<Record<string, unknown>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OPERATORS = ['exists', 'prefix', 'anything-but'];

/**
 * Throws a {@link FilterPatternError} unless every leaf of `pattern` is a list of exact values
 * or of `{ exists }`, `{ prefix }` or `{ "anything-but" }` rules. Refusing what it cannot
 * match keeps the poller from silently delivering what AWS would drop, or the reverse.
 */
export function checkFilterPattern(pattern: Pattern, path = ''): void {
  for (const [key, rule] of Object.entries(pattern)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (Array.isArray(rule)) {
      for (const value of rule) {
        if (isPlainObject(value)) {
          const [operator, ...more] = Object.keys(value);
          if (operator === undefined || more.length > 0 || !OPERATORS.includes(operator)) {
            throw new FilterPatternError(
              `Filter rule at ${at} is not supported locally (supported: exact values, ${OPERATORS.join(', ')})`,
            );
          }
        } else if (Array.isArray(value)) {
          throw new FilterPatternError(`Filter rule at ${at} nests a list in a list`);
        }
      }
    } else if (isPlainObject(rule)) {
      checkFilterPattern(rule, at);
    } else {
      throw new FilterPatternError(`Filter rule at ${at} must be a list or an object`);
    }
  }
}

function matchesValue(rule: unknown, present: boolean, actual: unknown): boolean {
  if (isPlainObject(rule)) {
    if ('exists' in rule) return rule.exists === present;
    if (!present) return false;
    if ('prefix' in rule)
      return typeof actual === 'string' && actual.startsWith(String(rule.prefix));
    if ('anything-but' in rule) {
      const excluded = Array.isArray(rule['anything-but'])
        ? rule['anything-but']
        : [rule['anything-but']];
      return !excluded.includes(actual);
    }
    return false;
  }
  if (!present) return false;
  // A list in the event matches when any of its elements does.
  if (Array.isArray(actual)) return actual.some((element) => matchesValue(rule, true, element));
  return actual === rule;
}

/** Whether `value` (a stream record as the function would receive it) matches `pattern`. */
export function matchesFilterPattern(pattern: Pattern, value: unknown): boolean {
  const object = isPlainObject(value) ? value : {};
  return Object.entries(pattern).every(([key, rule]) => {
    const present = Object.prototype.hasOwnProperty.call(object, key);
    const actual = object[key];
    if (Array.isArray(rule)) return rule.some((r) => matchesValue(r, present, actual));
    return present && matchesFilterPattern(rule as Pattern, actual);
  });
}

// ---------------------------------------------------------------------------------------------
// Records as Lambda receives them

function toLambdaValue(value: StreamsAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  throw new TypeError('A stream record holds an attribute value of an unknown type');
}

function toLambdaImage(
  image: Record<string, StreamsAttributeValue>,
): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

/** A record from the Streams API in the form Lambda hands a function (JSON: base64 binaries). */
export function toLambdaRecord(
  record: StreamsRecord,
  streamArn: string,
  region: string | undefined,
): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const awsRegion = region ?? record.awsRegion;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    ...(awsRegion !== undefined && { awsRegion }),
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime !== undefined && {
        ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000),
      }),
      ...(d.Keys !== undefined && { Keys: toLambdaImage(d.Keys) }),
      ...(d.NewImage !== undefined && { NewImage: toLambdaImage(d.NewImage) }),
      ...(d.OldImage !== undefined && { OldImage: toLambdaImage(d.OldImage) }),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(record.userIdentity !== undefined && {
      userIdentity: {
        type: record.userIdentity.Type,
        principalId: record.userIdentity.PrincipalId,
      },
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

interface ShardCheckpoint {
  /** Last sequence number processed (delivered, filtered out or dead-lettered). */
  readonly sequenceNumber?: string;
  /** The shard closed and every record in it was processed. */
  readonly finished?: boolean;
}

interface CheckpointFile {
  readonly streamArn: string;
  readonly shards: Readonly<Record<string, ShardCheckpoint>>;
}

function loadCheckpoints(
  file: string | undefined,
  streamArn: string,
): Record<string, ShardCheckpoint> {
  if (file === undefined || !existsSync(file)) return {};
  let saved: CheckpointFile;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
  } catch (error) {
    throw new Error(
      `The stream checkpoint file ${file} cannot be read; delete it to start again from the ` +
        'oldest record the stream holds (emails already sent are not sent again)',
      { cause: error },
    );
  }
  // A table created anew has a new stream: the old positions mean nothing in it.
  return saved.streamArn === streamArn ? { ...saved.shards } : {};
}

async function saveCheckpoints(file: string, content: CheckpointFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Write then rename, so a crash leaves the old checkpoints or the new, never half of one.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}

// ---------------------------------------------------------------------------------------------
// The poller

/** Log output of the poller: messages with ids and positions, never record content. */
export interface PollerLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export interface StreamPollerOptions {
  /** A DynamoDB Streams client (pointed at DynamoDB Local). */
  readonly streams: DynamoDBStreamsClient;
  /** The table's `LatestStreamArn`. */
  readonly tableStreamArn: string;
  /** The event source mapping to reproduce (from functions/manifest.ts). */
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

export interface StreamPoller {
  /** Finishes the batch in flight, saves the checkpoints and stops. */
  stop(): Promise<void>;
  /**
   * Resolves once every record written before the call has been handled (delivered, filtered
   * out or dead-lettered) and nothing is waiting for a retry.
   */
  idle(): Promise<void>;
}

interface Entry {
  readonly record: DynamoDBRecord;
  readonly sequenceNumber: string;
  /** Epoch ms of the record's ApproximateCreationDateTime. */
  readonly createdAt: number;
  /** Last sequence number of the filtered-out records that follow this one. */
  skipThrough?: string;
}

interface Shard {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  /** Where to read from when there is no position yet (a new shard, or trimmed records). */
  initialPosition: 'TRIM_HORIZON' | 'LATEST';
  checkpoint: string | undefined;
  finished: boolean;
  iterator: string | undefined;
  /** Last sequence number read (may be ahead of the checkpoint). */
  lastRead: string | undefined;
  /** The stream has nothing more for this shard: it closed. */
  endReached: boolean;
  /** Matching records read but not yet in a batch. */
  buffer: Entry[];
  /** When the oldest record in `buffer` was read (batching window). */
  bufferSince: number;
  /** Batches to invoke, the first being the one in progress (more than one after a split). */
  queue: Entry[][];
  /** Failed invocations of the batch that starts at `attemptsHead`. */
  attempts: number;
  attemptsHead: string | undefined;
  retryAt: number;
}

const compareSequence = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const lastPosition = (entry: Entry): string =>
  entry.skipThrough !== undefined && compareSequence(entry.skipThrough, entry.sequenceNumber) > 0
    ? entry.skipThrough
    : entry.sequenceNumber;

/** The function ran past its timeout. */
export class InvocationTimeoutError extends Error {
  override readonly name = 'InvocationTimeoutError';
}

function withTimeout<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvocationTimeoutError(`Task timed out after ${ms / 1000} seconds`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Outcome of one invocation. */
type Outcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly failedFrom: number }
  | { readonly kind: 'error' };

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

  function interpret(response: unknown, batch: readonly Entry[]): Outcome {
    if (!trigger.reportBatchItemFailures || response === undefined || response === null) {
      return { kind: 'success' };
    }
    if (typeof response !== 'object') return { kind: 'error' };
    const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
    if (failures === undefined || failures === null) return { kind: 'success' };
    if (!Array.isArray(failures)) return { kind: 'error' };
    if (failures.length === 0) return { kind: 'success' };
    let failedFrom = Number.POSITIVE_INFINITY;
    for (const failure of failures as unknown[]) {
      const id = isPlainObject(failure) ? failure.itemIdentifier : undefined;
      const index =
        typeof id === 'string' && id !== '' ? batch.findIndex((e) => e.sequenceNumber === id) : -1;
      // AWS treats an empty, missing or unknown identifier as a failure of the whole batch.
      if (index < 0) return { kind: 'error' };
      failedFrom = Math.min(failedFrom, index);
    }
    return { kind: 'partial', failedFrom };
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
      outcome = interpret(await withTimeout(invocation, options.invocationTimeoutMs), batch);
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
