/**
 * The poller's state for one shard of the stream: where it reads, and its batches.
 */
import type { BatchState } from './batches';

/** What the poller knows of one shard: where it reads, and its batches (./batches.ts). */
export interface Shard {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  /** Where to read from when there is no position yet (a new shard, or trimmed records). */
  initialPosition: 'TRIM_HORIZON' | 'LATEST';
  finished: boolean;
  iterator: string | undefined;
  /** Last sequence number read (may be ahead of the checkpoint). */
  lastRead: string | undefined;
  /** The stream has nothing more for this shard: it closed. */
  endReached: boolean;
  /** Its records from the last checkpoint on: buffered, batched, retried. */
  batches: BatchState;
}
