/**
 * The deployed API is an API Gateway REST API (payload format 1.0), because only a REST API
 * takes a regional WAF web ACL that refuses requests which did not come through the site before
 * they reach a function (README, "The API's direct address"). The handlers, the local stack
 * and their tests speak payload format 2.0 (the HTTP API's), so the Lambda entry of each
 * function behind the API turns the one into the other here, and nothing else changes.
 */
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

/** A handler written for payload format 2.0, as every function behind the API is. */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The same handler as a REST API (payload format 1.0) Lambda proxy integration calls it. */
export type RestHandler = (
  event: APIGatewayProxyEvent,
  context?: Context,
) => Promise<APIGatewayProxyResult>;

type Values = Readonly<Record<string, readonly string[] | undefined>> | null | undefined;
type Singles = Readonly<Record<string, string | undefined>> | null | undefined;

/**
 * Every value of each name, from the multi-value map when the event has one (REST API events
 * always do), else from the single-value map.
 */
function allValues(multi: Values, single: Singles): [string, string[]][] {
  if (multi) {
    return Object.entries(multi).map(([name, values]) => [name, [...(values ?? [])]]);
  }
  return Object.entries(single ?? {}).flatMap(([name, value]) =>
    value === undefined ? [] : [[name, [value]] as [string, string[]]],
  );
}

/**
 * Headers as payload 2.0 gives them: names in lower case, repeated values joined with commas,
 * cookies taken out into their own list.
 */
function headersV2(event: APIGatewayProxyEvent): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const joined = new Map<string, string[]>();
  for (const [name, values] of allValues(event.multiValueHeaders, event.headers)) {
    const key = name.toLowerCase();
    joined.set(key, [...(joined.get(key) ?? []), ...values]);
  }
  const cookies = (joined.get('cookie') ?? [])
    .flatMap((value) => value.split(';'))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  joined.delete('cookie');
  return {
    headers: Object.fromEntries([...joined].map(([name, values]) => [name, values.join(',')])),
    cookies,
  };
}

/**
 * The query string, re-encoded from the decoded values API Gateway hands over; a parameter
 * without a value (`?warm`) stays bare.
 */
function rawQueryString(parameters: [string, string[]][]): string {
  return parameters
    .flatMap(([name, values]) =>
      values.map((value) =>
        value === ''
          ? encodeURIComponent(name)
          : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
      ),
    )
    .join('&');
}

/** A REST API (payload 1.0) event as the payload 2.0 event the handlers read. */
export function fromRestEvent(event: APIGatewayProxyEvent): APIGatewayProxyEventV2 {
  const { headers, cookies } = headersV2(event);
  const query = allValues(event.multiValueQueryStringParameters, event.queryStringParameters);
  const context = event.requestContext;
  const method = event.httpMethod.toUpperCase();
  return {
    version: '2.0',
    routeKey: `${method} ${event.resource}`,
    rawPath: event.path,
    rawQueryString: rawQueryString(query),
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(query.length > 0 && {
      queryStringParameters: Object.fromEntries(
        query.map(([name, values]) => [name, values.join(',')]),
      ),
    }),
    ...(event.pathParameters && { pathParameters: event.pathParameters }),
    ...(event.stageVariables && { stageVariables: event.stageVariables }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName ?? '',
      domainPrefix: context.domainPrefix ?? '',
      requestId: context.requestId,
      routeKey: `${method} ${event.resource}`,
      stage: context.stage,
      time: context.requestTime ?? '',
      timeEpoch: context.requestTimeEpoch,
      http: {
        method,
        path: event.path,
        protocol: context.protocol,
        sourceIp: context.identity.sourceIp,
        userAgent: context.identity.userAgent ?? headers['user-agent'] ?? '',
      },
    },
    ...(event.body !== null && { body: event.body }),
    isBase64Encoded: event.isBase64Encoded,
  };
}

/** A payload 2.0 answer as the REST API expects it: cookies become `Set-Cookie` headers. */
export function toRestResult(result: APIGatewayProxyStructuredResultV2): APIGatewayProxyResult {
  const headers: Record<string, string | number | boolean> = { ...result.headers };
  const cookies = result.cookies ?? [];
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    ...(cookies.length > 0 && { multiValueHeaders: { 'set-cookie': cookies } }),
    body: result.body ?? '',
    ...(result.isBase64Encoded !== undefined && { isBase64Encoded: result.isBase64Encoded }),
  };
}

/** The Lambda entry of a function behind the REST API: its payload 2.0 handler, adapted. */
export function restHandler(handler: HttpHandler): RestHandler {
  return async (event, context) => toRestResult(await handler(fromRestEvent(event), context));
}
