/**
 * The local stack's `functionInstances: 'process'`: the API's functions run as their shipped
 * bundles in processes of their own, warm from one request to the next, fresh again after
 * dropWarmInstances(). The warm-up limit lives in a process's memory, so it tells one process
 * from the next: a warm process refuses the sixth warm-up of a client, a fresh one answers it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';

describe('Local stack: API functions in processes of their own', () => {
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-processes-'));
    stack = await startLocalStack({
      dataDir,
      web: false,
      ports: { api: 0 },
      tableName: `leads-processes-${randomUUID().slice(0, 8)}`,
      emulators: { dynamodbEndpoint: inject('dynamodbEndpoint'), sesUrl: inject('sesUrl') },
      followUpEveryMs: false,
      digestEveryMs: false,
      functionInstances: 'process',
    });
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const warmUp = async () => (await fetch(`${stack.apiUrl}/api/leads?warm`)).status;

  it('keeps a process warm between requests and starts a fresh one once it is dropped', async () => {
    const warm = [];
    for (let i = 0; i < 6; i++) warm.push(await warmUp());
    expect(warm).toEqual([204, 204, 204, 204, 204, 429]);

    await stack.dropWarmInstances();
    expect(await warmUp()).toBe(204);
  });

  it('stores a lead through the shipped bundle', async () => {
    const response = await fetch(`${stack.apiUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'callback',
        name: 'Process Patient',
        phone: '(312) 555-0188',
        preferredTime: 'morning',
        consent: true,
        website: '',
        idempotencyKey: randomUUID(),
      }),
    });
    expect(response.status).toBe(201);
  });
});
