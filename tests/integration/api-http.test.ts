/**
 * The contract over real HTTP: the local API Gateway stand-in builds payload-2.0 events from
 * real requests and hands them to the real handler, which writes to DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadKey } from '../../functions/lib/lead-item';
import { MESSAGES } from '../../functions/contract/lead-schema';
import { submitFunction, type FunctionDeclaration, type HttpTrigger } from '../../infra/manifest';
import {
  startHttpRuntime,
  type HttpHandler,
  type RunningHttpRuntime,
} from '../../infra/local/http-runtime';
import { ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import {
  callback,
  cloudFrontHeaders,
  contact,
  loadHandler,
  TEST_ORIGIN_SECRET,
} from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

describe('POST /api/leads over HTTP (local runtime)', () => {
  const aws = useLocalAws();
  let api: RunningHttpRuntime;
  let seen: APIGatewayProxyEventV2 | undefined;
  let viewer = 0;

  beforeAll(async () => {
    const { tableName, dynamodbEndpoint, sesUrl } = aws();
    // As deployed: the handler trusts the viewer address only from requests CloudFront signed.
    process.env[ORIGIN_VERIFY_SECRET_VARIABLE] = TEST_ORIGIN_SECRET;
    const { handler } = await loadHandler<{ handler: HttpHandler }>(submitFunction, {
      tableName,
      dynamodbEndpoint,
      sesUrl,
    });
    api = await startHttpRuntime({
      port: 0,
      routes: [
        {
          declaration: submitFunction as FunctionDeclaration & { trigger: HttpTrigger },
          handler: (event: APIGatewayProxyEventV2, context: Context) => {
            seen = event;
            return handler(event, context);
          },
        },
      ],
    });
  });
  afterAll(async () => {
    delete process.env[ORIGIN_VERIFY_SECRET_VARIABLE];
    await api.stop();
  });

  /** Each request comes from its own viewer address, as CloudFront would forward it. */
  const post = (body: string, contentType: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/api/leads`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...cloudFrontHeaders(`198.51.100.${(viewer++ % 250) + 1}:443`),
        ...headers,
      },
      body,
      redirect: 'manual',
    });

  it('stores a JSON callback request and answers 201 with its id', async () => {
    const response = await post(JSON.stringify(callback()), 'application/json');
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { id: string };
    const { Item } = await aws().db.send(
      new GetCommand({ TableName: aws().tableName, Key: leadKey(body.id), ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ kind: 'callback', phone: '+13125550188' });
  });

  it('hands the handler a payload-2.0 event like API Gateway does', async () => {
    await post(JSON.stringify(contact()), 'application/json', { 'idempotency-key': randomUUID() });
    expect(seen).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /api/leads',
      rawPath: '/api/leads',
      isBase64Encoded: false,
      headers: { 'content-type': 'application/json', 'idempotency-key': expect.any(String) },
      requestContext: { http: { method: 'POST', path: '/api/leads', sourceIp: '127.0.0.1' } },
    });
  });

  it('redirects a plain form post to the thank-you page with 303', async () => {
    const form = new URLSearchParams({
      kind: 'contact',
      name: 'Eve Park',
      email: 'eve@example.com',
      message: 'Can I come with my sister?',
      website: '',
    });
    const response = await post(form.toString(), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(
      /^\/thank-you\/\?ref=[0-9a-f-]{36}&kind=contact$/,
    );
  });

  it('answers a plain form post with errors as an HTML page', async () => {
    const form = new URLSearchParams({
      kind: 'contact',
      name: 'Eve',
      email: 'nope',
      message: 'Hi',
    });
    const response = await post(form.toString(), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(MESSAGES.emailInvalid);
  });

  it('answers 422 with field messages for JSON', async () => {
    const response = await post(JSON.stringify(callback({ phone: '' })), 'application/json');
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'validation',
      fields: { phone: MESSAGES.phoneRequired },
    });
  });

  it('answers 413 for a body over 16 KiB', async () => {
    const response = await post(
      JSON.stringify(contact({ message: 'x'.repeat(20_000) })),
      'application/json',
    );
    expect(response.status).toBe(413);
  });

  it('answers 415 for another content type', async () => {
    const response = await post('kind=callback', 'text/plain');
    expect(response.status).toBe(415);
  });

  it('answers 405 with Allow for another method', async () => {
    const response = await fetch(`${api.url}/api/leads`, {
      method: 'GET',
      headers: cloudFrontHeaders('198.51.100.1:443'),
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 404 for a path that is not a route', async () => {
    const response = await fetch(`${api.url}/api/other`, { method: 'POST' });
    expect(response.status).toBe(404);
  });

  it('answers 429 with Retry-After when one viewer sends too many', async () => {
    const headers = cloudFrontHeaders('203.0.113.99:1234');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await post(JSON.stringify(callback()), 'application/json', headers)).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
  });
});
