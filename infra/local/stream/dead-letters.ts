/**
 * The on-failure destination of the local event source mapping: the document AWS sends for a
 * batch given up on, and the stores that keep it.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

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
    put: (entry) => {
      entries.push(entry);
      return Promise.resolve();
    },
    list: () => Promise.resolve([...entries]),
  };
}
