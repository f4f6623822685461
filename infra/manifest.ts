/**
 * The one declaration of each function: its entry, how it is triggered, its settings and the
 * environment it needs. The CDK app deploys from it and the local stack runs from it.
 */
import type { KnownCampaigns } from '../functions/contract/campaigns';
import type { AppConfig } from './config/config';
import { FUNNEL_EVENTS_PATH } from '../functions/contract/funnel-events';
import { CONSENT_DISCLOSURE } from '../functions/contract/consent';
import { funnelCampaigns } from '../functions/lib/funnel/campaigns';
import { METRICS_NAMESPACE } from '../functions/lib/metric-names';

/**
 * A route of the API. The handler takes payload format 2.0 events (the local stack's; deployed,
 * the REST API's 1.0 events are adapted at the Lambda entry, infra/bundling.ts). `ANY` sends every method to the
 * function, which answers 405 itself, so a wrong method gets the contract's answer rather than
 * API Gateway's 404.
 */
export interface HttpTrigger {
  readonly type: 'http';
  readonly method: 'ANY' | 'POST';
  readonly path: string;
}

/**
 * A DynamoDB stream event source mapping. The local poller reproduces these semantics.
 * A record that still fails after `retryAttempts` (or is older than `maxRecordAgeSeconds`)
 * goes to the dead-letter destination.
 */
export interface TableStreamTrigger {
  readonly type: 'table-stream';
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
  readonly reportBatchItemFailures: boolean;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Event filter pattern (AWS event filtering syntax, exact-match subset). */
  readonly filterPattern: Readonly<Record<string, unknown>>;
}

/**
 * A schedule: an EventBridge rule in AWS, a timer on the local stack. Each run is idempotent, so
 * a run that fails is simply redone by the next one.
 */
export interface ScheduleTrigger {
  readonly type: 'schedule';
  /** Minutes between runs. */
  readonly everyMinutes: (config: AppConfig) => number;
}

/** Names of the resources a function's environment points at. */
export interface DeployedResources {
  readonly tableName: string;
  /** SES configuration set for outgoing mail, when there is one. */
  readonly configurationSetName?: string;
  /**
   * The origin the links in emails (status pages) point at.
   * @default config.site.siteUrl (the local stack passes its own address)
   */
  readonly siteUrl?: string;
  /**
   * The deployed campaigns and their variants (from the site build's campaign table), which a
   * lead's campaign and variant are checked against.
   * @default none: every lead's campaign is recorded as unknown
   */
  readonly campaigns?: KnownCampaigns;
}

/** Table actions limited to some item partitions (IAM `dynamodb:LeadingKeys`). */
export interface TableAccess {
  readonly actions: readonly ('GetItem' | 'PutItem' | 'UpdateItem' | 'Query')[];
  readonly keyPrefixes: readonly string[];
}

export interface FunctionDeclaration {
  /** Logical name, also the Powertools service name. */
  readonly name: string;
  /** Entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /**
   * Concurrent executions reserved for it when the deployment sets
   * deployment.reserveConcurrency (a cap, and a guarantee the rest of the account cannot
   * take); without it, the API stage throttle and the WAF bound a flood.
   */
  readonly reservedConcurrency: number;
  readonly trigger: HttpTrigger | TableStreamTrigger | ScheduleTrigger;
  /** Whether it writes to the table (read-only grants otherwise). */
  readonly writesTable: boolean;
  /** Whether it sends email through SES. */
  readonly sendsEmail: boolean;
  /**
   * Narrower table access than `writesTable` gives: only these actions, only on items whose
   * partition key starts with one of these prefixes.
   * @default the item reads (and writes, with `writesTable`) of lead items
   */
  readonly tableAccess?: TableAccess;
  /**
   * The function a patient waits for on pressing send: the page wakes it while they type
   * (`GET ?warm`), and deployment.provisionedConcurrency keeps that many of its environments
   * initialised.
   * @default false
   */
  readonly warmUp?: boolean;
  readonly environment: (config: AppConfig, resources: DeployedResources) => Record<string, string>;
}

/**
 * The lead API's function. Its environment deliberately leaves out `ORIGIN_VERIFY_SECRET`
 * (functions/lib/http.ts): the value must never be in the repository or a template, so the CDK
 * app's Api construct adds it to every function it serves, as a deploy-time reference to a
 * generated secret. Without it (the local stack, tests) the origin check is off.
 */
