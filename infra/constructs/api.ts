import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import type { KnownCampaigns } from '../../functions/contract/campaigns';
import { eventsFunction, submitFunction, type FunctionDeclaration } from '../manifest';
import type { AppConfig } from '../config/config';
import { acknowledge, guardRule } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';
import { LeadFunction } from './lead-function';
import type { LeadStore } from './lead-store';
import { OriginFirewall } from './origin-firewall';
import { OriginSecret, type OriginVerification } from './origin-secret';

/**
 * The API's one stage. Its name is the first segment of every execute-api path, which the
 * Site's API origin adds as its origin path, so viewers still see `/api/...`.
 */
const API_STAGE_NAME = 'live';

/** Props of {@link Api}. */
export interface ApiProps {
  /** The validated configuration (environment of the functions, stage throttling). */
  readonly config: AppConfig;
  /** The table the functions write leads to. */
  readonly leadStore: LeadStore;
  /** Encrypted log groups of the region (access logs, function logs). */
  readonly logs: EncryptedLogs;
  /**
   * Customer-managed key that encrypts the origin secret in Secrets Manager.
   * @default the key of `logs`
   */
  readonly originSecretKey?: kms.IKey;
  /**
   * The functions served over HTTP; each one's `trigger` (type "http") gives its route.
   * @default [submitFunction, eventsFunction] from infra/manifest.ts
   */
  readonly declarations?: readonly FunctionDeclaration[];
  /**
   * The campaigns and variants of the site being deployed, which leads are checked against.
   * @default none: every lead's campaign is recorded as unknown
   */
  readonly campaigns?: KnownCampaigns;
}

/**
 * The lead API: an API Gateway REST API (regional endpoint) with the routes the manifest
 * declares, each a Lambda proxy integration whose bundle adapts the REST API's payload 1.0 to
 * the handlers' payload 2.0 (functions/lib/rest-event.ts, infra/bundling.ts).
 *
 * The API is meant to be reached only through CloudFront under `/api/*`, where the edge web
 * ACL limits each client address. Its execute-api address stays public (CloudFront must reach
 * it), so a regional WAF web ACL on the stage ({@link OriginFirewall}) admits only requests
 * carrying the origin header CloudFront adds ({@link Api.originVerification}) and refuses the
 * rest before the stage throttle or any function sees them. That is why this is a REST API: an
 * HTTP API takes no WAF. Behind it, every function still compares the header itself (the origin
 * secret is in its environment), the stage throttle (deployment.limits.apiRatePerSecond and
 * apiBurst) bounds what comes through CloudFront, and the access log keeps each request's
 * status, throttling and WAF verdict.
 */
