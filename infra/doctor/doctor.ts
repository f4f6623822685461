/**
 * The deploy preflight (`npm run doctor -- -c stage=<stage>`): with the deployer's credentials
 * and read-only calls, it finds what would make the first deploy fail, or leave a deployed
 * stack that takes leads and emails no one. Each finding says what to do.
 *
 * The checks take their SDK clients from {@link DoctorClients}, so tests hand them clients
 * that answer with recorded responses (tests/unit/doctor/).
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type Stack as CfnStack,
} from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { deployedFunctions } from '../manifest';
import type { AppConfig } from '../config/config';
import { senderIdentityOf } from '../constructs/notifications';
import { stackNameOf } from '../stack-name';

/** The oldest CDK bootstrap stack the synthesised templates accept (their BootstrapVersion rule). */
const MIN_BOOTSTRAP_VERSION = 6;

/** Executions Lambda keeps unreserved in every account; a reservation may not go below it. */
const LAMBDA_MIN_UNRESERVED = 100;

/** How bad a finding is: `error` stops `npm run deploy`. */
export type Level = 'ok' | 'warning' | 'error';

/** One result of the preflight. */
export interface Finding {
  readonly level: Level;
  /** What was checked, e.g. "CDK bootstrap (us-east-1)". */
  readonly check: string;
  /** What was found. */
  readonly message: string;
  /** What to do about it (warnings and errors). */
  readonly fix?: string;
}

/** The SDK clients of one region. */
export interface DoctorClients {
  readonly ssm: SSMClient;
  readonly lambda: LambdaClient;
  readonly ses: SESv2Client;
  readonly cloudformation: CloudFormationClient;
  readonly sns: SNSClient;
}

/** What the preflight needs to know. */
export interface DoctorInput {
  readonly config: AppConfig;
  /** Clients for a region, made once per region. */
  readonly clients: (region: string) => DoctorClients;
  /**
   * The CDK bootstrap qualifier (`@aws-cdk/core:bootstrapQualifier`).
   * @default "hnb659fds"
   */
  readonly bootstrapQualifier?: string;
}

/** Real clients with the deployer's credentials (the default provider chain). */
export function awsClients(region: string): DoctorClients {
  return {
    ssm: new SSMClient({ region }),
    lambda: new LambdaClient({ region }),
    ses: new SESv2Client({ region }),
    cloudformation: new CloudFormationClient({ region }),
    sns: new SNSClient({ region }),
  };
}

/** The regions a stage deploys to: its own, and us-east-1 for CloudFront's WAF and certificate. */
function deployRegions(config: AppConfig): string[] {
  const region = config.deployment.region;
  return region === 'us-east-1' ? [region] : [region, 'us-east-1'];
}

/** Runs every check; the findings are in the order a person would fix them. */
export async function runDoctor(input: DoctorInput): Promise<Finding[]> {
  const { config } = input;
  const cache = new Map<string, DoctorClients>();
  const clients = (region: string): DoctorClients => {
    let c = cache.get(region);
    if (c === undefined) {
      c = input.clients(region);
      cache.set(region, c);
    }
    return c;
  };
  const region = config.deployment.region;
  const home = clients(region);
  const stack = await describeStack(home.cloudformation, stackNameOf(config.stage));

  const findings: Finding[] = [];
  for (const r of deployRegions(config)) {
    findings.push(await checkBootstrap(clients(r).ssm, r, input.bootstrapQualifier ?? 'hnb659fds'));
  }
  findings.push(await checkConcurrency(home.lambda, config, stack !== undefined));
  findings.push(...(await checkSesAccount(home.ses, config)));
  findings.push(...(await checkSenderIdentity(home.ses, config, stack !== undefined)));
  findings.push(await checkAlertSubscription(home.sns, config, stack));
  return findings;
}

/** Whether any finding stops a deploy. */
export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.level === 'error');

