import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, guardRule } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';

/** Props of {@link PageInvalidations}. */
export interface PageInvalidationsProps {
  /** The distribution whose cache holds the pages. */
  readonly distribution: cloudfront.IDistribution;
  /** Directory of the built site. */
  readonly source: string;
  /** The files (relative to `source`) a deploy may change under the same name. */
  readonly files: readonly string[];
  /** What uploads the files; each invalidation runs after it. */
  readonly upload: Construct;
  /** Encrypted log groups (for the invalidating function's logs). */
  readonly logs: EncryptedLogs;
}

/**
 * One CloudFront invalidation per page whose content changed, and only then: each file gets a
 * custom resource whose only property is the hash of its content, so CloudFormation updates it
 * (and it invalidates that one path) exactly when the file changed since the last deploy. A
 * deploy that changes one campaign's page invalidates that page and nothing else. The path is
 * the object's own, which the viewer function makes the cache key (a variant's page is cached
 * as `/sciatica/index.b.html`, whatever URL showed it).
 */
export class PageInvalidations extends Construct {
  /** The invalidation of each file, by its path. */
  public readonly invalidations: Readonly<Record<string, cr.AwsCustomResource>>;

  constructor(scope: Construct, id: string, props: PageInvalidationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const distributionArn = stack.formatArn({
      service: 'cloudfront',
      region: '',
      resource: 'distribution',
      resourceName: props.distribution.distributionId,
    });
    const logGroup = props.logs.logGroup(this, 'Logs');
    // One role for every page's call, instead of a policy per page on the shared handler.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Invalidates changed pages of the site in CloudFront',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [distributionArn],
      }),
    );
    logGroup.grantWrite(role);
    acknowledge(
      role,
      "The role's only policy (CreateInvalidation on this distribution, writes to its own log group) is made with it and used by nothing else.",
      'HIPAA.Security-IAMNoInlinePolicy',
    );
    const invalidations: Record<string, cr.AwsCustomResource> = {};
    for (const file of props.files) {
      const path = `/${file}`;
      const hash = createHash('sha256')
        .update(readFileSync(join(props.source, file)))
        .digest('hex')
        .slice(0, 32);
      const call: cr.AwsSdkCall = {
        service: 'CloudFront',
        action: 'createInvalidation',
        parameters: {
          DistributionId: props.distribution.distributionId,
          InvalidationBatch: {
            // New content, new reference: CloudFront treats a repeated one as the same request.
            CallerReference: `${path}@${hash}`,
            Paths: { Quantity: 1, Items: [path] },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of(`invalidate:${path}`),
      };
      const invalidation = new cr.AwsCustomResource(this, `Page${pathId(file)}`, {
        resourceType: 'Custom::PageInvalidation',
        onCreate: call,
        onUpdate: call,
        installLatestAwsSdk: false,
        memorySize: 256,
        logGroup,
        role,
      });
      invalidation.node.addDependency(props.upload);
      invalidations[path] = invalidation;
    }
    this.invalidations = invalidations;
    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    const reason =
      "CDK's AwsCustomResource handler, run by CloudFormation only during a deploy, one call of cloudfront:CreateInvalidation on this distribution per changed page; its code and runtime belong to aws-cdk-lib.";
    for (const child of Stack.of(this).node.children) {
      if (!child.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')) continue;
      acknowledge(
        child,
        `${reason} It needs no VPC, dead-letter queue, reserved concurrency or tracing: nothing invokes it but CloudFormation.`,
        'AwsSolutions-IAM4',
        'AwsSolutions-L1',
        'Serverless-LambdaLatestVersion',
        'HIPAA.Security-LambdaDLQ',
        'Serverless-LambdaDLQ',
        'HIPAA.Security-LambdaInsideVPC',
        'HIPAA.Security-LambdaConcurrency',
        'Serverless-LambdaTracing',
        'HIPAA.Security-IAMNoInlinePolicy',
        guardRule('lambda_inside_vpc_check'),
      );
    }
  }
}

/** A construct id part for a file path: letters and digits, unique per path. */
function pathId(file: string): string {
  const readable = file.replace(/[^a-zA-Z0-9]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const short = createHash('sha256').update(file).digest('hex').slice(0, 6);
  return `${readable.replace(/ /g, '')}${short}`;
}
