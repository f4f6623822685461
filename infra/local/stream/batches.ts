/**
 * The batch state machine of one shard, as the AWS event source mapping runs it: records wait
 * in a buffer until a batch is full or the batching window closes; a batch is invoked; a
 * success advances the checkpoint, a partial failure advances it to the first failed record,
 * a whole-batch failure is bisected or retried with backoff, and a batch that runs out of
 * retries or of age is given up on (dead-lettered) and skipped.
 *
 * Pure: no I/O, no clock, no randomness. Each function takes the state and the time and returns
 * the next state and what to do; the poller (./poller.ts) reads the stream, invokes the
 * function, writes dead letters and feeds the results back.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { DeadLetterCondition } from './dead-letters';

/** A record read from a shard, with its position, waiting to be processed. */
export interface Entry {
  readonly record: DynamoDBRecord;
  readonly sequenceNumber: string;
  /** Epoch ms of the record's ApproximateCreationDateTime. */
  readonly createdAt: number;
  /** Last sequence number of the filtered-out records that follow this one. */
  readonly skipThrough?: string;
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

/** What the function's answer to a batch meant (./invocation.ts reads it). */
export type Outcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly failedFrom: number }
  | { readonly kind: 'error' };

/** The mapping's settings the state machine needs (from the function's stream trigger). */
export interface BatchSettings {
  /** Most records in one batch. */
  readonly batchSize: number;
  /** How long to wait for a batch to fill, in ms. */
  readonly windowMs: number;
  /** Retries of a failing batch before it is given up on; -1 retries until the records expire. */
  readonly retryAttempts: number;
  /** Age at which a record is given up on, in ms; -1 for never. */
  readonly maxRecordAgeMs: number;
  /** Whether a batch that fails as a whole is split in two (the split uses up no retry). */
  readonly bisectBatchOnError: boolean;
  /** Delay before the n-th retry: `initialMs * 2^(n-1)`, at most `maxMs`. */
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
}

/** What one shard has read and not yet finished processing, and where it stands. */
export interface BatchState {
  /** Everything up to here is processed (delivered, filtered out or dead-lettered). */
  readonly checkpoint: string | undefined;
  /** Matching records read but not yet in a batch. */
  readonly buffer: readonly Entry[];
  /** When the oldest record in `buffer` was read (batching window), epoch ms. */
  readonly bufferSince: number;
  /** Batches to invoke, the first being the one in progress (more than one after a split). */
  readonly queue: readonly (readonly Entry[])[];
  /** Failed invocations of the batch that starts at `attemptsHead`. */
  readonly attempts: number;
  readonly attemptsHead: string | undefined;
  /** No invocation before this time (epoch ms): a retry is backing off. */
  readonly retryAt: number;
}

/** A batch to give up on: described to the dead-letter store, then skipped. */
export interface GiveUp {
  readonly batch: readonly Entry[];
  readonly condition: DeadLetterCondition;
  /** Whether the last attempt threw (AWS's `functionError: "Unhandled"`). */
  readonly functionError: boolean;
  /** Invocations of the batch so far (AWS's `approximateInvokeCount`). */
  readonly attempts: number;
}

/** What the shard should do next. */
export type Action =
  /** A retry is backing off until `state.retryAt`. */
  | { readonly kind: 'backing-off' }
  /** Nothing buffered or queued: read the stream (or, at a closed shard's end, finish it). */
  | { readonly kind: 'empty' }
  /** The buffer waits for more records or for the batching window to close. */
  | { readonly kind: 'filling' }
  /** Invoke the function with this batch and report with {@link afterInvoke}. */
  | { readonly kind: 'invoke'; readonly batch: readonly Entry[] }
  /** Dead-letter these records, then report with {@link afterGiveUp}. */
  | { readonly kind: 'give-up'; readonly giveUp: GiveUp };

/** The state of a shard that starts at `checkpoint` with nothing read. */
export function initialBatchState(checkpoint: string | undefined): BatchState {
  return {
    checkpoint,
    buffer: [],
    bufferSince: 0,
    queue: [],
    attempts: 0,
    attemptsHead: undefined,
    retryAt: 0,
  };
}

/** Whether the shard should read more now: nothing queued and room in the buffer. */
export function wantsRecords(state: BatchState, settings: BatchSettings): boolean {
  return state.queue.length === 0 && state.buffer.length < settings.batchSize;
}

/** A record read from the stream that the filter pattern lets through joins the buffer. */
export function addRecord(state: BatchState, entry: Entry, now: number): BatchState {
  return {
    ...state,
    buffer: [...state.buffer, entry],
    bufferSince: state.buffer.length === 0 ? now : state.bufferSince,
  };
}

/**
 * A record the filter pattern drops counts as processed once everything before it is: it is
 * noted on the last record still waiting, or, with none waiting, it is the new checkpoint.
 */
export function skipRecord(state: BatchState, sequenceNumber: string): BatchState {
  const skipping = (entry: Entry): Entry => ({ ...entry, skipThrough: sequenceNumber });
  const last = state.buffer.at(-1);
  if (last !== undefined) {
    return { ...state, buffer: [...state.buffer.slice(0, -1), skipping(last)] };
  }
  const lastBatch = state.queue.at(-1);
  const lastQueued = lastBatch?.at(-1);
  if (lastBatch !== undefined && lastQueued !== undefined) {
    return {
      ...state,
      queue: [...state.queue.slice(0, -1), [...lastBatch.slice(0, -1), skipping(lastQueued)]],
    };
  }
  return { ...state, checkpoint: sequenceNumber };
}

