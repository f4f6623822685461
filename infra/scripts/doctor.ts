/**
 * `npm run doctor -- -c stage=<stage>`: the deploy preflight (infra/doctor/doctor.ts), with
 * the deployer's AWS credentials and read-only calls. Exits 1 when a finding would make the
 * deploy fail or leave leads unsent; `npm run deploy` runs it first.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/config';
import { loadConfig, readCdkContext } from '../config/load-config';
import { parseDeployArgs, UsageError } from '../doctor/cli-args';
import { awsClients, hasErrors, runDoctor } from '../doctor/doctor';
import { formatFindings } from '../doctor/report';

/** Runs the preflight for the stage the arguments select; resolves to the exit code. */
export async function doctor(argv: readonly string[]): Promise<number> {
  try {
    const { context } = parseDeployArgs(argv);
    const config = loadConfig(context);
    console.log(`Preflight of stage "${config.stage}" (${config.deployment.region}):\n`);
    const qualifier = readCdkContext()['@aws-cdk/core:bootstrapQualifier'];
    const findings = await runDoctor({
      config,
      clients: awsClients,
      ...(typeof qualifier === 'string' && { bootstrapQualifier: qualifier }),
    });
    console.log(formatFindings(findings));
    return hasErrors(findings) ? 1 : 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(error.message);
      return 1;
    }
    if (
      error instanceof Error &&
      /credential|token|expired/i.test(`${error.name} ${error.message}`)
    ) {
      console.error(
        `The AWS credentials were refused or are missing (${error.name}: ${error.message}). Sign in (e.g. "aws sso login" or AWS_PROFILE=<profile>) and run it again.`,
      );
      return 1;
    }
    throw error;
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  process.exitCode = await doctor(process.argv.slice(2));
}
