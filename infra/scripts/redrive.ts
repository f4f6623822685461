/**
 * `npm run redrive -- [options]`: sends the emails of leads still `pending` after the stream
 * gave up on them (see functions/notify/redrive.ts). It runs with the operator's credentials,
 * from the stage's configuration and the notify function's own environment builder, so it
 * emails exactly as the deployed function would.
 *
 *   npm run redrive -- --local --dry-run                        the local stack (`npm start`)
 *   npm run redrive -- --table <LeadsTableName> [--stage prod]  AWS (standard credential chain)
 *
 * Output names lead ids only, never a name, phone, email or message.
 */
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ConfigError, type AppConfig } from '../config/config';
import { loadConfig } from '../config/load-config';
import { ensureLocalLinkKey } from '../local/link-key';
import { REPO_ROOT } from '../local/load-function';
import { secretReader } from '../../functions/lib/secrets';
import { linkKeyLoader, STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';
import { errorName } from '../../functions/lib/aws-errors';
import { EnvironmentError, parseWholeNumber } from '../../functions/lib/env';
import { ServiceUnavailableError } from '../../functions/lib/errors';
import { notifyFunction } from '../manifest';
import { notifySettingsFromEnv } from '../../functions/notify/config';
import type { NotifyLogger } from '../../functions/notify/notify-leads';
import {
  REDRIVE_DEFAULTS,
  redrivePendingLeads,
  type RedriveOptions,
  type RedriveReport,
} from '../../functions/notify/redrive';
import { runCli } from './run-cli';
import {
  type Env,
  LOCAL_TABLE,
  openAwsTable,
  openLocal,
  type OpenTable,
  parseFlags,
  UsageError,
} from './target';

export const USAGE = `Usage: npm run redrive -- (--local | --table <name>) [options]

  --local                     the local stack (DynamoDB Local and the SES emulator); table ${LOCAL_TABLE}
                              unless --table is given; ports from DYNAMODB_PORT / SES_PORT
  --table <name>              the leads table (required for AWS: the stack's LeadsTableName output)
  --stage <name>              the stage in cdk.json (default: cdk.json's "stage")
  --since-days <n>            look back n days (default ${REDRIVE_DEFAULTS.sinceDays})
  --older-than-minutes <n>    leave leads younger than n minutes to the stream (default ${REDRIVE_DEFAULTS.olderThanMinutes})
  --configuration-set <name>  AWS only: the SES configuration set the notify function uses
                              (SES_CONFIGURATION_SET in its environment)
  --dry-run                   list lead ids and their pending emails; send nothing
  --help                      this text`;

/** The parsed command line. */
export interface RedriveArgs extends RedriveOptions {
  readonly local: boolean;
  readonly table?: string;
  readonly stage?: string;
  readonly configurationSet?: string;
  readonly help: boolean;
}

/**
 * Parses and checks the arguments. `env` catches npm swallowing `--dry-run` or `--local` given
 * without the `--` separator (npm reads them as its own settings), which would otherwise send
 * for real, or to AWS.
 */
export function parseRedriveArgs(argv: readonly string[], env: Env = {}): RedriveArgs {
  const values = parseFlags(argv, {
    local: { type: 'boolean', default: false },
    table: { type: 'string' },
    stage: { type: 'string' },
    'since-days': { type: 'string' },
    'older-than-minutes': { type: 'string' },
    'configuration-set': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  for (const [flag, variable] of [
    ['dry-run', 'npm_config_dry_run'],
    ['local', 'npm_config_local'],
  ] as const) {
    if (env[variable] === 'true' && values[flag] !== true) {
      throw new UsageError(
        `npm took --${flag} for itself: put "--" before the command's options (npm run redrive -- --${flag})`,
      );
    }
  }
  const table = nonEmpty('--table', values.table);
  const stage = nonEmpty('--stage', values.stage);
  const configurationSet = nonEmpty('--configuration-set', values['configuration-set']);
  if (!values.local && table === undefined && !values.help) {
    throw new UsageError(
      '--table <name> is required for AWS (the stack output LeadsTableName); use --local for the local stack',
    );
  }
  const sinceDays = wholeNumber(
    '--since-days',
    values['since-days'],
    REDRIVE_DEFAULTS.sinceDays,
    1,
  );
  const olderThanMinutes = wholeNumber(
    '--older-than-minutes',
    values['older-than-minutes'],
    REDRIVE_DEFAULTS.olderThanMinutes,
    0,
  );
  if (olderThanMinutes >= sinceDays * 24 * 60) {
    throw new UsageError(
      `--older-than-minutes (${olderThanMinutes}) leaves nothing of --since-days (${sinceDays}): make it smaller than ${sinceDays * 24 * 60}`,
    );
  }
  return {
    local: values.local,
    ...(table !== undefined && { table }),
    ...(stage !== undefined && { stage }),
    ...(configurationSet !== undefined && { configurationSet }),
    sinceDays,
    olderThanMinutes,
    dryRun: values['dry-run'],
    help: values.help,
  };
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') {
    throw new UsageError(`${flag} needs a value, e.g. ${flag} <name>`);
  }
  return value;
}

function wholeNumber(what: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = parseWholeNumber(raw, min, Number.MAX_SAFE_INTEGER);
  if (value === undefined) {
    throw new UsageError(`${what} must be a whole number ${min} or more, got "${raw}"`);
  }
  return value;
}

/** Where the command writes, and its clock (tests pass their own). */
export interface RedriveIo {
  readonly env: Env;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly now?: () => Date;
}

interface Target extends OpenTable {
  readonly ses: SESv2Client;
  /** Where the status-link key is (`STATUS_LINK_KEY`), for the links in the clinic email. */
  readonly linkKeySource: string;
}

function localTarget(args: RedriveArgs, env: Env): Target {
  return {
    ...openLocal(args.table, env),
    linkKeySource: ensureLocalLinkKey(join(REPO_ROOT, '.data')),
  };
}

function awsTarget(tableName: string, config: AppConfig, env: Env): Target {
  const linkKeySource = env[STATUS_LINK_KEY_VARIABLE];
  if (linkKeySource === undefined || !linkKeySource.startsWith('arn:')) {
    throw new UsageError(
      `Set ${STATUS_LINK_KEY_VARIABLE} to the status-link key's secret ARN (stack output StatusLinkKeySecretArn), so the re-sent clinic emails carry working status links`,
    );
  }
  const { region } = config.deployment;
  const table = openAwsTable(tableName, region);
  // Bounded waits, as the function has: an unreachable SES fails the lead instead of hanging.
  const ses = new SESv2Client({
    region,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
    },
  });
  return {
    ...table,
    ses,
    linkKeySource,
    destroy: () => {
      table.destroy();
      ses.destroy();
    },
  };
}

/** Warnings and errors of the core to stderr (ids and error names only); progress stays quiet. */
function stderrLogger(err: (line: string) => void): NotifyLogger {
  const write =
    (level: string) =>
    (message: unknown, ...extra: unknown[]) =>
      err(`${level}: ${String(message)}${extra.length > 0 ? ` ${JSON.stringify(extra)}` : ''}`);
  return { debug: () => {}, info: () => {}, warn: write('warn'), error: write('error') };
}

/** The summary: counts and lead ids. */
export function formatReport(report: RedriveReport, dryRun: boolean): string[] {
  const lines = [
    `Leads created from ${report.from} to ${report.to}${dryRun ? ' (dry run: nothing sent)' : ''}`,
    `found    ${report.found.length}`,
    ...report.found.map((lead) => `  ${lead.id}  pending: ${lead.pending.join(', ')}`),
  ];
  if (dryRun) return lines;
  return [
    ...lines,
    `sent     ${report.sent.length}`,
    ...report.sent.map((id) => `  ${id}`),
    `skipped  ${report.skipped.length}  (nothing left to send on a fresh read)`,
    ...report.skipped.map((id) => `  ${id}`),
    `failed   ${report.failed.length}${report.failed.length > 0 ? '  (still pending: run again once the cause is fixed)' : ''}`,
    ...report.failed.map(
      (f) => `  ${f.id}  ${f.error}${f.cause !== undefined ? ` (cause: ${f.cause})` : ''}`,
    ),
  ];
}

/**
 * Runs the command; resolves to the exit code: 0 done, 1 some lead failed or the run could not
 * start, 2 a wrong command line.
 */
export async function runRedrive(argv: readonly string[], io: RedriveIo): Promise<number> {
  let args: RedriveArgs;
  let config: AppConfig;
  try {
    args = parseRedriveArgs(argv, io.env);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    config = loadConfig(args.stage === undefined ? {} : { stage: args.stage });
    if (args.sinceDays > config.leads.retentionDays) {
      // Older leads have expired (TTL): looking further back only costs queries.
      throw new UsageError(
        `--since-days must be at most ${config.leads.retentionDays} (leads.retentionDays of stage ${config.stage}), got ${args.sinceDays}`,
      );
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }

  let target: Target;
  try {
    target = args.local ? localTarget(args, io.env) : awsTarget(args.table ?? '', config, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    return 2;
  }
  try {
    // The notify function's own environment, read by its own parser: the same sender,
    // recipients and clinic details as the deployed function.
    const { tableName, config: notifyConfig } = notifySettingsFromEnv(
      notifyFunction.environment(config, {
        tableName: target.tableName,
        ...(args.configurationSet !== undefined && {
          configurationSetName: args.configurationSet,
        }),
      }),
    );
    io.out(`Re-drive of ${target.where} (stage ${config.stage})`);
    const report = await redrivePendingLeads(args, {
      db: target.db,
      ses: target.ses,
      tableName,
      config: notifyConfig,
      now: io.now ?? (() => new Date()),
      logger: stderrLogger(io.err),
      linkKey: linkKeyLoader(
        target.linkKeySource,
        secretReader(new SecretsManagerClient({ region: config.deployment.region })),
      ),
    });
    for (const line of formatReport(report, args.dryRun)) io.out(line);
    return report.failed.length > 0 ? 1 : 0;
  } catch (error) {
    io.err(startFailure(error, args, target));
    return 1;
  } finally {
    target.destroy();
  }
}

/** Why the run could not even list the leads, and what to check. */
function startFailure(error: unknown, args: RedriveArgs, target: Target): string {
  const name = errorName(error);
  if (error instanceof EnvironmentError) return `The configuration is not usable: ${error.message}`;
  if (name === 'ResourceNotFoundException') {
    return `Table ${target.where} was not found: check --table (the stack output LeadsTableName)${args.local ? ' and that `npm start` has run' : ' and the stage'}`;
  }
  if (error instanceof ServiceUnavailableError) {
    return `${error.message}: ${args.local ? 'is the local stack running (`npm start`)?' : 'try again shortly'}`;
  }
  if (name.startsWith('CredentialsProviderError') || name === 'UnrecognizedClientException') {
    return `No usable AWS credentials (${name}): set AWS_PROFILE or sign in (aws sso login)`;
  }
  if (name === 'AccessDeniedException') {
    return `Access denied (${name}): the credentials need dynamodb:Query on the byMonth index, dynamodb:GetItem and dynamodb:UpdateItem on the table, kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on its key, and ses:SendEmail (see README, Re-sending emails that failed)`;
  }
  return `The re-drive stopped: ${name}${error instanceof Error ? `: ${error.message}` : ''}`;
}

runCli(import.meta.url, runRedrive);
