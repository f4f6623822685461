import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_SECRET_VARIABLE } from '../../functions/webhook/config';
import type { AppConfig } from '../config/config';
import { webhookFunction, type FunctionDeclaration } from '../manifest';
import { acknowledge, guardRule } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';
import { LeadFunction } from './lead-function';
import type { LeadStore } from './lead-store';
import { leadStreamSource } from './notifications';
import type { StatusLinks } from './status-links';

/** Length of the generated signing secret: letters and digits, about 380 bits. */
export const WEBHOOK_SECRET_LENGTH = 64;

/** Props of {@link LeadWebhook}. */
export interface LeadWebhookProps {
  /** The validated configuration; `alerts.webhook` must be set. */
  readonly config: AppConfig;
  /** The table whose stream is the outbox, and its key (which also encrypts queue and secret). */
  readonly leadStore: LeadStore;
  /** The key that signs the status-page link each alert carries. */
  readonly statusLinks: StatusLinks;
  /** Encrypted log groups of the region. */
  readonly logs: EncryptedLogs;
  /** Receives the alarms. */
  readonly alertTopic: sns.ITopic;
  /**
   * Keep the signing secret when the stack is deleted.
   * @default false
   */
  readonly retainData?: boolean;
  /**
   * The function declaration to deploy.
   * @default webhookFunction from infra/manifest.ts
   */
  readonly declaration?: FunctionDeclaration;
}

/**
 * The lead webhook (alerts.webhook): its own function on the table's stream (the email's
 * retries, bisection and per-record failures), its own dead-letter queue and alarms, and the
 * signing secret Secrets Manager generates at the first deploy. The function may read the
 * secret and the status-link key, read and update lead items, and nothing else; the secret's
 * value is in neither the repository, the template nor the function's configuration.
 */
export class LeadWebhook extends Construct {
  public readonly function: lambda.Function;
  public readonly secret: secretsmanager.Secret;
  /** Where a record that still fails after the bounded retries is recorded. */
  public readonly deadLetterQueue: sqs.Queue;
  public readonly alarms: Readonly<Record<'DeadLetters' | 'Errors', cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: LeadWebhookProps) {
    super(scope, id);
    const declaration = props.declaration ?? webhookFunction;
    const trigger = declaration.trigger;
    const problems: string[] = [];
    if (trigger.type !== 'table-stream') {
      problems.push(
        `${declaration.name} must be triggered by the table stream (trigger.type "table-stream" in infra/manifest.ts), not "${trigger.type}"`,
      );
    }
    if (props.config.alerts.webhook === undefined) {
      problems.push('alerts.webhook.url must be set for the lead webhook to be deployed');
    }
    if (problems.length > 0 || trigger.type !== 'table-stream') {
      throw new Error(`LeadWebhook: ${problems.join('; ')}`);
    }
    const { config, leadStore } = props;

    this.secret = new secretsmanager.Secret(this, 'SigningSecret', {
      description: `Signs the lead webhooks of ${Stack.of(this).stackName} (X-Lead-Signature)`,
      encryptionKey: leadStore.key,
      generateSecretString: {
        passwordLength: WEBHOOK_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.secret,
      'The receiver (the clinic chat or CRM) holds a copy of this secret to verify each webhook; an automatic rotation would make it refuse every alert until someone copies the new value across. It is replaced by hand, together with the receiver (README, "The webhook").',
      'AwsSolutions-SMG4',
      'HIPAA.Security-SecretsManagerRotationEnabled',
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: leadStore.key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    acknowledge(
      this.deadLetterQueue,
      'This queue is itself the dead-letter destination of the webhook stream mapping; a message here raises the WebhookDeadLetters alarm and waits 14 days for an operator.',
      'AwsSolutions-SQS3',
      'Serverless-SQSRedrivePolicy',
    );

    const fn = new LeadFunction(this, 'Function', {
      declaration,
      config,
      resources: { tableName: leadStore.table.tableName },
      logGroup: props.logs.logGroup(this, 'Logs'),
    });
    this.function = fn.function;
    leadStore.grantItems(fn.role, { write: declaration.writesTable });
    props.statusLinks.grantUse(fn.function);
    this.secret.grantRead(fn.role);
    fn.function.addEnvironment(WEBHOOK_SECRET_VARIABLE, this.secret.secretArn);
    acknowledge(
      fn.function,
      "The function calls the clinic's webhook on the internet (alerts.webhook.url, https in production) besides AWS APIs over TLS with IAM authorization; a VPC would need a NAT gateway for that call (cost) and protect no data: the alert carries no personal data and is signed.",
      'HIPAA.Security-LambdaInsideVPC',
      guardRule('lambda_inside_vpc_check'),
    );

    this.function.addEventSource(leadStreamSource(leadStore, trigger, this.deadLetterQueue));

    const fiveMinutes = Duration.minutes(5);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string) => {
      const made = new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      made.addAlarmAction(new actions.SnsAction(props.alertTopic));
      made.addOkAction(new actions.SnsAction(props.alertTopic));
      return made;
    };
    this.alarms = {
      DeadLetters: alarm(
        'DeadLetters',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        'A lead webhook failed after every retry: its record is in the webhook dead-letter queue and the lead is marked webhook failed. The email was not affected. Check the lead-webhook logs and the receiver.',
      ),
      Errors: alarm(
        'Errors',
        this.function.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        'The lead-webhook function failed; the stream retries it, but the chat or CRM alert is delayed.',
      ),
    };
  }
}
