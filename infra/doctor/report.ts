import type { Finding, Level } from './doctor';

const MARK: Readonly<Record<Level, string>> = { ok: 'ok  ', warning: 'WARN', error: 'FAIL' };

/** The findings as lines for a terminal: one per check, with what to do under each problem. */
export function formatFindings(findings: readonly Finding[]): string {
  const lines = findings.flatMap((f) => [
    `${MARK[f.level]}  ${f.check}: ${f.message}`,
    ...(f.fix !== undefined && f.level !== 'ok' ? [`      → ${f.fix}`] : []),
  ]);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  lines.push(
    '',
    errors > 0
      ? `${errors} problem(s) would make the deploy fail or leave leads unsent; fix them first.`
      : warnings > 0
        ? `Ready to deploy; ${warnings} warning(s) above need attention before patients use the site.`
        : 'Ready to deploy.',
  );
  return lines.join('\n');
}
