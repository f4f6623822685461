/**
 * `npm run report -- (--local | --stage <stage>) [options]`: the funnel per
 * campaign and variant over a period, from the daily counters and the leads (see
 * functions/lib/funnel/report.ts). Prints a table, or writes JSON, CSV or a self-contained HTML
 * page. Counts and rates only: no lead's details are printed.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KnownCampaigns } from '../../functions/contract/campaigns';
import { addDays, isDay } from '../../functions/lib/funnel/days';
import { clinicDay } from '../../functions/lib/zoned-time';
import { loadReport } from '../../functions/lib/funnel/load-report';
import { reportHtml } from '../../functions/lib/funnel/report-html';
import { reportCsv, reportJson, reportTable } from '../../functions/lib/funnel/report-text';
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

export const USAGE = `Usage: npm run report -- (--local | --stage <stage>) [options]

  --local               the local stack (npm start); table leads-local unless --table is given
  --stage <stage>       a deployed stage in cdk.json, with your AWS credentials
  --table <name>        the leads table; with --stage, the one the stage's stack names
                        (its LeadsTableName output) unless given
  --from <YYYY-MM-DD>   first day of the period, in the clinic's time zone (default: 28 days ago)
  --to <YYYY-MM-DD>     last day of the period, included (default: today)
  --format <format>     table (default), json, csv or html
  --out <file>          write there instead of printing (html defaults to funnel-<from>-<to>.html)
  --help                this text`;

const FORMATS = ['table', 'json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

export interface ReportArgs extends TargetArgs {
  readonly from?: string;
  readonly to?: string;
  readonly format: Format;
  readonly out?: string;
  readonly help: boolean;
}

export function parseReportArgs(argv: readonly string[], env: Env = {}): ReportArgs {
  const values = parseFlags(argv, {
    local: { type: 'boolean', default: false },
    stage: { type: 'string' },
    table: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return { local: false, format: 'table', help: true };
  for (const flag of ['from', 'to'] as const) {
    const day = values[flag];
    if (day !== undefined && !isDay(day)) {
      throw new UsageError(
        `--${flag} must be a day written YYYY-MM-DD, such as 2026-11-02, got "${day}"`,
      );
    }
  }
  if (values.from !== undefined && values.to !== undefined && values.from > values.to) {
    throw new UsageError(`--from (${values.from}) must not be after --to (${values.to})`);
  }
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  }
  const args: ReportArgs = {
    local: values.local,
    ...(values.stage !== undefined && { stage: values.stage }),
    ...(values.table !== undefined && { table: values.table }),
    ...(values.from !== undefined && { from: values.from }),
    ...(values.to !== undefined && { to: values.to }),
    format: values.format as Format,
    ...(values.out !== undefined && { out: values.out }),
    help: false,
  };
  checkTargetArgs(args, env);
  return args;
}

export interface CommandIo {
  readonly env: Env;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly now?: () => Date;
  /** Where relative --out paths are written. @default process.cwd() */
  readonly cwd?: string;
  /**
   * The deployed campaigns and variants.
   * @default the site build's campaign table (web/dist, from `npm run build`)
   */
  readonly campaigns?: KnownCampaigns;
}

/** Runs the command; resolves to the exit code (0 done, 1 could not read, 2 wrong command line). */
export async function runReport(argv: readonly string[], io: CommandIo): Promise<number> {
  return runTableCommand(
    {
      name: 'report',
      usage: USAGE,
      parse: () => {
        const args = parseReportArgs(argv, io.env);
        return args.help ? 'help' : args;
      },
      run: async (args, target) => {
        const now = io.now ?? (() => new Date());
        const timeZone = target.config.clinic.timeZone;
        const to = args.to ?? clinicDay(now(), timeZone);
        const from = args.from ?? addDays(to, -27);
        if (from > to) {
          io.err(`--from (${from}) must not be after the period's last day (${to})`);
          return 2;
        }
        const report = await loadReport(
          { from, to, timeZone },
          {
            db: target.db,
            tableName: target.tableName,
            campaigns: deployedCampaigns(io.campaigns),
            now,
          },
        );
        const text =
          args.format === 'json'
            ? reportJson(report)
            : args.format === 'csv'
              ? reportCsv(report)
              : args.format === 'html'
                ? reportHtml(report, target.config.clinic.name)
                : `${reportTable(report)}\n`;
        const out = args.out ?? (args.format === 'html' ? `funnel-${from}-${to}.html` : undefined);
        if (out === undefined) {
          io.out(text.replace(/\n$/, ''));
        } else {
          const path = resolve(io.cwd ?? process.cwd(), out);
          writeFileSync(path, text);
          io.err(`Funnel report of ${target.where}, ${from} to ${to}, written to ${path}`);
        }
        return 0;
      },
    },
    io,
  );
}

runCli(import.meta.url, runReport);
