/**
 * A scheduled function of the manifest on the local stack: the declared handler on a timer at
 * the declared interval (the EventBridge rule's rate in AWS), so the schedule and the code are
 * the ones the CDK app deploys.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { AppConfig } from '../config/config';
import type { FunctionDeclaration } from '../manifest';
import { lambdaContext } from './http-runtime';
import { startScheduleTimer, type ScheduleTimer } from './schedule-timer';

/** A handler an EventBridge schedule invokes. */
export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export interface ScheduledFunctionOptions {
  readonly declaration: FunctionDeclaration;
  readonly config: AppConfig;
  readonly handler: ScheduledHandler;
  /**
   * Milliseconds between runs, or `false` to run only when asked ({@link ScheduleTimer.runNow}).
   * @default the declared schedule (`trigger.everyMinutes`), with a first run at start
   */
  readonly everyMs?: number | false;
}

/** Runs `handler` on its declared schedule; a failed run is said in one line and redone next time. */
export function startScheduledFunction(options: ScheduledFunctionOptions): ScheduleTimer {
  const { declaration, config, handler, everyMs } = options;
  if (declaration.trigger.type !== 'schedule') {
    throw new Error(`${declaration.name} is not a scheduled function`);
  }
  return startScheduleTimer({
    name: declaration.name,
    // setInterval's longest delay: "only when asked" never comes round by itself.
    everyMs: everyMs === false ? 2 ** 31 - 1 : (everyMs ?? scheduledEveryMs(declaration, config)),
    runAtStart: everyMs !== false,
    invoke: (event) => handler(event, lambdaContext(declaration, randomUUID())),
    // The run logged its details; this line only says the timer goes on.
    onError: () => console.error(`[${declaration.name}] run incomplete; the next run retries`),
  });
}

/** The declared interval of a scheduled function, in milliseconds. */
export function scheduledEveryMs(declaration: FunctionDeclaration, config: AppConfig): number {
  if (declaration.trigger.type !== 'schedule') {
    throw new Error(`${declaration.name} is not a scheduled function`);
  }
  return declaration.trigger.everyMinutes(config) * 60_000;
}
