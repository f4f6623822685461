/**
 * The page's warm-up (`GET /api/leads?warm`) on the real submit handler and DynamoDB Local:
 * it wakes the function and nothing else.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { callback, jsonEvent, leadsEvent, useSubmitHandler } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

const warmUp = (sourceIp: string) => {
  const event = leadsEvent({ method: 'GET', sourceIp });
  return { ...event, rawQueryString: 'warm' };
};

describe('Function: submit-lead, the warm-up request', () => {
  const aws = useLocalAws();
  const handler = useSubmitHandler(aws);
  const allItems = async () =>
    (await aws().db.send(new ScanCommand({ TableName: aws().tableName, ConsistentRead: true })))
      .Items ?? [];

  it('answers 204 without storing a lead or counting the client', async () => {
    const before = await allItems();
    const response = await handler(warmUp('203.0.113.10'));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(await allItems()).toEqual(before);
  });

  it('leaves the client its whole submission limit (cdk.json: 10 per window)', async () => {
    const client = '203.0.113.11';
    for (let i = 0; i < 5; i++) expect((await handler(warmUp(client))).statusCode).toBe(204);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await handler(
        jsonEvent(callback({ name: `Warm Patient ${i}` }), { sourceIp: client }),
      );
      statuses.push(response.statusCode ?? 0);
    }
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 201));
  });

  it('refuses politely over its limit of 5 per client, with the wait in Retry-After', async () => {
    const client = '203.0.113.12';
    for (let i = 0; i < 5; i++) expect((await handler(warmUp(client))).statusCode).toBe(204);
    const refused = await handler(warmUp(client));
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers?.['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(600);
    const body = JSON.parse(refused.body ?? '') as { error: string; message: string };
    expect(body.error).toBe('TooManyWarmUps');
    expect(body.message).toBe(
      `Thank you, the form is ready. Please wait ${wait} seconds before asking again.`,
    );
    // Another client is not affected.
    expect((await handler(warmUp('203.0.113.13'))).statusCode).toBe(204);
  });

  it('is only a GET naming warm: a plain GET is still refused with 405', async () => {
    const response = await handler(leadsEvent({ method: 'GET', sourceIp: '203.0.113.14' }));
    expect(response.statusCode).toBe(405);
  });
});
