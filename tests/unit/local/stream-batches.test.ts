/**
 * The local event source mapping's batch state machine on its own: no stream, no clock, no
 * function. Each test hands it a state and a time and checks the next state and what it asks
 * the poller to do, as the AWS mapping would (batching window, partial failures, bisecting,
 * retries with backoff, giving up, checkpoints).
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  addRecord,
  afterGiveUp,
  afterInvoke,
  initialBatchState,
  lastPosition,
  nextAction,
  retryDelay,
  skipRecord,
  wantsRecords,
  type BatchSettings,
  type BatchState,
  type Entry,
  type Outcome,
} from '../../../infra/local/stream/batches';

const settings: BatchSettings = {
  batchSize: 4,
  windowMs: 1_000,
  retryAttempts: 2,
  maxRecordAgeMs: 60_000,
  bisectBatchOnError: false,
  backoff: { initialMs: 200, maxMs: 1_000 },
};
const bisecting: BatchSettings = { ...settings, bisectBatchOnError: true };

/** Clock and window time of the tests; records are created at T. */
const T = 1_800_000_000_000;
const at = (now: number, endReached = false) => ({ now, clock: now, endReached });

/** A record at sequence number `n`, created at `createdAt`. */
function entry(n: number, createdAt = T): Entry {
  return {
    record: { eventID: `event-${n}` } as DynamoDBRecord,
    sequenceNumber: String(n),
    createdAt,
  };
}

const sequenceNumbers = (entries: readonly Entry[]) => entries.map((e) => e.sequenceNumber);

/** A state with `numbers` read into the buffer at `now`. */
function buffered(numbers: readonly number[], now = T, base = initialBatchState('10')): BatchState {
  return numbers.reduce((state, n) => addRecord(state, entry(n), now), base);
}

/** A state whose current batch is `numbers` (as `nextAction` cuts it). */
function running(numbers: readonly number[], config = settings): BatchState {
  const { state, action } = nextAction(buffered(numbers), config, at(T, true));
  expect(action.kind).toBe('invoke');
  return state;
}

describe('Stream batches: reading into the buffer', () => {
  it('starts with nothing read, at the saved checkpoint', () => {
    expect(initialBatchState('42')).toEqual({
      checkpoint: '42',
      buffer: [],
      bufferSince: 0,
      queue: [],
      attempts: 0,
      attemptsHead: undefined,
      retryAt: 0,
    });
  });

  it('opens the batching window when the first record arrives, not later ones', () => {
    const one = addRecord(initialBatchState(undefined), entry(11), T);
    const two = addRecord(one, entry(12), T + 500);
    expect(sequenceNumbers(two.buffer)).toEqual(['11', '12']);
    expect(two.bufferSince).toBe(T);
  });

  it('wants records while nothing is queued and the buffer has room', () => {
    expect(wantsRecords(buffered([11, 12, 13]), settings)).toBe(true);
    expect(wantsRecords(buffered([11, 12, 13, 14]), settings)).toBe(false);
    expect(wantsRecords(running([11]), settings)).toBe(false);
  });

  it('moves the checkpoint past a filtered-out record when nothing waits before it', () => {
    expect(skipRecord(initialBatchState('10'), '11').checkpoint).toBe('11');
  });

  it('lets a filtered-out record wait for the record before it', () => {
    const state = skipRecord(skipRecord(buffered([11]), '12'), '13');
    expect(state.checkpoint).toBe('10');
    expect(state.buffer.map((e) => [e.sequenceNumber, e.skipThrough])).toEqual([['11', '13']]);
    expect(lastPosition(state.buffer[0]!)).toBe('13');
  });

  it('lets a filtered-out record wait for the last queued record when the buffer is empty', () => {
    const state = skipRecord(running([11, 12]), '13');
    expect(state.queue.map((b) => b.map((e) => e.skipThrough))).toEqual([[undefined, '13']]);
    expect(state.checkpoint).toBe('10');
  });

  it('compares positions as numbers, not as text', () => {
    expect(lastPosition({ ...entry(9), skipThrough: '10' })).toBe('10');
    expect(lastPosition({ ...entry(10), skipThrough: '9' })).toBe('10');
    expect(lastPosition(entry(7))).toBe('7');
  });
});