export const submitFunction: FunctionDeclaration = {
  name: 'submit-lead',
  entry: 'functions/submit/handler.ts',
  memoryMb: 512,
  timeoutSeconds: 10,
  reservedConcurrency: 20,
  trigger: { type: 'http', method: 'ANY', path: '/api/leads' },
  writesTable: true,
  sendsEmail: false,
  warmUp: true,
  environment: (config, resources) => ({
    TABLE_NAME: resources.tableName,
    DEFAULT_COUNTRY: config.leads.defaultCountry,
    CALLBACK_COUNTRIES: (config.leads.callbackCountries ?? [config.leads.defaultCountry]).join(','),
    CALLBACK_NUMBER_TYPES: config.leads.callbackNumberTypes.join(','),
    RETENTION_DAYS: String(config.leads.retentionDays),
    SPAM_RETENTION_DAYS: String(config.leads.spamRetentionDays),
    RATE_LIMIT_MAX: String(config.leads.rateLimit.maxPerWindow),
    RATE_LIMIT_WINDOW_SECONDS: String(config.leads.rateLimit.windowSeconds),
    CONSENT_VERSION: CONSENT_DISCLOSURE.version,
    CAMPAIGNS: JSON.stringify(resources.campaigns ?? {}),
    // For the page that shows a no-JavaScript form its errors.
    CLINIC_NAME: config.clinic.name,
    CLINIC_PHONE: config.clinic.phone,
    POWERTOOLS_SERVICE_NAME: 'submit-lead',
  }),
};

/** Each new lead from the table's stream: the email and the webhook are sent alike. */
const NEW_LEAD_STREAM: TableStreamTrigger = {
  type: 'table-stream',
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  retryAttempts: 5,
  maxRecordAgeSeconds: 6 * 60 * 60,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  startingPosition: 'TRIM_HORIZON',
  filterPattern: { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['lead'] } } } },
};

export const notifyFunction: FunctionDeclaration = {
  name: 'notify-lead',
  entry: 'functions/notify/handler.ts',
  memoryMb: 256,
  timeoutSeconds: 30,
  reservedConcurrency: 5,
  trigger: NEW_LEAD_STREAM,
  writesTable: true,
  sendsEmail: true,
  environment: (config, resources) => ({
    TABLE_NAME: resources.tableName,
    CLINIC_NAME: config.clinic.name,
    CLINIC_PHONE: config.clinic.phone,
    CLINIC_PUBLIC_EMAIL: config.clinic.publicEmail,
    CLINIC_TIME_ZONE: config.clinic.timeZone,
    LEAD_RECIPIENTS: config.leads.recipients.join(','),
    SENDER_EMAIL: config.leads.sender.email,
    SENDER_NAME: config.leads.sender.name,
    SITE_URL: config.site.siteUrl,
    STATUS_LINK_BASE_URL: resources.siteUrl ?? config.site.siteUrl,
    STATUS_LINK_DAYS: String(config.followUp.statusLinkDays),
    CLINIC_HOURS: JSON.stringify(config.clinic.hours),
    FOLLOW_UP_TARGET_MINUTES: String(config.followUp.targetMinutes),
    REPEAT_WINDOW_DAYS: String(config.followUp.repeatWindowDays),
    ...(resources.configurationSetName
      ? { SES_CONFIGURATION_SET: resources.configurationSetName }
      : {}),
    POWERTOOLS_SERVICE_NAME: 'notify-lead',
  }),
};

/**
 * The page's first-party beacons (a view, a form start): each adds one to a daily counter and
 * nothing else, so its role may only update counter items. A visitor sends two or three events
 * per campaign; 30 a minute from one address is a flood.
 */
export const eventsFunction: FunctionDeclaration = {
  name: 'count-event',
  entry: 'functions/events/handler.ts',
  memoryMb: 256,
  timeoutSeconds: 5,
  reservedConcurrency: 10,
  trigger: { type: 'http', method: 'ANY', path: FUNNEL_EVENTS_PATH },
  writesTable: true,
  sendsEmail: false,
  tableAccess: { actions: ['UpdateItem'], keyPrefixes: ['FUNNEL#'] },
  environment: (config, resources) => ({
    TABLE_NAME: resources.tableName,
    CLINIC_TIME_ZONE: config.clinic.timeZone,
    FUNNEL_CAMPAIGNS: JSON.stringify(funnelCampaigns(resources.campaigns)),
    EVENTS_PER_MINUTE: '30',
    POWERTOOLS_SERVICE_NAME: 'count-event',
  }),
};

/**
 * The weekly funnel digest to the marketers (marketing.digestRecipients; none by default, and
 * then it reads and sends nothing). Hourly, so a missed or failed run is made up the next hour;
 * the digest itself goes out once a week (functions/digest/weekly-digest.ts). Reads counters
 * and the month index, writes only its own once-a-week record.
 */
export const digestFunction: FunctionDeclaration = {
  name: 'weekly-digest',
  entry: 'functions/digest/handler.ts',
  memoryMb: 256,
  timeoutSeconds: 60,
  reservedConcurrency: 1,
  trigger: { type: 'schedule', everyMinutes: () => 60 },
  writesTable: true,
  sendsEmail: true,
  tableAccess: {
    actions: ['Query', 'PutItem', 'UpdateItem'],
    keyPrefixes: ['FUNNEL#', 'LEADS#', 'DIGEST#'],
  },
  environment: (config, resources) => ({
    TABLE_NAME: resources.tableName,
    CLINIC_NAME: config.clinic.name,
    CLINIC_TIME_ZONE: config.clinic.timeZone,
    FUNNEL_CAMPAIGNS: JSON.stringify(funnelCampaigns(resources.campaigns)),
    DIGEST_RECIPIENTS: config.marketing.digestRecipients.join(','),
    SENDER_EMAIL: config.leads.sender.email,
    SENDER_NAME: config.leads.sender.name,
    ...(resources.configurationSetName
      ? { SES_CONFIGURATION_SET: resources.configurationSetName }
      : {}),
    POWERTOOLS_SERVICE_NAME: 'weekly-digest',
  }),
};

