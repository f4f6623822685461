/**
 * Runs the site's CloudFront Function (infra/site/viewer-function.js with its campaign table) in
 * front of the local site, as CloudFront runs it: in an isolated JavaScript context with no Node
 * APIs, on viewer-request and viewer-response events built from the incoming request.
 */
import type { IncomingMessage } from 'node:http';
import { createContext, runInContext } from 'node:vm';

/** A header, query parameter or cookie as CloudFront Functions see it. */
export interface EdgeValue {
  value: string;
  multiValue?: { value: string }[];
  attributes?: string;
}

export interface EdgeRequest {
  method: string;
  uri: string;
  querystring: Record<string, EdgeValue>;
  headers: Record<string, EdgeValue>;
  cookies: Record<string, EdgeValue>;
}

export interface EdgeResponse {
  statusCode: number;
  statusDescription?: string;
  headers: Record<string, EdgeValue>;
  cookies?: Record<string, EdgeValue>;
}

export interface EdgeEvent {
  version: '1.0';
  context: { eventType: 'viewer-request' | 'viewer-response' };
  viewer: { ip: string };
  request: EdgeRequest;
  response?: EdgeResponse;
}

/** The function's handler: a request to pass on, or a response it makes itself. */
export type ViewerHandler = (event: EdgeEvent) => Promise<EdgeRequest | EdgeResponse>;

export interface EdgeRuntimeOptions {
  /** The draw behind `Math.random()` (a seeded source in tests). @default Math.random */
  readonly random?: () => number;
  /** The clock behind `Date.now()`. @default Date.now */
  readonly now?: () => number;
}

/** Loads the function's code into a fresh context, as CloudFront does, and returns its handler. */
export function loadViewerFunction(code: string, options: EdgeRuntimeOptions = {}): ViewerHandler {
  const context = createContext({});
  runInContext(code, context, { filename: 'viewer-function.js' });
  const builtins = runInContext('({ Math, Date })', context) as {
    Math: { random: () => number };
    Date: { now: () => number };
  };
  if (options.random) builtins.Math.random = options.random;
  if (options.now) builtins.Date.now = options.now;
  const handler = runInContext('typeof handler === "function" ? handler : undefined', context) as
    ViewerHandler | undefined;
  if (handler === undefined) throw new Error('The viewer function defines no handler');
  return handler;
}

function edgeValues(entries: readonly (readonly [string, string])[]): Record<string, EdgeValue> {
  const out: Record<string, EdgeValue> = {};
  for (const [key, value] of entries) {
    const seen = out[key];
    if (seen === undefined) out[key] = { value };
    else seen.multiValue = [...(seen.multiValue ?? [{ value: seen.value }]), { value }];
  }
  return out;
}

/** The viewer request CloudFront would hand the function for a Node request. */
function edgeRequest(req: IncomingMessage): EdgeRequest {
  const raw = req.url ?? '/';
  const question = raw.indexOf('?');
  const uri = question === -1 ? raw : raw.slice(0, question);
  const query = question === -1 ? '' : raw.slice(question + 1);
  const params = query
    .split('&')
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const eq = part.indexOf('=');
      return eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    });
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  }
  const cookies = String(req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part): [string, string] => {
      const eq = part.indexOf('=');
      return [part.slice(0, eq), part.slice(eq + 1)];
    });
  return {
    method: req.method ?? 'GET',
    uri,
    querystring: edgeValues(params),
    headers: edgeValues(headers),
    cookies: edgeValues(cookies),
  };
}

/** What the function decided for one request, in terms a Node server can apply. */
export interface ViewerOutcome {
  /** A response the function made itself (a redirect): send it as it is. */
  readonly response?: { readonly status: number; readonly headers: Record<string, string> };
  /** The object to serve, when the request goes on. */
  readonly uri: string;
  /** Headers the viewer-response step adds to what is served (Set-Cookie among them). */
  readonly headers: Record<string, string | string[]>;
}

function isResponse(value: EdgeRequest | EdgeResponse): value is EdgeResponse {
  return 'statusCode' in value;
}

/**
 * Runs the viewer request, and for a request that goes on, the viewer response (on an empty
 * response: the local server adds its own headers, as the origin would).
 */
export async function runViewerFunction(
  handler: ViewerHandler,
  req: IncomingMessage,
): Promise<ViewerOutcome> {
  const request = edgeRequest(req);
  const viewer = { ip: req.socket.remoteAddress ?? '127.0.0.1' };
  const first = await handler({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer,
    request,
  });
  if (isResponse(first)) {
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(first.headers)) headers[name] = header.value;
    return { response: { status: first.statusCode, headers }, uri: request.uri, headers: {} };
  }
  const answered = await handler({
    version: '1.0',
    context: { eventType: 'viewer-response' },
    viewer,
    request: first,
    response: { statusCode: 200, headers: {}, cookies: {} },
  });
  if (!isResponse(answered))
    throw new Error('The viewer function answered a response with a request');
  const headers: Record<string, string | string[]> = {};
  for (const [name, header] of Object.entries(answered.headers)) headers[name] = header.value;
  const cookies = Object.entries(answered.cookies ?? {}).map(
    ([name, cookie]) =>
      `${name}=${cookie.value}${cookie.attributes ? `; ${cookie.attributes}` : ''}`,
  );
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { uri: first.uri, headers };
}
