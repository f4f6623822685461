/**
 * Structured JSON logs with Powertools for AWS Lambda. Log lines carry ids (lead id, request
 * id), never a name, phone, email or message: callers pass only those ids as keys, and errors
 * are logged by name and status, never with their message (an SDK message can quote a value).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError, ValidationError } from './errors';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/** Logs a refused request as info and a failure as an error, without personal data. */
export function logFailure(logger: Logger, error: unknown): void {
  if (error instanceof AppError && error.status < 500) {
    logger.info('Request refused', {
      status: error.status,
      reason: error.name,
      ...(error instanceof ValidationError && { fields: Object.keys(error.fields) }),
    });
    return;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  logger.error('Request failed', {
    status: error instanceof AppError ? error.status : 500,
    reason: error instanceof Error ? error.name : typeof error,
    ...(cause instanceof Error && { cause: cause.name }),
  });
}
