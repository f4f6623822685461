/**
 * What makes a first deploy fail, or lets it succeed and then fail silently, checked on the
 * synthesised templates of every stage set-up (tests/infra/support/scenarios.ts), each
 * synthesised once, and by the two checkers from outside the CDK: cfn-lint and the AWS Control
 * Tower rules (cfn-guard).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { notifySettingsFromEnv } from '../../functions/notify/config';
import { notifyFunction } from '../../infra/manifest';
import { NODE_MAJOR, REPO_ROOT } from '../../infra/bundling';
import { parseConfig } from '../../infra/config/config';
import {
  contextWith,
  PROD_WITH_DOMAIN,
  resourcesOf,
  synthesize,
  type Synthesized,
} from './support/app';
import { ACCEPTED_LINT_WARNINGS, cfnLint, guardReport } from './support/outside-checkers';
import {
  DEV,
  PROD_US_EAST_1,
  PROD_WITH_EDGE,
  SCENARIOS,
  SENDER_IN_SUBDOMAIN,
  type Scenario,
} from './support/scenarios';

const synthesized = new Map<Scenario, Synthesized>();
/** The scenario's synthesised app, made on first use and shared by every test here. */
function synth(scenario: Scenario): Synthesized {
  let result = synthesized.get(scenario);
  if (result === undefined) {
    result = synthesize(scenario.context);
    synthesized.set(scenario, result);
  }
  return result;
}

/** Every template of a synthesised app. */
const templates = (s: Synthesized): Template[] =>
  [s.template, s.edgeTemplate].filter((t): t is Template => t !== undefined);

describe('Alarms reach the alert topic', () => {
  it('lets CloudWatch publish to the alert topic, for alarms of this account only', () => {
    const { template } = synth(DEV);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AlarmsOfThisAccountPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: 'OperationsAlertTopic8D8B289D' },
            Condition: {
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    ['arn:aws:cloudwatch:us-east-1:', { Ref: 'AWS::AccountId' }, ':alarm:*'],
                  ],
                },
              },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          },
        ]),
      },
      Topics: [{ Ref: 'OperationsAlertTopic8D8B289D' }],
    });
  });

  it('sends every alarm, the dead-letter alarm among them, to that topic when it fires and clears', () => {
    const alarms = resourcesOf(synth(DEV).template, 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id)).toContain('MonitoringDeadLettersD99D287D');
    for (const [id, alarm] of alarms) {
      const props = alarm.Properties as { AlarmActions: unknown; OKActions: unknown };
      expect(props.AlarmActions, id).toEqual([{ Ref: 'OperationsAlertTopic8D8B289D' }]);
      expect(props.OKActions, id).toEqual([{ Ref: 'OperationsAlertTopic8D8B289D' }]);
    }
  });
});

describe('Reserved concurrency', () => {
  it('reserves none by default, so an account with the new-account quota of 10 can deploy', () => {
    const functions = resourcesOf(synth(DEV).template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      expect((fn.Properties as Record<string, unknown>).ReservedConcurrentExecutions, id).toBe(
        undefined,
      );
    }
  });

  it('reserves 20 for the API and 5 for notifications when deployment.reserveConcurrency is set', () => {
    const { template } = synth(SENDER_IN_SUBDOMAIN);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'submit-lead (functions/submit/handler.ts)',
      ReservedConcurrentExecutions: 20,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'notify-lead (functions/notify/handler.ts)',
      ReservedConcurrentExecutions: 5,
    });
  });

  it('still bounds a flood without it: the stage throttle and the WAF per-address rule', () => {
    const { template } = synth(DEV);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 10,
          ThrottlingBurstLimit: 20,
        }),
      ],
    });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'ApiRatePerIp',
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 100 }) },
        }),
      ]),
    });
  });
});