describe('Stream batches: when a batch goes out', () => {
  it('has nothing to do with nothing read', () => {
    expect(nextAction(initialBatchState('10'), settings, at(T)).action).toEqual({ kind: 'empty' });
  });

  it('waits for more records while the batch is short and the window open', () => {
    const state = buffered([11, 12]);
    expect(nextAction(state, settings, at(T + 999)).action).toEqual({ kind: 'filling' });
  });

  it.each([
    ['the window closes', [11, 12], at(T + 1_000)],
    ['the shard has ended', [11, 12], at(T, true)],
  ])('sends a short batch once %s', (_when, numbers, time) => {
    const { state, action } = nextAction(buffered(numbers), settings, time);
    expect(action).toEqual({ kind: 'invoke', batch: numbers.map((n) => entry(n)) });
    expect(state.queue).toEqual([numbers.map((n) => entry(n))]);
    expect(state.buffer).toEqual([]);
  });

  it('sends a full batch at once and keeps the rest, with a new window, in the buffer', () => {
    const { state, action } = nextAction(buffered([11, 12, 13, 14, 15, 16]), settings, at(T + 5));
    expect(action.kind === 'invoke' && sequenceNumbers(action.batch)).toEqual([
      '11',
      '12',
      '13',
      '14',
    ]);
    expect(sequenceNumbers(state.buffer)).toEqual(['15', '16']);
    expect(state.bufferSince).toBe(T + 5);
  });

  it('invokes nothing while a retry backs off, and the batch again once it is due', () => {
    const failed = afterInvoke(running([11, 12]), settings, { kind: 'error' }, T).state;
    expect(failed.retryAt).toBe(T + 200);
    expect(nextAction(failed, settings, at(T + 199)).action).toEqual({ kind: 'backing-off' });
    const { action } = nextAction(failed, settings, at(T + 200));
    expect(action.kind === 'invoke' && sequenceNumbers(action.batch)).toEqual(['11', '12']);
  });

  it('gives up first on the records older than the maximum age, then sends the rest', () => {
    const state = [entry(11, T - 61_000), entry(12, T - 60_001), entry(13, T - 60_000)].reduce(
      (s, e) => addRecord(s, e, T),
      initialBatchState('10'),
    );
    const { state: next, action } = nextAction(state, settings, at(T, true));
    expect(action).toEqual({
      kind: 'give-up',
      giveUp: {
        batch: [entry(11, T - 61_000), entry(12, T - 60_001)],
        condition: 'RecordAgeExceeded',
        functionError: false,
        attempts: 0,
      },
    });
    const after = afterGiveUp(next, 2);
    expect(after.checkpoint).toBe('12');
    const { action: then } = nextAction(after, settings, at(T, true));
    expect(then).toEqual({ kind: 'invoke', batch: [entry(13, T - 60_000)] });
  });

  it('never gives up on age when records may be any age', () => {
    const state = addRecord(initialBatchState('10'), entry(11, 0), T);
    const { action } = nextAction(state, { ...settings, maxRecordAgeMs: -1 }, at(T, true));
    expect(action.kind).toBe('invoke');
  });
});