async function describeStack(
  cloudformation: CloudFormationClient,
  stackName: string,
): Promise<CfnStack | undefined> {
  try {
    const answer = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return answer.Stacks?.[0];
  } catch (error) {
    // CloudFormation answers a missing stack with a ValidationError that says so.
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

async function checkBootstrap(ssm: SSMClient, region: string, qualifier: string): Promise<Finding> {
  const check = `CDK bootstrap (${region})`;
  const fix = `npx cdk bootstrap aws://<account id>/${region} (once per account and region; it makes the bucket and roles every deploy uses)`;
  try {
    const answer = await ssm.send(
      new GetParameterCommand({ Name: `/cdk-bootstrap/${qualifier}/version` }),
    );
    const version = Number(answer.Parameter?.Value);
    if (!(version >= MIN_BOOTSTRAP_VERSION)) {
      return {
        level: 'error',
        check,
        message: `the bootstrap stack is version ${answer.Parameter?.Value ?? 'unknown'}; this app needs ${MIN_BOOTSTRAP_VERSION} or later`,
        fix: `run it again to upgrade: ${fix}`,
      };
    }
    return { level: 'ok', check, message: `bootstrapped (version ${version})` };
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') {
      return {
        level: 'error',
        check,
        message: `this account is not bootstrapped for CDK in ${region}, so the deploy cannot upload the site and functions there`,
        fix,
      };
    }
    throw error;
  }
}

async function checkConcurrency(
  lambda: LambdaClient,
  config: AppConfig,
  stackExists: boolean,
): Promise<Finding> {
  const check = `Lambda concurrency (${config.deployment.region})`;
  const answer = await lambda.send(new GetAccountSettingsCommand({}));
  const quota = answer.AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = answer.AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  if (!config.deployment.reserveConcurrency) {
    return {
      level: 'ok',
      check,
      message: `nothing reserved (deployment.reserveConcurrency is off); the functions share the account's ${unreserved} unreserved executions (quota ${quota}), and the API stage throttle and the WAF bound a flood`,
    };
  }
  const wanted = deployedFunctions(config).reduce((sum, fn) => sum + fn.reservedConcurrency, 0);
  if (stackExists) {
    return {
      level: 'ok',
      check,
      message: `the stack exists and its ${wanted} reserved executions are already counted; ${unreserved} of ${quota} remain unreserved`,
    };
  }
  if (unreserved - wanted < LAMBDA_MIN_UNRESERVED) {
    const needed = quota - unreserved + wanted + LAMBDA_MIN_UNRESERVED;
    return {
      level: 'error',
      check,
      message: `deployment.reserveConcurrency reserves ${wanted} executions, but the account's quota is ${quota} with ${unreserved} unreserved, and Lambda must keep ${LAMBDA_MIN_UNRESERVED} unreserved: the deploy would fail`,
      fix: `ask for a concurrency quota of at least ${needed} (Service Quotas → AWS Lambda → Concurrent executions, in ${config.deployment.region}), or set deployment.reserveConcurrency to false`,
    };
  }
  return {
    level: 'ok',
    check,
    message: `reserving ${wanted} of ${unreserved} unreserved executions leaves ${unreserved - wanted} (quota ${quota})`,
  };
}

async function checkSesAccount(ses: SESv2Client, config: AppConfig): Promise<Finding[]> {
  const region = config.deployment.region;
  const account = await ses.send(new GetAccountCommand({}));
  if (account.SendingEnabled === false) {
    return [
      {
        level: 'error',
        check: `SES sending (${region})`,
        message: 'sending is paused for this account in this region: no lead would be emailed',
        fix: 'see the SES console → Account dashboard for the reason, and resume sending',
      },
    ];
  }
  if (account.ProductionAccessEnabled) {
    return [{ level: 'ok', check: `SES production access (${region})`, message: 'granted' }];
  }
  const findings: Finding[] = [
    {
      level: 'warning',
      check: `SES production access (${region})`,
      message:
        'the account is in the SES sandbox: it sends only to verified addresses, so patients get no confirmation email',
      fix: 'SES console → Account dashboard → Request production access (transactional notifications to the clinic, confirmations to patients who asked)',
    },
  ];
  const unverified: string[] = [];
  for (const recipient of config.leads.recipients) {
    if (!(await verifiedRecipient(ses, recipient))) unverified.push(recipient);
  }
  findings.push(
    unverified.length === 0
      ? {
          level: 'ok',
          check: `SES sandbox recipients (${region})`,
          message: `every lead recipient is verified (${config.leads.recipients.join(', ')})`,
        }
      : {
          level: 'error',
          check: `SES sandbox recipients (${region})`,
          message: `in the sandbox SES refuses to send to ${unverified.join(', ')} (not verified): every lead email would fail and end in the dead-letter queue`,
          fix: `verify each (SES console → Identities → Create identity → Email address, then click the link) or leave the sandbox`,
        },
  );
  return findings;
}

/** Whether the address, or its domain, is an identity verified for sending. */
async function verifiedRecipient(ses: SESv2Client, address: string): Promise<boolean> {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  for (const identity of [address, domain]) {
    const found = await emailIdentity(ses, identity);
    if (found?.VerifiedForSendingStatus) return true;
  }
  return false;
}

async function emailIdentity(ses: SESv2Client, identity: string) {
  try {
    return await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFoundException') return undefined;
    throw error;
  }
}

async function checkSenderIdentity(
  ses: SESv2Client,
  config: AppConfig,
  stackExists: boolean,
): Promise<Finding[]> {
  const sender = senderIdentityOf(config.leads.sender.email, config.site.hostedZoneName);
  const check = `SES sender identity ${sender.name} (${config.deployment.region})`;
  const found = await emailIdentity(ses, sender.name);
  const howItVerifies =
    sender.type === 'domain'
      ? 'the stack publishes its DKIM records in the hosted zone; SES verifies it within minutes (up to 72 hours)'
      : `SES emails a verification link to ${sender.name} during the first deploy: click it`;
  if (found === undefined) {
    return [
      stackExists
        ? {
            level: 'error',
            check,
            message: 'the stack exists but the identity does not: no email can be sent',
            fix: 'deploy again to recreate it',
          }
        : { level: 'ok', check, message: `made by the first deploy; ${howItVerifies}` },
    ];
  }
  const findings: Finding[] = [];
  findings.push(
    found.VerifiedForSendingStatus
      ? { level: 'ok', check, message: 'verified for sending' }
      : {
          level: 'warning',
          check,
          message: `not verified yet (status ${found.VerificationStatus ?? 'unknown'}): until it is, every email fails and new leads wait in the dead-letter queue`,
          fix: howItVerifies,
        },
  );
  if (sender.type === 'domain') {
    const dkim = found.DkimAttributes?.Status;
    findings.push(
      dkim === 'SUCCESS'
        ? { level: 'ok', check: `DKIM of ${sender.name}`, message: 'signing verified' }
        : {
            level: 'warning',
            check: `DKIM of ${sender.name}`,
            message: `DKIM status is ${dkim ?? 'unknown'}: receiving servers may reject or junk the emails`,
            fix: `check the three CNAME records <token>._domainkey.${sender.name} in the hosted zone ${config.site.hostedZoneName}`,
          },
    );
  }
  return findings;
}

async function checkAlertSubscription(
  sns: SNSClient,
  config: AppConfig,
  stack: CfnStack | undefined,
): Promise<Finding> {
  const ops = config.deployment.opsEmail;
  const check = `Alert subscription ${ops}`;
  const topicArn = stack?.Outputs?.find((o) => o.OutputKey === 'AlertTopicArn')?.OutputValue;
  if (stack === undefined || topicArn === undefined) {
    return {
      level: 'ok',
      check,
      message: `made by the first deploy: SNS then emails ${ops} a link to confirm; until it is clicked no alarm reaches anyone (run the doctor again after the deploy)`,
    };
  }
  const answer = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  const subscription = answer.Subscriptions?.find(
    (s) => s.Protocol === 'email' && s.Endpoint?.toLowerCase() === ops.toLowerCase(),
  );
  if (subscription === undefined) {
    return {
      level: 'warning',
      check,
      message: `${ops} is not subscribed to the alert topic: alarms reach no one`,
      fix: 'deploy again (the stack subscribes it), then click the link SNS emails',
    };
  }
  if (subscription.SubscriptionArn === 'PendingConfirmation') {
    return {
      level: 'warning',
      check,
      message: `${ops} has not confirmed the subscription: alarms (a lead not emailed among them) reach no one`,
      fix: `click "Confirm subscription" in the email from AWS Notifications to ${ops} (search for "AWS Notification - Subscription Confirmation")`,
    };
  }
  return { level: 'ok', check, message: 'confirmed' };
}
