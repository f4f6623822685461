/**
 * Builds the CDK app from its configuration: the stacks of one stage, checked by cdk-nag.
 * `infra/app.ts` runs it for the CDK CLI; tests call it with their own context and site folder.
 */
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { parseConfig, type AppConfig } from './config/config';
import { REPO_ROOT } from './bundling';
import { applyNagPacks } from './nag';
import { listSiteFiles } from './site/site-files';
import { EdgeStack, LeadCaptureStack } from './stack';

/** The top-level context keys the configuration is read from (cdk.json and `-c`). */
export const CONTEXT_KEYS = [
  'stage',
  'clinic',
  'leads',
  'site',
  'deployment',
  'marketing',
  'stages',
] as const;

/** The built site the app deploys by default. */
export const DEFAULT_SITE_SOURCE = join(REPO_ROOT, 'web', 'dist');

/** The configuration's raw context, as the app sees it (cdk.json with `-c` overrides). */
export function contextOf(app: App): Record<string, unknown> {
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
  readonly edgeStack?: EdgeStack;
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
  const { region, account } = config.deployment;
  const name = `LeadCapture-${config.stage}`;
  const tags = { project: 'lead-capture', stage: config.stage };
  const edgeStack =
    region === 'us-east-1'
      ? undefined
      : new EdgeStack(app, `${name}-Edge`, {
          config,
          env: { region: 'us-east-1', account },
          description: `WAF and certificate of ${name} (CloudFront reads them in us-east-1)`,
          crossRegionReferences: true,
          tags,
        });
  const stack = new LeadCaptureStack(app, name, {
    config,
    siteSource,
    edge: edgeStack?.edge,
    env: { region, account },
    description: `Landing site and lead capture of ${config.clinic.name} (${config.stage})`,
    crossRegionReferences: edgeStack !== undefined,
    tags,
  });
  applyNagPacks(app);
  return { config, stack, edgeStack };
}
