import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { KnownCampaigns } from '../../functions/contract/campaigns';
import { digestFunction, type FunctionDeclaration } from '../manifest';
import type { AppConfig } from '../config/config';
import { acknowledge } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';
import { LeadFunction } from './lead-function';
import type { LeadStore } from './lead-store';
import type { Notifications } from './notifications';

/** Props of {@link WeeklyDigest}. */
export interface WeeklyDigestProps {
  /** The validated configuration (marketing.digestRecipients, sender, clinic). */
  readonly config: AppConfig;
  /** The table the counters and leads are read from. */
  readonly leadStore: LeadStore;
  /** The sender identity and configuration set the digest is sent through. */
  readonly notifications: Notifications;
  /** Encrypted log groups of the region. */
  readonly logs: EncryptedLogs;
  /**
   * The site build's campaigns and variants, which the digest lists first (control first).
   * @default none: every campaign is shown as the counters and leads name it
   */
  readonly campaigns?: KnownCampaigns;
  /**
   * The function's declaration.
   * @default digestFunction from infra/manifest.ts
   */
  readonly declaration?: FunctionDeclaration;
}

/**
 * The weekly funnel digest: its function on an EventBridge schedule, allowed to read counters
 * and the month index, to write its own weekly record, and to send from the clinic's sender to
 * the configured marketers. With no recipients configured it runs and does nothing.
 */
export class WeeklyDigest extends Construct {
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: WeeklyDigestProps) {
    super(scope, id);
    const declaration = props.declaration ?? digestFunction;
    const { trigger, tableAccess } = declaration;
    if (trigger.type !== 'schedule' || tableAccess === undefined) {
      throw new Error(
        `WeeklyDigest: ${declaration.name} must have a schedule trigger and tableAccess in infra/manifest.ts`,
      );
    }
    const { config, notifications } = props;
    const fn = new LeadFunction(this, 'Function', {
      declaration,
      config,
      resources: {
        tableName: props.leadStore.table.tableName,
        configurationSetName: notifications.configurationSet.configurationSetName,
        ...(props.campaigns && { campaigns: props.campaigns }),
      },
      logGroup: props.logs.logGroup(this, 'Logs'),
    });
    this.function = fn.function;
    props.leadStore.grantKeys(fn.role, tableAccess);
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee: fn.role,
      actions: ['ses:SendEmail'],
      resourceArns: [
        notifications.identity.emailIdentityArn,
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: notifications.configurationSet.configurationSetName,
        }),
        // In the SES sandbox each recipient is a verified identity checked as well.
        ...config.marketing.digestRecipients.map((address) =>
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: address }),
        ),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': config.leads.sender.email } },
    });
    const rule = new events.Rule(this, 'Schedule', {
      description: 'Runs the weekly funnel digest check every hour',
      schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes(config))),
      targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2 })],
    });
    acknowledge(
      rule,
      'The event is a timer tick with no content: an invocation that still fails after the retries is made up by the next hourly run, which finds the week still unsent, so a dead-letter queue would hold nothing worth re-driving.',
      'Serverless-EventBusDLQ',
    );
  }
}
