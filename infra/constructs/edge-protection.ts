import { createHash } from 'node:crypto';
import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { EncryptedLogs } from './encrypted-logs';
import { logWafActions } from './waf-logging';

/** The path prefix the rate-based rule counts; the API is served under it. */
const API_PATH_PREFIX = '/api/';

/** The window (seconds) over which the WAF counts each address's API requests. */
const RATE_WINDOW_SECONDS = 300;

/** Props of {@link EdgeProtection}. */
export interface EdgeProtectionProps {
  /**
   * Requests to `/api/*` one client address may make per 5 minutes before it is blocked with a
   * 429 (deployment.limits.wafRequestsPerIpPer5Minutes). WAF accepts 10 or more.
   */
  readonly apiRequestsPerIpPer5Minutes: number;
  /** Encrypted log groups in us-east-1, for the WAF's log of blocked and counted requests. */
  readonly logs: EncryptedLogs;
  /**
   * The site's custom domain and the public hosted zone that validates its certificate.
   * @default - no certificate: the distribution uses its *.cloudfront.net name
   */
  readonly domain?:
    | {
        readonly domainName: string;
        readonly hostedZone: route53.IHostedZone;
      }
    | undefined;
}

/**
 * What CloudFront needs from us-east-1, whatever region the rest runs in: the WAF web ACL of
 * the distribution (a per-address rate limit on the API and the AWS managed common rule set,
 * logging what it blocks) and, with a custom domain, the TLS certificate.
 */
export class EdgeProtection extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  /** The certificate of the custom domain, when one is configured. */
  public readonly certificate?: acm.Certificate;

  constructor(scope: Construct, id: string, props: EdgeProtectionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && stack.region !== 'us-east-1') {
      throw new Error(
        `EdgeProtection must be in us-east-1 (CloudFront reads its web ACL and certificate there), not ${stack.region}`,
      );
    }
    if (props.apiRequestsPerIpPer5Minutes < 10) {
      throw new Error(
        'EdgeProtection: apiRequestsPerIpPer5Minutes must be at least 10 (WAF minimum); set deployment.limits.wafRequestsPerIpPer5Minutes',
      );
    }

    const rateLimited = 'rateLimited';
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Rate limit on the lead API and the AWS common rule set',
      visibilityConfig: visibility('LeadCaptureWebAcl'),
      customResponseBodies: {
        // The API's own 429 answer, so the form shows the same message either way.
        [rateLimited]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: 'rate_limited',
            retryAfterSeconds: RATE_WINDOW_SECONDS,
          }),
        },
      },
      rules: [
        {
          name: 'ApiRatePerIp',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: props.apiRequestsPerIpPer5Minutes,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: API_PATH_PREFIX,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: rateLimited,
                responseHeaders: [{ name: 'retry-after', value: String(RATE_WINDOW_SECONDS) }],
              },
            },
          },
          visibilityConfig: visibility('ApiRatePerIp'),
        },
        {
          name: 'AwsCommonRuleSet',
          priority: 1,
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // The rule set blocks bodies over 8 KB; the API accepts up to 16 KiB and answers a
              // larger body itself with a 413 the form can explain, so this rule only counts.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          overrideAction: { none: {} },
          visibilityConfig: visibility('AwsCommonRuleSet'),
        },
      ],
    });

    // WAF writes only to log groups named aws-waf-logs-*. Only blocked and counted requests are
    // kept: the record of an attack, not of every patient's visit.
    logWafActions(this, this.webAcl, {
      logs: props.logs,
      logGroupId: 'WafLogs',
      loggingId: 'WafLogging',
      logGroupName: `aws-waf-logs-${stack.stackName}`,
      keep: ['BLOCK', 'COUNT'],
      redactedHeaders: ['idempotency-key'],
    });

    if (props.domain) {
      // The id carries the domain's fingerprint, so a new domain is a new certificate resource
      // with a new logical id. Across regions that matters: CDK's cross-region exports writer
      // names each SSM parameter after the exporting logical id and never rewrites an existing
      // name's value, so a certificate replaced under the same id would never reach the
      // distribution. A new id gives a new parameter, which the main stack's template then
      // names, so the next deploy of that stack updates the distribution.
      this.certificate = new acm.Certificate(
        this,
        `Certificate${fingerprint(props.domain.domainName)}`,
        {
          domainName: props.domain.domainName,
          validation: acm.CertificateValidation.fromDns(props.domain.hostedZone),
        },
      );
    }
  }
}

/** Eight hex digits that change with the domain name. */
function fingerprint(domainName: string): string {
  return createHash('sha256').update(domainName.toLowerCase()).digest('hex').slice(0, 8);
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}
