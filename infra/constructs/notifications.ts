import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LEADS_TABLE } from '../../functions/lib/table-spec';
import { notifyFunction, type FunctionDeclaration, type TableStreamTrigger } from '../manifest';
import type { AppConfig } from '../config/config';
import { acknowledge } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';
import { LeadFunction } from './lead-function';
import type { LeadStore } from './lead-store';

/** The index of contact hashes that finds a person's earlier requests. */
const CONTACT_INDEX = LEADS_TABLE.globalSecondaryIndexes[1].indexName;

/** How long a failed batch's record waits in the dead-letter queue: SQS's maximum. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/** Props of {@link Notifications}. */
export interface NotificationsProps {
  /** The validated configuration (sender, recipients, clinic facts for the emails). */
  readonly config: AppConfig;
  /** The table whose stream is the outbox, and its key (which also encrypts the queue). */
  readonly leadStore: LeadStore;
  /** Encrypted log groups of the region. */
  readonly logs: EncryptedLogs;
  /** Receives SES bounce, complaint and reject notices. */
  readonly alertTopic: sns.ITopic;
  /**
   * Hosted zone of the site. When the sender's domain is inside it, the sender is a verified
   * domain identity with DKIM and a custom MAIL FROM domain, all published in the zone.
   * @default - the sender is an email address identity, verified by a link SES emails to it
   */
  readonly hostedZone?: route53.IPublicHostedZone | undefined;
  /**
   * The function declaration to deploy.
   * @default notifyFunction from infra/manifest.ts
   */
  readonly declaration?: FunctionDeclaration;
}

/**
 * Email about each new lead: the notify function on the table's stream (bounded retries,
 * bisection, per-record failures, on-failure dead-letter queue), the SES sender identity and a
 * configuration set that requires TLS and reports bounces and complaints.
 */
export class Notifications extends Construct {
  public readonly function: lambda.Function;
  /** Where a batch that still fails after the bounded retries is recorded. */
  public readonly deadLetterQueue: sqs.Queue;
  public readonly identity: ses.EmailIdentity;
  public readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const declaration = props.declaration ?? notifyFunction;
    const trigger = declaration.trigger;
    if (trigger.type !== 'table-stream') {
      throw new Error(
        `Notifications: ${declaration.name} must be triggered by the table stream (trigger.type "table-stream" in infra/manifest.ts), not "${trigger.type}"`,
      );
    }
    const { config, leadStore } = props;
    const sender = config.leads.sender.email;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Refuse to hand a message to a receiving server that cannot take it over TLS.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(props.alertTopic),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });
    this.identity = senderIdentity(this, sender, this.configurationSet, props.hostedZone);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: leadStore.key,
      retentionPeriod: DEAD_LETTER_RETENTION,
      enforceSSL: true,
      // SQS's default, written out: it declares this queue a dead-letter queue (the stream
      // mapping's on-failure destination), so it needs no dead-letter queue of its own.
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    acknowledge(
      this.deadLetterQueue,
      'This queue is itself the dead-letter destination of the stream mapping; a message here raises the DeadLetters alarm and waits 14 days for an operator.',
      'AwsSolutions-SQS3',
      'Serverless-SQSRedrivePolicy',
    );

    const notify = new LeadFunction(this, 'Notify', {
      declaration,
      config,
      resources: {
        tableName: leadStore.table.tableName,
        configurationSetName: this.configurationSet.configurationSetName,
      },
      logGroup: props.logs.logGroup(this, 'NotifyLogs'),
    });
    this.function = notify.function;
    leadStore.grantItems(notify.role, { write: declaration.writesTable });
    // Earlier requests by the same person (functions/notify/repeat-requests.ts): that index only.
    leadStore.grantIndexQuery(notify.role, [CONTACT_INDEX]);
    if (declaration.sendsEmail) this.grantSendFromSender(notify.role, config);

    this.function.addEventSource(leadStreamSource(leadStore, trigger, this.deadLetterQueue));
  }

  /**
   * `ses:SendEmail` only through the sender identity and this configuration set, and only with
   * the configured From address. The recipients' own identities are listed too: while the
   * account is in the SES sandbox, each recipient must be a verified identity and SES checks
   * the permission against it as well (outside the sandbox they are simply never consulted).
   */
  public grantSendFromSender(grantee: iam.IGrantable, config: AppConfig): void {
    const stack = Stack.of(this);
    const identityArn = (identity: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail'],
      resourceArns: [
        this.identity.emailIdentityArn,
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
        }),
        ...config.leads.recipients.map(identityArn),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': config.leads.sender.email } },
    });
  }
}

/** Which SES identity the stack makes for the sender (also what `npm run doctor` checks). */
export type SenderIdentityKind =
  | { readonly type: 'domain'; readonly name: string; readonly domain: string }
  | { readonly type: 'address'; readonly name: string; readonly domain: string };

