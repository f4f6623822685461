/**
 * The command line shared by `npm run doctor` and `npm run deploy`: CDK's own context flags
 * (`-c key=value`, `--context key=value`), so the same words select the stage for both.
 */

/** The command line was wrong: the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parsed command line. */
export interface DeployArgs {
  /** `-c` pairs, as the CDK CLI would pass them to the app. */
  readonly context: Readonly<Record<string, string>>;
  /** `--skip-doctor`: deploy without the preflight. */
  readonly skipDoctor: boolean;
  /** Everything else, handed to `cdk deploy` unchanged (the `-c` pairs included). */
  readonly cdkArgs: readonly string[];
}

/** Reads `-c key=value` pairs and `--skip-doctor`; keeps every other argument for the CDK. */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const context: Record<string, string> = {};
  const cdkArgs: string[] = [];
  let skipDoctor = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--skip-doctor') {
      skipDoctor = true;
      continue;
    }
    if (arg === '-c' || arg === '--context') {
      const pair = argv[i + 1];
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq < 1) {
        throw new UsageError(`${arg} needs key=value, such as "${arg} stage=prod"`);
      }
      context[pair.slice(0, eq)] = pair.slice(eq + 1);
      cdkArgs.push(arg, pair);
      i++;
      continue;
    }
    cdkArgs.push(arg);
  }
  return { context, skipDoctor, cdkArgs };
}
