/**
 * The SES and Secrets Manager clients the functions make at cold start, set up in one place.
 * Credentials and region come from Lambda's environment: the bundles carry only the SDK's
 * environment credential provider (infra/bundling.ts), and the table's client is
 * {@link createDocumentClient} in ./dynamo.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * An SES client with bounded waits, so an SES outage fails a run well inside the function's
 * timeout instead of hanging until Lambda kills it. Without `throwOnRequestTimeout` the SDK
 * only logs a warning when `requestTimeout` passes and keeps waiting.
 */
export function createSesClient(): SESv2Client {
  return new SESv2Client({
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
    },
  });
}

/** A Secrets Manager client for the status-link key, read once per cold start. */
export function createSecretsClient(): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: 2 });
}
