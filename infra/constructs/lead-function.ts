import { dirname, resolve } from 'node:path';
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DeployedResources, FunctionDeclaration } from '../manifest';
import type { AppConfig } from '../config/config';
import { bundleFunction, LAMBDA_HANDLER, NODE_MAJOR, REPO_ROOT } from '../bundling';
import { phoneCountriesOf } from '../phone-metadata';
import { acknowledge, guardRule } from '../nag';

/** The Lambda runtime; the bundle targets the same Node.js version (infra/bundling.ts). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
if (LAMBDA_RUNTIME.name !== `nodejs${NODE_MAJOR}.x`) {
  throw new Error(`LAMBDA_RUNTIME (${LAMBDA_RUNTIME.name}) must match NODE_MAJOR (${NODE_MAJOR})`);
}

/** Props of {@link LeadFunction}. */
export interface LeadFunctionProps {
  /** The function's one declaration (infra/manifest.ts): entry, settings, environment. */
  readonly declaration: FunctionDeclaration;
  /** The validated configuration its environment is built from. */
  readonly config: AppConfig;
  /** Names of the resources its environment points at. */
  readonly resources: DeployedResources;
  /** Where its logs go (encrypted, with a retention period). */
  readonly logGroup: logs.ILogGroup;
}

/**
 * One function of the manifest as a Lambda function: Node.js on arm64, bundled by
 * infra/bundling.ts (minified ESM with the AWS SDK tree-shaken in), the declared memory,
 * timeout (and reserved concurrency when deployment.reserveConcurrency is set), JSON logs to its own encrypted log group, and a role that
 * holds nothing but log writing until a construct grants it what the function needs.
 */
export class LeadFunction extends Construct {
  public readonly function: lambda.Function;
  /** The function's own role; grants go here, nothing is shared between functions. */
  public readonly role: iam.Role;
  /**
   * What API Gateway invokes: the function, or with deployment.provisionedConcurrency set (the
   * submit function only) a `live` alias of its current version with that many environments
   * kept warm.
   */
  public readonly invokeTarget: lambda.IFunction;

  constructor(scope: Construct, id: string, props: LeadFunctionProps) {
    super(scope, id);
    const fn = props.declaration;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${fn.name} function`,
    });
    // Written out rather than the AWSLambdaBasicExecutionRole managed policy, which would let
    // the function write to every log group of the account.
    props.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      description: `${fn.name} (${fn.entry})`,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: LAMBDA_HANDLER,
      code: bundledCode(fn, phoneCountriesOf(props.config)),
      memorySize: fn.memoryMb,
      timeout: Duration.seconds(fn.timeoutSeconds),
      // Only when the deployment asks for it: a reservation the account's quota cannot cover
      // fails the whole deploy (README, "Lambda concurrency").
      ...(props.config.deployment.reserveConcurrency && {
        reservedConcurrentExecutions: fn.reservedConcurrency,
      }),
      environment: fn.environment(props.config, props.resources),
      role: this.role,
      logGroup: props.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
    });

    const provisioned = props.config.deployment.provisionedConcurrency;
    this.invokeTarget =
      provisioned > 0 && fn.warmUp === true
        ? // An Alias is an IFunction; CDK declares its `role` optional, which
          // exactOptionalPropertyTypes reads as a mismatch.
          (this.function.addAlias('live', {
            provisionedConcurrentExecutions: provisioned,
          }) as lambda.IFunction)
        : this.function;

    const streamTriggered = fn.trigger.type === 'table-stream';
    acknowledge(
      this.role,
      `X-Ray accepts trace data only on resource "*" (it has no resource-level permissions)${
        streamTriggered
          ? ", and the stream mapping lists the table's streams with dynamodb:ListStreams, which has none either"
          : ''
      }. Every action on data names its table, key, queue or identity.`,
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      this.role,
      "The policy is CDK's default policy of this one role: inline keeps it bound to the role alone, so it cannot be attached to another principal by mistake.",
      'HIPAA.Security-IAMNoInlinePolicy',
    );
    const dlqReason = {
      'table-stream':
        "Invoked synchronously by the table stream mapping, never asynchronously, so a function dead-letter queue would never receive anything; failed batches go to the mapping's on-failure SQS destination.",
      http: 'Invoked synchronously by API Gateway, never asynchronously, so a dead-letter queue would never receive anything; a failure is answered to the caller, and the lead is only reported stored once written.',
      schedule:
        'Invoked by a schedule whose events carry nothing but the time: every run re-reads the table and redoes whatever an earlier run left undone, so a dead-lettered event would hold nothing to replay. A failed run alarms through the function error metric.',
    }[fn.trigger.type];
    acknowledge(this.function, dlqReason, 'HIPAA.Security-LambdaDLQ', 'Serverless-LambdaDLQ');
    if (!props.config.deployment.reserveConcurrency) {
      const concurrencyReason = {
        'table-stream':
          'Reserved concurrency is off by default (deployment.reserveConcurrency) because a new account cannot grant it; the stream mapping runs one invocation per shard at a time, so the function cannot be flooded.',
        http: 'Reserved concurrency is off by default (deployment.reserveConcurrency) because a new account cannot grant it; a flood is stopped before it reaches the function by the WAF per-address rate rule and the API stage throttle (deployment.limits).',
        schedule:
          'Reserved concurrency is off by default (deployment.reserveConcurrency) because a new account cannot grant it; the schedule starts one run at a time, so nothing outside can raise its concurrency.',
      }[fn.trigger.type];
      acknowledge(this.function, concurrencyReason, 'HIPAA.Security-LambdaConcurrency');
    }
    acknowledge(
      this.function,
      'The function reaches only AWS APIs (DynamoDB, SES, SQS), over TLS with IAM authorization; there is no private network resource to reach, and a VPC would add NAT gateways or endpoints (cost) and cold-start latency without protecting any data.',
      'HIPAA.Security-LambdaInsideVPC',
      guardRule('lambda_inside_vpc_check'),
    );
  }
}

/**
 * The function's code, bundled on this machine with esbuild at synth time. The asset hash is
 * the bundle's, so a deploy updates the function only when its shipped code changes.
 */
function bundledCode(fn: FunctionDeclaration, phoneCountries: readonly string[]): lambda.Code {
  return lambda.Code.fromAsset(dirname(resolve(REPO_ROOT, fn.entry)), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws esbuild's error.
      image: DockerImage.fromRegistry(`public.ecr.aws/sam/build-nodejs${NODE_MAJOR}.x`),
      // Distinguishes the functions in CDK's per-process bundling cache.
      command: ['bundle', fn.name, ...phoneCountries],
      local: {
        tryBundle(outputDir: string): boolean {
          bundleFunction(fn, outputDir, { phoneCountries });
          return true;
        },
      },
    },
  });
}
