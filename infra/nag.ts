/**
 * The compliance checks every synth runs, and the one way a finding is acknowledged.
 *
 * cdk-nag's AwsSolutions, HIPAA Security and Serverless packs and the AWS Control Tower
 * proactive controls (cfn-guard rules, through `@cdklabs/cdk-validator-cfnguard`) are CDK
 * validation plugins: a finding at error level stops the synth, and `tests/infra/nag.test.ts`
 * and `tests/infra/outside-checkers.test.ts` fail on any finding (warnings included) that is
 * not acknowledged. An acknowledgement names one rule (or one finding of it) on one construct
 * and its subtree, and always says why; a Control Tower rule is named
 * `cdk-validator-cfnguard::<rule name>` (see {@link guardRule}).
 */
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule packs, new instances each call (a pack keeps the findings of its last run). */
export function nagPacks(app: App): NagPack[] {
  return [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new ServerlessChecks(app)];
}

/** The name under which the Control Tower rules report, and are acknowledged. */
export const GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

/** The acknowledgement id of one Control Tower rule, e.g. `guardRule('sqs_dlq_check')`. */
export function guardRule(ruleName: string): string {
  return `${GUARD_PLUGIN_NAME}::${ruleName}`;
}

/** Runs the packs and the Control Tower rules on every synth of the app. */
export function applyNagPacks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks(app), new CfnGuardValidator());
}

/** Acknowledges findings on a construct and everything under it, with the reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}
