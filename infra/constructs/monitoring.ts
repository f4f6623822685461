import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Oldest record age (ms) the notify function may lag behind the stream before it alarms. */
export const ITERATOR_AGE_THRESHOLD_MS = 10 * 60 * 1000;

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Where every alarm (and its recovery) is sent. */
  readonly alertTopic: sns.ITopic;
  /** The stream mapping's dead-letter queue: any message there is a lead not emailed. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The function that emails each lead. */
  readonly notifyFunction: lambda.IFunction;
  /** The REST API that takes leads. */
  readonly restApi: apigateway.RestApi;
  /** The functions behind the API, whose throttling turns patients away. */
  readonly apiFunctions: readonly lambda.IFunction[];
  /**
   * The API stage's access log (JSON lines with `errorType`, API Gateway's
   * `$context.error.responseType`), where a request the stage throttled shows as `THROTTLED`.
   */
  readonly apiAccessLogs: logs.ILogGroup;
}

/** Namespace of the metrics this product derives from its own logs. */
const METRIC_NAMESPACE = 'LeadCapture';

/**
 * The alarms an operator needs: a lead not emailed (dead-letter depth, notify errors, stream
 * iterator age), leads refused (API 5xx, the form throttled by its stage limit, functions
 * throttled by Lambda).
 * Each alarms on the first occurrence and emails the alert topic, and again when it clears.
 */
export class Monitoring extends Construct {
  /** Every alarm, by name. */
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const alarms: Record<string, cloudwatch.Alarm> = {};
    const add = (
      name: string,
      metric: cloudwatch.IMetric,
      description: string,
      threshold = 0,
    ): void => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data means nothing happened: no leads, no errors.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.alertTopic));
      alarm.addOkAction(new actions.SnsAction(props.alertTopic));
      alarms[name] = alarm;
    };
    const fiveMinutes = { period: Duration.minutes(5) };

    add(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        ...fiveMinutes,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'A batch of new leads failed to be emailed after every retry: its record is in the dead-letter queue. Check the notify logs, fix the cause, then resend.',
    );
    add(
      'NotifyErrors',
      props.notifyFunction.metricErrors({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      'The notify function failed; the stream retries it, but a lasting failure delays the clinic email.',
    );
    add(
      'StreamIteratorAge',
      props.notifyFunction.metric('IteratorAge', {
        ...fiveMinutes,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      `New leads wait more than ${ITERATOR_AGE_THRESHOLD_MS / 60000} minutes for their email: the notify function is falling behind or stuck.`,
      ITERATOR_AGE_THRESHOLD_MS,
    );
    add(
      'NotifyThrottles',
      props.notifyFunction.metricThrottles({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      "Lambda throttled the notify function (its reserved concurrency, or the account's concurrency quota, was used up); the stream retries, but emails are delayed.",
    );
    add(
      'Api5xx',
      props.restApi.metricServerError({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      'The lead API answered with a server error: a patient may not have been able to send a request.',
    );
    props.apiFunctions.forEach((fn, index) => {
      add(
        index === 0 ? 'ApiThrottles' : `ApiThrottles${index + 1}`,
        fn.metricThrottles({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        "Lambda throttled a function behind the lead API (its reserved concurrency, or the account's concurrency quota, was used up): patients' requests were refused.",
      );
    });
    // API Gateway answers 429 itself, without calling the function, when the stage's rate or
    // burst (deployment.limits) is used up: that is the form itself refusing patients. Requests
    // to the direct address never get this far (the stage's web ACL refuses them first, logged
    // as WAF_FILTERED), and the function's own per-client 429 has no error type, so only
    // traffic that came through the site and outran the stage limit counts here.
    const stageThrottled = new logs.MetricFilter(this, 'StageThrottledFilter', {
      logGroup: props.apiAccessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.errorType', '=', 'THROTTLED'),
      // One namespace per stack, so a flood on a test stage never raises production's alarm.
      metricNamespace: `${METRIC_NAMESPACE}/${Stack.of(this).stackName}`,
      metricName: 'FormRequestsThrottled',
      metricValue: '1',
    });
    add(
      'FormThrottled',
      stageThrottled.metric({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      'The lead form itself was throttled: API Gateway refused requests that came through the site with 429 because the stage limit (deployment.limits.apiRatePerSecond / apiBurst) was used up, so patients may have been turned away. Look for a flood in the API access log (many addresses behind the edge rate rule); raise the limits if the traffic is real.',
    );
    this.alarms = alarms;
  }
}
