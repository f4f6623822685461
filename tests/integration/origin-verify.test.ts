/**
 * The submit handler's origin check, as deployed (the origin secret in its environment) and as
 * the local stack runs it (no secret: the check is off), writing to the real DynamoDB Local.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import { submitFunction } from '../../infra/manifest';
import { loadConfig } from '../../infra/config/load-config';
import {
  callback,
  formEvent,
  jsonEvent,
  loadHandler,
  type SubmitHandler,
} from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

/** What a deployment's function receives: 64 generated letters and digits. */
const SECRET = 'fJ4kQ9wL2xR7tZ1mB8vN3cH6sD0gY5uP4eK9aW2qT7rX1zM8nC3bV6hS0dG5jL2p';

const json = (response: APIGatewayProxyStructuredResultV2) =>
  JSON.parse(response.body ?? '') as Record<string, unknown>;

describe('Function: submit-lead, origin check (DynamoDB Local)', () => {
  const aws = useLocalAws();
  /** Every item of this file's table: leads, spam and rate-limit counters alike. */
  const allItems = async () =>
    (await aws().db.send(new ScanCommand({ TableName: aws().tableName, ConsistentRead: true })))
      .Items ?? [];

  describe('with the origin secret configured (every deployment)', () => {
    let handler: SubmitHandler;
    const logLines: string[] = [];
    const saved = { ...process.env };

    beforeAll(async () => {
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        logLines.push(String(chunk));
        return true;
      });
      process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
      process.env[ORIGIN_VERIFY_SECRET_VARIABLE] = SECRET;
      ({ handler } = await loadHandler<{ handler: SubmitHandler }>(submitFunction, aws()));
    });

    afterAll(() => {
      vi.restoreAllMocks();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    const fromCloudFront = (event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 => ({
      ...event,
      headers: { ...event.headers, [ORIGIN_VERIFY_HEADER]: SECRET },
    });

    it.each([
      ['without the origin header', {}],
      ['with a wrong origin header', { [ORIGIN_VERIFY_HEADER]: 'not-the-secret' }],
      ['with an empty origin header', { [ORIGIN_VERIFY_HEADER]: '' }],
    ])(
      'refuses a request %s with 403 before touching the table',
      async (_label, headers: Record<string, string>) => {
        const before = await allItems();
        const response = await handler(jsonEvent(callback(), { headers }));
        expect(response.statusCode).toBe(403);
        expect(json(response)).toEqual({ error: 'forbidden' });
        expect(await allItems()).toEqual(before);
      },
    );

    it('refuses a forged viewer address on the direct path without counting it', async () => {
      const forged = { 'cloudfront-viewer-address': '203.0.113.77:443' };
      for (let i = 0; i < 3; i++) {
        const response = await handler(jsonEvent(callback(), { headers: forged }));
        expect(response.statusCode).toBe(403);
      }
      const items = await allItems();
      expect(JSON.stringify(items)).not.toContain('203.0.113.77');
    });

    it('refuses a plain form post without the header in JSON, not with a page', async () => {
      const response = await handler(
        formEvent({ kind: 'callback', name: 'Ann Lee', phone: '3125550188', consent: 'on' }),
      );
      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
      expect(json(response)).toEqual({ error: 'forbidden' });
    });

    it('stores the lead of a request that came through CloudFront', async () => {
      const response = await handler(
        fromCloudFront(
          jsonEvent(callback(), {
            headers: { 'cloudfront-viewer-address': '192.0.2.60:50000' },
          }),
        ),
      );
      expect(response.statusCode).toBe(201);
      const id = String(json(response).id);
      const lead = (await allItems()).find((item) => item.id === id);
      expect(lead).toMatchObject({ entity: 'lead', consent: { sourceIp: '192.0.2.60' } });
    });

    it('logs each refusal as a 403, without the secret, the sent value or the client', async () => {
      logLines.length = 0;
      await handler(
        jsonEvent(callback(), {
          headers: {
            [ORIGIN_VERIFY_HEADER]: 'guessed-value-123',
            'cloudfront-viewer-address': '198.51.100.99:1234',
          },
        }),
      );
      const logs = logLines.join('');
      const refusals = logs
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.message === 'Request refused');
      expect(refusals).toEqual([
        expect.objectContaining({ status: 403, reason: 'ForbiddenError', level: 'INFO' }),
      ]);
      for (const secretOrPersonal of [SECRET, 'guessed-value-123', '198.51.100.99', 'Ann Lee']) {
        expect(logs).not.toContain(secretOrPersonal);
      }
    });

    it('never logs or echoes the secret of an accepted request', async () => {
      logLines.length = 0;
      const response = await handler(fromCloudFront(jsonEvent(callback())));
      expect(response.statusCode).toBe(201);
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('')).not.toContain(SECRET);
      expect(JSON.stringify(response)).not.toContain(SECRET);
    });
  });

  describe('without the origin secret (local stack, tests)', () => {
    let handler: SubmitHandler;

    beforeAll(async () => {
      ({ handler } = await loadHandler<{ handler: SubmitHandler }>(submitFunction, aws()));
    });

    it('is how the manifest declares the function: the secret is added only by the CDK app', () => {
      const environment = submitFunction.environment(loadConfig(), { tableName: 'leads' });
      expect(Object.keys(environment)).not.toContain(ORIGIN_VERIFY_SECRET_VARIABLE);
      expect(process.env[ORIGIN_VERIFY_SECRET_VARIABLE]).toBeUndefined();
    });

    it('answers a request without the origin header as usual', async () => {
      const response = await handler(jsonEvent(callback()));
      expect(response.statusCode).toBe(201);
    });
  });
});
