import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fromRestEvent, restHandler, toRestResult } from '../../../functions/lib/rest-event';
import { restEvent } from '../../support/rest-event';

const fromCloudFront = {
  'X-Origin-Verify': ['s3cr3tValueFromTheDistribution0123456789abcdef'],
  'CloudFront-Viewer-Address': ['203.0.113.9:51234'],
  'User-Agent': ['Amazon CloudFront'],
};

describe('Function: fromRestEvent (REST API payload 1.0 to the handlers payload 2.0)', () => {
  it('hands POST /api/leads with a JSON body over unchanged, headers in lower case', () => {
    const body = '{"kind":"callback","name":"Ana","phone":"020 7946 0000"}';
    const event = fromRestEvent(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers: {
          ...fromCloudFront,
          'Content-Type': ['application/json'],
          'Idempotency-Key': ['5f0c1a8e-9a56-4d0b-8e43-0c5e3b1c2d4f'],
        },
        body,
      }),
    );
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /api/leads',
      rawPath: '/api/leads',
      rawQueryString: '',
      headers: {
        'x-origin-verify': 's3cr3tValueFromTheDistribution0123456789abcdef',
        'cloudfront-viewer-address': '203.0.113.9:51234',
        'user-agent': 'Amazon CloudFront',
        'content-type': 'application/json',
        'idempotency-key': '5f0c1a8e-9a56-4d0b-8e43-0c5e3b1c2d4f',
      },
      requestContext: {
        accountId: '123456789012',
        apiId: 'a1b2c3d4e5',
        domainName: 'a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
        domainPrefix: 'a1b2c3d4e5',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        routeKey: 'POST /api/leads',
        stage: 'live',
        time: '30/Nov/2026:09:15:00 +0000',
        timeEpoch: 1796030100000,
        http: {
          method: 'POST',
          path: '/api/leads',
          protocol: 'HTTP/1.1',
          sourceIp: '130.176.188.71',
          userAgent: 'Amazon CloudFront',
        },
      },
      body,
      isBase64Encoded: false,
    });
  });

  it('hands the plain (no-JavaScript) form post over with its URL-encoded body as sent', () => {
    const body = 'kind=contact&name=Ana+Silva&email=ana%40example.com&message=Back+pain';
    const event = fromRestEvent(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers: {
          ...fromCloudFront,
          'Content-Type': ['application/x-www-form-urlencoded'],
          Referer: ['https://clinic.example/contact/'],
        },
        body,
      }),
    );
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(event.headers.referer).toBe('https://clinic.example/contact/');
    expect(event.requestContext.http.method).toBe('POST');
  });

  it('keeps a base64 body base64, flagged as such', () => {
    const event = fromRestEvent(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers: { 'Content-Type': ['application/json'] },
        body: 'eyJraW5kIjoiY2FsbGJhY2sifQ==',
        isBase64Encoded: true,
      }),
    );
    expect(event.body).toBe('eyJraW5kIjoiY2FsbGJhY2sifQ==');
    expect(event.isBase64Encoded).toBe(true);
  });

  it('gives the warm-up GET /api/leads?warm its bare parameter, and no body', () => {
    const event = fromRestEvent(
      restEvent({ method: 'GET', resource: '/api/leads', query: { warm: [''] } }),
    );
    expect(event.requestContext.http.method).toBe('GET');
    expect(event.queryStringParameters).toEqual({ warm: '' });
    expect(event.rawQueryString).toBe('warm');
    expect(event).not.toHaveProperty('body');
  });

  it('gives the status page (GET /api/leads/status) its link parameters', () => {
    const event = fromRestEvent(
      restEvent({
        method: 'GET',
        resource: '/api/leads/status',
        headers: fromCloudFront,
        query: { lead: ['01JDX5Q3'], t: ['1796630400.c2ln+bmF0dXJl/'], a: ['attempted'] },
      }),
    );
    expect(event.routeKey).toBe('GET /api/leads/status');
    expect(event.rawPath).toBe('/api/leads/status');
    expect(event.queryStringParameters).toEqual({
      lead: '01JDX5Q3',
      t: '1796630400.c2ln+bmF0dXJl/',
      a: 'attempted',
    });
    expect(event.rawQueryString).toBe('lead=01JDX5Q3&t=1796630400.c2ln%2BbmF0dXJl%2F&a=attempted');
  });

  it("gives the status page's button (POST /api/leads/status) its form and its link", () => {
    const event = fromRestEvent(
      restEvent({
        method: 'POST',
        resource: '/api/leads/status',
        headers: { ...fromCloudFront, 'Content-Type': ['application/x-www-form-urlencoded'] },
        query: { lead: ['01JDX5Q3'], t: ['1796630400.sig'] },
        body: 'action=contacted',
      }),
    );
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.queryStringParameters).toEqual({ lead: '01JDX5Q3', t: '1796630400.sig' });
    expect(event.body).toBe('action=contacted');
  });

  it("hands the page's beacon (POST /api/events) over with its body and headers", () => {
    const event = fromRestEvent(
      restEvent({
        method: 'POST',
        resource: '/api/events',
        headers: { ...fromCloudFront, 'Content-Type': ['text/plain;charset=UTF-8'] },
        body: '{"event":"view","campaign":"main","variant":"control"}',
      }),
    );
    expect(event.routeKey).toBe('POST /api/events');
    expect(event.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(event.headers['cloudfront-viewer-address']).toBe('203.0.113.9:51234');
    expect(event.body).toBe('{"event":"view","campaign":"main","variant":"control"}');
  });

  it('joins repeated headers and parameters with commas and takes cookies out, as payload 2.0 does', () => {
    const event = fromRestEvent(
      restEvent({
        method: 'GET',
        resource: '/api/leads/status',
        headers: {
          Accept: ['text/html', 'application/xhtml+xml'],
          accept: ['*/*'],
          Cookie: ['v_main=b; other=1', 'late=2'],
        },
        query: { lead: ['one', 'two'] },
      }),
    );
    expect(event.headers).toEqual({ accept: 'text/html,application/xhtml+xml,*/*' });
    expect(event.cookies).toEqual(['v_main=b', 'other=1', 'late=2']);
    expect(event.queryStringParameters).toEqual({ lead: 'one,two' });
    expect(event.rawQueryString).toBe('lead=one&lead=two');
  });

  it('reads the single-value maps when an event has no multi-value ones', () => {
    const event = fromRestEvent({
      ...restEvent({ method: 'post', resource: '/api/leads' }),
      headers: { 'Content-Type': 'application/json' },
      multiValueHeaders: null as unknown as APIGatewayProxyEvent['multiValueHeaders'],
      queryStringParameters: { warm: '1' },
      multiValueQueryStringParameters: null,
    });
    expect(event.headers).toEqual({ 'content-type': 'application/json' });
    expect(event.queryStringParameters).toEqual({ warm: '1' });
    expect(event.requestContext.http.method).toBe('POST');
  });
});

