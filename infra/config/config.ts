/**
 * The one typed, validated configuration of the clinic and its deployment.
 *
 * It lives in `cdk.json` under `context` (so `cdk -c stage=prod` and `-c key=value` work as
 * CDK users expect). The CDK app, the local stack and the site build all read it through
 * {@link parseConfig}, so a mistake stops every one of them with the same message.
 */
import * as v from 'valibot';
import { E164 } from '../../functions/contract/clinic-format';
import { isSafeAddress, safeAddress } from '../../functions/lib/email/escape';
import { regionProblem } from './regions';
import {
  DEFAULT_CALLBACK_NUMBER_TYPES,
  isPhoneCountry,
  PHONE_NUMBER_TYPES,
} from '../../functions/lib/phone';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

// The very rule the notify function applies to these addresses at cold start
// (functions/notify/config.ts), which is the one the form and the API apply to a patient's
// address (functions/contract/email-address.ts): an address this accepts can never stop the
// function there. An internationalised domain is kept in its ASCII (xn--) form, which SES
// identities and SNS subscriptions need.
const email = (setting: string) =>
  v.pipe(
    v.string(`${setting} must be an email address such as "frontdesk@clinic.example"`),
    v.check(
      isSafeAddress,
      `${setting} must be an email address such as "frontdesk@clinic.example": a plain address as the README's "Email addresses" describes (letters, digits and . ! # $ % & ' * + - / = ? ^ _ \` { | } ~ before the @, a domain ending in a top-level domain of two or more letters); the functions refuse any other form`,
    ),
    v.transform((address) => safeAddress(address, setting)),
  );

const text = (setting: string, max = 200) =>
  v.pipe(
    v.string(`${setting} must be set to a text value`),
    v.trim(),
    v.minLength(1, `${setting} must not be empty`),
    v.maxLength(max, `${setting} must be at most ${max} characters`),
  );

