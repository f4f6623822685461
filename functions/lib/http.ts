/**
 * HTTP at the API Gateway boundary (HTTP API, payload format 2.0): decoding a form body from
 * JSON or URL-encoding, and the one mapping from errors to responses.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PROBLEM_TEXT, rateLimitedText } from '../contract/form-copy';
import type { BodyFormat } from '../contract/lead-schema';
import { LONE_SURROGATE } from '../contract/text-rules';
import { EnvironmentError } from './env';
import {
  AppError,
  ForbiddenError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  RateLimitedError,
  SERVER_ERROR_CODE,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors';

/** Largest body the API reads: a form is a few hundred bytes; 16 KiB leaves ample room. */
const MAX_BODY_BYTES = 16 * 1024;

export interface DecodedBody {
  readonly format: BodyFormat;
  readonly fields: Readonly<Record<string, unknown>>;
}

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  headers: Record<string, string>;
};

/** Lower-cased header lookup (API Gateway already lower-cases; local callers may not). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Whether the request provably came through CloudFront (see {@link sourceIp}). */
export interface SourceIpOptions {
  /**
   * True only where the origin check is on and has passed ({@link verifyOrigin} with a
   * secret): then the request came through CloudFront, which sets `CloudFront-Viewer-Address`
   * itself. Anywhere else (the local stack, tests) any client could send that header.
   * @default false
   */
  readonly trustViewerAddress?: boolean;
}

/**
 * The client's address, for the rate limit and the consent evidence. Behind CloudFront the
 * connection comes from an edge server, so the viewer's own address is read from the
 * `CloudFront-Viewer-Address` header ("ip:port"), but only when {@link SourceIpOptions}
 * says the request came through CloudFront; otherwise it is the connection's address.
 */
export function sourceIp(event: APIGatewayProxyEventV2, options: SourceIpOptions = {}): string {
  const viewer = options.trustViewerAddress
    ? header(event, 'cloudfront-viewer-address')
    : undefined;
  if (viewer !== undefined && viewer !== '') {
    const bracketed = /^\[([^\]]+)\]:\d+$/.exec(viewer);
    if (bracketed?.[1]) return bracketed[1];
    const colon = viewer.lastIndexOf(':');
    // An IPv6 address without brackets has several colons and no port to strip.
    return colon > 0 && viewer.indexOf(':') === colon ? viewer.slice(0, colon) : viewer;
  }
  return event.requestContext.http.sourceIp;
}

/**
 * The header CloudFront adds to every request it sends to the API (a custom origin header,
 * infra/constructs/site.ts). CloudFront sets it itself, replacing any copy a viewer sends, so
 * only a request that came through the distribution carries the right value.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The environment variable that holds the value {@link ORIGIN_VERIFY_HEADER} must carry. The
 * CDK app always sets it on the functions behind the API (infra/constructs/api.ts) from a
 * generated secret; the manifest does not, so the local stack and tests run without the check.
 */
export const ORIGIN_VERIFY_SECRET_VARIABLE = 'ORIGIN_VERIFY_SECRET';

/** Shortest value accepted: the deployed one is 64 generated letters and digits. */
export const ORIGIN_VERIFY_SECRET_MIN_LENGTH = 32;

/**
 * The origin secret, read once at cold start: `undefined` (the check is off) only when the
 * variable is absent. Set but empty or short is a broken deployment, which fails the cold start
 * instead of quietly opening the API's direct address.
 */
export function readOriginSecret(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const value = env[ORIGIN_VERIFY_SECRET_VARIABLE];
  if (value === undefined) return undefined;
  if (value.length < ORIGIN_VERIFY_SECRET_MIN_LENGTH) {
    // The length only: the value itself never reaches a message or a log line.
    throw new EnvironmentError(
      `Environment variable ${ORIGIN_VERIFY_SECRET_VARIABLE} must be at least ${ORIGIN_VERIFY_SECRET_MIN_LENGTH} characters when set (unset it to turn the origin check off)`,
    );
  }
  return value;
}

/**
 * Refuses, with {@link ForbiddenError}, a request that did not come through CloudFront: one
 * without {@link ORIGIN_VERIFY_HEADER} or with another value. Does nothing when `secret` is
 * `undefined` (the check is off: local stack, tests). The comparison takes the same time
 * whatever the sent value, so timing cannot reveal the secret one character at a time.
 */
export function verifyOrigin(event: APIGatewayProxyEventV2, secret: string | undefined): void {
  if (secret === undefined) return;
  const sent = header(event, ORIGIN_VERIFY_HEADER);
  if (sent === undefined || !sameSecret(sent, secret)) {
    throw new ForbiddenError('The request did not come through the site');
  }
}

/**
 * Constant-time equality. Both sides are hashed first so that they have the same length, which
 * `timingSafeEqual` requires, and a wrong length takes no shortcut either.
 */
function sameSecret(sent: string, secret: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(secret));
}

