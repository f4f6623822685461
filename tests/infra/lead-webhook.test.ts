import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config/config';
import { WEBHOOK_SECRET_LENGTH } from '../../infra/constructs/lead-webhook';
import { notifyFunction, webhookFunction } from '../../infra/manifest';
import { nagPacks } from '../../infra/nag';
import {
  actionsOf,
  contextWith,
  resourcesOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Synthesized,
  type TemplateJson,
} from './support/app';

const WEBHOOK = { url: 'https://crm.willowlane.example.com/hooks/leads', format: 'chat' };

describe('Construct: LeadWebhook (dev stage with alerts.webhook)', () => {
  let synth: Synthesized;
  let resources: TemplateJson;
  const idOf = (type: string, marker: string): string => {
    const found = resourcesOf(synth.template, type).filter(
      ([id, r]) => id.includes(marker) || JSON.stringify(r).includes(marker),
    );
    expect(found, `${type} with ${marker}`).toHaveLength(1);
    return found[0]![0];
  };
  beforeAll(() => {
    synth = synthesize({ alerts: { webhook: WEBHOOK } }, { cloudFormationValidation: true });
    resources = synth.template.toJSON().Resources;
  });

  it('is not deployed when no webhook is configured', () => {
    const plain = synthesize();
    const entries = JSON.stringify(plain.template.findResources('AWS::Lambda::Function'));
    expect(entries).not.toContain(webhookFunction.entry);
    plain.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  it('maps the stream to its own function with the email’s retries and its own dead-letter queue', () => {
    const fnId = idOf('AWS::Lambda::Function', webhookFunction.entry);
    const queueId = idOf('AWS::SQS::Queue', 'WebhookDeadLetterQueue');
    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 21600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: {
        Filters: [
          {
            Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"entity":{"S":["lead"]}}}}',
          },
        ],
      },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const queue = resources[queueId] as TemplateJson;
    expect(queue.Properties.MessageRetentionPeriod).toBe(1_209_600);
    expect(JSON.stringify(queue.Properties.KmsMasterKeyId)).toContain('LeadStoreKey');
    expect(webhookFunction.trigger).toEqual(notifyFunction.trigger);
  });

  it('alarms to the alert topic on a dead letter and on function errors', () => {
    const queueId = idOf('AWS::SQS::Queue', 'WebhookDeadLetterQueue');
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: idOf('AWS::SNS::Topic', 'AlertTopic') }],
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [
        {
          Name: 'FunctionName',
          Value: { Ref: idOf('AWS::Lambda::Function', webhookFunction.entry) },
        },
      ],
    });
  });

  it('generates the signing secret at deploy and gives the function only its ARN', () => {
    const secretId = idOf('AWS::SecretsManager::Secret', 'WebhookSigningSecret');
    const secret = resources[secretId] as TemplateJson;
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: WEBHOOK_SECRET_LENGTH,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(WEBHOOK_SECRET_LENGTH).toBe(64);
    expect(secret.Properties.SecretString).toBeUndefined();
    const fn = resources[idOf('AWS::Lambda::Function', webhookFunction.entry)] as TemplateJson;
    expect(fn.Properties.Environment.Variables).toMatchObject({
      WEBHOOK_URL: 'https://crm.willowlane.example.com/hooks/leads',
      WEBHOOK_FORMAT: 'chat',
      WEBHOOK_SECRET: { Ref: secretId },
    });
    synth.template.hasOutput('WebhookSecretArn', { Value: { Ref: secretId } });
  });

  it('grants the function exactly its item calls, the two secrets, and nothing table-wide', () => {
    const statements = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, webhookFunction.entry),
    );
    const actions = [...new Set(statements.flatMap(actionsOf))].sort();
    expect(actions).toEqual([
      // The stream mapping reads the table's stream as the function's role.
      'dynamodb:DescribeStream',
      'dynamodb:GetItem',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const secretReads = statements.filter((s) =>
      actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    const secretIds = JSON.stringify(secretReads.map((s) => s.Resource));
    expect(secretIds).toContain('WebhookSigningSecret');
    expect(secretIds).toContain('StatusLinksKey');
    expect(JSON.stringify(statements)).not.toContain('/index/');
    // No other function may read the signing secret.
    const readersOfSecret = resourcesOf(synth.template, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p).includes('WebhookSigningSecret'),
    );
    expect(readersOfSecret).toHaveLength(1);
  });

  it('leaves no cdk-nag or Control Tower finding unacknowledged', () => {
    for (const pack of nagPacks(synth.app)) {
      const findings = pack
        .validateScope(synth.app)
        .violations.map(
          (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`,
        );
      expect(findings, pack.readPackName).toEqual([]);
    }
    const report = JSON.parse(
      readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: { pluginName: string; violations?: unknown[] }[] };
    expect(report.pluginReports.length).toBeGreaterThan(0);
    for (const plugin of report.pluginReports) {
      expect(plugin.violations ?? [], plugin.pluginName).toEqual([]);
    }
  });
});

describe('Configuration: alerts.webhook and followUp.repeatWindowDays', () => {
  const parse = (overrides: Record<string, unknown>) => () => parseConfig(contextWith(overrides));

  it('has no webhook and a 90-day repeat window by default', () => {
    const config = parseConfig(contextWith());
    expect(config.alerts.webhook).toBeUndefined();
    expect(config.followUp.repeatWindowDays).toBe(90);
  });

  it('defaults the format to signed JSON', () => {
    const config = parseConfig(contextWith({ alerts: { webhook: { url: WEBHOOK.url } } }));
    expect(config.alerts.webhook).toEqual({ url: WEBHOOK.url, format: 'json' });
  });

  it.each([
    [{ url: 'crm.example.com/hooks' }, 'alerts.webhook.url must be an http(s) address'],
    [{ url: 'ftp://crm.example.com/hooks' }, 'alerts.webhook.url must be an http(s) address'],
    [{ url: 'https://user:pw@crm.example.com/' }, 'without a user name or password'],
    [{ url: WEBHOOK.url, format: 'xml' }, 'alerts.webhook.format must be one of: json, chat'],
  ])('refuses %j, naming the setting', (webhook, message) => {
    expect(parse({ alerts: { webhook } })).toThrow(message);
  });

  it('refuses a plain-http webhook in a production stage, and allows it elsewhere', () => {
    const webhook = { url: 'http://crm.example.com/hooks' };
    expect(parse({ alerts: { webhook } })).not.toThrow();
    expect(
      parse({
        stage: 'prod',
        stages: { prod: { retainData: true, production: true, allowCloudFrontDomain: true } },
        alerts: { webhook },
      }),
    ).toThrow('alerts.webhook.url must be an https address in a production stage');
  });

  it('refuses a repeat window outside 1 to 3650 days', () => {
    expect(parse({ followUp: { repeatWindowDays: 0 } })).toThrow(
      'followUp.repeatWindowDays must be a whole number from 1 to 3650',
    );
  });
});
