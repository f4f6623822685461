/**
 * The local stand-in for an EventBridge schedule: runs a handler once at start (so a restart
 * catches up at once) and then every `everyMs`, never two runs at a time (as the deployed
 * function's reserved concurrency of 1 ensures), with a scheduled event like EventBridge's.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';

export interface ScheduleTimer {
  /** Runs now (after any run under way) and resolves when that run is over. */
  readonly runNow: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

export interface ScheduleTimerOptions {
  readonly everyMs: number;
  readonly invoke: (event: ScheduledEvent) => Promise<unknown>;
  /** Rule name, shown in the event's resources. */
  readonly name: string;
  /** Where a failed run is reported (the run itself logs its details). */
  readonly onError?: (error: unknown) => void;
  /** Whether to run at once on start. @default true */
  readonly runAtStart?: boolean;
}

export function startScheduleTimer(options: ScheduleTimerOptions): ScheduleTimer {
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = (): Promise<void> => {
    chain = chain.then(async () => {
      if (stopped) return;
      const now = new Date();
      try {
        await options.invoke({
          version: '0',
          id: randomUUID(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: '000000000000',
          time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: 'us-east-1',
          resources: [`arn:aws:events:us-east-1:000000000000:rule/${options.name}`],
          detail: {},
        });
      } catch (error) {
        options.onError?.(error);
      }
    });
    return chain;
  };
  const timer = setInterval(() => void run(), options.everyMs);
  timer.unref();
  if (options.runAtStart ?? true) void run();
  return {
    runNow: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
