import { describe, expect, it } from 'vitest';
import { formatReport, parseRedriveArgs, runRedrive } from '../../../infra/scripts/redrive';
import { UsageError } from '../../../infra/scripts/target';
import type { RedriveReport } from '../../../functions/notify/redrive';

describe('Command: npm run redrive', () => {
  describe('Function: parseRedriveArgs', () => {
    it('defaults to the last 14 days, leaving the last 10 minutes to the stream', () => {
      expect(parseRedriveArgs(['--local'])).toEqual({
        local: true,
        sinceDays: 14,
        olderThanMinutes: 10,
        dryRun: false,
        help: false,
      });
    });

    it('reads every option', () => {
      expect(
        parseRedriveArgs([
          '--table',
          'LeadCapture-prod-Leads',
          '--stage',
          'prod',
          '--since-days',
          '30',
          '--older-than-minutes',
          '0',
          '--configuration-set',
          'leads-mail',
          '--dry-run',
        ]),
      ).toEqual({
        local: false,
        table: 'LeadCapture-prod-Leads',
        stage: 'prod',
        configurationSet: 'leads-mail',
        sinceDays: 30,
        olderThanMinutes: 0,
        dryRun: true,
        help: false,
      });
    });

    it.each([
      [[], /--table <name> is required for AWS/],
      [['--local', '--since-days', '0'], /--since-days must be a whole number 1 or more, got "0"/],
      [['--local', '--since-days', '2.5'], /--since-days must be a whole number/],
      [['--local', '--since-days', 'two'], /--since-days must be a whole number/],
      [['--local', '--older-than-minutes', '-5'], /older-than-minutes/],
      [['--local', '--older-than-minutes', ''], /--older-than-minutes must be a whole number/],
      [['--local', '--since-days', '1', '--older-than-minutes', '1440'], /leaves nothing/],
      [['--local', '--table', ' '], /--table needs a value/],
      [['--local', '--since'], /Unknown option '--since'/],
      [['--local', 'now'], /Unexpected argument 'now'/],
    ])('refuses %j with a message that says what to change', (argv, message) => {
      expect(() => parseRedriveArgs(argv)).toThrow(UsageError);
      expect(() => parseRedriveArgs(argv)).toThrow(message);
    });

    it.each([
      ['dry-run', 'npm_config_dry_run'],
      ['local', 'npm_config_local'],
    ])('refuses to run when npm took --%s for itself', (flag, variable) => {
      expect(() => parseRedriveArgs(['--table', 'leads'], { [variable]: 'true' })).toThrow(
        `npm run redrive -- --${flag}`,
      );
    });
  });

  describe('Function: runRedrive', () => {
    async function run(argv: string[], env: Record<string, string> = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runRedrive(argv, {
        env,
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    it('prints the usage and exits 2 for a wrong command line', async () => {
      const result = await run(['--since-days', 'x', '--local']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('Usage: npm run redrive --');
    });

    it('refuses to look back further than the stage keeps leads', async () => {
      const result = await run(['--local', '--since-days', '400']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('--since-days must be at most 365 (leads.retentionDays');
    });

    it('names the stages there are when the stage is unknown', async () => {
      const result = await run(['--local', '--stage', 'staging']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('stage "staging" is not declared');
    });

    it('refuses a port setting that is not a port', async () => {
      const result = await run(['--local'], { DYNAMODB_PORT: '80000' });
      expect(result.code).toBe(2);
      expect(result.err).toContain('DYNAMODB_PORT must be a whole number from 1 to 65535');
    });

    it('prints the usage with --help and does nothing else', async () => {
      const result = await run(['--help']);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain('--older-than-minutes <n>');
    });
  });

  describe('Function: formatReport', () => {
    const report: RedriveReport = {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-14T23:50:00.000Z',
      found: [
        { id: 'lead-1', createdAt: '2026-03-02T10:00:00.000Z', pending: ['clinic', 'patient'] },
        { id: 'lead-2', createdAt: '2026-03-03T10:00:00.000Z', pending: ['patient'] },
        { id: 'lead-3', createdAt: '2026-03-04T10:00:00.000Z', pending: ['clinic'] },
      ],
      sent: ['lead-1'],
      skipped: ['lead-2'],
      failed: [{ id: 'lead-3', error: 'EmailRejectedError', cause: 'MessageRejected' }],
    };

    it('counts found, sent, skipped and failed leads, by id', () => {
      expect(formatReport(report, false)).toEqual([
        'Leads created from 2026-03-01T00:00:00.000Z to 2026-03-14T23:50:00.000Z',
        'found    3',
        '  lead-1  pending: clinic, patient',
        '  lead-2  pending: patient',
        '  lead-3  pending: clinic',
        'sent     1',
        '  lead-1',
        'skipped  1  (nothing left to send on a fresh read)',
        '  lead-2',
        'failed   1  (still pending: run again once the cause is fixed)',
        '  lead-3  EmailRejectedError (cause: MessageRejected)',
      ]);
    });

    it('lists only what is pending in a dry run', () => {
      const lines = formatReport({ ...report, sent: [], skipped: [], failed: [] }, true);
      expect(lines[0]).toContain('(dry run: nothing sent)');
      expect(lines.filter((line) => /^(sent|skipped|failed)/.test(line))).toEqual([]);
    });
  });
});
