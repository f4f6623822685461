import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { AppConfig } from './config/config';
import { knownCampaigns } from '../functions/contract/campaigns';
import { Api } from './constructs/api';
import { EdgeProtection } from './constructs/edge-protection';
import { EncryptedLogs } from './constructs/encrypted-logs';
import { FollowUp } from './constructs/follow-up';
import { logHelperFunctions } from './constructs/helper-function-logs';
import { LeadStore } from './constructs/lead-store';
import { LeadWebhook } from './constructs/lead-webhook';
import { Monitoring } from './constructs/monitoring';
import { Notifications } from './constructs/notifications';
import { Operations } from './constructs/operations';
import { ResponseDashboard } from './constructs/response-dashboard';
import { Site } from './constructs/site';
import { StatusLinks } from './constructs/status-links';
import {
  deployedFunctions,
  eventsFunction,
  statusFunction,
  submitFunction,
  webhookFunction,
} from './manifest';
import { readCampaignTable } from './site/viewer-function-code';
import { WeeklyDigest } from './constructs/weekly-digest';

/** The hosted zone of the configured custom domain, from its id: no lookup at synth. */
function hostedZone(scope: Construct, config: AppConfig): route53.IPublicHostedZone | undefined {
  const { hostedZoneId, hostedZoneName } = config.site;
  if (hostedZoneId === undefined || hostedZoneName === undefined) return undefined;
  return route53.PublicHostedZone.fromPublicHostedZoneAttributes(scope, 'HostedZone', {
    hostedZoneId,
    zoneName: hostedZoneName,
  });
}

/** Props of {@link EdgeStack}. */
export interface EdgeStackProps extends StackProps {
  /** The validated configuration. */
  readonly config: AppConfig;
}

/**
 * The us-east-1 part of a deployment whose region is elsewhere: CloudFront reads its WAF web
 * ACL and its certificate only from us-east-1.
 */
export class EdgeStack extends Stack {
  public readonly edge: EdgeProtection;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retainData = config.stageSettings.retainData;
    const zone = hostedZone(this, config);
    const logs = new EncryptedLogs(this, 'Logs', {
      retentionDays: config.deployment.logRetentionDays,
      retainData,
    });
    logHelperFunctions(this, logs);
    this.edge = new EdgeProtection(this, 'Edge', {
      apiRequestsPerIpPer5Minutes: config.deployment.limits.wafRequestsPerIpPer5Minutes,
      logs,
      domain:
        zone && config.site.domainName
          ? { domainName: config.site.domainName, hostedZone: zone }
          : undefined,
    });
  }
}

/** Props of {@link LeadCaptureStack}. */
export interface LeadCaptureStackProps extends StackProps {
  /** The validated configuration. */
  readonly config: AppConfig;
  /** Directory of the built site (web/dist). */
  readonly siteSource: string;
  /**
   * The WAF web ACL and certificate, from an {@link EdgeStack} in us-east-1.
   * @default - made in this stack, which must then be in us-east-1
   */
  readonly edge?: EdgeProtection | undefined;
}

/**
 * The whole product in one region: the lead store, the API, notifications, the site behind
 * CloudFront, and the alarms.
 */
export class LeadCaptureStack extends Stack {
  public readonly operations: Operations;
  public readonly leadStore: LeadStore;
  public readonly api: Api;
  public readonly notifications: Notifications;
  public readonly edge: EdgeProtection;
  public readonly site: Site;
  public readonly monitoring: Monitoring;
  public readonly statusLinks: StatusLinks;
  public readonly followUp: FollowUp;
  public readonly responseDashboard: ResponseDashboard;
  public readonly weeklyDigest: WeeklyDigest;
  /** The lead webhook, when alerts.webhook is configured. */
  public readonly webhook: LeadWebhook | undefined;

