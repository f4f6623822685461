import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { EncryptedLogs } from './encrypted-logs';

/** Props of {@link Operations}. */
export interface OperationsProps {
  /** Address that receives alarms and email bounce/complaint notices (deployment.opsEmail). */
  readonly opsEmail: string;
  /** Days every log group keeps its events (deployment.logRetentionDays). */
  readonly logRetentionDays: number;
  /**
   * Keep the key and the log groups when the stack is deleted (stages.<stage>.retainData).
   * @default false
   */
  readonly retainData?: boolean;
}

/**
 * What running the product needs in its region: encrypted log groups with a retention period,
 * and the alert topic that emails the clinic's operations address. Patient data never goes
 * through here: logs carry ids, alerts carry metrics.
 */
export class Operations extends Construct {
  /** Encrypted log groups; its key also encrypts the alert topic and the API origin secret. */
  public readonly logs: EncryptedLogs;
  /** Alarms and SES bounce/complaint notices are published here. */
  public readonly alertTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.logs = new EncryptedLogs(this, 'Logs', {
      retentionDays: props.logRetentionDays,
      ...(props.retainData !== undefined && { retainData: props.retainData }),
      keyDescription: `Encrypts the logs, the alert topic and the API origin secret of ${Stack.of(this).stackName}`,
    });
    // CloudWatch alarms and SES event publishing write to the encrypted topic: each needs a
    // data key for its message. No condition, as in AWS's documented key policy for alarms: a
    // source condition the service did not meet would drop every alarm silently. What they
    // may publish is bounded by the topic: this account's alarms, and (the topic policy) only
    // this stack's SES configuration set.
    this.logs.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsAndEmailEventsPublishToTheAlertTopic',
        principals: [
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('ses.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'Lead capture alerts',
      masterKey: this.logs.key,
      enforceSSL: true,
    });
    // The topic policy CDK writes (for enforceSSL and the SES event destination) replaces SNS's
    // default policy, so CloudWatch may publish only if it says so: this account's alarms in
    // this region, no other account's (the confused-deputy conditions CloudWatch sends).
    const stack = Stack.of(this);
    this.alertTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertTopic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    this.alertTopic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail));
    acknowledge(
      this.alertTopic,
      'The only subscriber is an email address: SNS retries email delivery itself, and a redrive queue for undelivered alerts would be one more place nobody watches. The alarms stay in ALARM state in CloudWatch until cleared.',
      'Serverless-SNSRedrivePolicy',
    );
  }
}
