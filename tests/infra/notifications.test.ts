import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifyFunction } from '../../infra/manifest';
import {
  actionsOf,
  resourcesOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Synthesized,
  type TemplateJson,
} from './support/app';

const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

describe('Construct: Notifications (dev stage, cdk.json defaults)', () => {
  let synth: Synthesized;
  let resources: TemplateJson;
  const idOf = (type: string, marker: string): string => {
    const found = resourcesOf(synth.template, type).filter(([, r]) =>
      JSON.stringify(r).includes(marker),
    );
    expect(found, `${type} containing ${marker}`).toHaveLength(1);
    return found[0]![0];
  };
  beforeAll(() => {
    synth = synthesize();
    resources = synth.template.toJSON().Resources;
  });

  it('maps the table stream to the notify function with the manifest settings', () => {
    const trigger = notifyFunction.trigger;
    if (trigger.type !== 'table-stream') throw new Error('notify must be stream-triggered');
    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf('AWS::DynamoDB::Table', 'KeySchema'), 'StreamArn'] },
      FunctionName: { Ref: idOf('AWS::Lambda::Function', notifyFunction.entry) },
      StartingPosition: trigger.startingPosition,
      BatchSize: trigger.batchSize,
      MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
      BisectBatchOnFunctionError: trigger.bisectBatchOnError,
      MaximumRetryAttempts: trigger.retryAttempts,
      MaximumRecordAgeInSeconds: trigger.maxRecordAgeSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('filters the stream with the manifest pattern, so spam and counters never invoke it', () => {
    if (notifyFunction.trigger.type !== 'table-stream') throw new Error('unexpected trigger');
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify(notifyFunction.trigger.filterPattern) }],
      },
    });
  });

  it('sends a batch that keeps failing to a KMS-encrypted dead-letter queue kept 14 days', () => {
    const queueId = idOf('AWS::SQS::Queue', 'KmsMasterKeyId');
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const tableKey =
      resources[idOf('AWS::DynamoDB::Table', 'KeySchema')].Properties.SSESpecification
        .KMSMasterKeyId;
    expect(resources[queueId].Properties).toMatchObject({
      KmsMasterKeyId: tableKey,
      MessageRetentionPeriod: FOURTEEN_DAYS,
    });
  });

  it('lets the notify function send to the queue and nothing more on it', () => {
    const queueId = idOf('AWS::SQS::Queue', 'KmsMasterKeyId');
    const statements = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, notifyFunction.entry),
    );
    const onQueue = statements.filter((s) => JSON.stringify(s.Resource).includes(queueId));
    expect(onQueue.map((s) => s.Action)).toEqual(['sqs:SendMessage']);
  });

  it('requires TLS for every message and publishes bounces and complaints to the alert topic', () => {
    synth.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    synth.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: idOf('AWS::SNS::Topic', 'KmsMasterKeyId') } },
      },
    });
  });

  it('verifies the sender address as the SES identity when no hosted zone is configured', () => {
    synth.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: synth.config.leads.sender.email,
      ConfigurationSetAttributes: {
        ConfigurationSetName: { Ref: idOf('AWS::SES::ConfigurationSet', 'TlsPolicy') },
      },
    });
  });

  it('gives the notify function the environment its declaration builds, with the configuration set', () => {
    const expected = notifyFunction.environment(synth.config, {
      tableName: 'TABLE',
      configurationSetName: 'SET',
    });
    const fn = resources[idOf('AWS::Lambda::Function', notifyFunction.entry)];
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    // Plus where the status-link key is, which the StatusLinks construct adds (never a literal).
    expect(Object.keys(variables).sort()).toEqual(
      [...Object.keys(expected), 'STATUS_LINK_KEY'].sort(),
    );
    expect(variables.SES_CONFIGURATION_SET).toEqual({
      Ref: idOf('AWS::SES::ConfigurationSet', 'TlsPolicy'),
    });
    expect(variables.LEAD_RECIPIENTS).toBe(expected.LEAD_RECIPIENTS);
  });

  it('allows ses:SendEmail only from the configured sender, through its identity', () => {
    const statements = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, notifyFunction.entry),
    );
    const sending = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(sending).toHaveLength(1);
    const [send] = sending;
    expect(send!.Action).toBe('ses:SendEmail');
    expect(send!.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': synth.config.leads.sender.email },
    });
    const targets = JSON.stringify(send!.Resource);
    expect(targets).not.toContain('"*"');
    expect(targets).toContain(`:identity/",{"Ref":"${idOf('AWS::SES::EmailIdentity', 'Email')}`);
    expect(targets).toContain(':configuration-set/');
  });

  it('runs the notify function with the manifest memory and timeout, reserving no concurrency by default', () => {
    expect(resources[idOf('AWS::Lambda::Function', notifyFunction.entry)].Properties).toMatchObject(
      {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: notifyFunction.memoryMb,
        Timeout: notifyFunction.timeoutSeconds,
      },
    );
    expect(
      resources[idOf('AWS::Lambda::Function', notifyFunction.entry)].Properties
        .ReservedConcurrentExecutions,
    ).toBeUndefined();
  });
});
