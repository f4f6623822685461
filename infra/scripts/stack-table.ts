/**
 * The leads table of a deployed stage, found from the stage's own stack: its `LeadsTableName`
 * output (infra/stack.ts), read with `cloudformation:DescribeStacks` and the operator's
 * credentials. So `--stage prod` is enough; `--table` only overrides it.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AppConfig } from '../config/config';
import { stackNameOf } from '../stack-name';

/** The stack output that names the leads table. */
export const TABLE_OUTPUT = 'LeadsTableName';

/** The deployed stage could not be read: the message says why and what to do. */
export class StackLookupError extends Error {
  override readonly name = 'StackLookupError';
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
]);

/**
 * The stage's table name from its stack's outputs. Throws {@link StackLookupError} when there
 * are no usable credentials, no such stack in deployment.region, or no output (yet) to read.
 * `cloudformation` is made for deployment.region when not given (tests hand a stubbed one).
 */
export async function stackTableName(
  config: AppConfig,
  cloudformation?: CloudFormationClient,
): Promise<string> {
  const stackName = stackNameOf(config.stage);
  const { region } = config.deployment;
  const where = `${stackName} in ${region}`;
  const orTable = `or name the table with --table <name>`;
  const client = cloudformation ?? new CloudFormationClient({ region });
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = answer.Stacks?.[0];
    const table = stack?.Outputs?.find((o) => o.OutputKey === TABLE_OUTPUT)?.OutputValue;
    if (table === undefined || table === '') {
      throw new StackLookupError(
        `Stack ${where} (${stack?.StackStatus ?? 'no status'}) has no ${TABLE_OUTPUT} output: wait for its deploy to finish (npm run deploy -- -c stage=${config.stage}), ${orTable}`,
      );
    }
    return table;
  } catch (error) {
    if (error instanceof StackLookupError) throw error;
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? error.message : String(error);
    // CloudFormation answers a missing stack with a ValidationError that says so.
    if (name === 'ValidationError' && /does not exist/.test(message)) {
      throw new StackLookupError(
        `No stack ${where}: deploy stage ${config.stage} first (npm run deploy -- -c stage=${config.stage}), check deployment.region and your account (AWS_PROFILE), ${orTable}`,
      );
    }
    if (CREDENTIAL_ERRORS.has(name)) {
      throw new StackLookupError(
        `No usable AWS credentials (${name}) to read stack ${where}: set AWS_PROFILE or sign in (aws sso login)`,
      );
    }
    if (name === 'AccessDenied' || name === 'AccessDeniedException') {
      throw new StackLookupError(
        `Access denied reading stack ${where}: the credentials need cloudformation:DescribeStacks on it, ${orTable}`,
      );
    }
    throw new StackLookupError(`Could not read stack ${where} (${name}: ${message}), ${orTable}`, {
      cause: error,
    });
  } finally {
    if (cloudformation === undefined) client.destroy();
  }
}
