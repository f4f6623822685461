/**
 * The compliance checks every synth runs, and the one way a finding is acknowledged.
 *
 * cdk-nag's AwsSolutions, HIPAA Security and Serverless packs are CDK validation plugins: a
 * finding at error level stops the synth, and `tests/infra/nag.test.ts` fails on any finding
 * (warnings included) that is not acknowledged. An acknowledgement names one rule (or one
 * finding of it) on one construct and its subtree, and always says why.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule packs, new instances each call (a pack keeps the findings of its last run). */
export function nagPacks(app: App): NagPack[] {
  return [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new ServerlessChecks(app)];
}

/** Runs the packs on every synth of the app. */
export function applyNagPacks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}

/** Acknowledges findings on a construct and everything under it, with the reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}