describe('A failed first production deploy can be retried', () => {
  it('keeps the fixed-name WAF log group on update and delete, but not when the create rolls back', () => {
    const [edge] = [synth(PROD_WITH_EDGE).edgeTemplate!];
    edge.hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({ LogGroupName: 'aws-waf-logs-LeadCapture-prod-Edge' }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    synth(PROD_US_EAST_1).template.hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({ LogGroupName: 'aws-waf-logs-LeadCapture-prod' }),
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  it.each([PROD_US_EAST_1, PROD_WITH_EDGE])(
    'retains no resource with a fixed name through a failed create ($name)',
    (scenario) => {
      const nameProperties = ['LogGroupName', 'BucketName', 'TableName', 'QueueName', 'TopicName'];
      for (const template of templates(synth(scenario))) {
        for (const [id, resource] of Object.entries(template.toJSON().Resources) as [
          string,
          { DeletionPolicy?: string; Properties?: Record<string, unknown> },
        ][]) {
          const named = nameProperties.some((p) => typeof resource.Properties?.[p] === 'string');
          if (named) expect(resource.DeletionPolicy, id).not.toBe('Retain');
        }
      }
    },
  );
});

describe('DKIM records of the sender domain', () => {
  it('publishes the token names as they are when the zone is the sender domain', () => {
    const { template } = synth(PROD_US_EAST_1);
    for (const n of [1, 2, 3]) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Type: 'CNAME',
        Name: { 'Fn::GetAtt': ['NotificationsSenderIdentity338B0697', `DkimDNSTokenName${n}`] },
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      });
    }
  });

  it('publishes the token names fully qualified when the sender is in a sub-domain of the zone', () => {
    const { template } = synth(SENDER_IN_SUBDOMAIN);
    const cnames = resourcesOf(template, 'AWS::Route53::RecordSet')
      .map(([, r]) => r.Properties as { Type: string; Name: unknown })
      .filter((r) => r.Type === 'CNAME');
    expect(cnames.map((r) => r.Name)).toEqual(
      [1, 2, 3].map((n) => ({
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': ['NotificationsSenderIdentity338B0697', `DkimDNSTokenName${n}`] }, '.'],
        ],
      })),
    );
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'MX',
      Name: 'mail.notify.birchstreet-acupuncture.com.',
    });
  });
});

/** Whether `run` throws. */
function throws(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch {
    return true;
  }
}

describe('One address rule for the configuration and the notify function', () => {
  /** The notify function's environment, as the CDK app builds it from cdk.json. */
  const notifyEnvironment = (): Record<string, string> =>
    notifyFunction.environment(parseConfig(contextWith()), { tableName: 'leads' });

  it.each(['desk@clinic.c', 'desk@clinic.123', 'desk@clinic..example', 'desk@-clinic.example'])(
    'refuses %s at synth, as the notify function refuses it at cold start',
    (address) => {
      const env = { ...notifyEnvironment(), LEAD_RECIPIENTS: address };
      expect(() => notifySettingsFromEnv(env)).toThrow(/LEAD_RECIPIENTS/);
      expect(() => parseConfig(contextWith({ leads: { recipients: [address] } }))).toThrow(
        /leads\.recipients\[\] must be an email address such as .*: a plain address/,
      );
      expect(() => parseConfig(contextWith({ deployment: { opsEmail: address } }))).toThrow(
        /deployment\.opsEmail must be an email address such as .*: a plain address/,
      );
    },
  );

  // Whatever the rule becomes, the two places must agree on every address.
  it.each([
    'desk@clinic.c',
    'desk@klinik.münchen.de',
    '"front desk"@clinic.example',
    'desk@[192.0.2.1]',
    `${'a'.repeat(65)}@clinic.example`,
    `desk@${'a'.repeat(64)}.example`,
    'Desk@Clinic.Example',
    'desk@clinic.example.',
    'frontdesk@clinic.example',
  ])('judges %s at synth exactly as the notify function does at cold start', (address) => {
    const refusedAtColdStart = throws(() =>
      notifySettingsFromEnv({ ...notifyEnvironment(), LEAD_RECIPIENTS: address }),
    );
    const refusedAtSynth = throws(() =>
      parseConfig(contextWith({ leads: { recipients: [address] } })),
    );
    expect(refusedAtSynth).toBe(refusedAtColdStart);
  });

  it.each([
    'frontdesk@clinic.example',
    'front.desk+leads@mail.clinic.example',
    "o'brien@clinic.example",
    'desk@xn--klinik-mnchen-3ob.de',
  ])('accepts %s in both places', (address) => {
    const env = { ...notifyEnvironment(), LEAD_RECIPIENTS: address };
    expect(notifySettingsFromEnv(env).config.recipients).toEqual([address]);
    expect(parseConfig(contextWith({ leads: { recipients: [address] } })).leads.recipients).toEqual(
      [address],
    );
  });
});

