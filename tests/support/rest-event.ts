/** REST API (payload 1.0) event fixtures: what the deployed API hands each function's entry. */
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * A REST API (payload 1.0) Lambda proxy event as API Gateway sends it for a request CloudFront
 * forwarded to the `live` stage: header names as the client spelled them, every header and
 * query parameter also in the multi-value maps.
 */
export function restEvent(options: {
  method: string;
  resource: string;
  headers?: Record<string, string[]>;
  query?: Record<string, string[]>;
  body?: string | null;
  isBase64Encoded?: boolean;
}): APIGatewayProxyEvent {
  const multiHeaders = options.headers ?? {};
  const multiQuery = options.query;
  const last = (values: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.at(-1)!]));
  return {
    resource: options.resource,
    path: options.resource,
    httpMethod: options.method,
    headers: last(multiHeaders),
    multiValueHeaders: multiHeaders,
    queryStringParameters: multiQuery ? last(multiQuery) : null,
    multiValueQueryStringParameters: multiQuery ?? null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      authorizer: null,
      domainName: 'a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      extendedRequestId: 'Xyz=',
      httpMethod: options.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '130.176.188.71',
        user: null,
        userAgent: 'Amazon CloudFront',
        userArn: null,
      },
      path: `/live${options.resource}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '30/Nov/2026:09:15:00 +0000',
      requestTimeEpoch: 1796030100000,
      resourceId: 'r3s0ur',
      resourcePath: options.resource,
      stage: 'live',
    },
    body: options.body ?? null,
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}
