/**
 * Telling a transient AWS SDK failure (throttling, a timeout, the service unreachable) from one
 * that retrying will not fix, and naming an error for a log line without its message (SDK
 * messages can quote the request, addresses included).
 */
import { ServiceUnavailableError } from './errors';

/** Error names AWS services use for "slow down" or "try again later". */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'InternalFailure',
  'InternalServerError',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Node network error codes: the service could not be reached at all. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Whether an error from an AWS SDK call is worth retrying later. */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = error as Error & {
    code?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (TRANSIENT_NAMES.has(error.name)) return true;
  if (typeof details.code === 'string' && TRANSIENT_CODES.has(details.code)) return true;
  if (details.$retryable !== undefined) return true;
  const status = details.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}

/** The name (and network code) of an error, safe to log: never its message. */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== error.name ? `${error.name}:${code}` : error.name;
}

/**
 * The one translation of an SDK failure at a store boundary: a transient one becomes the app's
 * retryable {@link ServiceUnavailableError} (named, never with the SDK's message); anything
 * else is thrown on as it is.
 */
export function rethrowTransient(error: unknown, what: string, retryAfterSeconds = 2): never {
  if (isTransientAwsError(error)) {
    throw new ServiceUnavailableError(
      `${what} is unavailable (${errorName(error)})`,
      retryAfterSeconds,
      {
        cause: error,
      },
    );
  }
  throw error;
}
