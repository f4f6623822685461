/**
 * Test support for the integration project: clients on the shared emulators and a fresh,
 * uniquely named leads table per test file.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject, vi } from 'vitest';
import { createLocalClients, type LocalClients } from '../../infra/local/aws-clients';
import { createLeadsTable, type CreatedTable } from '../../infra/local/create-table';

export interface LocalAws extends LocalClients, CreatedTable {
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  readonly sesUrl: string;
}

/** One email as the SES emulator stores it. */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: readonly string[];
  readonly destination: {
    readonly to: readonly string[];
    readonly cc: readonly string[];
    readonly bcc: readonly string[];
  };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly at: number;
}

/**
 * Registers hooks that create a table before the file's tests and delete it after.
 * Returns a getter, since the value exists only once `beforeAll` has run.
 */
export function useLocalAws(): () => LocalAws {
  let value: LocalAws | undefined;
  beforeAll(async () => {
    const dynamodbEndpoint = inject('dynamodbEndpoint');
    const sesUrl = inject('sesUrl');
    const clients = createLocalClients({ dynamodbEndpoint, sesUrl });
    const tableName = `leads-test-${randomUUID().slice(0, 8)}`;
    const created = await createLeadsTable(clients.dynamodb, tableName);
    value = { ...clients, ...created, tableName, dynamodbEndpoint, sesUrl };
  });
  afterAll(async () => {
    if (value === undefined) return;
    await value.dynamodb.send(new DeleteTableCommand({ TableName: value.tableName }));
    value.destroy();
  });
  return () => {
    if (value === undefined) throw new Error('useLocalAws() is read before its beforeAll ran');
    return value;
  };
}

/** Every email the SES emulator holds. */
export async function sentEmails(sesUrl: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const body = (await response.json()) as { emails: StoredEmail[] };
  return body.emails;
}

/**
 * Polls `probe` every 100 ms until `predicate` holds and returns that value; at `timeoutMs` it
 * throws, naming what it waited for and the last value seen, so a step that never happens fails
 * the test there instead of letting it carry on.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (!predicate(value)) {
        throw new Error(
          `Still not ${predicate.toString()} after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`,
        );
      }
      return value;
    },
    { timeout: timeoutMs, interval: 100 },
  );
}
