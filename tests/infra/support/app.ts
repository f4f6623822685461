/**
 * Builds and synthesises the CDK app the way `cdk synth` does, with cdk.json's context plus a
 * test's overrides and a small built-site fixture, so infra tests never need `npm run build`.
 * Synthesis runs the cdk-nag packs too, so a finding not acknowledged fails every test file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildLeadCaptureApp, type LeadCaptureApp } from '../../../infra/build';
import type { CampaignTable } from '../../../functions/contract/campaigns';
import { readCdkContext } from '../../../infra/config/load-config';
import { CAMPAIGN_TABLE_FILE } from '../../../infra/site/viewer-function-code';

/** The files of the fixture site, as a Vite build lays them out. */
export const FIXTURE_FILES = [
  'index.html',
  '404.html',
  'thank-you/index.html',
  'privacy/index.html',
  'styles/site.css',
  'robots.txt',
  'assets/index-Dx3kP0aQ.js',
  'assets/site-B7c_q1Zz.css',
] as const;

/** The fixture build's campaign table: the main page and a campaign with two variants. */
const FIXTURE_CAMPAIGN_TABLE: CampaignTable = {
  cookieDays: 30,
  campaigns: [
    { id: 'main', path: '/', variants: [{ id: 'control', weight: 100 }], fallback: '/' },
    {
      id: 'spring',
      path: '/spring/',
      variants: [
        { id: 'a', weight: 50 },
        { id: 'b', weight: 50 },
      ],
      fallback: '/',
    },
  ],
};

/** A built site in a temporary directory. */
export function siteFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'site-fixture-'));
  writeFileSync(join(dir, CAMPAIGN_TABLE_FILE), JSON.stringify(FIXTURE_CAMPAIGN_TABLE));
  for (const file of FIXTURE_FILES) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.endsWith('.html') ? '<!doctype html><title>t</title>' : '/* */');
  }
  return dir;
}

type Json = Record<string, unknown>;

/**
 * cdk.json's context with overrides merged one level deep per top-level key, so a test can
 * write `{ deployment: { region: 'eu-west-1' } }` and keep the other deployment settings.
 */
export function contextWith(overrides: Json = {}): Json {
  const base = readCdkContext();
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = base[key];
    merged[key] =
      isObject(value) && isObject(current) ? { ...current, ...value } : (value as unknown);
  }
  return merged;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A synthesised app and the templates of its stacks. */
export interface Synthesized extends LeadCaptureApp {
  readonly app: App;
  /** The main stack's template. */
  readonly template: Template;
  /** The us-east-1 stack's template, when the region is elsewhere. */
  readonly edgeTemplate?: Template | undefined;
  /** Where the cloud assembly was written. */
  readonly outdir: string;
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Run CDK's built-in CloudFormation schema validation as `cdk synth` does. It takes several
   * seconds per synth, so only the test that checks the whole synth report turns it on; the
   * cdk-nag packs run in every synth either way.
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
}

/** Builds the app with the given context overrides and synthesises it once. */
export function synthesize(overrides: Json = {}, options: SynthesizeOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const app = new App({
    context: contextWith(overrides),
    outdir,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  const built = buildLeadCaptureApp(app, { siteSource: siteFixture() });
  app.synth();
  return {
    ...built,
    app,
    outdir,
    template: Template.fromStack(built.stack),
    edgeTemplate: built.edgeStack ? Template.fromStack(built.edgeStack) : undefined,
  };
}

/**
 * A production stage with a custom domain, deployed outside us-east-1. A production synth
 * refuses the demo's name, 555 number and example addresses, so it has a clinic's own.
 */
export const PROD_WITH_DOMAIN = {
  stage: 'prod',
  clinic: {
    name: 'Birch Street Acupuncture',
    phone: '+13129804417',
    publicEmail: 'hello@birchstreet-acupuncture.com',
  },
  leads: {
    recipients: ['frontdesk@birchstreet-acupuncture.com'],
    sender: { email: 'no-reply@birchstreet-acupuncture.com', name: 'Birch Street Acupuncture' },
  },
  site: {
    siteUrl: 'https://www.birchstreet-acupuncture.com',
    domainName: 'www.birchstreet-acupuncture.com',
    hostedZoneName: 'birchstreet-acupuncture.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  },
  deployment: { region: 'eu-west-1', opsEmail: 'ops@birchstreet-acupuncture.com' },
} as const;

/** The resources of one type in a template, as [logical id, resource] pairs. */
export function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type)) as [string, Json][];
}

/** CloudFormation JSON, typed as loosely as CDK's own `Template.toJSON()`. */
export type TemplateJson = ReturnType<Template['toJSON']>;

/** One statement of an IAM policy document. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The actions of a statement, as a list. */
export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** The logical id of the role of the Lambda function whose code comes from `entry`. */
export function roleOfFunction(template: Template, entry: string): string {
  const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
    JSON.stringify(fn).includes(entry),
  );
  const [fn] = fns;
  if (fns.length !== 1 || fn === undefined) {
    throw new Error(`expected one function for ${entry}, got ${fns.length}`);
  }
  return fn.Properties.Role['Fn::GetAtt'][0] as string;
}

/** Every statement of the IAM policies attached to a role (by logical id). */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"Ref":"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}
