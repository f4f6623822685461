/**
 * The local stack's scheduled functions run on the schedule the manifest declares for AWS: the
 * weekly digest's hourly check and the follow-up's interval from the configuration.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../infra/config/load-config';
import { digestFunction, followUpFunction, submitFunction } from '../../../infra/manifest';
import { scheduledEveryMs, startScheduledFunction } from '../../../infra/local/scheduled-function';

const MINUTE = 60_000;

describe('A scheduled function on the local stack', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the weekly digest at start and then every hour, as its EventBridge rule does', async () => {
    const runs: ScheduledEvent[] = [];
    const timer = startScheduledFunction({
      declaration: digestFunction,
      config: loadConfig(),
      handler: async (event) => {
        runs.push(event);
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(59 * MINUTE);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(120 * MINUTE);
    expect(runs).toHaveLength(4);
    await timer.stop();
    expect(runs[0]).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/weekly-digest'],
    });
  });

  it('runs the follow-up at its configured interval', async () => {
    let runs = 0;
    const timer = startScheduledFunction({
      declaration: followUpFunction,
      config: loadConfig({ followUp: { everyMinutes: 7 } }),
      handler: async () => {
        runs += 1;
      },
    });
    await vi.advanceTimersByTimeAsync(7 * MINUTE - 1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    await timer.stop();
  });

  it('runs only when asked with everyMs false, and says in one line that a failed run is retried', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let runs = 0;
    const timer = startScheduledFunction({
      declaration: digestFunction,
      config: loadConfig(),
      everyMs: false,
      handler: async () => {
        runs += 1;
        throw new Error('SES is unavailable');
      },
    });
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    expect(runs).toBe(0);
    await timer.runNow();
    expect(runs).toBe(1);
    expect(errors.mock.calls).toEqual([['[weekly-digest] run incomplete; the next run retries']]);
    await timer.stop();
    errors.mockRestore();
  });

  it('knows the declared intervals and refuses a function that is not scheduled', () => {
    expect(scheduledEveryMs(digestFunction, loadConfig())).toBe(3_600_000);
    expect(() => scheduledEveryMs(submitFunction, loadConfig())).toThrow(
      'submit-lead is not a scheduled function',
    );
  });
});
