/**
 * `npm run export -- --since <YYYY-MM-DD> (--local | --stage <stage>)`: the
 * leads created since a day (in the clinic's time zone) as CSV for the clinic's CRM, read
 * through the `byMonth` index (never a scan). The file holds patient data: it is written
 * readable by its owner only, and the command says so.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDay, startOfClinicDay } from '../../functions/lib/funnel/days';
import { leadsCsv } from '../../functions/lib/funnel/lead-csv';
import { leadsCreatedBetween } from '../../functions/lib/funnel/leads-by-month';
import type { KnownCampaigns } from '../../functions/contract/campaigns';
import {
  checkTargetArgs,
  deployedCampaigns,
  type Env,
  parseFlags,
  runTableCommand,
  type TargetArgs,
  UsageError,
} from './target';
import { runCli } from './run-cli';

export const USAGE = `Usage: npm run export -- --since <YYYY-MM-DD> (--local | --stage <stage>) [--out <file>]

  --since <YYYY-MM-DD>  leads created from this day on (clinic's time zone) up to now
  --local               the local stack (npm start); table leads-local unless --table is given
  --stage <stage>       a deployed stage in cdk.json, with your AWS credentials
  --table <name>        the leads table; with --stage, the one the stage's stack names
                        (its LeadsTableName output) unless given
  --out <file>          where to write (default exports/leads-since-<day>-<time>.csv)
  --help                this text

The file holds patient data (names, phone numbers, emails, messages, consent evidence).`;

export interface ExportArgs extends TargetArgs {
  readonly since: string;
  readonly out?: string;
}

export function parseExportArgs(argv: readonly string[], env: Env = {}): ExportArgs | 'help' {
  const values = parseFlags(argv, {
    since: { type: 'string' },
    local: { type: 'boolean', default: false },
    stage: { type: 'string' },
    table: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  if (values.since === undefined)
    throw new UsageError('--since <YYYY-MM-DD> is required: the first day to export');
  if (!isDay(values.since)) {
    throw new UsageError(
      `--since must be a day written YYYY-MM-DD, such as 2026-11-01, got "${values.since}"`,
    );
  }
  const args: ExportArgs = {
    since: values.since,
    local: values.local,
    ...(values.stage !== undefined && { stage: values.stage }),
    ...(values.table !== undefined && { table: values.table }),
    ...(values.out !== undefined && { out: values.out }),
  };
  checkTargetArgs(args, env);
  return args;
}

export async function runExport(
  argv: readonly string[],
  io: {
    env: Env;
    out: (t: string) => void;
    err: (t: string) => void;
    now?: () => Date;
    cwd?: string;
    /** The deployed campaigns. @default the site build's campaign table (web/dist) */
    campaigns?: KnownCampaigns;
  },
): Promise<number> {
  return runTableCommand(
    {
      name: 'export',
      usage: USAGE,
      parse: () => parseExportArgs(argv, io.env),
      run: async (args, target) => {
        const now = (io.now ?? (() => new Date()))();
        const from = startOfClinicDay(args.since, target.config.clinic.timeZone);
        if (from > now) {
          io.err(`--since ${args.since} is in the future: nothing to export`);
          return 2;
        }
        const items = await leadsCreatedBetween(target.db, target.tableName, from, now);
        const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
        const path = resolve(
          io.cwd ?? process.cwd(),
          args.out ?? `exports/leads-since-${args.since}-${stamp}.csv`,
        );
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, leadsCsv(items, deployedCampaigns(io.campaigns)), { mode: 0o600 });
        // An existing file keeps its old mode on overwrite: narrow it explicitly.
        chmodSync(path, 0o600);
        io.out(
          [
            `Exported ${items.length} lead${items.length === 1 ? '' : 's'} created since ${args.since} from ${target.where}`,
            `File: ${path}`,
            'This file holds patient data (names, phone numbers, emails, messages, consent evidence).',
            'Keep it on an encrypted disk, give it only to the clinic’s CRM, and delete it once imported.',
          ].join('\n'),
        );
        return 0;
      },
    },
    io,
  );
}

runCli(import.meta.url, runExport);
