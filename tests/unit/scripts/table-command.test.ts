/**
 * The ends every table command (export, report, seed) shares, run with a local target whose
 * clients are made but never used: nothing is reached over the network.
 */
import { describe, expect, it } from 'vitest';
import {
  runTableCommand,
  UsageError,
  type TableCommand,
  type Target,
  type TargetArgs,
} from '../../../infra/scripts/target';

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  const io = { env: {}, out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  return { out, err, io };
}

const LOCAL: TargetArgs = { local: true, table: 'leads-test' };

function command(overrides: Partial<TableCommand<TargetArgs>>): TableCommand<TargetArgs> {
  return {
    name: 'check',
    usage: 'Usage: npm run check -- --local',
    parse: () => LOCAL,
    run: () => Promise.resolve(0),
    ...overrides,
  };
}

/** A target whose `destroy` is counted. */
function watched(target: Target, closed: { count: number }): void {
  const destroy = target.destroy;
  (target as { destroy: () => void }).destroy = () => {
    closed.count += 1;
    destroy();
  };
}

describe('A table command', () => {
  it('prints its usage for --help and opens nothing', async () => {
    const { out, io } = harness();
    let ran = false;
    const code = await runTableCommand(
      command({
        parse: () => 'help',
        run: () => {
          ran = true;
          return Promise.resolve(0);
        },
      }),
      io,
    );
    expect(code).toBe(0);
    expect(out).toEqual(['Usage: npm run check -- --local']);
    expect(ran).toBe(false);
  });

  it('answers a wrong command line with 2, the message and the usage', async () => {
    const { err, io } = harness();
    const code = await runTableCommand(
      command({
        parse: () => {
          throw new UsageError('--since is required');
        },
      }),
      io,
    );
    expect(code).toBe(2);
    expect(err).toEqual(['--since is required\n\nUsage: npm run check -- --local']);
  });

  it('answers a stage that is not configured with 2 and the configuration’s message', async () => {
    const { err, io } = harness();
    const code = await runTableCommand(
      command({ parse: () => ({ local: false, stage: 'no-such-stage', table: 'x' }) }),
      io,
    );
    expect(code).toBe(2);
    expect(err[0]).toContain('no-such-stage');
    expect(err[0]).toContain('Usage: npm run check -- --local');
  });

  it('returns the work’s own code and closes the table', async () => {
    const { io } = harness();
    const closed = { count: 0 };
    const code = await runTableCommand(
      command({
        run: (_args, target) => {
          watched(target, closed);
          return Promise.resolve(3);
        },
      }),
      io,
    );
    expect(code).toBe(3);
    expect(closed.count).toBe(1);
  });

  it('turns a missing table into exit 1 with what to check, and closes the table', async () => {
    const { err, io } = harness();
    const closed = { count: 0 };
    const code = await runTableCommand(
      command({
        run: (_args, target) => {
          watched(target, closed);
          const missing = Object.assign(new Error('Requested resource not found'), {
            name: 'ResourceNotFoundException',
          });
          return Promise.reject(missing);
        },
      }),
      io,
    );
    expect(code).toBe(1);
    expect(err).toEqual([
      'Table leads-test on http://127.0.0.1:8000 was not found: is the local stack running (`npm start`)?',
    ]);
    expect(closed.count).toBe(1);
  });

  it('names any other failure with the command, the error’s name and message', async () => {
    const { err, io } = harness();
    const code = await runTableCommand(
      command({ run: () => Promise.reject(new TypeError('items is not iterable')) }),
      io,
    );
    expect(code).toBe(1);
    expect(err).toEqual(['The check stopped: TypeError: items is not iterable']);
  });
});
