import { beforeAll, describe, expect, it } from 'vitest';
import { followUpFunction } from '../../infra/manifest';
import {
  actionsOf,
  resourcesOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Synthesized,
  type TemplateJson,
} from './support/app';

describe('Scheduled follow-up (dev stage, cdk.json defaults)', () => {
  let synth: Synthesized;
  let functionId: string;
  beforeAll(() => {
    synth = synthesize();
    const [match] = resourcesOf(synth.template, 'AWS::Lambda::Function').filter(([, f]) =>
      JSON.stringify(f).includes(followUpFunction.entry),
    );
    functionId = match![0];
  });

  it('runs the follow-up function every 5 minutes, without retrying a run', () => {
    const fn = synth.template.toJSON().Resources[functionId] as TemplateJson;
    // Nothing reserved by default (deployment.reserveConcurrency is off): a run lasts at most
    // 120 s of its 5 minutes, and overlapping runs are safe anyway (each reminder is claimed).
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(fn.Properties.Timeout).toBe(120);
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
        },
      ],
    });
  });

  it('may query the byMonth and byContact indexes only, never the table as a whole', () => {
    const statements = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, followUpFunction.entry),
    );
    const queries = statements.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(queries).toHaveLength(1);
    const resources = JSON.stringify(queries[0]!.Resource);
    expect(resources).toContain('/index/byMonth');
    expect(resources).toContain('/index/byContact');
    expect(resources).not.toContain('/index/*');
  });

  it('gets the reminder settings and the emails settings in its environment', () => {
    const fn = synth.template.toJSON().Resources[functionId] as TemplateJson;
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables).toMatchObject({
      FOLLOW_UP_TARGET_MINUTES: '15',
      FOLLOW_UP_SECOND_REMINDER_MINUTES: '60',
      CLINIC_TIME_ZONE: 'America/Chicago',
    });
    expect(variables.FOLLOW_UP_ESCALATION).toBeUndefined();
  });

  it('alarms to the alert topic when runs keep failing', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      EvaluationPeriods: 2,
    });
  });
});
