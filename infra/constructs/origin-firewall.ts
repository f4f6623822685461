import { Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { EncryptedLogs } from './encrypted-logs';
import type { OriginVerification } from './origin-secret';
import { logWafActions } from './waf-logging';

/** Key of the web ACL's answer to a refused request. */
const FORBIDDEN = 'forbidden';

/** Props of {@link OriginFirewall}. */
export interface OriginFirewallProps {
  /** The API stage the firewall guards (its execute-api address and nothing else). */
  readonly stage: apigateway.Stage;
  /** The header CloudFront adds to every request it sends to the API. */
  readonly verification: OriginVerification;
  /** Encrypted log groups of the API's region, for the log of refused requests. */
  readonly logs: EncryptedLogs;
}

/**
 * A regional WAF web ACL on the API stage that lets through only requests carrying the origin
 * header CloudFront adds ({@link OriginVerification}) and blocks everything else with a 403.
 *
 * AWS WAF is the first thing API Gateway evaluates for a REST API stage, so a request sent
 * straight to the execute-api address is refused before it can use the stage's throttle or
 * invoke a function: a client that skips the site cannot crowd out patients. The rule's match
 * value is the same CloudFormation dynamic reference to the generated secret that the
 * distribution and the functions get, so the value is in neither the repository nor the
 * template. The functions keep their own check of the header behind it.
 */
export class OriginFirewall extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: OriginFirewallProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { headerName, headerValue } = props.verification;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      // Everything that is not proved to come through the site, with the functions' own answer
      // to such a request, so a caller cannot tell which of the two checks refused it.
      defaultAction: {
        block: { customResponse: { responseCode: 403, customResponseBodyKey: FORBIDDEN } },
      },
      customResponseBodies: {
        [FORBIDDEN]: { contentType: 'APPLICATION_JSON', content: '{"error":"forbidden"}' },
      },
      description:
        'Admits only requests that came through the site, by the CloudFront origin header',
      visibilityConfig: visibility('ApiOriginOnly'),
      rules: [
        {
          name: 'FromTheSite',
          priority: 0,
          statement: {
            byteMatchStatement: {
              fieldToMatch: { singleHeader: { Name: headerName } },
              positionalConstraint: 'EXACTLY',
              searchString: headerValue,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          action: { allow: {} },
          visibilityConfig: visibility('ApiFromTheSite'),
        },
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    // Only refused requests are logged (the record of who tried the direct address); patients'
    // requests are allowed and never written here. WAF writes only to aws-waf-logs-* groups.
    logWafActions(this, this.webAcl, {
      logs: props.logs,
      logGroupId: 'Logs',
      loggingId: 'Logging',
      logGroupName: `aws-waf-logs-${stack.stackName}-api-origin`,
      keep: ['BLOCK'],
      // A near miss of the secret must not be written down either.
      redactedHeaders: [headerName, 'idempotency-key'],
    });
  }
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}
