/** Reading a secret's value from Secrets Manager: the one place that calls it. */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rethrowTransient } from './aws-errors';
import type { SecretReader } from './status-link';

/** A {@link SecretReader} over `client`; a transient failure becomes a retryable error. */
export function secretReader(client: SecretsManagerClient): SecretReader {
  return async (secretId) => {
    let value: string | undefined;
    try {
      value = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      return rethrowTransient(error, 'Secrets Manager');
    }
    if (value === undefined || value === '') {
      throw new Error('The secret has no text value');
    }
    return value;
  };
}
