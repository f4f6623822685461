import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_RETENTION_DAYS } from '../config/config';
import { limitGrantsToAwsServices } from './key-grants';

/** Props of {@link EncryptedLogs}. */
export interface EncryptedLogsProps {
  /**
   * Days every log group made here keeps its events (deployment.logRetentionDays). Must be one
   * of the periods CloudWatch Logs accepts.
   */
  readonly retentionDays: number;
  /**
   * Keep the key and the log groups when the stack is deleted (stages.<stage>.retainData),
   * though not when its first create rolls back.
   * @default false
   */
  readonly retainData?: boolean;
  /**
   * What the key is for, shown in the KMS console.
   * @default "Encrypts the log groups of <stack name>"
   */
  readonly keyDescription?: string;
}

/**
 * Log groups of one region, encrypted with a customer-managed key and kept for a fixed period,
 * so access logs (which hold addresses) are neither readable without the key nor kept forever.
 */
export class EncryptedLogs extends Construct {
  /** The key that encrypts every log group made by {@link EncryptedLogs.logGroup}. */
  public readonly key: kms.Key;
  private readonly retention: logs.RetentionDays;
  private readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: EncryptedLogsProps) {
    super(scope, id);
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(props.retentionDays)) {
      throw new Error(
        `EncryptedLogs: retentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}; set deployment.logRetentionDays`,
      );
    }
    this.retention = props.retentionDays;
    // Kept on update and delete, but not when the stack's first create rolls back: the WAF's log
    // group has a fixed name, and a retained copy of it would make the retry fail with
    // "already exists". A failed first create has logged nothing worth keeping.
    this.removalPolicy = props.retainData
      ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
      : RemovalPolicy.DESTROY;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: props.keyDescription ?? `Encrypts the log groups of ${stack.stackName}`,
      enableKeyRotation: true,
      removalPolicy: this.removalPolicy,
      pendingWindow: Duration.days(30),
    });
    limitGrantsToAwsServices(this.key);
    // CloudWatch Logs encrypts the log groups of this account and region with the key; the
    // encryption context pins every use to a log group, so the service can do nothing else.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }

  /**
   * A log group encrypted with {@link EncryptedLogs.key}, kept for the configured period.
   * @param scope the construct that owns the log group
   * @param logGroupName a fixed name, only where a service requires one (`aws-waf-logs-...`)
   */
  logGroup(scope: Construct, id: string, logGroupName?: string): logs.LogGroup {
    return new logs.LogGroup(scope, id, {
      ...(logGroupName !== undefined && { logGroupName }),
      encryptionKey: this.key,
      retention: this.retention,
      removalPolicy: this.removalPolicy,
    });
  }
}