const whole = (setting: string, min: number, max: number) =>
  v.pipe(
    v.number(`${setting} must be a whole number from ${min} to ${max}`),
    v.integer(`${setting} must be a whole number from ${min} to ${max}`),
    v.minValue(min, `${setting} must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `${setting} must be a whole number from ${min} to ${max}`),
  );

const ClinicSchema = v.object({
  name: text('clinic.name', 100),
  phone: v.pipe(
    v.string('clinic.phone must be set'),
    v.regex(E164, 'clinic.phone must be in E.164 form, such as "+13125550134"'),
  ),
  publicEmail: email('clinic.publicEmail'),
  address: v.object({
    street: text('clinic.address.street'),
    locality: text('clinic.address.locality'),
    region: text('clinic.address.region'),
    postalCode: text('clinic.address.postalCode', 20),
    country: v.pipe(
      v.string('clinic.address.country must be set'),
      v.regex(
        /^[A-Z]{2}$/,
        'clinic.address.country must be a two-letter country code such as "US"',
      ),
    ),
  }),
  timeZone: text('clinic.timeZone', 60),
  hours: v.pipe(
    v.array(
      v.object({
        days: v.pipe(
          v.array(v.picklist(DAYS, `clinic.hours[].days must use ${DAYS.join(', ')}`)),
          v.minLength(1, 'clinic.hours[].days must name at least one day'),
        ),
        opens: v.pipe(
          v.string(),
          v.regex(HHMM, 'clinic.hours[].opens must be a 24-hour time such as "08:00"'),
        ),
        closes: v.pipe(
          v.string(),
          v.regex(HHMM, 'clinic.hours[].closes must be a 24-hour time such as "18:00"'),
        ),
      }),
      'clinic.hours must be a list of opening hours',
    ),
    v.minLength(1, 'clinic.hours must list at least one opening period'),
  ),
});

const LeadsSchema = v.object({
  recipients: v.pipe(
    v.array(email('leads.recipients[]'), 'leads.recipients must be a list of email addresses'),
    v.minLength(1, 'leads.recipients must list at least one address that receives new leads'),
    v.maxLength(50, 'leads.recipients may list at most 50 addresses'),
  ),
  sender: v.object({
    email: email('leads.sender.email'),
    name: text('leads.sender.name', 100),
  }),
  defaultCountry: v.pipe(
    v.string('leads.defaultCountry must be set'),
    v.regex(/^[A-Z]{2}$/, 'leads.defaultCountry must be a two-letter country code such as "US"'),
  ),
  /** Countries whose numbers the front desk calls back; defaults to defaultCountry alone. */
  callbackCountries: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.check(
            isPhoneCountry,
            'leads.callbackCountries must list two-letter country codes such as "US" or "CA"',
          ),
        ),
        'leads.callbackCountries must be a list of two-letter country codes such as ["US", "CA"]',
      ),
      v.minLength(1, 'leads.callbackCountries must list at least one country'),
    ),
  ),
  /** Number types the front desk calls back (libphonenumber's names). */
  callbackNumberTypes: v.optional(
    v.pipe(
      v.array(
        v.picklist(
          PHONE_NUMBER_TYPES,
          `leads.callbackNumberTypes must list types among ${PHONE_NUMBER_TYPES.join(', ')}`,
        ),
      ),
      v.minLength(1, 'leads.callbackNumberTypes must list at least one number type'),
    ),
    [...DEFAULT_CALLBACK_NUMBER_TYPES],
  ),
  retentionDays: whole('leads.retentionDays', 1, 3650),
  spamRetentionDays: whole('leads.spamRetentionDays', 1, 90),
  rateLimit: v.object({
    maxPerWindow: whole('leads.rateLimit.maxPerWindow', 1, 10000),
    windowSeconds: whole('leads.rateLimit.windowSeconds', 10, 86400),
  }),
});

const SiteSchema = v.object({
  siteUrl: v.pipe(
    v.string('site.siteUrl must be set'),
    v.regex(
      /^https:\/\/[a-z0-9.-]+[a-z0-9](\/)?$/i,
      'site.siteUrl must be an https origin such as "https://www.clinic.example"',
    ),
  ),
  /** Custom domain served by CloudFront, e.g. "www.clinic.example". Needs hostedZoneName. */
  domainName: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[a-z0-9.-]+\.[a-z]{2,}$/i,
        'site.domainName must be a host name such as "www.clinic.example"',
      ),
    ),
  ),
  /** Route 53 hosted zone that holds domainName, e.g. "clinic.example". */
  hostedZoneName: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[a-z0-9.-]+\.[a-z]{2,}$/i,
        'site.hostedZoneName must be a zone name such as "clinic.example"',
      ),
    ),
  ),
  /**
   * Id of that hosted zone (Route 53 console, "Hosted zone ID"), e.g. "Z0123456789ABCDEFGHIJ".
   * Given explicitly so that `cdk synth` never needs AWS credentials to look the zone up.
   */
  hostedZoneId: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^Z[A-Z0-9]{4,31}$/,
        'site.hostedZoneId must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"',
      ),
    ),
  ),
});

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** Request limits in front of the API; the function's own per-client limit is leads.rateLimit. */
const LimitsSchema = v.object({
  /** Steady requests per second the API stage accepts, over all clients. */
  apiRatePerSecond: v.optional(whole('deployment.limits.apiRatePerSecond', 1, 10000), 10),
  /** Requests the API stage accepts in a burst above the steady rate. */
  apiBurst: v.optional(whole('deployment.limits.apiBurst', 1, 5000), 20),
  /** Requests to /api/* one IP address may make in 5 minutes before the WAF blocks it. */
  wafRequestsPerIpPer5Minutes: v.optional(
    whole('deployment.limits.wafRequestsPerIpPer5Minutes', 10, 2000000000),
    100,
  ),
});

const DeploymentSchema = v.object({
  region: v.pipe(
    v.string('deployment.region must be set'),
    v.regex(
      /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
      'deployment.region must be an AWS region such as "us-east-1"',
    ),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = regionProblem(dataset.value);
      if (problem !== undefined) addIssue({ message: `deployment.region: ${problem}` });
    }),
  ),
  account: v.optional(
    v.pipe(v.string(), v.regex(/^\d{12}$/, 'deployment.account must be a 12-digit AWS account id')),
  ),
  opsEmail: email('deployment.opsEmail'),
  /** Days that logs (API access, functions, WAF, CloudFront) are kept. */
  logRetentionDays: v.optional(
    v.picklist(
      LOG_RETENTION_DAYS,
      `deployment.logRetentionDays must be one of the periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
    ),
    365,
  ),
  limits: v.optional(LimitsSchema, {}),
  /**
   * Reserve each function's declared concurrency (infra/manifest.ts: 20 for the API, 5 for
   * notifications). Off by default: Lambda refuses a reservation that leaves fewer than 100
   * unreserved executions, so it needs an account quota of at least 125 (new accounts have 10).
   */
  reserveConcurrency: v.optional(
    v.boolean('deployment.reserveConcurrency must be true or false'),
    false,
  ),
  /**
   * Execution environments of the submit function kept initialised at all times (Lambda
   * provisioned concurrency, billed by the hour), for a clinic that prefers paying for no cold
   * start over the page's warm-up. 0 (the default) keeps none.
   */
  provisionedConcurrency: v.optional(whole('deployment.provisionedConcurrency', 0, 100), 0),
});

