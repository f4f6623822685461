/**
 * The name of a stage's CloudFormation stack, `LeadCapture-<stage>` in deployment.region: what
 * the CDK app deploys and what the operator commands look up (their outputs name the table, the
 * site and the alert topic).
 */
export const stackNameOf = (stage: string): string => `LeadCapture-${stage}`;