describe('An internationalised domain in the configuration', () => {
  it('is accepted, as the form accepts it, and kept in the ASCII form SES and SNS need', () => {
    const config = parseConfig(
      contextWith({
        leads: { recipients: ['desk@klinik.münchen.de'] },
        deployment: { opsEmail: 'ops@klinik.münchen.de' },
      }),
    );
    expect(config.leads.recipients).toEqual(['desk@klinik.xn--mnchen-3ya.de']);
    expect(config.deployment.opsEmail).toBe('ops@klinik.xn--mnchen-3ya.de');
  });
});

describe('A production stage needs its domain', () => {
  it('refuses a production stage without a custom domain, saying what to set', () => {
    expect(() => parseConfig(contextWith({ stage: 'prod' }))).toThrow(
      /a production stage \(stages\.<stage>\.production\) needs a custom domain: set site\.domainName/,
    );
  });

  it('accepts it with the documented opt-out, and a development stage without one', () => {
    const stages = {
      dev: { retainData: false },
      prod: { retainData: true, production: true, allowCloudFrontDomain: true },
    };
    expect(parseConfig(contextWith({ stage: 'prod', stages })).stage).toBe('prod');
    expect(parseConfig(contextWith({ stage: 'dev' })).stage).toBe('dev');
  });
});

describe('Regions that cannot host the stack', () => {
  it.each([
    [
      'af-south-1',
      /"af-south-1" is a region accounts must opt in to, and CloudFront cannot deliver its access logs to a bucket there/,
    ],
    ['me-central-1', /"me-central-1" is a region accounts must opt in to/],
    [
      'us-gov-west-1',
      /"us-gov-west-1" is an AWS GovCloud region, where CloudFront .* does not exist/,
    ],
    [
      'ap-southeast-9',
      /"ap-southeast-9" is not a region known to offer every service the stack needs/,
    ],
  ])('refuses %s at synth, saying why', (region, says) => {
    expect(() => parseConfig(contextWith({ deployment: { region } }))).toThrow(says);
  });

  it.each(['us-east-1', 'eu-west-1', 'ap-northeast-3', 'sa-east-1'])('accepts %s', (region) => {
    expect(parseConfig(contextWith({ deployment: { region } })).deployment.region).toBe(region);
  });
});

