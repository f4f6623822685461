import { describe, expect, it } from 'vitest';
import { startScheduleTimer } from '../../../infra/local/schedule-timer';

describe('Local schedule timer', () => {
  it('runs at start, then on demand, one run at a time, with a scheduled event', async () => {
    let running = 0;
    let most = 0;
    const events: string[] = [];
    const timer = startScheduleTimer({
      name: 'follow-up',
      everyMs: 60_000,
      invoke: async (event) => {
        running += 1;
        most = Math.max(most, running);
        events.push(`${event['detail-type']} ${event.resources[0]}`);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
      },
    });
    await Promise.all([timer.runNow(), timer.runNow()]);
    await timer.stop();
    expect(events).toEqual(
      Array.from(
        { length: 3 },
        () => 'Scheduled Event arn:aws:events:us-east-1:000000000000:rule/follow-up',
      ),
    );
    expect(most).toBe(1);
  });

  it('reports a failed run and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const timer = startScheduleTimer({
      name: 'x',
      everyMs: 60_000,
      runAtStart: false,
      invoke: async () => {
        calls += 1;
        if (calls === 1) throw new Error('SES down');
      },
      onError: (error) => errors.push(error),
    });
    await timer.runNow();
    await timer.runNow();
    await timer.stop();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('runs nothing once stopped', async () => {
    let calls = 0;
    const timer = startScheduleTimer({
      name: 'x',
      everyMs: 60_000,
      runAtStart: false,
      invoke: async () => {
        calls += 1;
      },
    });
    await timer.stop();
    await timer.runNow();
    expect(calls).toBe(0);
  });
});