describe('Function: toRestResult', () => {
  it('passes status, headers and body through', () => {
    expect(
      toRestResult({
        statusCode: 303,
        headers: { location: '/thank-you/', 'cache-control': 'no-store' },
        body: '',
      }),
    ).toEqual({
      statusCode: 303,
      headers: { location: '/thank-you/', 'cache-control': 'no-store' },
      body: '',
    });
  });

  it('answers an empty body for a result without one (the 204 of a beacon)', () => {
    expect(toRestResult({ statusCode: 204, headers: { 'cache-control': 'no-store' } })).toEqual({
      statusCode: 204,
      headers: { 'cache-control': 'no-store' },
      body: '',
    });
  });

  it('turns cookies into Set-Cookie headers and keeps the base64 flag', () => {
    expect(
      toRestResult({
        statusCode: 200,
        cookies: ['a=1; Path=/', 'b=2; Path=/'],
        body: 'aGk=',
        isBase64Encoded: true,
      }),
    ).toEqual({
      statusCode: 200,
      headers: {},
      multiValueHeaders: { 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] },
      body: 'aGk=',
      isBase64Encoded: true,
    });
  });
});

describe('Function: restHandler', () => {
  it('calls the payload 2.0 handler with the adapted event and the Lambda context', async () => {
    const context = { awsRequestId: 'lambda-request-1' } as Context;
    const seen: unknown[] = [];
    const handler = restHandler(async (event, ctx) => {
      seen.push(event.requestContext.http.method, event.headers['content-type'], ctx);
      return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{}' };
    });
    const result = await handler(
      restEvent({
        method: 'POST',
        resource: '/api/leads',
        headers: { 'Content-Type': ['application/json'] },
        body: '{}',
      }),
      context,
    );
    expect(seen).toEqual(['POST', 'application/json', context]);
    expect(result).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  });
});