/**
 * The sender's domain when the hosted zone holds it (a domain identity with DKIM), otherwise
 * the address itself (verified by a link SES emails to it).
 */
export function senderIdentityOf(sender: string, zoneName: string | undefined): SenderIdentityKind {
  const domain = sender.slice(sender.lastIndexOf('@') + 1).toLowerCase();
  const zone = zoneName?.replace(/\.$/, '').toLowerCase();
  const inZone = zone !== undefined && (domain === zone || domain.endsWith(`.${zone}`));
  return inZone
    ? { type: 'domain', name: domain, domain }
    : { type: 'address', name: sender, domain };
}

/**
 * The sender identity: the sender's domain, with Easy DKIM and a MAIL FROM subdomain published
 * in the hosted zone, when the zone holds that domain; otherwise the address alone.
 */
function senderIdentity(
  scope: Construct,
  sender: string,
  configurationSet: ses.IConfigurationSet,
  zone: route53.IPublicHostedZone | undefined,
): ses.EmailIdentity {
  const kind = senderIdentityOf(sender, zone?.zoneName);
  const domain = kind.domain;
  const zoneName = zone?.zoneName.replace(/\.$/, '').toLowerCase();
  if (kind.type === 'address' || zone === undefined) {
    return new ses.EmailIdentity(scope, 'SenderIdentity', {
      identity: ses.Identity.email(sender),
      configurationSet,
    });
  }
  const mailFromDomain = `mail.${domain}`;
  if (domain === zoneName) {
    // CDK publishes the DKIM and MAIL FROM records itself for a zone's own domain.
    return new ses.EmailIdentity(scope, 'SenderIdentity', {
      identity: ses.Identity.publicHostedZone(zone),
      configurationSet,
      mailFromDomain,
    });
  }
  const identity = new ses.EmailIdentity(scope, 'SenderIdentity', {
    identity: ses.Identity.domain(domain),
    configurationSet,
    mailFromDomain,
  });
  identity.dkimRecords.forEach((record, index) => {
    new route53.CnameRecord(scope, `DkimRecord${index + 1}`, {
      zone,
      // SES's token names are already complete ("<token>._domainkey.<sender domain>"); the
      // final dot says so, or Route 53's construct would append the zone name a second time.
      recordName: `${record.name}.`,
      domainName: record.value,
    });
  });
  const region = Stack.of(scope).region;
  new route53.MxRecord(scope, 'MailFromMx', {
    zone,
    recordName: mailFromDomain,
    values: [{ priority: 10, hostName: `feedback-smtp.${region}.amazonses.com` }],
  });
  new route53.TxtRecord(scope, 'MailFromSpf', {
    zone,
    recordName: mailFromDomain,
    values: ['v=spf1 include:amazonses.com ~all'],
  });
  return identity;
}

/**
 * The on-failure destination of the stream mapping: an SQS queue encrypted with the table key.
 * CDK's own `SqsDlq` grants `kms:ReEncrypt*` and `kms:GenerateDataKey*`; this grants exactly
 * what sending to an encrypted queue takes (`sqs:SendMessage`, a data key, through SQS only).
 */
class KeyedQueueDestination implements lambda.IEventSourceDlq {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly leadStore: LeadStore,
  ) {}

  bind(
    _target: lambda.IEventSourceMapping,
    handler: lambda.IFunction,
  ): lambda.DlqDestinationConfig {
    this.queue.grant(handler, 'sqs:SendMessage');
    this.leadStore.grantKeyVia(handler, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt']);
    return { destination: this.queue.queueArn };
  }
}

/**
 * The table-stream event source of a function the manifest triggers with `trigger`: its batch
 * size and window, bounded retries and record age, bisection, per-record failures and filter,
 * with a record that still fails sent to `deadLetterQueue` ({@link KeyedQueueDestination}).
 */
export function leadStreamSource(
  leadStore: LeadStore,
  trigger: TableStreamTrigger,
  deadLetterQueue: sqs.IQueue,
): sources.DynamoEventSource {
  // aws-cdk-lib's classes are not assignable to their own interfaces under exactOptionalPropertyTypes
  // (getters typed `T | undefined` against optional members): the one cast, named here.
  return new sources.DynamoEventSource(leadStore.table as dynamodb.ITable, {
    startingPosition: lambda.StartingPosition[trigger.startingPosition],
    batchSize: trigger.batchSize,
    maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
    retryAttempts: trigger.retryAttempts,
    maxRecordAge: Duration.seconds(trigger.maxRecordAgeSeconds),
    bisectBatchOnError: trigger.bisectBatchOnError,
    reportBatchItemFailures: trigger.reportBatchItemFailures,
    filters: [lambda.FilterCriteria.filter({ ...trigger.filterPattern })],
    onFailure: new KeyedQueueDestination(deadLetterQueue, leadStore),
  });
}