export class Api extends Construct {
  public readonly restApi: apigateway.RestApi;
  public readonly stage: apigateway.Stage;
  /** The functions behind the routes, by declared name. */
  public readonly functions: Readonly<Record<string, lambda.Function>>;
  /** Host name CloudFront uses as the API's origin. */
  public readonly originDomainName: string;
  /** Path CloudFront puts before each request's path: the stage, `/live`. */
  public readonly originPath: string;
  /** The header CloudFront must add to every request it sends here; nothing else gets in. */
  public readonly originVerification: OriginVerification;
  /** The generated secret behind {@link Api.originVerification}. */
  public readonly originSecret: OriginSecret;
  /** The web ACL that refuses every request without {@link Api.originVerification}. */
  public readonly firewall: OriginFirewall;
  /** The stage's access log: one JSON line per request (no headers, query or body). */
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, leadStore } = props;
    const declarations = props.declarations ?? [submitFunction, eventsFunction];
    const stack = Stack.of(this);
    this.originSecret = new OriginSecret(this, 'OriginSecret', {
      encryptionKey: props.originSecretKey ?? props.logs.key,
    });
    this.originVerification = this.originSecret.verification;

    const accessLogs = props.logs.logGroup(this, 'AccessLogs');
    this.accessLogs = accessLogs;
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      // The name is the ApiName dimension of the API's metrics: one per stack, so a test
      // stage's errors never raise production's alarm in a shared account.
      restApiName: `${stack.stackName}-leads`,
      description: `Lead capture API of ${config.clinic.name} (${config.stage})`,
      // CloudFront is the edge; an edge-optimized API would put a second distribution behind it.
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // No account-wide API Gateway logging role: the access log below is the API's record.
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: config.deployment.limits.apiRatePerSecond,
        throttlingBurstLimit: config.deployment.limits.apiBurst,
        tracingEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        // No headers, query strings or bodies: nothing a patient typed reaches the log.
        accessLogFormat: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            method: '$context.httpMethod',
            resourcePath: '$context.resourcePath',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            // THROTTLED when the stage limit refused it, WAF_FILTERED when the firewall did.
            errorType: '$context.error.responseType',
            waf: '$context.wafResponseCode',
            sourceIp: '$context.identity.sourceIp',
          }),
        ),
      },
    });

    const functions: Record<string, lambda.Function> = {};
    for (const declaration of declarations) {
      const trigger = declaration.trigger;
      if (trigger.type !== 'http') {
        throw new Error(
          `Api: ${declaration.name} must have an http trigger in infra/manifest.ts to be served by the API, not "${trigger.type}"`,
        );
      }
      if (ORIGIN_VERIFY_SECRET_VARIABLE in declaration.environment(config, { tableName: '' })) {
        throw new Error(
          `Api: ${declaration.name} must not set ${ORIGIN_VERIFY_SECRET_VARIABLE} in infra/manifest.ts; the Api adds it from the generated origin secret, so its value is never in the repository`,
        );
      }
      const fn = new LeadFunction(this, pascal(declaration.name), {
        declaration,
        config,
        resources: {
          tableName: leadStore.table.tableName,
          ...(props.campaigns && { campaigns: props.campaigns }),
        },
        logGroup: props.logs.logGroup(this, `${pascal(declaration.name)}Logs`),
      });
      // Added here, not in the manifest: the local stack and tests run the same declaration
      // without it (the check off), and no deployment can leave it out.
      fn.function.addEnvironment(
        ORIGIN_VERIFY_SECRET_VARIABLE,
        this.originVerification.headerValue,
      );
      if (declaration.tableAccess) leadStore.grantKeys(fn.role, declaration.tableAccess);
      else leadStore.grantItems(fn.role, { write: declaration.writesTable });
      const method = this.restApi.root.resourceForPath(trigger.path).addMethod(
        trigger.method,
        new apigateway.LambdaIntegration(fn.invokeTarget, {
          proxy: true,
          allowTestInvoke: false,
        }),
        { authorizationType: apigateway.AuthorizationType.NONE },
      );
      acknowledge(
        method,
        "A public lead form (and the page's beacons): patients are anonymous, so there is no one to authorize. The stage's web ACL admits only requests carrying the origin header CloudFront adds, and the function checks it again; the route is also guarded by the WAF rate rule at the edge, the stage throttle and the per-client limit in the function.",
        'AwsSolutions-APIG4',
        'AwsSolutions-COG4',
      );
      acknowledge(
        method,
        "API Gateway's permission to invoke the function is scoped by SourceArn to this API's own stage and path (arn:...:execute-api:<region>:<account>:<api id>/live/*/api/leads); cfn-guard reads only literal strings or local references there, not the Fn::Join CDK writes for that ARN.",
        guardRule('lambda_function_public_access_prohibited_check'),
      );
      functions[declaration.name] = fn.function;
    }
    this.functions = functions;
    this.stage = this.restApi.deploymentStage;

    this.firewall = new OriginFirewall(this, 'Firewall', {
      stage: this.stage,
      verification: this.originVerification,
      logs: props.logs,
    });

    acknowledge(
      this.restApi,
      'The functions validate every body against the contract the page shares (functions/contract) and answer each field with a message the form shows; an API Gateway model would repeat those rules and answer with a generic 400 the form cannot explain.',
      'AwsSolutions-APIG2',
    );
    acknowledge(
      this.stage,
      "Execution logging needs the account-wide API Gateway logging role (AWS::ApiGateway::Account, one per account and region, which another stack's deploy would overwrite) and writes to a log group API Gateway creates without this stack's key or retention. The stage's access log records every request's status, latency, integration status, throttling and WAF verdict, encrypted and kept for deployment.logRetentionDays.",
      'AwsSolutions-APIG6',
      'HIPAA.Security-APIGWExecutionLoggingEnabled',
      guardRule('api_gw_v1_execution_logging_enabled_check'),
    );
    acknowledge(
      this.stage,
      'Nothing here may be cached: every request writes a lead, a status change or a counter, and the answers carry Cache-Control: no-store. A cache cluster would cost by the hour and hold nothing.',
      'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
    );
    acknowledge(
      this.stage,
      'The only integrations are Lambda proxy integrations, invoked by API Gateway with IAM: there is no HTTP backend for a client certificate to authenticate to.',
      'HIPAA.Security-APIGWSSLEnabled',
    );

    this.originDomainName = `${this.restApi.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.originPath = `/${API_STAGE_NAME}`;
  }
}

/** "submit-lead" -> "SubmitLead", for construct ids. */
function pascal(name: string): string {
  return name
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