  constructor(scope: Construct, id: string, props: LeadCaptureStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retainData = config.stageSettings.retainData;
    const zone = hostedZone(this, config);

    this.operations = new Operations(this, 'Operations', {
      opsEmail: config.deployment.opsEmail,
      logRetentionDays: config.deployment.logRetentionDays,
      retainData,
    });
    const logs = this.operations.logs;
    logHelperFunctions(this, logs);
    this.leadStore = new LeadStore(this, 'LeadStore', { retainData });
    // The site build's campaigns, which leads and funnel events are checked against.
    const campaigns = knownCampaigns(readCampaignTable(props.siteSource));
    this.api = new Api(this, 'Api', {
      config,
      leadStore: this.leadStore,
      logs,
      declarations: [submitFunction, statusFunction, eventsFunction],
      campaigns,
    });
    this.notifications = new Notifications(this, 'Notifications', {
      config,
      leadStore: this.leadStore,
      logs,
      alertTopic: this.operations.alertTopic,
      hostedZone: zone,
    });
    this.statusLinks = new StatusLinks(this, 'StatusLinks', {
      encryptionKey: this.leadStore.key,
      retainData,
    });
    this.statusLinks.grantUse(this.notifications.function);
    const statusPage = this.api.functions[statusFunction.name];
    if (statusPage === undefined) throw new Error('The Api serves no lead-status function');
    this.statusLinks.grantUse(statusPage);
    this.followUp = new FollowUp(this, 'FollowUp', {
      config,
      leadStore: this.leadStore,
      notifications: this.notifications,
      statusLinks: this.statusLinks,
      logs,
      alertTopic: this.operations.alertTopic,
    });
    this.webhook = !deployedFunctions(config).includes(webhookFunction)
      ? undefined
      : new LeadWebhook(this, 'Webhook', {
          config,
          leadStore: this.leadStore,
          statusLinks: this.statusLinks,
          logs,
          alertTopic: this.operations.alertTopic,
          retainData,
        });
    this.responseDashboard = new ResponseDashboard(this, 'ResponseTimes', {
      targetMinutes: config.followUp.targetMinutes,
    });
    this.weeklyDigest = new WeeklyDigest(this, 'WeeklyDigest', {
      config,
      leadStore: this.leadStore,
      notifications: this.notifications,
      logs,
      campaigns,
    });
    this.edge =
      props.edge ??
      new EdgeProtection(this, 'Edge', {
        apiRequestsPerIpPer5Minutes: config.deployment.limits.wafRequestsPerIpPer5Minutes,
        logs,
        domain:
          zone && config.site.domainName
            ? { domainName: config.site.domainName, hostedZone: zone }
            : undefined,
      });
    this.site = new Site(this, 'Site', {
      source: props.siteSource,
      apiOriginDomainName: this.api.originDomainName,
      apiOriginPath: this.api.originPath,
      apiOriginVerification: this.api.originVerification,
      webAclArn: this.edge.webAcl.attrArn,
      logs,
      logRetentionDays: config.deployment.logRetentionDays,
      retainData,
      domain:
        zone && config.site.domainName && this.edge.certificate
          ? {
              domainName: config.site.domainName,
              certificate: this.edge.certificate,
              hostedZone: zone,
            }
          : undefined,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      alertTopic: this.operations.alertTopic,
      deadLetterQueue: this.notifications.deadLetterQueue,
      notifyFunction: this.notifications.function,
      restApi: this.api.restApi,
      apiFunctions: Object.values(this.api.functions),
      apiAccessLogs: this.api.accessLogs,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'The site' });
    new CfnOutput(this, 'DistributionId', { value: this.site.distribution.distributionId });
    new CfnOutput(this, 'LeadsTableName', { value: this.leadStore.table.tableName });
    new CfnOutput(this, 'StatusLinkKeySecretArn', {
      value: this.statusLinks.secret.secretArn,
      description: 'The key that signs status links (STATUS_LINK_KEY for npm run redrive)',
    });
    if (this.webhook !== undefined) {
      new CfnOutput(this, 'WebhookSecretArn', {
        value: this.webhook.secret.secretArn,
        description: 'The secret that signs the lead webhooks: copy its value to the receiver',
      });
    }
    new CfnOutput(this, 'AlertTopicArn', {
      value: this.operations.alertTopic.topicArn,
      description: 'Alarms and email bounces; `npm run doctor` checks its subscription',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.notifications.deadLetterQueue.queueUrl,
      description: 'Failed notification batches; any message here is a lead not emailed',
    });
  }
}