/**
 * What to do next, at `now` (epoch ms, for the window and the backoff) and `clock` (epoch ms,
 * for record ages). Cuts a batch from the buffer when it is full, the shard has ended or the
 * window has closed, and gives up first on records older than the maximum age.
 */
export function nextAction(
  state: BatchState,
  settings: BatchSettings,
  time: { readonly now: number; readonly clock: number; readonly endReached: boolean },
): { readonly state: BatchState; readonly action: Action } {
  if (state.retryAt > time.now) return { state, action: { kind: 'backing-off' } };
  let current = state;
  if (current.queue.length === 0) {
    if (current.buffer.length === 0) return { state, action: { kind: 'empty' } };
    const filling =
      current.buffer.length < settings.batchSize &&
      !time.endReached &&
      time.now - current.bufferSince < settings.windowMs;
    if (filling) return { state, action: { kind: 'filling' } };
    current = {
      ...current,
      queue: [current.buffer.slice(0, settings.batchSize)],
      buffer: current.buffer.slice(settings.batchSize),
      bufferSince: time.now,
    };
  }
  const [batch = [], ...rest] = current.queue;
  if (batch.length === 0) return nextAction({ ...current, queue: rest }, settings, time);
  if (settings.maxRecordAgeMs >= 0) {
    const oldest = time.clock - settings.maxRecordAgeMs;
    // Records are in order, so the expired ones lead the batch.
    const expired = batch.filter((entry) => entry.createdAt < oldest);
    if (expired.length > 0) {
      const giveUp: GiveUp = {
        batch: expired,
        condition: 'RecordAgeExceeded',
        functionError: false,
        attempts: current.attempts,
      };
      return { state: current, action: { kind: 'give-up', giveUp } };
    }
  }
  return { state: current, action: { kind: 'invoke', batch } };
}

/** The delay before the `attempt`-th retry. */
export function retryDelay(attempt: number, backoff: BatchSettings['backoff']): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * The state after the function answered the current batch (the head of the queue) with
 * `outcome` at `now`; `giveUp` is set when the batch has run out of retries, and must be
 * dead-lettered and reported with {@link afterGiveUp}.
 */
export function afterInvoke(
  state: BatchState,
  settings: BatchSettings,
  outcome: Outcome,
  now: number,
): { readonly state: BatchState; readonly giveUp?: GiveUp } {
  const [batch = [], ...rest] = state.queue;
  if (outcome.kind === 'success') {
    return {
      state: { ...advanced(state, batch), queue: rest, attempts: 0, attemptsHead: undefined },
    };
  }
  if (outcome.kind === 'partial') {
    const failed = batch.slice(outcome.failedFrom);
    const progressed = advanced(state, batch.slice(0, outcome.failedFrom));
    return failedAgain({ ...progressed, queue: [failed, ...rest] }, settings, false, now);
  }
  if (settings.bisectBatchOnError && batch.length > 1) {
    const half = Math.ceil(batch.length / 2);
    return {
      state: {
        ...state,
        queue: [batch.slice(0, half), batch.slice(half), ...rest],
        retryAt: now + settings.backoff.initialMs,
      },
    };
  }
  return failedAgain(state, settings, true, now);
}

/**
 * The state once the first `count` records of the current batch have been dead-lettered: the
 * checkpoint moves past them, the rest of the batch (if any) comes next, attempts start over.
 */
export function afterGiveUp(state: BatchState, count: number): BatchState {
  const [batch = [], ...rest] = state.queue;
  const kept = batch.slice(count);
  return {
    ...advanced(state, batch.slice(0, count)),
    queue: kept.length > 0 ? [kept, ...rest] : rest,
    attempts: 0,
    attemptsHead: undefined,
  };
}

/** Counts a failed invocation of the current batch; gives up on it when no retry is left. */
function failedAgain(
  state: BatchState,
  settings: BatchSettings,
  threw: boolean,
  now: number,
): { readonly state: BatchState; readonly giveUp?: GiveUp } {
  const batch = state.queue[0] ?? [];
  const head = batch[0]?.sequenceNumber;
  const sameBatch = head !== undefined && head === state.attemptsHead;
  const attempts = sameBatch ? state.attempts + 1 : 1;
  const counted = { ...state, attempts, attemptsHead: head };
  const retries = attempts - 1;
  if (settings.retryAttempts >= 0 && retries >= settings.retryAttempts) {
    const giveUp: GiveUp = {
      batch,
      condition: 'RetryAttemptsExhausted',
      functionError: threw,
      attempts,
    };
    return { state: counted, giveUp };
  }
  return { state: { ...counted, retryAt: now + retryDelay(attempts, settings.backoff) } };
}

/** `state` with `entries` (a prefix of what remains) processed. */
function advanced(state: BatchState, entries: readonly Entry[]): BatchState {
  const last = entries.at(-1);
  return last === undefined ? state : { ...state, checkpoint: lastPosition(last) };
}
