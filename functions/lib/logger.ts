/**
 * Structured JSON logs with Powertools for AWS Lambda. Log lines carry ids (lead id, request
 * id), never a name, phone, email or message: callers pass only those ids as keys.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
