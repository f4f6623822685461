import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LEADS_TABLE } from '../../functions/lib/table-spec';
import { followUpFunction, type FunctionDeclaration } from '../manifest';
import type { AppConfig } from '../config/config';
import type { EncryptedLogs } from './encrypted-logs';
import { LeadFunction } from './lead-function';
import type { LeadStore } from './lead-store';
import type { Notifications } from './notifications';
import type { StatusLinks } from './status-links';
import { acknowledge } from '../nag';

/** Props of {@link FollowUp}. */
export interface FollowUpProps {
  /** The validated configuration (schedule, reminder settings, the emails' settings). */
  readonly config: AppConfig;
  /** The table whose `byMonth` index lists the leads to follow up. */
  readonly leadStore: LeadStore;
  /** The sender identity and configuration set the emails go through. */
  readonly notifications: Notifications;
  /** The key that signs the status links in the reminders. */
  readonly statusLinks: StatusLinks;
  /** Encrypted log groups of the region. */
  readonly logs: EncryptedLogs;
  /** Receives the alarm when runs keep failing. */
  readonly alertTopic: sns.ITopic;
  /**
   * The function declaration to deploy.
   * @default followUpFunction from infra/manifest.ts
   */
  readonly declaration?: FunctionDeclaration;
}

/**
 * The scheduled follow-up: an EventBridge rule runs the follow-up function every
 * `followUp.everyMinutes` minutes to remind the front desk of leads not called by their call-by
 * time and to re-send emails still pending after an outage. One run at a time (reserved
 * concurrency 1); each run is idempotent, so the rule does not retry a failed one: the next run
 * does the work, and a run that fails alarms.
 */
export class FollowUp extends Construct {
  public readonly function: lambda.Function;
  public readonly rule: events.Rule;
  /** A run failed: reminders or re-sends are waiting for the next one. */
  public readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FollowUpProps) {
    super(scope, id);
    const declaration = props.declaration ?? followUpFunction;
    const trigger = declaration.trigger;
    if (trigger.type !== 'schedule') {
      throw new Error(
        `FollowUp: ${declaration.name} must have a schedule trigger (trigger.type "schedule" in infra/manifest.ts), not "${trigger.type}"`,
      );
    }
    const { config, leadStore } = props;
    const fn = new LeadFunction(this, 'Function', {
      declaration,
      config,
      resources: {
        tableName: leadStore.table.tableName,
        configurationSetName: props.notifications.configurationSet.configurationSetName,
      },
      logGroup: props.logs.logGroup(this, 'Logs'),
    });
    this.function = fn.function;
    leadStore.grantItems(fn.role, { write: declaration.writesTable });
    // The indexes it reads (leads of a month; a re-sent clinic email's earlier requests by
    // the same person), never the table as a whole.
    const [byMonth, byContact] = LEADS_TABLE.globalSecondaryIndexes;
    leadStore.grantIndexQuery(fn.role, [byMonth.indexName, byContact.indexName]);
    if (declaration.sendsEmail) props.notifications.grantSendFromSender(fn.role, config);
    props.statusLinks.grantUse(fn.function);

    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs ${declaration.name}: reminders for leads not called in time, and re-sending pending emails`,
      schedule: events.Schedule.rate(Duration.minutes(trigger.everyMinutes(config))),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(fn.function, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(trigger.everyMinutes(config)),
      }),
    );
    acknowledge(
      this.rule,
      'The scheduled event carries nothing but the time, and each run redoes whatever an earlier one left undone; a dead-lettered event would hold nothing worth replaying. A failing run raises the Errors alarm below.',
      'Serverless-EventBusDLQ',
    );

    this.errorsAlarm = new cloudwatch.Alarm(this, 'Errors', {
      alarmDescription:
        'The follow-up run failed (reminders or re-sending pending emails). The next run retries; a lasting failure means leads are not being chased. Check the follow-up logs.',
      metric: fn.function.metricErrors({
        period: Duration.minutes(15),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm.addAlarmAction(new actions.SnsAction(props.alertTopic));
    this.errorsAlarm.addOkAction(new actions.SnsAction(props.alertTopic));
  }
}
