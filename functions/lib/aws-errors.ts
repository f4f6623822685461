/**
 * Telling a transient AWS SDK failure (throttling, a timeout, the service unreachable) from one
 * that retrying will not fix, and naming an error for a log line without its message (SDK
 * messages can quote the request, addresses included).
 */
import {
  isServerError,
  isThrottlingError,
  isTransientError,
} from '@smithy/service-error-classification';
import { ServiceUnavailableError } from './errors';

/** The error shape the SDK's classifier reads (`name`, `code`, `$metadata`, `$retryable`). */
type SdkError = Parameters<typeof isTransientError>[0];

/**
 * Whether an error from an AWS SDK call is worth retrying later: the same three questions the
 * SDK's own retry strategy asks (throttled, transient, a server error), answered by the SDK's
 * classifier rather than a list of names kept here. It covers throttling names and 429,
 * timeouts, 500/502/503/504 and every other 5xx, Node's network codes (ECONNREFUSED,
 * ECONNRESET, ETIMEDOUT, EPIPE, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN), errors the
 * service marks `$retryable`, and such a failure wrapped as another error's `cause`.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdkError = error as SdkError;
  return isThrottlingError(sdkError) || isTransientError(sdkError) || isServerError(sdkError);
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
