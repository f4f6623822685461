import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifyFunction, submitFunction } from '../../infra/manifest';
import { ITERATOR_AGE_THRESHOLD_MS } from '../../infra/constructs/monitoring';
import { resourcesOf, synthesize, type Synthesized } from './support/app';

describe('Construct: Monitoring (dev stage, cdk.json defaults)', () => {
  let synth: Synthesized;
  let topicId: string;
  const functionId = (entry: string) =>
    resourcesOf(synth.template, 'AWS::Lambda::Function').find(([, fn]) =>
      JSON.stringify(fn).includes(entry),
    )![0];
  const alarmOn = (metricName: string, dimensions: unknown[]) =>
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Dimensions: dimensions,
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
      TreatMissingData: 'notBreaching',
    });
  beforeAll(() => {
    synth = synthesize();
    topicId = resourcesOf(synth.template, 'AWS::SNS::Topic')[0]![0];
  });

  it('emails alarms to the operations address through one encrypted topic', () => {
    synth.template.resourceCountIs('AWS::SNS::Topic', 1);
    synth.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
    });
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: synth.config.deployment.opsEmail,
      TopicArn: { Ref: topicId },
    });
  });

  it('alarms as soon as one record reaches the dead-letter queue', () => {
    const queueId = resourcesOf(synth.template, 'AWS::SQS::Queue')[0]![0];
    alarmOn('ApproximateNumberOfMessagesVisible', [
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } },
    ]);
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms on notify errors and throttles', () => {
    const notify = [{ Name: 'FunctionName', Value: { Ref: functionId(notifyFunction.entry) } }];
    alarmOn('Errors', notify);
    alarmOn('Throttles', notify);
  });

  it('alarms when new leads wait too long on the stream (iterator age)', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(notifyFunction.entry) } }],
      Statistic: 'Maximum',
      Threshold: ITERATOR_AGE_THRESHOLD_MS,
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('alarms on API server errors and on the submit function being throttled', () => {
    // The API's name, which is unique to the stack: another stage's errors never count here.
    alarmOn('5XXError', [{ Name: 'ApiName', Value: 'LeadCapture-dev-leads' }]);
    alarmOn('Throttles', [
      { Name: 'FunctionName', Value: { Ref: functionId(submitFunction.entry) } },
    ]);
  });

  it('sends every alarm to the alert topic, none anywhere else', () => {
    const alarms = resourcesOf(synth.template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(6);
    for (const [, alarm] of alarms) {
      expect((alarm.Properties as { AlarmActions: unknown }).AlarmActions).toEqual([
        { Ref: topicId },
      ]);
    }
  });
});
