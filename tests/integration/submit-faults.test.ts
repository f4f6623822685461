/**
 * The submit path under faults the emulator cannot produce by itself (throttling), and under
 * a burst of parallel replays of one form.
 */
import { randomUUID } from 'node:crypto';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../functions/lib/errors';
import { e164Normaliser } from '../../functions/lib/phone';
import { submitLead, type SubmitDeps } from '../../functions/submit/submit-lead';
import { callback, jsonEvent, useSubmitHandler } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded.',
    $metadata: { httpStatusCode: 400 },
  });

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
      const { db, tableName } = aws();
      // The real emulator client, except that every PutItem is throttled.
      const faulty = new Proxy(db, {
        get(target, property, receiver) {
          if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
          return (command: object) =>
            command instanceof PutCommand
              ? Promise.reject(throttled())
              : target.send(command as UpdateCommand);
        },
      });
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

    describe('through the handler', () => {
      let mock: ReturnType<typeof mockClient> | undefined;
      afterEach(() => mock?.restore());

      it('answers 503 with Retry-After and a request id, and no internal detail', async () => {
        mock = mockClient(DynamoDBDocumentClient);
        mock.on(UpdateCommand).resolves({});
        mock.on(PutCommand).rejects(throttled());
        const event = jsonEvent(callback(), { sourceIp: '192.0.2.2' });
        const response = await handler(event);
        expect(response.statusCode).toBe(503);
        expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
        expect(JSON.parse(response.body ?? '')).toEqual({
          error: 'unavailable',
          message: expect.any(String),
          retryAfterSeconds: expect.any(Number),
          requestId: event.requestContext.requestId,
        });
        expect(response.body).not.toMatch(/throughput|provisioned|table/i);
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