/**
 * The status page a link in the clinic email opens, and its buttons. Like the submit function it
 * gets the origin secret from the Api construct; it also needs `STATUS_LINK_KEY` (where the
 * link key is), which the StatusLinks construct adds in AWS and the local stack adds locally, so
 * the key's location is never a literal here either.
 */
export const statusFunction: FunctionDeclaration = {
  name: 'lead-status',
  entry: 'functions/lead-status/handler.ts',
  memoryMb: 256,
  timeoutSeconds: 10,
  reservedConcurrency: 5,
  trigger: { type: 'http', method: 'ANY', path: '/api/leads/status' },
  writesTable: true,
  sendsEmail: false,
  environment: (config, resources) => ({
    TABLE_NAME: resources.tableName,
    CLINIC_NAME: config.clinic.name,
    CLINIC_TIME_ZONE: config.clinic.timeZone,
    CLINIC_HOURS: JSON.stringify(config.clinic.hours),
    POWERTOOLS_SERVICE_NAME: 'lead-status',
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  }),
};

/**
 * The scheduled follow-up: reminders for leads not called by their call-by time, and re-sending
 * emails still pending after an outage. It sends the notify function's emails, so it gets the
 * notify function's environment (and, like it, `STATUS_LINK_KEY` from the StatusLinks construct
 * or the local stack). One run at a time: reserved concurrency 1.
 */
export const followUpFunction: FunctionDeclaration = {
  name: 'follow-up',
  entry: 'functions/follow-up/handler.ts',
  memoryMb: 256,
  timeoutSeconds: 120,
  reservedConcurrency: 1,
  trigger: { type: 'schedule', everyMinutes: (config) => config.followUp.everyMinutes },
  writesTable: true,
  sendsEmail: true,
  environment: (config, resources) => ({
    ...notifyFunction.environment(config, resources),
    FOLLOW_UP_SECOND_REMINDER_MINUTES: String(config.followUp.secondReminderMinutes),
    ...(config.followUp.escalation.length > 0 && {
      FOLLOW_UP_ESCALATION: config.followUp.escalation.join(','),
    }),
    POWERTOOLS_SERVICE_NAME: 'follow-up',
  }),
};

/**
 * The lead webhook (alerts.webhook): a signed alert to the clinic's chat or CRM for each new
 * lead, from the same stream and with the same retries as the email, but its own function,
 * mapping and dead-letter queue, so a receiver that is down never delays an email. Deployed
 * only when a webhook is configured; the local stack points it at its own receiver. Like the
 * notify function it gets `STATUS_LINK_KEY` (the alert carries the status-page link), and
 * `WEBHOOK_SECRET` (where the signing secret is) from the LeadWebhook construct or the local
 * stack. It reads a lead's kind, preferred time and times only (a projection), and writes only
 * its delivery state.
 */
export const webhookFunction: FunctionDeclaration = {
  name: 'lead-webhook',
  entry: 'functions/webhook/handler.ts',
  memoryMb: 256,
  // Ten alerts of up to five seconds each, and the table writes around them.
  timeoutSeconds: 60,
  reservedConcurrency: 5,
  trigger: NEW_LEAD_STREAM,
  writesTable: true,
  sendsEmail: false,
  environment: (config, resources) => ({
    TABLE_NAME: resources.tableName,
    ...(config.alerts.webhook !== undefined && {
      WEBHOOK_URL: config.alerts.webhook.url,
      WEBHOOK_FORMAT: config.alerts.webhook.format,
    }),
    WEBHOOK_TIMEOUT_MS: '5000',
    CLINIC_NAME: config.clinic.name,
    CLINIC_TIME_ZONE: config.clinic.timeZone,
    CLINIC_HOURS: JSON.stringify(config.clinic.hours),
    STATUS_LINK_BASE_URL: resources.siteUrl ?? config.site.siteUrl,
    STATUS_LINK_DAYS: String(config.followUp.statusLinkDays),
    FOLLOW_UP_TARGET_MINUTES: String(config.followUp.targetMinutes),
    POWERTOOLS_SERVICE_NAME: 'lead-webhook',
  }),
};

/** Every function of the product (the webhook only deploys when one is configured). */
export const FUNCTIONS = [
  submitFunction,
  notifyFunction,
  webhookFunction,
  statusFunction,
  followUpFunction,
  eventsFunction,
  digestFunction,
] as const;

/** The functions a deploy of `config` creates: the lead webhook only when one is configured. */
export function deployedFunctions(config: AppConfig): readonly FunctionDeclaration[] {
  return FUNCTIONS.filter((fn) => fn !== webhookFunction || config.alerts.webhook !== undefined);
}
