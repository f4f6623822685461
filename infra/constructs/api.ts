import { Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { submitFunction, type FunctionDeclaration } from '../../functions/manifest';
import type { AppConfig } from '../config/config';
import { acknowledge } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';
import { LeadFunction } from './lead-function';
import type { LeadStore } from './lead-store';

/** Props of {@link Api}. */
export interface ApiProps {
  /** The validated configuration (environment of the functions, stage throttling). */
  readonly config: AppConfig;
  /** The table the functions write leads to. */
  readonly leadStore: LeadStore;
  /** Encrypted log groups of the region (access logs, function logs). */
  readonly logs: EncryptedLogs;
  /**
   * The functions served over HTTP; each one's `trigger` (type "http") gives its route.
   * @default [submitFunction] from functions/manifest.ts
   */
  readonly declarations?: readonly FunctionDeclaration[];
}

/**
 * The HTTP API (API Gateway, payload format 2.0) with the routes the manifest declares.
 *
 * The API is meant to be reached through CloudFront under `/api/*`, where the WAF web ACL
 * limits each client address. Its execute-api address is still public (an HTTP API can have
 * neither a WAF nor a resource policy, and CloudFront cannot sign requests to it), and a caller
 * there could forge the `CloudFront-Viewer-Address` header the function reads the client
 * address from. What bounds that path: the stage throttle (deployment.limits.apiRatePerSecond
 * and apiBurst) caps every request whatever its route or claimed address, the function's
 * reserved concurrency caps what runs at once, the function's own per-client window
 * (leads.rateLimit) applies to callers that do not forge the header, and an access log records
 * each request with its real source address.
 */
export class Api extends Construct {
  public readonly httpApi: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  /** The functions behind the routes, by declared name. */
  public readonly functions: Readonly<Record<string, lambda.Function>>;
  /** Host name CloudFront uses as the API's origin. */
  public readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, leadStore } = props;
    const declarations = props.declarations ?? [submitFunction];
    const stack = Stack.of(this);

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
          `Api: ${declaration.name} must have an http trigger in functions/manifest.ts to be served by the API, not "${trigger.type}"`,
        );
      }
      const fn = new LeadFunction(this, pascal(declaration.name), {
        declaration,
        config,
        resources: { tableName: leadStore.table.tableName },
        logGroup: props.logs.logGroup(this, `${pascal(declaration.name)}Logs`),
      });
      leadStore.grantItems(fn.role, { write: declaration.writesTable });
      const routes = this.httpApi.addRoutes({
        path: trigger.path,
        methods: [apigw.HttpMethod[trigger.method]],
        integration: new HttpLambdaIntegration(
          `${pascal(declaration.name)}Integration`,
          fn.function,
          {
            payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
          },
        ),
      });
      for (const route of routes) {
        acknowledge(
          route,
          'A public lead form: patients are anonymous, so there is no one to authorize. The route is guarded by the WAF rate rule (through CloudFront), the stage throttle, reserved concurrency and the per-client limit in the function.',
          'AwsSolutions-APIG4',
        );
      }
      functions[declaration.name] = fn.function;
    }
    this.functions = functions;

    const accessLogs = props.logs.logGroup(this, 'AccessLogs');
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
