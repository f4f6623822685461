/**
 * A process that started DynamoDB Local and is then killed outright (SIGKILL: a test runner
 * aborted, or restarted after a test timed out) takes DynamoDB Local with it: no Java process
 * is left holding memory and a port.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const CHILD = fileURLToPath(new URL('../support/dynamodb-child.ts', import.meta.url));

/** The process ids of DynamoDB Local instances listening on `port`. */
function dynamoDbLocalOn(port: string): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port} `))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('DynamoDB Local started by a process that is killed', () => {
  it('stops within seconds of its parent’s death', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const lines = createInterface({ input: parent.stdout });
    const endpoint = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      parent.once('exit', (code) => reject(new Error(`the child exited first (${code})`)));
    });
    const port = new URL(endpoint).port;
    expect(dynamoDbLocalOn(port)).toHaveLength(1);

    parent.kill('SIGKILL');

    try {
      await vi.waitFor(() => expect(dynamoDbLocalOn(port)).toEqual([]), {
        timeout: 10_000,
        interval: 250,
      });
    } finally {
      // Left running when the test fails: not left to slow the machine down.
      for (const pid of dynamoDbLocalOn(port)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);
});
