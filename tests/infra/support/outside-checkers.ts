/**
 * The checkers from outside the CDK: cfn-lint (AWS's CloudFormation linter, a Python tool on
 * the PATH) on each synthesised template, and the Control Tower cfn-guard rules, whose findings
 * CDK writes to the cloud assembly's validation report.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { GUARD_PLUGIN_NAME } from '../../../infra/nag';

/**
 * cfn-lint warnings accepted on purpose, by rule, with the reason. Any other warning, and
 * every error, fails the test.
 */
export const ACCEPTED_LINT_WARNINGS: Readonly<Record<string, string>> = {
  W3005:
    "aws-cdk-lib's Lambda construct (ours, BucketDeployment's and its custom resource providers') lists its role in DependsOn as well as in Role; the dependency is redundant, not wrong, and is written by the library.",
};

/** One cfn-lint finding. */
export interface LintFinding {
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  readonly path: string;
}

/** Runs cfn-lint on a stack's synthesised template, for the region it deploys to. */
export function cfnLint(outdir: string, stack: Stack): LintFinding[] {
  const template = join(outdir, stack.templateFile);
  const run = spawnSync(
    'cfn-lint',
    ['--format', 'json', '--regions', stack.region, '--', template],
    { encoding: 'utf8' },
  );
  if (run.error) {
    throw new Error(
      `cfn-lint could not be run (${run.error.message}); install it with "pip install cfn-lint"`,
    );
  }
  // Exit codes are a bit mask of the levels found; anything but JSON on stdout is a crash.
  let findings: {
    Level: string;
    Message: string;
    Rule: { Id: string };
    Location: { Path: (string | number)[] };
  }[];
  try {
    findings = JSON.parse(run.stdout) as typeof findings;
  } catch {
    throw new Error(`cfn-lint failed on ${template}: ${run.stderr || run.stdout}`);
  }
  return findings.map((f) => ({
    rule: f.Rule.Id,
    level: f.Level,
    message: f.Message,
    path: f.Location.Path.join('/'),
  }));
}

/** A violation left in the validation report after acknowledgements. */
export interface GuardViolation {
  readonly rule: string;
  readonly paths: string[];
}

/** What the Control Tower rules reported: the plugin's presence, and what is left. */
export function guardReport(outdir: string): {
  readonly ran: boolean;
  readonly violations: GuardViolation[];
} {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations?: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  const guard = report.pluginReports.filter((p) => p.pluginName === GUARD_PLUGIN_NAME);
  return {
    ran: guard.length > 0,
    violations: guard.flatMap((p) =>
      (p.violations ?? []).map((v) => ({
        rule: v.ruleName,
        paths: v.violatingConstructs.map((c) => c.constructPath),
      })),
    ),
  };
}
