import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { EncryptedLogs } from './encrypted-logs';

/** Options of {@link logWafActions}. */
export interface WafLoggingOptions {
  /** Encrypted log groups of the web ACL's region. */
  readonly logs: EncryptedLogs;
  /** The id of the log group within `scope`. */
  readonly logGroupId: string;
  /** The id of the logging configuration within `scope`. */
  readonly loggingId: string;
  /** The log group's name; WAF writes only to groups named `aws-waf-logs-*`. */
  readonly logGroupName: `aws-waf-logs-${string}`;
  /** The actions whose requests are logged; every other request is dropped from the log. */
  readonly keep: readonly ('BLOCK' | 'COUNT')[];
  /** Headers whose values are never written down. */
  readonly redactedHeaders: readonly string[];
}

/**
 * Logs the requests a web ACL answered with one of the `keep` actions, and no others, to a new
 * encrypted log group, with the named headers redacted.
 */
export function logWafActions(
  scope: Construct,
  webAcl: wafv2.CfnWebACL,
  options: WafLoggingOptions,
): wafv2.CfnLoggingConfiguration {
  const logGroup = options.logs.logGroup(scope, options.logGroupId, options.logGroupName);
  return new wafv2.CfnLoggingConfiguration(scope, options.loggingId, {
    resourceArn: webAcl.attrArn,
    logDestinationConfigs: [
      Stack.of(scope).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
    loggingFilter: {
      DefaultBehavior: 'DROP',
      Filters: [
        {
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: options.keep.map((action) => ({ ActionCondition: { Action: action } })),
        },
      ],
    },
    redactedFields: options.redactedHeaders.map((name) => ({ singleHeader: { Name: name } })),
  });
}