/** How leads are worked after their email (status links, call-by times, reminders). */
const FollowUpSchema = v.object({
  /** Days a status link in the clinic email keeps working. */
  statusLinkDays: v.optional(whole('followUp.statusLinkDays', 1, 90), 30),
  /** Opening minutes from a request to its call-by time. */
  targetMinutes: v.optional(whole('followUp.targetMinutes', 1, 600), 15),
  /** Opening minutes after the call-by time before the second reminder. */
  secondReminderMinutes: v.optional(whole('followUp.secondReminderMinutes', 5, 600), 60),
  /** Who else gets the second reminder (a manager, say). */
  escalation: v.optional(
    v.pipe(
      v.array(
        email('followUp.escalation[]'),
        'followUp.escalation must be a list of email addresses',
      ),
      v.maxLength(20, 'followUp.escalation may list at most 20 addresses'),
    ),
    [],
  ),
  /** Minutes between runs of the scheduled follow-up (reminders, re-sending pending emails). */
  everyMinutes: v.optional(whole('followUp.everyMinutes', 1, 60), 5),
  /** Days back a request from the same phone number or email is noted as asked before. */
  repeatWindowDays: v.optional(whole('followUp.repeatWindowDays', 1, 3650), 90),
});

/** Formats the lead webhook can send (functions/webhook/payload.ts). */
const WEBHOOK_FORMATS = ['json', 'chat'] as const;

/** Alerts other than email. */
const AlertsSchema = v.object({
  /**
   * A webhook called for each new lead (the clinic's chat or CRM); none by default. Carries no
   * personal or health data: kind, preferred time, call-by time, reference, status link.
   */
  webhook: v.optional(
    v.object({
      url: v.pipe(
        v.string('alerts.webhook.url must be set to the address that receives the lead alerts'),
        v.check(
          isWebhookAddress,
          'alerts.webhook.url must be an http(s) address without a user name or password, such as "https://crm.clinic.example/hooks/leads"',
        ),
      ),
      format: v.optional(
        v.picklist(
          WEBHOOK_FORMATS,
          `alerts.webhook.format must be one of: ${WEBHOOK_FORMATS.join(', ')} ("json": signed JSON for a CRM; "chat": a Slack/Teams-compatible text message)`,
        ),
        'json',
      ),
    }),
  ),
});

/** An absolute http(s) URL that carries no credentials in its user-info part. */
function isWebhookAddress(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.hostname !== ''
  );
}

/** What the marketers get. */
const MarketingSchema = v.object({
  /** Addresses that receive the weekly funnel digest (counts only); none by default. */
  digestRecipients: v.optional(
    v.pipe(
      v.array(
        email('marketing.digestRecipients[]'),
        'marketing.digestRecipients must be a list of email addresses',
      ),
      v.maxLength(50, 'marketing.digestRecipients may list at most 50 addresses'),
    ),
    [],
  ),
});

const StageSchema = v.object({
  /** Keep the table, bucket and keys when the stack is deleted, and turn on deletion protection. */
  retainData: v.boolean('stages.<stage>.retainData must be true or false'),
  /**
   * A stage patients use. It must have a custom domain (site.domainName), so the site is served
   * with TLS 1.2 or later, unless allowCloudFrontDomain says otherwise.
   * @default false
   */
  production: v.optional(v.boolean('stages.<stage>.production must be true or false'), false),
  /**
   * Lets a production stage run at its *.cloudfront.net name, whose default certificate accepts
   * TLS 1.0 and 1.1 and cannot be changed. Only for a trial before the domain exists.
   * @default false
   */
  allowCloudFrontDomain: v.optional(
    v.boolean('stages.<stage>.allowCloudFrontDomain must be true or false'),
    false,
  ),
});

