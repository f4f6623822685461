/**
 * The local stand-in for a Lambda event source mapping on a DynamoDB stream. It reads DynamoDB
 * Local's real stream and invokes a handler with the semantics of the AWS mapping, as declared
 * by a `TableStreamTrigger` (infra/manifest.ts):
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
 * The parts live in ./stream/ (filter patterns, Lambda records, checkpoints, dead letters, the
 * poller); this module is their one public entry.
 */
export {
  fileDeadLetterStore,
  memoryDeadLetterStore,
  type DeadLetterCondition,
  type DeadLetterEntry,
  type DeadLetterStore,
} from './stream/dead-letters';
export {
  FilterPatternError,
  checkFilterPattern,
  matchesFilterPattern,
} from './stream/filter-pattern';
export {
  startStreamPoller,
  type PollerLogger,
  type StreamPoller,
  type StreamPollerOptions,
} from './stream/poller';
