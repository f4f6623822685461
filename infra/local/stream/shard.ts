/**
 * The poller's state for one shard of the stream, and the position an entry stands for.
 */
import type { DynamoDBRecord } from 'aws-lambda';

/** A record read from a shard, with its position, waiting to be processed. */
export interface Entry {
  readonly record: DynamoDBRecord;
  readonly sequenceNumber: string;
  /** Epoch ms of the record's ApproximateCreationDateTime. */
  readonly createdAt: number;
  /** Last sequence number of the filtered-out records that follow this one. */
  skipThrough?: string;
}

/** What the poller knows of one shard: its position, what it has read and what it is retrying. */
export interface Shard {
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

/** The position up to which `entry` and the filtered-out records after it are processed. */
export const lastPosition = (entry: Entry): string =>
  entry.skipThrough !== undefined && compareSequence(entry.skipThrough, entry.sequenceNumber) > 0
    ? entry.skipThrough
    : entry.sequenceNumber;