export const ConfigSchema = v.pipe(
  v.object({
    stage: v.pipe(
      v.string('stage must be set, e.g. -c stage=prod'),
      v.regex(
        /^[a-z][a-z0-9-]{0,19}$/,
        'stage must be 1-20 lower-case letters, digits or dashes, starting with a letter',
      ),
    ),
    clinic: ClinicSchema,
    leads: LeadsSchema,
    site: SiteSchema,
    deployment: DeploymentSchema,
    followUp: v.optional(FollowUpSchema, {}),
    marketing: v.optional(MarketingSchema, {}),
    alerts: v.optional(AlertsSchema, {}),
    stageSettings: StageSchema,
  }),
  v.check(
    (c) => (c.site.domainName === undefined) === (c.site.hostedZoneName === undefined),
    'site.domainName and site.hostedZoneName go together: set both for a custom domain, or neither',
  ),
  v.check(
    (c) =>
      c.site.domainName === undefined ||
      c.site.domainName.endsWith(c.site.hostedZoneName ?? '\u0000'),
    'site.domainName must be inside site.hostedZoneName',
  ),
  v.check(
    (c) => (c.site.hostedZoneName === undefined) === (c.site.hostedZoneId === undefined),
    'site.hostedZoneId must be set together with site.hostedZoneName (copy it from the Route 53 console), so that synth needs no AWS lookup',
  ),
  v.check(
    (c) =>
      c.site.domainName === undefined ||
      c.site.siteUrl.replace(/\/$/, '').toLowerCase() ===
        `https://${c.site.domainName}`.toLowerCase(),
    'site.siteUrl must be "https://" followed by site.domainName when a custom domain is set, so links in emails reach the site',
  ),
  v.check(
    (c) =>
      !c.stageSettings.production ||
      c.site.domainName !== undefined ||
      c.stageSettings.allowCloudFrontDomain,
    'a production stage (stages.<stage>.production) needs a custom domain: set site.domainName, site.hostedZoneName and site.hostedZoneId, so the site is served with TLS 1.2 or later (the default *.cloudfront.net certificate also accepts TLS 1.0 and 1.1, and that cannot be changed). For a trial without a domain, set stages.<stage>.allowCloudFrontDomain to true',
  ),
  v.check(
    (c) =>
      !c.stageSettings.production ||
      c.alerts.webhook === undefined ||
      c.alerts.webhook.url.startsWith('https://'),
    'alerts.webhook.url must be an https address in a production stage (stages.<stage>.production): the alerts travel the internet',
  ),
);

/** The validated configuration of one stage. */
export type AppConfig = v.InferOutput<typeof ConfigSchema>;

/** Raised when the configuration is wrong; the message lists every setting to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates raw context (the `context` object of cdk.json, with any `-c` overrides applied)
 * and returns the configuration of the selected stage.
 */
export function parseConfig(context: Record<string, unknown>): AppConfig {
  const stage = typeof context.stage === 'string' ? context.stage : undefined;
  const stages = (context.stages ?? {}) as Record<string, unknown>;
  if (stage !== undefined && typeof stages === 'object' && !(stage in stages)) {
    throw new ConfigError(
      `Invalid configuration:\n  - stage "${stage}" is not declared under "stages" in cdk.json; declare it (e.g. "stages": { "${stage}": { "retainData": true } }) or pick one of: ${Object.keys(stages).join(', ')}`,
    );
  }
  const raw = {
    stage,
    clinic: context.clinic,
    leads: context.leads,
    site: context.site,
    deployment: context.deployment,
    followUp: context.followUp,
    marketing: context.marketing,
    alerts: context.alerts,
    stageSettings: stage === undefined ? undefined : stages[stage],
  };
  const result = v.safeParse(ConfigSchema, raw);
  if (!result.success) {
    const lines = result.issues.map((issue) => {
      const path = v.getDotPath(issue) ?? 'configuration';
      if (issue.input === undefined && issue.message.startsWith('Invalid')) {
        return `  - ${path} is missing: add it to "context" in cdk.json (see README, Configuration)`;
      }
      return `  - ${issue.message.startsWith('Invalid') ? `${path}: ${issue.message}` : issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.output;
}