/** The body format the Content-Type announces, before the body is read. */
function bodyFormat(event: APIGatewayProxyEventV2): BodyFormat {
  const [type, ...parameters] = (header(event, 'content-type') ?? '').split(';');
  const contentType = type?.trim().toLowerCase();
  const format =
    contentType === 'application/json'
      ? 'json'
      : contentType === 'application/x-www-form-urlencoded'
        ? 'form'
        : undefined;
  if (format === undefined) {
    throw new UnsupportedMediaTypeError(
      'Send the form as application/json or application/x-www-form-urlencoded',
    );
  }
  const charset = parameters
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError('Send the form as UTF-8 text (charset=utf-8)');
  }
  return format;
}

/**
 * Refuses a compressed body: the form is small and sent as it is. (RFC 9110 answers an
 * unsupported content coding with 415.)
 */
function requireIdentityEncoding(event: APIGatewayProxyEventV2): void {
  const codings = (header(event, 'content-encoding') ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length > 0) {
    throw new UnsupportedMediaTypeError(
      'Send the form uncompressed: the API does not accept a Content-Encoding such as gzip',
    );
  }
}

const BROKEN_TEXT = 'The request body is not valid UTF-8 text.';

/** The body as text, refused when its bytes are not UTF-8 (never read as U+FFFD). */
function utf8Text(raw: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch (error) {
    throw new ValidationError({ body: BROKEN_TEXT }, 400, { cause: error });
  }
}

/**
 * URL-encoded fields, the first value of each name winning (a field sent twice cannot smuggle
 * a second value past the rules). Percent-escapes that are not UTF-8 are refused, where
 * `URLSearchParams` would quietly turn them into U+FFFD.
 */
function formFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const [rawKey, rawValue] =
      equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch (error) {
      throw new ValidationError({ body: BROKEN_TEXT }, 400, { cause: error });
    }
    if (!(key in fields)) fields[key] = value;
  }
  return fields;
}

/** Checks method, size, coding and type, and decodes the body into fields. */
export function decodeBody(event: APIGatewayProxyEventV2): DecodedBody {
  const method = event.requestContext.http.method.toUpperCase();
  if (method !== 'POST') throw new MethodNotAllowedError(['POST']);
  requireIdentityEncoding(event);
  const format = bodyFormat(event);
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The form is larger than ${MAX_BODY_BYTES / 1024} KiB`);
  }
  const text = utf8Text(raw);
  if (format === 'form') return { format, fields: formFields(text) };
  let parsed: unknown;
  try {
    // JSON escapes can still spell half a surrogate pair ("\ud800"): text no encoding carries.
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (LONE_SURROGATE.test(key) || (typeof value === 'string' && LONE_SURROGATE.test(value))) {
        throw new ValidationError({ body: BROKEN_TEXT }, 400);
      }
      return value;
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError({ body: 'The request body is not valid JSON.' }, 400, {
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError({ body: 'Send the form fields as one JSON object.' }, 400);
  }
  return { format, fields: parsed as Record<string, unknown> };
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

/** A JSON response that no cache keeps. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** An HTML page response (the no-JavaScript form flow). */
export function htmlResponse(
  statusCode: number,
  html: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body: html,
  };
}

/** Headers an error carries to the client (Allow, Retry-After). */
export function errorHeaders(error: unknown): Record<string, string> {
  if (error instanceof MethodNotAllowedError) return { allow: error.allow.join(', ') };
  if (error instanceof RateLimitedError || error instanceof ServiceUnavailableError) {
    return { 'retry-after': String(error.retryAfterSeconds) };
  }
  return {};
}

/** The status an error maps to; anything unexpected is a 500. */
export function errorStatus(error: unknown): number {
  return error instanceof AppError ? error.status : 500;
}

/**
 * The one mapping from errors to JSON responses. Unknown errors become a generic 500 with the
 * request id: no stack, no internal message, ever.
 */
export function errorToJson(error: unknown, requestId: string): HttpResponse {
  const status = errorStatus(error);
  const headers = errorHeaders(error);
  if (error instanceof ValidationError) {
    return jsonResponse(status, { error: error.errorType, fields: error.fields }, headers);
  }
  if (error instanceof ForbiddenError) {
    // No message and no request id: nothing for a caller probing the direct address.
    return jsonResponse(status, { error: error.errorType }, headers);
  }
  if (error instanceof RateLimitedError) {
    return jsonResponse(
      status,
      {
        error: error.errorType,
        message: rateLimitedText(error.retryAfterSeconds),
        retryAfterSeconds: error.retryAfterSeconds,
      },
      headers,
    );
  }
  if (error instanceof ServiceUnavailableError) {
    return jsonResponse(
      status,
      {
        error: error.errorType,
        message: PROBLEM_TEXT[503],
        retryAfterSeconds: error.retryAfterSeconds,
        requestId,
      },
      headers,
    );
  }
  if (error instanceof UnsupportedMediaTypeError) {
    // Says what to send instead: only a client program, never the site's own form, gets this.
    return jsonResponse(status, { error: error.errorType, message: error.message }, headers);
  }
  // A failure of ours other than "busy" reads as any server error: the class stays internal.
  if (error instanceof AppError && status < 500) {
    return jsonResponse(
      status,
      { error: error.errorType, message: PROBLEM_TEXT[status] ?? PROBLEM_TEXT[400] },
      headers,
    );
  }
  return jsonResponse(500, { error: SERVER_ERROR_CODE, message: PROBLEM_TEXT[500], requestId });
}
