import { Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
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
import { OriginSecret, type OriginVerification } from './origin-secret';

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
 * The HTTP API (API Gateway, payload format 2.0) with the routes the manifest declares.
 *
 * The API is meant to be reached through CloudFront under `/api/*`, where the WAF web ACL
 * limits each client address. Its execute-api address cannot be made private (an HTTP API can
 * have neither a WAF nor a resource policy, and CloudFront cannot sign requests to it), and a
 * caller there could forge the `CloudFront-Viewer-Address` header the function reads the client
 * address from. So every function served here gets the origin secret ({@link OriginSecret}) in
 * its environment, always, and refuses with 403 before any work a request without the header
 * CloudFront adds ({@link Api.originVerification}, for the Site's API origin). What still
 * bounds the direct address: the stage throttle (deployment.limits.apiRatePerSecond and
 * apiBurst), which patients share, so the Monitoring construct alarms when it refuses anyone;
 * the function's reserved concurrency when deployment.reserveConcurrency is set; and an access
 * log with each request's real source address.
 */
export class Api extends Construct {
  public readonly httpApi: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  /** The functions behind the routes, by declared name. */
  public readonly functions: Readonly<Record<string, lambda.Function>>;
  /** Host name CloudFront uses as the API's origin. */
  public readonly originDomainName: string;
  /** The header CloudFront must add to every request it sends here; nothing else gets in. */
  public readonly originVerification: OriginVerification;
  /** The generated secret behind {@link Api.originVerification}. */
  public readonly originSecret: OriginSecret;
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

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `Lead capture API of ${config.clinic.name} (${config.stage})`,
      // The stage below is the only one, with throttling and access logs.
      createDefaultStage: false,
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
      const routes = this.httpApi.addRoutes({
        path: trigger.path,
        methods: [apigw.HttpMethod[trigger.method]],
        integration: new HttpLambdaIntegration(
          `${pascal(declaration.name)}Integration`,
          fn.invokeTarget,
          {
            payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
          },
        ),
      });
      for (const route of routes) {
        acknowledge(
          route,
          "A public lead form (and the page's beacons): patients are anonymous, so there is no one to authorize. The function answers only requests carrying the origin header CloudFront adds, and the route is guarded by the WAF rate rule (through CloudFront), the stage throttle, reserved concurrency and the per-client limit in the function.",
          'AwsSolutions-APIG4',
          guardRule('api_gw_v2_authorization_type_configured_check'),
        );
        acknowledge(
          route,
          "API Gateway's permission to invoke the function is scoped by SourceArn to this API's own route (arn:...:execute-api:<region>:<account>:<api id>/*/*/api/leads); cfn-guard reads only literal strings or local references there, not the Fn::Join CDK writes for that ARN.",
          guardRule('lambda_function_public_access_prohibited_check'),
        );
      }
      functions[declaration.name] = fn.function;
    }
    this.functions = functions;

    const accessLogs = props.logs.logGroup(this, 'AccessLogs');
    this.accessLogs = accessLogs;
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: config.deployment.limits.apiRatePerSecond,
        burstLimit: config.deployment.limits.apiBurst,
      },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No headers, query strings or bodies: nothing a patient typed reaches the log.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            sourceIp: '$context.identity.sourceIp',
          }),
        ),
      },
    });
    this.originDomainName = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
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
