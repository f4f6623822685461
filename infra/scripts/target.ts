/**
 * Where the operator commands (report, export, seed, redrive) read and write: the local stack
 * (DynamoDB Local and the SES emulator, on the ports `npm start` uses), or a deployed stage's
 * table with the operator's own AWS credentials.
 */
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { knownCampaigns, type KnownCampaigns } from '../../functions/contract/campaigns';
import { createDocumentClient } from '../../functions/lib/dynamo';
import { parseWholeNumber } from '../../functions/lib/env';
import { funnelCampaigns, type FunnelCampaigns } from '../../functions/lib/funnel/campaigns';
import { ConfigError, type AppConfig } from '../config/config';
import { loadConfig } from '../config/load-config';
import { createLocalClients, type LocalClients } from '../local/aws-clients';
import { REPO_ROOT } from '../local/load-function';
import { DEFAULT_PORTS, PORT_VARIABLES } from '../local/stack';
import { readCampaignTable } from '../site/viewer-function-code';
import { StackLookupError, stackTableName } from './stack-table';

/** The table `npm start` creates. */
export const LOCAL_TABLE = 'leads-local';

/** The command line was wrong: the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The process environment, or a test's. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The flags of a command line (node:util's parseArgs: strict, no positional arguments); an
 * unknown flag or a missing value is a {@link UsageError}.
 */
export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Where a command writes: its output and its errors. */
export interface CommandOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** One operator command that reads or writes the leads table. */
export interface TableCommand<A extends TargetArgs> {
  /** As the command is called in messages: "export", "report". */
  readonly name: string;
  readonly usage: string;
  /** Parses and checks the command line; throws {@link UsageError} for a wrong one. */
  readonly parse: () => A | 'help';
  /** The work, on the open table; resolves to the exit code. */
  readonly run: (args: A, target: Target) => Promise<number>;
}

/**
 * Runs a table command from its command line to its exit code, with the ends every such
 * command shares: 0 after printing the usage for --help; 2 with the message and the usage for a
 * wrong command line or configuration; 1 when the stage's stack cannot be read, or when the
 * work fails (with what to check, from {@link targetFailure}). The table is closed at the end.
 */
export async function runTableCommand<A extends TargetArgs>(
  command: TableCommand<A>,
  io: CommandOutput & { readonly env: Env },
): Promise<number> {
  let args: A;
  let target: Target;
  try {
    const parsed = command.parse();
    if (parsed === 'help') {
      io.out(command.usage);
      return 0;
    }
    args = parsed;
    target = await openTarget(args, io.env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof StackLookupError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  try {
    return await command.run(args, target);
  } catch (error) {
    io.err(
      targetFailure(error, args, target.where) ??
        `The ${command.name} stopped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return 1;
  } finally {
    target.destroy();
  }
}

export interface TargetArgs {
  readonly local: boolean;
  readonly stage?: string;
  readonly table?: string;
}

/** A table and the client that reaches it. */
export interface OpenTable {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  /** "leads-local on http://127.0.0.1:8000" or "<table> in <region>". */
  readonly where: string;
  readonly destroy: () => void;
}

/** A table and the stage configuration it is read under. */
export interface Target extends OpenTable {
  readonly config: AppConfig;
}

/** The site build a deployment is made from (`npm run build`), as `npm run deploy` uses it. */
const SITE_DIR = join(REPO_ROOT, 'web', 'dist');

/**
 * The campaigns and variants the funnel is read under: `known` when given, else the site
 * build's campaign table (web/content/campaigns.ts, as deployed), as the submit and events
 * functions know them. Throws, saying to build, when there is no build.
 */
export function deployedCampaigns(known?: KnownCampaigns): FunnelCampaigns {
  return funnelCampaigns(known ?? knownCampaigns(readCampaignTable(SITE_DIR)));
}

/** Checks that exactly one of --local and --stage was given. */
export function checkTargetArgs(args: TargetArgs, env: Env): void {
  if (env.npm_config_local === 'true' && !args.local) {
    throw new UsageError(
      'npm took --local for itself: put "--" before the options (npm run <command> -- --local)',
    );
  }
  if (args.local === (args.stage !== undefined)) {
    throw new UsageError(
      'Choose where: --local for the local stack, or --stage <stage> for a deployed stage',
    );
  }
}

/**
 * Opens the target the arguments name. A stage's table is `--table` when given, else the one its
 * deployed stack names (stack-table.ts), which throws `StackLookupError` when it cannot be read.
 */
export async function openTarget(args: TargetArgs, env: Env): Promise<Target> {
  const config = loadConfig(args.stage === undefined ? {} : { stage: args.stage });
  if (args.local) return { config, ...openLocal(args.table, env) };
  const tableName = args.table ?? (await stackTableName(config));
  return { config, ...openAwsTable(tableName, config.deployment.region) };
}

/**
 * The local stack's clients, on the ports in DYNAMODB_PORT and SES_PORT (or `npm start`'s
 * defaults), and its table: `table`, or {@link LOCAL_TABLE}.
 */
export function openLocal(table: string | undefined, env: Env): OpenTable & LocalClients {
  const dynamodbEndpoint = `http://127.0.0.1:${localPort('dynamodb', env)}`;
  const clients = createLocalClients({
    dynamodbEndpoint,
    sesUrl: `http://127.0.0.1:${localPort('ses', env)}`,
  });
  const tableName = table ?? LOCAL_TABLE;
  return { ...clients, tableName, where: `${tableName} on ${dynamodbEndpoint}` };
}

/** A deployed table in `region`, reached with the standard AWS credential chain. */
export function openAwsTable(tableName: string, region: string): OpenTable {
  const db = createDocumentClient({ region });
  return { db, tableName, where: `${tableName} in ${region}`, destroy: () => db.destroy() };
}

/** A port of the local stack: its variable (e.g. DYNAMODB_PORT) when set, else the default. */
function localPort(name: 'dynamodb' | 'ses', env: Env): number {
  const variable = PORT_VARIABLES[name];
  const raw = env[variable];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[name];
  const port = parseWholeNumber(raw, 1, 65_535);
  if (port === undefined) {
    throw new UsageError(`${variable} must be a whole number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

/** Why a command could not reach its table, and what to check. */
export function targetFailure(error: unknown, args: TargetArgs, where: string): string | undefined {
  const name = error instanceof Error ? error.name : '';
  if (name === 'ResourceNotFoundException') {
    return `Table ${where} was not found: ${args.local ? 'is the local stack running (`npm start`)?' : 'check --stage (and --table, when given)'}`;
  }
  if (
    name === 'ServiceUnavailableError' ||
    (error as { code?: unknown } | undefined)?.code === 'ECONNREFUSED'
  ) {
    return `Cannot reach ${where}: ${args.local ? 'is the local stack running (`npm start`)?' : 'try again shortly'}`;
  }
  if (name.startsWith('CredentialsProviderError') || name === 'UnrecognizedClientException') {
    return `No usable AWS credentials (${name}): set AWS_PROFILE or sign in (aws sso login)`;
  }
  if (name === 'AccessDeniedException') {
    return `Access denied: the credentials need dynamodb:Query on the table and its byMonth index, and kms:Decrypt on the table key`;
  }
  return undefined;
}