describe('Stream batches: what an answer does', () => {
  it('advances past the whole batch on success and forgets its failures', () => {
    const failedOnce = afterInvoke(running([11, 12, 13]), settings, { kind: 'error' }, T).state;
    const { state, giveUp } = afterInvoke(failedOnce, settings, { kind: 'success' }, T + 200);
    expect(giveUp).toBeUndefined();
    expect(state.checkpoint).toBe('13');
    expect(state.queue).toEqual([]);
    expect([state.attempts, state.attemptsHead]).toEqual([0, undefined]);
  });

  it('advances past filtered-out records that followed the last one on success', () => {
    const state = skipRecord(running([11, 12]), '15');
    expect(afterInvoke(state, settings, { kind: 'success' }, T).state.checkpoint).toBe('15');
  });

  it('advances to the first failed record on a partial failure and retries from it', () => {
    const outcome: Outcome = { kind: 'partial', failedFrom: 2 };
    const { state, giveUp } = afterInvoke(running([11, 12, 13, 14]), settings, outcome, T);
    expect(giveUp).toBeUndefined();
    expect(state.checkpoint).toBe('12');
    expect(state.queue.map(sequenceNumbers)).toEqual([['13', '14']]);
    expect([state.attempts, state.attemptsHead, state.retryAt]).toEqual([1, '13', T + 200]);
  });

  it('keeps the checkpoint when the first record of the batch failed', () => {
    const outcome: Outcome = { kind: 'partial', failedFrom: 0 };
    const { state } = afterInvoke(running([11, 12]), settings, outcome, T);
    expect(state.checkpoint).toBe('10');
    expect(state.queue.map(sequenceNumbers)).toEqual([['11', '12']]);
  });

  it('splits a failed batch in two, larger half first, without using up a retry', () => {
    const { state, giveUp } = afterInvoke(running([11, 12, 13]), bisecting, { kind: 'error' }, T);
    expect(giveUp).toBeUndefined();
    expect(state.queue.map(sequenceNumbers)).toEqual([['11', '12'], ['13']]);
    expect([state.attempts, state.retryAt, state.checkpoint]).toEqual([0, T + 200, '10']);
  });

  it('retries a single failed record instead of splitting it', () => {
    const { state } = afterInvoke(running([11]), bisecting, { kind: 'error' }, T);
    expect(state.queue.map(sequenceNumbers)).toEqual([['11']]);
    expect(state.attempts).toBe(1);
  });

  it('gives up after the declared retries, saying whether the last attempt threw', () => {
    let state = running([11, 12]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const result = afterInvoke(state, settings, { kind: 'error' }, T);
      expect(result.giveUp).toBeUndefined();
      state = result.state;
      delays.push(state.retryAt - T);
    }
    expect(delays).toEqual([200, 400]);
    const last = afterInvoke(state, settings, { kind: 'error' }, T);
    expect(last.giveUp).toEqual({
      batch: [entry(11), entry(12)],
      condition: 'RetryAttemptsExhausted',
      functionError: true,
      attempts: 3,
    });
    const after = afterGiveUp(last.state, 2);
    expect(after.checkpoint).toBe('12');
    expect(after.queue).toEqual([]);
    expect([after.attempts, after.attemptsHead]).toEqual([0, undefined]);
  });

  it('reports a batch given up after partial failures as answered, not thrown', () => {
    const partial: Outcome = { kind: 'partial', failedFrom: 0 };
    let result = afterInvoke(running([11]), { ...settings, retryAttempts: 0 }, partial, T);
    expect(result.giveUp?.functionError).toBe(false);
    result = afterInvoke(running([11]), { ...settings, retryAttempts: 0 }, { kind: 'error' }, T);
    expect(result.giveUp?.functionError).toBe(true);
  });

  it('retries for ever when retries are unlimited', () => {
    let state = running([11]);
    for (let attempt = 1; attempt <= 50; attempt += 1) {
      const result = afterInvoke(state, { ...settings, retryAttempts: -1 }, { kind: 'error' }, T);
      expect(result.giveUp).toBeUndefined();
      state = result.state;
    }
    expect(state.attempts).toBe(50);
    expect(state.retryAt).toBe(T + 1_000);
  });

  it('counts retries afresh once a partial failure moves the head of the batch', () => {
    const first = afterInvoke(running([11, 12, 13]), settings, { kind: 'error' }, T).state;
    expect([first.attempts, first.attemptsHead]).toEqual([1, '11']);
    const outcome: Outcome = { kind: 'partial', failedFrom: 1 };
    const moved = afterInvoke(first, settings, outcome, T).state;
    expect([moved.attempts, moved.attemptsHead]).toEqual([1, '12']);
  });

  it('keeps the rest of a batch when only its first records were given up on', () => {
    const state = afterGiveUp(running([11, 12, 13]), 1);
    expect(state.checkpoint).toBe('11');
    expect(state.queue.map(sequenceNumbers)).toEqual([['12', '13']]);
  });

  it.each([
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_000],
    [10, 1_000],
  ])('waits %d-th retry %d ms', (attempt, delay) => {
    expect(retryDelay(attempt, settings.backoff)).toBe(delay);
  });
});

