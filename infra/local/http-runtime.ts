/**
 * The local stand-in for API Gateway's HTTP API: it turns each HTTP request into a real
 * payload-2.0 event, invokes the real handler with a Lambda-like context, and writes back the
 * structured result, the way API Gateway does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { FunctionDeclaration, HttpTrigger } from '../manifest';
import { withTimeout } from './stream/invocation';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  readonly declaration: FunctionDeclaration & { readonly trigger: HttpTrigger };
  readonly handler: HttpHandler;
}

/** API Gateway's own payload limit for HTTP APIs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/i;

export interface RunningHttpRuntime {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/** Serves `routes` on 127.0.0.1:`port`. */
export function startHttpRuntime(options: {
  readonly port: number;
  readonly routes: readonly LocalRoute[];
  readonly host?: string;
}): Promise<RunningHttpRuntime> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(request, response, options.routes, host).catch(() => {
      if (!response.headersSent) send(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({
        url: `http://${host}:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: readonly LocalRoute[],
  host: string,
): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${host}`);
  const method = (request.method ?? 'GET').toUpperCase();
  const route = routes.find(
    (r) =>
      r.declaration.trigger.path === url.pathname &&
      (r.declaration.trigger.method === 'ANY' || r.declaration.trigger.method === method),
  );
  if (route === undefined) return send(response, 404, { message: 'Not Found' });

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_PAYLOAD_BYTES)
      return send(response, 413, { message: 'Request Entity Too Large' });
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const event = toEvent(request, url, method, body, route.declaration.trigger);

  let result: APIGatewayProxyResultV2;
  try {
    result = await withTimeout(
      route.handler(event, lambdaContext(route.declaration, event.requestContext.requestId)),
      route.declaration.timeoutSeconds * 1000,
    );
  } catch (error) {
    // What API Gateway answers when the function itself fails; the detail goes to the terminal.
    console.error(
      `[${route.declaration.name}] invocation failed:`,
      error instanceof Error ? error.name : error,
    );
    return send(response, 500, { message: 'Internal Server Error' });
  }
  write(response, result);
}

/** The payload-2.0 event API Gateway would build for this request. */
function toEvent(
  request: IncomingMessage,
  url: URL,
  method: string,
  body: Buffer,
  trigger: HttpTrigger,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie?.split(';').map((c) => c.trim());
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    queryStringParameters[key] =
      key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const routeKey = `${trigger.method} ${trigger.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies && { cookies }),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength > 0 && {
      body: isText ? body.toString('utf8') : body.toString('base64'),
    }),
    isBase64Encoded: body.byteLength > 0 && !isText,
  };
}

/** A Lambda context with the fields handlers read. */
export function lambdaContext(declaration: FunctionDeclaration, requestId: string): Context {
  const deadline = Date.now() + declaration.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: declaration.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${declaration.name}`,
    memoryLimitInMB: String(declaration.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${declaration.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Writes a handler result the way API Gateway interprets payload-2.0 results. */
function write(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string' || typeof result !== 'object' || !('statusCode' in result)) {
    // A bare value is taken as a 200 JSON body.
    return send(response, 200, result);
  }
  const structured = result;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body
    ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  headers['content-length'] = String(body.byteLength);
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(body);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
