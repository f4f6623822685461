/**
 * The one error hierarchy of the functions. Each error knows the HTTP status it maps to;
 * `functions/lib/http.ts` is the only place that turns errors into responses.
 */
import type { FieldErrors } from '../contract/lead-schema';

/** Base of every error the API answers with on purpose. */
export abstract class AppError extends Error {
  /** HTTP status this error maps to. */
  abstract readonly status: number;
}

/** A field broke a rule: 422 with a message per field (400 when the body is not a form at all). */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
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
  readonly status = 403;
}

export class PayloadTooLargeError extends AppError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
}

export class MethodNotAllowedError extends AppError {
  override readonly name = 'MethodNotAllowedError';
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
  readonly status = 409;
}

/** The client sent too many requests in the current window. */
export class RateLimitedError extends AppError {
  override readonly name = 'RateLimitedError';
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
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
