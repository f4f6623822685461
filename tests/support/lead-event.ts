/** The API Gateway HTTP API (payload 2.0) event for `POST /api/leads` (no test runner needed). */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface EventOptions {
  readonly method?: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  readonly sourceIp?: string;
  readonly base64?: boolean;
}

/** The event API Gateway builds for a request to `POST /api/leads`. */
export function leadsEvent(options: EventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'POST';
  const headers: Record<string, string> = {
    host: 'api.example.com',
    'user-agent': 'Mozilla/5.0 (test)',
    ...(options.contentType !== undefined && { 'content-type': options.contentType }),
    ...options.headers,
  };
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'ANY /api/leads',
    rawPath: '/api/leads',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method,
        path: '/api/leads',
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '198.51.100.7',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: 'ANY /api/leads',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(options.body !== undefined && {
      body: options.base64 ? Buffer.from(options.body).toString('base64') : options.body,
    }),
    isBase64Encoded: options.base64 ?? false,
  };
}
