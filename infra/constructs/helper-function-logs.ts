import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledge, guardRule } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';

/**
 * Gives every Lambda function that aws-cdk-lib makes for itself in `stack` (the providers of
 * the bucket auto-delete and of cross-region references) a log group of `logs`: encrypted and
 * kept for the configured period. Without it each writes to a `/aws/lambda/...` group that
 * Lambda creates on first run with no retention, kept forever and left behind by a teardown.
 *
 * Those providers are plain `AWS::Lambda::Function` resources, and the cross-region ones only
 * appear while the app is prepared for synthesis (after constructors and aspects), so this
 * runs as a validation of the stack: after preparation, before the template is written.
 */
export function logHelperFunctions(stack: Stack, logs: EncryptedLogs): void {
  stack.node.addValidation({
    validate: () => {
      for (const resource of helperFunctions(stack)) {
        const scope = resource.node.scope ?? stack;
        const id = `${resource.node.id}Logs`;
        if (scope.node.tryFindChild(id) !== undefined) continue; // a second synth of the app
        const logGroup = logs.logGroup(scope, id);
        resource.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
        acknowledge(
          scope,
          'A provider function of aws-cdk-lib itself (bucket auto-delete, cross-region references), run only by CloudFormation during a deploy. It calls S3 or SSM APIs over TLS with IAM authorization and reaches nothing private, so a VPC would add only NAT cost.',
          guardRule('lambda_inside_vpc_check'),
        );
      }
      return [];
    },
  });
}

/** The functions in `stack` declared as raw resources (never with a log group of their own). */
function helperFunctions(stack: Stack): CfnResource[] {
  return stack.node.findAll().filter(
    (c: IConstruct): c is CfnResource =>
      CfnResource.isCfnResource(c) &&
      c.cfnResourceType === 'AWS::Lambda::Function' &&
      Stack.of(c) === stack &&
      // The functions this repository declares are L2 functions with their own log group.
      c.constructor === CfnResource,
  );
}
