/**
 * The real submit handler behind the deployed entry (functions/lib/rest-event.ts), fed the
 * REST API's payload 1.0 events as CloudFront's requests arrive at the `live` stage, writing to
 * DynamoDB Local.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import { leadKey } from '../../functions/lib/lead-item';
import { restHandler, type HttpHandler, type RestHandler } from '../../functions/lib/rest-event';
import { submitFunction } from '../../infra/manifest';
import { callback, loadHandler, TEST_ORIGIN_SECRET } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';
import { restEvent } from '../support/rest-event';

describe('Function: submit-lead behind the REST API entry (DynamoDB Local)', () => {
  const aws = useLocalAws();
  let handler: RestHandler;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env[ORIGIN_VERIFY_SECRET_VARIABLE] = TEST_ORIGIN_SECRET;
    const loaded = await loadHandler<{ handler: HttpHandler }>(submitFunction, aws());
    handler = restHandler(loaded.handler);
  });
  afterAll(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  let viewer = 0;
  /** Headers as CloudFront sends them, names in the case it writes them. */
  const fromCloudFront = (contentType: string) => ({
    'Content-Type': [contentType],
    'User-Agent': ['Mozilla/5.0 (X11; Linux x86_64) TestBrowser/2.0'],
    'CloudFront-Viewer-Address': [`198.51.100.${(viewer++ % 250) + 1}:50432`],
    [ORIGIN_VERIFY_HEADER.replace(/^x/, 'X')]: [TEST_ORIGIN_SECRET],
  });
  const storedLead = async (id: string) =>
    (
      await aws().db.send(
        new GetCommand({ TableName: aws().tableName, Key: leadKey(id), ConsistentRead: true }),
      )
    ).Item;

  it('stores a JSON callback request, with the viewer address CloudFront vouched for', async () => {
    const headers = fromCloudFront('application/json');
    const response = await handler(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers,
        body: JSON.stringify(callback({ name: 'Eve Stone' })),
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    const body = JSON.parse(response.body) as { id: string };
    expect(await storedLead(body.id)).toMatchObject({
      name: 'Eve Stone',
      via: 'json',
      consent: {
        sourceIp: headers['CloudFront-Viewer-Address'][0]!.replace(/:50432$/, ''),
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser/2.0',
      },
    });
  });

  it('answers the plain form with 303 to the thank-you page and stores the lead', async () => {
    const response = await handler(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers: fromCloudFront('application/x-www-form-urlencoded'),
        body: 'kind=callback&name=Cy+Rest&phone=312-555-0123&preferredTime=evening&consent=on&website=',
      }),
    );
    expect(response.statusCode).toBe(303);
    const location = new URL(String(response.headers?.location), 'https://clinic.example');
    expect(location.pathname).toBe('/thank-you/');
    expect(await storedLead(String(location.searchParams.get('ref')))).toMatchObject({
      name: 'Cy Rest',
      phone: '+13125550123',
      via: 'form',
    });
  });

  it('answers a replay with the same Idempotency-Key header with the same id', async () => {
    const key = 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
    const send = () =>
      handler(
        restEvent({
          method: 'POST',
          resource: '/api/leads',
          headers: { ...fromCloudFront('application/json'), 'Idempotency-Key': [key] },
          body: JSON.stringify(callback({ name: 'Flo Again' })),
        }),
      );
    const first = await send();
    const second = await send();
    expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
    expect(JSON.parse(second.body)).toEqual(JSON.parse(first.body));
  });

  it('answers the warm-up GET /api/leads?warm with 204, from memory', async () => {
    const response = await handler(
      restEvent({
        method: 'GET',
        resource: '/api/leads',
        headers: fromCloudFront('text/plain'),
        query: { warm: [''] },
      }),
    );
    expect(response).toEqual({
      statusCode: 204,
      headers: { 'cache-control': 'no-store' },
      body: '',
    });
  });

  it('refuses a request without the origin header with 403, before reading it', async () => {
    const response = await handler(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers: { 'Content-Type': ['application/json'] },
        body: JSON.stringify(callback()),
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ error: 'forbidden' });
  });
});