describe('Stream batches: a whole run', () => {
  /**
   * Drives the machine as the poller does, with `answer` standing in for the function, until
   * everything read is processed; returns what was delivered, given up on and the checkpoint.
   */
  function run(
    numbers: readonly number[],
    config: BatchSettings,
    answer: (batch: readonly Entry[]) => Outcome,
  ) {
    let state = buffered(numbers);
    let now = T;
    const delivered: string[][] = [];
    const givenUp: string[][] = [];
    for (let step = 0; step < 1_000; step += 1) {
      const next = nextAction(state, config, at(now, true));
      state = next.state;
      const { action } = next;
      if (action.kind === 'empty') return { delivered, givenUp, checkpoint: state.checkpoint };
      if (action.kind === 'backing-off') now = state.retryAt;
      if (action.kind === 'give-up') {
        givenUp.push(sequenceNumbers(action.giveUp.batch));
        state = afterGiveUp(state, action.giveUp.batch.length);
      }
      if (action.kind === 'invoke') {
        const outcome = answer(action.batch);
        delivered.push(sequenceNumbers(action.batch));
        const result = afterInvoke(state, config, outcome, now);
        state = result.state;
        if (result.giveUp !== undefined) {
          givenUp.push(sequenceNumbers(result.giveUp.batch));
          state = afterGiveUp(state, result.giveUp.batch.length);
        }
      }
    }
    throw new Error('The machine did not settle in 1,000 steps');
  }

  const failsOn13 = (batch: readonly Entry[]): Outcome =>
    batch.some((e) => e.sequenceNumber === '13') ? { kind: 'error' } : { kind: 'success' };

  it('isolates a poison record by bisecting, and delivers every other record', () => {
    const result = run([11, 12, 13, 14], bisecting, failsOn13);
    expect(result.delivered).toEqual([
      ['11', '12', '13', '14'],
      ['11', '12'],
      ['13', '14'],
      ['13'],
      ['13'],
      ['13'],
      ['14'],
    ]);
    expect(result.givenUp).toEqual([['13']]);
    expect(result.checkpoint).toBe('14');
  });

  it('gives up on the whole batch around a poison record without bisecting', () => {
    const result = run([11, 12, 13, 14], settings, failsOn13);
    expect(result.delivered).toHaveLength(3);
    expect(result.givenUp).toEqual([['11', '12', '13', '14']]);
    expect(result.checkpoint).toBe('14');
  });

  it('resumes from the failed record when the function reports it', () => {
    const partialAt13 = (batch: readonly Entry[]): Outcome => {
      const index = batch.findIndex((e) => e.sequenceNumber === '13');
      return index < 0 ? { kind: 'success' } : { kind: 'partial', failedFrom: index };
    };
    const result = run([11, 12, 13, 14], settings, partialAt13);
    expect(result.delivered).toEqual([
      ['11', '12', '13', '14'],
      ['13', '14'],
      ['13', '14'],
    ]);
    expect(result.givenUp).toEqual([['13', '14']]);
    expect(result.checkpoint).toBe('14');
  });
});
