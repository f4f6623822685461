/**
 * The one error hierarchy of the functions. Each error declares, as literals, the HTTP status
 * it maps to and its wire code (the `error` field of the API's JSON answer), as Powertools'
 * `HttpError` subclasses do: the code is part of the API, so renaming a class cannot change it.
 * `functions/lib/http.ts` is the only place that turns errors into responses.
 */
import type { FieldErrors } from '../contract/lead-schema';

/** The wire code of every failure on our side other than "busy": a generic 500. */
export const SERVER_ERROR_CODE = 'server_error';

/** Base of every error the API answers with on purpose. */
export abstract class AppError extends Error {
  /** HTTP status this error maps to. */
  abstract readonly status: number;
  /**
   * The `error` code the API answers with: declared, never derived from the class name. Named
   * as Powertools names it, and not `code`, which Node and the SDK use for network codes.
   */
  abstract readonly errorType: string;
}

/** A field broke a rule: 422 with a message per field (400 when the body is not a form at all). */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  readonly errorType = 'validation';
  constructor(
    readonly fields: FieldErrors,
    readonly status: 400 | 422 = 422,
    options?: ErrorOptions,
  ) {
    super(`Invalid fields: ${Object.keys(fields).join(', ')}`, options);
  }
}

/**
 * The request did not come through the site's CloudFront distribution (its origin header was
 * missing or wrong): refused before any work, with nothing that would help a caller probe.
 */
export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';
  readonly errorType = 'forbidden';
  readonly status = 403;
}

export class PayloadTooLargeError extends AppError {
  override readonly name = 'PayloadTooLargeError';
  readonly errorType = 'payload_too_large';
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly errorType = 'unsupported_media_type';
  readonly status = 415;
}

export class MethodNotAllowedError extends AppError {
  override readonly name = 'MethodNotAllowedError';
  readonly errorType = 'method_not_allowed';
  readonly status = 405;
  constructor(
    readonly allow: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`Method not allowed; use ${allow.join(', ')}`, options);
  }
}

/** The idempotency key was already used for a different request. */
export class IdempotencyConflictError extends AppError {
  override readonly name = 'IdempotencyConflictError';
  readonly errorType = 'idempotency_conflict';
  readonly status = 409;
}

/** The client sent too many requests in the current window. */
export class RateLimitedError extends AppError {
  override readonly name = 'RateLimitedError';
  readonly errorType = 'rate_limited';
  readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super('Too many requests', options);
  }
}

/** A dependency is throttling or briefly unavailable; the client may retry the same request. */
export class ServiceUnavailableError extends AppError {
  override readonly name = 'ServiceUnavailableError';
  readonly errorType = 'unavailable';
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
