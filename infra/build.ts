/**
 * Builds the CDK app from its configuration: the stacks of one stage, checked by cdk-nag.
 * `infra/app.ts` runs it for the CDK CLI; tests call it with their own context and site folder.
 */
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { parseConfig, type AppConfig } from './config/config';
import { refuseSampleContent } from './config/sample-content';
import { REPO_ROOT } from './bundling';
import { acknowledge, applyNagPacks, guardRule } from './nag';
import { listSiteFiles } from './site/site-files';
import { EdgeStack, LeadCaptureStack } from './stack';
import { stackNameOf } from './stack-name';

/** The top-level context keys the configuration is read from (cdk.json and `-c`). */
const CONTEXT_KEYS = [
  'stage',
  'clinic',
  'leads',
  'site',
  'deployment',
  'followUp',
  'marketing',
  'alerts',
  'stages',
] as const;

/** The built site the app deploys by default. */
const DEFAULT_SITE_SOURCE = join(REPO_ROOT, 'web', 'dist');

/** The configuration's raw context, as the app sees it (cdk.json with `-c` overrides). */
function contextOf(app: App): Record<string, unknown> {
  return Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)]));
}

/** Options of {@link buildLeadCaptureApp}. */
export interface BuildOptions {
  /**
   * Directory of the built site.
   * @default web/dist
   */
  readonly siteSource?: string;
}

/** What {@link buildLeadCaptureApp} made. */
export interface LeadCaptureApp {
  readonly config: AppConfig;
  readonly stack: LeadCaptureStack;
  /** Only when deployment.region is not us-east-1. */
  readonly edgeStack?: EdgeStack | undefined;
}

/**
 * Validates the configuration (throwing `ConfigError` with every setting to fix) and adds the
 * stage's stacks to the app: `LeadCapture-<stage>` in deployment.region and, when that is not
 * us-east-1, `LeadCapture-<stage>-Edge` in us-east-1 for CloudFront's WAF and certificate.
 */
export function buildLeadCaptureApp(app: App, options: BuildOptions = {}): LeadCaptureApp {
  const config = parseConfig(contextOf(app));
  const siteSource = options.siteSource ?? DEFAULT_SITE_SOURCE;
  // Before anything is bundled: a missing build is the most common first-run mistake.
  listSiteFiles(siteSource);
  // A production stage never publishes the demo's name, numbers, addresses or sample content.
  refuseSampleContent(config, siteSource);
  const { region, account } = config.deployment;
  const name = stackNameOf(config.stage);
  const tags = { project: 'lead-capture', stage: config.stage };
  const edgeStack =
    region === 'us-east-1'
      ? undefined
      : new EdgeStack(app, `${name}-Edge`, {
          config,
          env: { region: 'us-east-1', ...(account !== undefined && { account }) },
          description: `WAF and certificate of ${name} (CloudFront reads them in us-east-1)`,
          crossRegionReferences: true,
          tags,
        });
  const stack = new LeadCaptureStack(app, name, {
    config,
    siteSource,
    edge: edgeStack?.edge,
    env: { region, ...(account !== undefined && { account }) },
    description: `Landing site and lead capture of ${config.clinic.name} (${config.stage})`,
    crossRegionReferences: edgeStack !== undefined,
    tags,
  });
  applyNagPacks(app);
  if (edgeStack !== undefined) {
    // cfn-guard reports these on the template as a whole (no construct), so they can only be
    // acknowledged at the app's root; with an edge stack they concern the one distribution.
    acknowledge(
      app,
      "The distribution's certificate is an ACM certificate made in the us-east-1 edge stack and read through CDK's cross-region reference (a custom resource attribute in this template); cfn-guard accepts only a literal ARN or a certificate in the same template. The viewer certificate sets TLSv1.2_2021 and sni-only, which tests/infra/prod-custom-domain.test.ts checks.",
      guardRule('cloudfront_custom_ssl_certificate_check'),
      guardRule('cloudfront_sni_enabled_check'),
    );
  }
  return { config, stack, edgeStack };
}
