import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  SESv2Client,
  type GetAccountCommandOutput,
  type GetEmailIdentityCommandOutput,
} from '@aws-sdk/client-sesv2';
import {
  ListSubscriptionsByTopicCommand,
  SNSClient,
  type ListSubscriptionsByTopicCommandOutput,
} from '@aws-sdk/client-sns';
import {
  GetParameterCommand,
  SSMClient,
  type GetParameterCommandOutput,
} from '@aws-sdk/client-ssm';
import type { GetAccountSettingsCommandOutput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { parseConfig, type AppConfig } from '../../../infra/config/config';
import { parseDeployArgs } from '../../../infra/doctor/cli-args';
import {
  hasErrors,
  runDoctor,
  type DoctorClients,
  type Finding,
} from '../../../infra/doctor/doctor';
import { formatFindings } from '../../../infra/doctor/report';
import { contextWith, PROD_WITH_DOMAIN } from '../../infra/support/app';
import {
  addressIdentity,
  ALERT_TOPIC_ARN,
  bootstrapVersion,
  domainIdentity,
  identityMissing,
  newAccountLambda,
  noBootstrap,
  sesProduction,
  sesSandbox,
  stackDeployed,
  stackMissing,
  standardLambda,
  subscription,
} from './recorded-answers';

/** What one account answers in one region. */
interface RegionAnswers {
  readonly bootstrap?: GetParameterCommandOutput | Error;
  readonly lambda?: GetAccountSettingsCommandOutput;
  readonly ses?: GetAccountCommandOutput;
  /** Identities that exist, by name; any other is answered NotFoundException. */
  readonly identities?: Readonly<Record<string, GetEmailIdentityCommandOutput>>;
  /** The stack's DescribeStacks answer; a missing stack when absent. */
  readonly stack?: ReturnType<typeof stackDeployed>;
  readonly subscriptions?: ListSubscriptionsByTopicCommandOutput;
}

/** Clients of each region that answer only with the recorded answers (nothing reaches AWS). */
function recordedAccount(byRegion: Readonly<Record<string, RegionAnswers>>) {
  return (region: string): DoctorClients => {
    const answers = byRegion[region];
    if (answers === undefined) throw new Error(`no recorded answers for ${region}`);
    const ssm = new SSMClient({ region });
    const bootstrap = answers.bootstrap;
    if (bootstrap instanceof Error) mockClient(ssm).on(GetParameterCommand).rejects(bootstrap);
    else if (bootstrap) mockClient(ssm).on(GetParameterCommand).resolves(bootstrap);
    const lambda = new LambdaClient({ region });
    if (answers.lambda) mockClient(lambda).on(GetAccountSettingsCommand).resolves(answers.lambda);
    const ses = new SESv2Client({ region });
    const sesMock = mockClient(ses);
    if (answers.ses) sesMock.on(GetAccountCommand).resolves(answers.ses);
    sesMock.on(GetEmailIdentityCommand).callsFake((input: { EmailIdentity: string }) => {
      const found = answers.identities?.[input.EmailIdentity];
      if (found === undefined) throw identityMissing(input.EmailIdentity);
      return found;
    });
    const cloudformation = new CloudFormationClient({ region });
    const cfn = mockClient(cloudformation).on(DescribeStacksCommand);
    if (answers.stack) cfn.resolves(answers.stack);
    else
      cfn.callsFake((input: { StackName: string }) => {
        throw stackMissing(input.StackName);
      });
    const sns = new SNSClient({ region });
    if (answers.subscriptions) {
      mockClient(sns)
        .on(ListSubscriptionsByTopicCommand, { TopicArn: ALERT_TOPIC_ARN })
        .resolves(answers.subscriptions);
    }
    return { ssm, lambda, ses, cloudformation, sns };
  };
}

const DEV = parseConfig(contextWith());
const DEV_RESERVING = parseConfig(contextWith({ deployment: { reserveConcurrency: true } }));
const PROD_US = parseConfig(
  contextWith({ ...PROD_WITH_DOMAIN, deployment: { region: 'us-east-1' } }),
);
const PROD_EU = parseConfig(contextWith(PROD_WITH_DOMAIN));

/** The production set-up's own sender domain (a production stage refuses the demo's). */
const PROD_DOMAIN = 'birchstreet-acupuncture.com';
const RECIPIENT = 'frontdesk@willowlane-acupuncture.example.com';
const SENDER = 'no-reply@willowlane-acupuncture.example.com';
const OPS = 'ops@willowlane-acupuncture.example.com';

/** An account ready for the stage: bootstrapped, quota 1,000, SES out of the sandbox. */
const healthy: RegionAnswers = {
  bootstrap: bootstrapVersion('27'),
  lambda: standardLambda,
  ses: sesProduction,
};

const run = (config: AppConfig, byRegion: Record<string, RegionAnswers>) =>
  runDoctor({ config, clients: recordedAccount(byRegion) });

const problems = (findings: Finding[]) => findings.filter((f) => f.level !== 'ok');

describe('The deploy preflight, against recorded AWS answers', () => {
  it('finds nothing to fix in a healthy account before the first deploy', async () => {
    const findings = await run(DEV, { 'us-east-1': healthy });
    expect(problems(findings)).toEqual([]);
    expect(findings.map((f) => f.check)).toEqual([
      'CDK bootstrap (us-east-1)',
      'Lambda concurrency (us-east-1)',
      'SES production access (us-east-1)',
      `SES sender identity ${SENDER} (us-east-1)`,
      `Alert subscription ${OPS}`,
    ]);
    expect(formatFindings(findings)).toMatch(/Ready to deploy\.$/);
  });

  it('finds nothing to fix in a healthy account with the stack deployed and everything confirmed', async () => {
    const findings = await run(PROD_US, {
      'us-east-1': {
        ...healthy,
        identities: { [PROD_DOMAIN]: domainIdentity(true) },
        stack: stackDeployed('LeadCapture-prod'),
        subscriptions: subscription(OPS, true),
      },
    });
    expect(problems(findings)).toEqual([]);
    expect(findings.find((f) => f.check.startsWith('DKIM'))?.message).toBe('signing verified');
  });

  it('stops a new account (quota 10) from reserving concurrency, with the quota to ask for', async () => {
    const findings = await run(DEV_RESERVING, {
      'us-east-1': { ...healthy, lambda: newAccountLambda },
    });
    expect(problems(findings)).toEqual([
      {
        level: 'error',
        check: 'Lambda concurrency (us-east-1)',
        message:
          "deployment.reserveConcurrency reserves 42 executions, but the account's quota is 10 with 10 unreserved, and Lambda must keep 100 unreserved: the deploy would fail",
        fix: 'ask for a concurrency quota of at least 142 (Service Quotas → AWS Lambda → Concurrent executions, in us-east-1), or set deployment.reserveConcurrency to false',
      },
    ]);
    expect(hasErrors(findings)).toBe(true);
  });

  it('counts the webhook function only when a webhook is configured', async () => {
    const withWebhook = parseConfig(
      contextWith({
        deployment: { reserveConcurrency: true },
        alerts: { webhook: { url: 'https://hooks.example.com/leads' } },
      }),
    );
    const findings = await run(withWebhook, {
      'us-east-1': { ...healthy, lambda: newAccountLambda },
    });
    expect(problems(findings).map((f) => f.message)).toEqual([
      "deployment.reserveConcurrency reserves 47 executions, but the account's quota is 10 with 10 unreserved, and Lambda must keep 100 unreserved: the deploy would fail",
    ]);
  });

  it('lets a new account (quota 10) deploy the default, which reserves nothing', async () => {
    const findings = await run(DEV, { 'us-east-1': { ...healthy, lambda: newAccountLambda } });
    expect(hasErrors(findings)).toBe(false);
    expect(findings.find((f) => f.check.startsWith('Lambda'))?.message).toMatch(
      /^nothing reserved .* 10 unreserved executions \(quota 10\)/,
    );
  });

  it('stops a deploy from the SES sandbox to an unverified recipient, and warns about patients', async () => {
    const findings = await run(DEV, { 'us-east-1': { ...healthy, ses: sesSandbox } });
    expect(problems(findings).map((f) => [f.level, f.check])).toEqual([
      ['warning', 'SES production access (us-east-1)'],
      ['error', 'SES sandbox recipients (us-east-1)'],
    ]);
    expect(problems(findings)[1]!.message).toBe(
      `in the sandbox SES refuses to send to ${RECIPIENT} (not verified): every lead email would fail and end in the dead-letter queue`,
    );
  });

  it('accepts a sandbox account whose recipients are verified (the address or its domain)', async () => {
    const findings = await run(DEV, {
      'us-east-1': {
        ...healthy,
        ses: sesSandbox,
        identities: { 'willowlane-acupuncture.example.com': domainIdentity(true) },
      },
    });
    expect(hasErrors(findings)).toBe(false);
  });

  it('warns that an unverified sender identity and pending DKIM leave leads unsent', async () => {
    const findings = await run(PROD_US, {
      'us-east-1': {
        ...healthy,
        identities: { [PROD_DOMAIN]: domainIdentity(false) },
        stack: stackDeployed('LeadCapture-prod'),
        subscriptions: subscription(OPS, true),
      },
    });
    expect(problems(findings).map((f) => [f.level, f.check, f.message])).toEqual([
      [
        'warning',
        `SES sender identity ${PROD_DOMAIN} (us-east-1)`,
        'not verified yet (status PENDING): until it is, every email fails and new leads wait in the dead-letter queue',
      ],
      [
        'warning',
        `DKIM of ${PROD_DOMAIN}`,
        'DKIM status is PENDING: receiving servers may reject or junk the emails',
      ],
    ]);
  });

  it('warns about an address identity whose link was never clicked', async () => {
    const findings = await run(DEV, {
      'us-east-1': {
        ...healthy,
        identities: { [SENDER]: addressIdentity(false) },
        stack: stackDeployed('LeadCapture-dev'),
        subscriptions: subscription(OPS, true),
      },
    });
    expect(problems(findings)).toEqual([
      expect.objectContaining({
        level: 'warning',
        check: `SES sender identity ${SENDER} (us-east-1)`,
        fix: `SES emails a verification link to ${SENDER} during the first deploy: click it`,
      }),
    ]);
  });

  it('stops a deploy to eu-west-1 when us-east-1 is not bootstrapped, naming the command', async () => {
    const findings = await run(PROD_EU, {
      'eu-west-1': healthy,
      'us-east-1': { bootstrap: noBootstrap() },
    });
    expect(problems(findings)).toEqual([
      {
        level: 'error',
        check: 'CDK bootstrap (us-east-1)',
        message:
          'this account is not bootstrapped for CDK in us-east-1, so the deploy cannot upload the site and functions there',
        fix: 'npx cdk bootstrap aws://<account id>/us-east-1 (once per account and region; it makes the bucket and roles every deploy uses)',
      },
    ]);
    expect(findings.find((f) => f.check === 'CDK bootstrap (eu-west-1)')?.level).toBe('ok');
  });

  it('stops a deploy on a bootstrap stack older than the templates need', async () => {
    const findings = await run(DEV, {
      'us-east-1': { ...healthy, bootstrap: bootstrapVersion('5') },
    });
    expect(problems(findings)[0]?.message).toBe(
      'the bootstrap stack is version 5; this app needs 6 or later',
    );
  });

  it('warns that alarms reach no one until the operations address confirms its subscription', async () => {
    const findings = await run(DEV, {
      'us-east-1': {
        ...healthy,
        identities: { [SENDER]: addressIdentity(true) },
        stack: stackDeployed('LeadCapture-dev'),
        subscriptions: subscription(OPS, false),
      },
    });
    expect(problems(findings)).toEqual([
      expect.objectContaining({
        level: 'warning',
        check: `Alert subscription ${OPS}`,
        message: `${OPS} has not confirmed the subscription: alarms (a lead not emailed among them) reach no one`,
      }),
    ]);
    expect(hasErrors(findings)).toBe(false);
  });
});

describe('The command line of doctor and deploy', () => {
  it('reads the stage as the CDK does and passes everything on to cdk deploy', () => {
    expect(parseDeployArgs(['-c', 'stage=prod', '--skip-doctor', '--hotswap'])).toEqual({
      context: { stage: 'prod' },
      skipDoctor: true,
      cdkArgs: ['-c', 'stage=prod', '--hotswap'],
    });
    expect(parseDeployArgs([])).toEqual({ context: {}, skipDoctor: false, cdkArgs: [] });
  });

  it('says how to write a context pair it cannot read', () => {
    expect(() => parseDeployArgs(['-c', 'prod'])).toThrow(
      '-c needs key=value, such as "-c stage=prod"',
    );
  });
});