describe('A domain change reaches the distribution across regions', () => {
  /** The SSM parameter the main stack reads the certificate ARN from. */
  const certificateReference = (s: Synthesized): unknown => {
    const distribution = resourcesOf(s.template, 'AWS::CloudFront::Distribution')[0]?.[1];
    const config = (
      distribution!.Properties as {
        DistributionConfig: { ViewerCertificate: { AcmCertificateArn: unknown } };
      }
    ).DistributionConfig;
    return config.ViewerCertificate.AcmCertificateArn;
  };

  it('reads the certificate through a reference named after the domain, so a new domain is a new reference', () => {
    expect(certificateReference(synth(PROD_WITH_EDGE))).toEqual({
      'Fn::GetAtt': [
        'ExportsReader8B249524',
        '/cdk/exports/LeadCapture-prod/LeadCaptureprodEdgeuseast1RefEdgeCertificate9805ecbe9B7324326D142682',
      ],
    });
    const moved = synthesize({
      ...PROD_WITH_DOMAIN,
      site: {
        ...PROD_WITH_DOMAIN.site,
        siteUrl: 'https://book.birchstreet-acupuncture.com',
        domainName: 'book.birchstreet-acupuncture.com',
      },
    });
    expect(certificateReference(moved)).toEqual({
      'Fn::GetAtt': [
        'ExportsReader8B249524',
        '/cdk/exports/LeadCapture-prod/LeadCaptureprodEdgeuseast1RefEdgeCertificatebc3d0ae13F360050F5A0C274',
      ],
    });
    moved.edgeTemplate!.hasResourceProperties('Custom::CrossRegionExportWriter', {
      WriterProps: {
        region: 'eu-west-1',
        exports: Match.objectLike({
          '/cdk/exports/LeadCapture-prod/LeadCaptureprodEdgeuseast1RefEdgeCertificatebc3d0ae13F360050F5A0C274':
            { Ref: 'EdgeCertificatebc3d0ae13F360050' },
        }),
      },
    });
  });
});

describe('Helper functions and layers', () => {
  it.each([DEV, PROD_WITH_EDGE])(
    'gives every function, the CDK-made ones too, a log group with the retention period ($name)',
    (scenario) => {
      for (const template of templates(synth(scenario))) {
        const groups = Object.fromEntries(resourcesOf(template, 'AWS::Logs::LogGroup'));
        const functions = resourcesOf(template, 'AWS::Lambda::Function');
        expect(functions.length).toBeGreaterThan(0);
        for (const [id, fn] of functions) {
          const ref = (fn.Properties as { LoggingConfig?: { LogGroup?: { Ref?: string } } })
            .LoggingConfig?.LogGroup?.Ref;
          expect(ref, `log group of ${id}`).toBeDefined();
          expect(
            (groups[ref!]!.Properties as { RetentionInDays: number }).RetentionInDays,
            id,
          ).toBe(365);
        }
      }
    },
  );

  it('publishes one AWS CLI layer for the two site deployments', () => {
    synth(DEV).template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
  });

  it('says in the README the Node.js version Lambda runs', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(NODE_MAJOR).toBe(24);
    const versions = [...readme.matchAll(/Lambda runs Node(?:\.js)? (\d+)/g)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(0);
    expect(
      versions.every((v) => v === '24'),
      `README says Lambda runs Node ${versions}`,
    ).toBe(true);
  });
});

describe('An alarm when the form itself is throttled', () => {
  it('counts the requests the stage limit refused (THROTTLED in the access log), and alarms on the first', () => {
    const { template } = synth(DEV);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.errorType = "THROTTLED" }',
      LogGroupName: { Ref: 'ApiAccessLogs50B185DB' },
      MetricTransformations: [
        {
          MetricName: 'FormRequestsThrottled',
          MetricNamespace: 'LeadCapture/LeadCapture-dev',
          MetricValue: '1',
        },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'FormRequestsThrottled',
      Namespace: 'LeadCapture/LeadCapture-dev',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'OperationsAlertTopic8D8B289D' }],
    });
  });
});

describe.each(SCENARIOS)('Outside checkers on $name', (scenario) => {
  it('leaves no Control Tower rule (cfn-guard) finding unacknowledged', () => {
    const report = guardReport(synth(scenario).outdir);
    expect(report.ran).toBe(true);
    expect(report.violations).toEqual([]);
  });

  it('passes cfn-lint for the region of each template: no error, only the listed warnings', () => {
    const s = synth(scenario);
    for (const stack of [s.stack, s.edgeStack]) {
      if (stack === undefined) continue;
      const findings = cfnLint(s.outdir, stack);
      const unexplained = findings.filter(
        (f) => f.level !== 'Warning' || ACCEPTED_LINT_WARNINGS[f.rule] === undefined,
      );
      expect(unexplained, `${stack.stackName} in ${stack.region}`).toEqual([]);
    }
  });
});
