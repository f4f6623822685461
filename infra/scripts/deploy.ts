/**
 * `npm run deploy -- [-c stage=<stage>] [--skip-doctor] [cdk deploy options]`: the preflight
 * (`npm run doctor`) first, then the site build and `cdk deploy --all`. A preflight error stops
 * it before anything is built or changed; `--skip-doctor` deploys without asking.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../bundling';
import { parseDeployArgs, UsageError } from '../doctor/cli-args';
import { doctor } from './doctor';

/** Runs a command in the repository, with the terminal; resolves to its exit code. */
function run(command: string, args: readonly string[]): number {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  return result.status ?? 1;
}

export async function deploy(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseDeployArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  if (parsed.skipDoctor) {
    console.warn('Skipping the preflight (--skip-doctor).');
  } else {
    const code = await doctor(argv);
    if (code !== 0) {
      console.error(
        '\nNothing was deployed. Fix the above, or pass --skip-doctor to deploy anyway.',
      );
      return code;
    }
  }
  const built = run('npm', ['run', 'build']);
  if (built !== 0) return built;
  return run('npx', ['cdk', 'deploy', '--all', '--require-approval', 'never', ...parsed.cdkArgs]);
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  process.exitCode = await deploy(process.argv.slice(2));
}
