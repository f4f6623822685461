/**
 * Answers AWS gave to the preflight's read-only calls, as the SDK returns them (request ids
 * and account ids replaced), for the account states the preflight must tell apart.
 */
import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import type { GetAccountSettingsCommandOutput } from '@aws-sdk/client-lambda';
import {
  NotFoundException,
  type GetAccountCommandOutput,
  type GetEmailIdentityCommandOutput,
} from '@aws-sdk/client-sesv2';
import type { ListSubscriptionsByTopicCommandOutput } from '@aws-sdk/client-sns';
import { ParameterNotFound, type GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import type { DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';

const metadata = (httpStatusCode = 200) => ({
  httpStatusCode,
  requestId: '0d6b4c0e-7a61-4c37-9d4b-2f7c1b4f8a10',
  attempts: 1,
  totalRetryDelay: 0,
});

const ACCOUNT = '111122223333';

export const bootstrapVersion = (value: string): GetParameterCommandOutput => ({
  $metadata: metadata(),
  Parameter: {
    Name: '/cdk-bootstrap/hnb659fds/version',
    Type: 'String',
    Value: value,
    Version: 3,
    LastModifiedDate: new Date('2026-10-02T09:14:51.000Z'),
    ARN: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/cdk-bootstrap/hnb659fds/version`,
    DataType: 'text',
  },
});

export const noBootstrap = () => new ParameterNotFound({ message: '', $metadata: metadata(400) });

/** A new account: Lambda's concurrency quota is 10. */
export const newAccountLambda: GetAccountSettingsCommandOutput = {
  $metadata: metadata(),
  AccountLimit: {
    TotalCodeSize: 80530636800,
    CodeSizeUnzipped: 262144000,
    CodeSizeZipped: 52428800,
    ConcurrentExecutions: 10,
    UnreservedConcurrentExecutions: 10,
  },
  AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 },
};

/** An established account with the standard quota of 1,000. */
export const standardLambda: GetAccountSettingsCommandOutput = {
  $metadata: metadata(),
  AccountLimit: {
    TotalCodeSize: 80530636800,
    CodeSizeUnzipped: 262144000,
    CodeSizeZipped: 52428800,
    ConcurrentExecutions: 1000,
    UnreservedConcurrentExecutions: 1000,
  },
  AccountUsage: { TotalCodeSize: 1843207, FunctionCount: 4 },
};

export const sesSandbox: GetAccountCommandOutput = {
  $metadata: metadata(),
  DedicatedIpAutoWarmupEnabled: false,
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: false,
  SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
  SendingEnabled: true,
  SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
};

export const sesProduction: GetAccountCommandOutput = {
  $metadata: metadata(),
  DedicatedIpAutoWarmupEnabled: false,
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 12 },
  SendingEnabled: true,
  SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
  Details: {
    MailType: 'TRANSACTIONAL',
    WebsiteURL: 'https://www.willowlane-acupuncture.example.com',
    ContactLanguage: 'EN',
    UseCaseDescription: 'Lead notifications to the clinic and confirmations to patients.',
    ReviewDetails: { Status: 'GRANTED', CaseId: '170000000000001' },
  },
};

export const identityMissing = (identity: string) =>
  new NotFoundException({
    message: `Email identity ${identity} does not exist.`,
    $metadata: metadata(404),
  });

/** An address identity (verified by a link), verified or still pending. */
export const addressIdentity = (verified: boolean): GetEmailIdentityCommandOutput => ({
  $metadata: metadata(),
  IdentityType: 'EMAIL_ADDRESS',
  FeedbackForwardingStatus: true,
  VerifiedForSendingStatus: verified,
  VerificationStatus: verified ? 'SUCCESS' : 'PENDING',
  DkimAttributes: {
    SigningEnabled: false,
    Status: 'NOT_STARTED',
    SigningAttributesOrigin: 'AWS_SES',
  },
  Policies: {},
  Tags: [],
});

/** A domain identity with Easy DKIM, verified or with its DNS records not yet seen. */
export const domainIdentity = (verified: boolean): GetEmailIdentityCommandOutput => ({
  $metadata: metadata(),
  IdentityType: 'DOMAIN',
  FeedbackForwardingStatus: true,
  VerifiedForSendingStatus: verified,
  VerificationStatus: verified ? 'SUCCESS' : 'PENDING',
  DkimAttributes: {
    SigningEnabled: true,
    Status: verified ? 'SUCCESS' : 'PENDING',
    Tokens: [
      'vhz6mf3cwxbdm5dvjhyyfuqc5bfgo7mh',
      'k4bdbtlc5w3a3bq2aalwu6eyqlekuyvh',
      'w3x5f4yxyqy2k3ulbxk3m7vxm4mzxe3h',
    ],
    SigningAttributesOrigin: 'AWS_SES',
    NextSigningKeyLength: 'RSA_2048_BIT',
    CurrentSigningKeyLength: 'RSA_2048_BIT',
  },
  MailFromAttributes: {
    MailFromDomain: 'mail.willowlane-acupuncture.example.com',
    MailFromDomainStatus: verified ? 'SUCCESS' : 'PENDING',
    BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
  },
  Policies: {},
  Tags: [],
  ConfigurationSetName: 'NotificationsConfigurationSet428CEBEB-Xc1pAk2wQz9L',
});

export const stackMissing = (stackName: string) =>
  new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    message: `Stack with id ${stackName} does not exist`,
    $metadata: metadata(400),
  });

export const ALERT_TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:LeadCapture-dev-OperationsAlertTopic8D8B289D-kQ3vT0pLm2Xa`;

export const stackDeployed = (stackName: string): DescribeStacksCommandOutput => ({
  $metadata: metadata(),
  Stacks: [
    {
      StackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${stackName}/5c1e8a70-9f2b-11f0-8d0e-0affd1c2b3a5`,
      StackName: stackName,
      CreationTime: new Date('2026-11-20T15:02:11.000Z'),
      StackStatus: 'CREATE_COMPLETE',
      Outputs: [
        {
          OutputKey: 'SiteUrl',
          OutputValue: 'https://d1a2b3c4d5e6f7.cloudfront.net',
          Description: 'The site',
        },
        { OutputKey: 'AlertTopicArn', OutputValue: ALERT_TOPIC_ARN },
      ],
    },
  ],
});

export const subscription = (
  endpoint: string,
  confirmed: boolean,
): ListSubscriptionsByTopicCommandOutput => ({
  $metadata: metadata(),
  Subscriptions: [
    {
      SubscriptionArn: confirmed
        ? `${ALERT_TOPIC_ARN}:3f1c2b7e-8d4a-4b6f-9e21-5a7c0d9e1f32`
        : 'PendingConfirmation',
      Owner: ACCOUNT,
      Protocol: 'email',
      Endpoint: endpoint,
      TopicArn: ALERT_TOPIC_ARN,
    },
  ],
});
