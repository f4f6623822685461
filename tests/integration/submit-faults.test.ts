/**
 * The submit path under faults the emulator cannot produce by itself (throttling), and under
 * a burst of parallel replays of one form.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbError, type TableClient } from '../../functions/lib/dynamodb-json';
import { ServiceUnavailableError } from '../../functions/lib/errors';
import { e164Normaliser } from '../../functions/lib/phone';
import { submitLead, type SubmitDeps } from '../../functions/submit/submit-lead';
import { callback, jsonEvent, useSubmitHandler } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

const THROTTLED_TYPE = 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException';
const THROTTLED_MESSAGE =
  'The level of configured provisioned throughput for the table was exceeded.';

/**
 * A stand-in for DynamoDB's endpoint that takes every rate-limit update and throttles every
 * PutItem, as DynamoDB answers it (HTTP 400 with the exception's type), counting each target.
 */
function throttlingEndpoint(): {
  url: () => string;
  targets: string[];
  close: () => Promise<void>;
} {
  const targets: string[] = [];
  let server: Server | undefined;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        targets.push(target.slice(target.indexOf('.') + 1));
        response.setHeader('content-type', 'application/x-amz-json-1.0');
        if (target.endsWith('.UpdateItem')) {
          response.end('{}');
          return;
        }
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: THROTTLED_TYPE, message: THROTTLED_MESSAGE }));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  });
  const close = () =>
    new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  afterAll(close);
  return {
    url: () => `http://127.0.0.1:${(server?.address() as AddressInfo).port}`,
    targets,
    close,
  };
}

describe('Submit under faults', () => {
  const aws = useLocalAws();
  const handler = useSubmitHandler(aws);

  const leadsNamed = async (name: string) =>
    (
      await aws().db.send(
        new ScanCommand({
          TableName: aws().tableName,
          ConsistentRead: true,
          FilterExpression: '#n = :n',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':n': name },
        }),
      )
    ).Items ?? [];

  describe('when DynamoDB throttles the write', () => {
    it('raises a retryable error and leaves no lead behind (real table, faulty write)', async () => {
      const { table, tableName } = aws();
      // The real emulator client, except that every PutItem is throttled.
      const faulty: TableClient = {
        send: (operation, input) =>
          operation === 'PutItem'
            ? Promise.reject(
                new DynamoDbError('ProvisionedThroughputExceededException', THROTTLED_MESSAGE, 400),
              )
            : table.send(operation, input),
      };
      const name = `Throttled ${randomUUID().slice(0, 6)}`;
      const deps: SubmitDeps = {
        db: faulty,
        tableName,
        normalisePhone: e164Normaliser('US'),
        now: () => new Date(),
        config: {
          retentionDays: 365,
          spamRetentionDays: 7,
          rateLimit: { maxPerWindow: 10, windowSeconds: 600 },
          consentVersion: 'test',
          campaigns: {},
        },
      };
      const attempt = submitLead(
        { fields: callback({ name }), via: 'json', sourceIp: '192.0.2.1', userAgent: 'test' },
        deps,
      );
      await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(await leadsNamed(name)).toHaveLength(0);
    });

    describe('through the handler, on an endpoint that throttles every PutItem', () => {
      const endpoint = throttlingEndpoint();
      const throttledHandler = useSubmitHandler(() => ({
        ...aws(),
        dynamodbEndpoint: endpoint.url(),
      }));

      it('tries the write three times, then answers 503 with Retry-After, a request id and no internal detail', async () => {
        const event = jsonEvent(callback(), { sourceIp: '192.0.2.2' });
        const response = await throttledHandler(event);
        expect(response.statusCode).toBe(503);
        expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
        expect(JSON.parse(response.body ?? '')).toEqual({
          error: 'unavailable',
          message: expect.any(String),
          retryAfterSeconds: expect.any(Number),
          requestId: event.requestContext.requestId,
        });
        expect(response.body).not.toMatch(/throughput|provisioned|table/i);
        expect(endpoint.targets).toEqual(['UpdateItem', 'PutItem', 'PutItem', 'PutItem']);
      });
    });
  });

  describe('50 parallel submissions of one form (same idempotency key)', () => {
    it('store one lead and answer every request with its id', async () => {
      const key = randomUUID();
      const name = `Burst ${randomUUID().slice(0, 6)}`;
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          handler(
            jsonEvent(callback({ name, idempotencyKey: key }), { sourceIp: `198.18.0.${i + 1}` }),
          ),
        ),
      );
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(49);
      const ids = new Set(responses.map((r) => (JSON.parse(r.body ?? '') as { id: string }).id));
      expect(ids.size).toBe(1);
      expect(await leadsNamed(name)).toHaveLength(1);
    });
  });
});
