import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildLeadCaptureApp } from '../../infra/build';
import { REPO_ROOT } from '../../infra/bundling';
import { ConfigError } from '../../infra/config/config';
import { SiteBuildMissingError } from '../../infra/site/site-files';
import { contextWith, siteFixture } from './support/app';

/** Builds the app from the given context; returns what it threw. */
function refusal(context: Record<string, unknown>): unknown {
  try {
    buildLeadCaptureApp(new App({ context }), { siteSource: siteFixture() });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Configuration of the CDK app', () => {
  it('builds the stacks of the default configuration (cdk.json) without complaint', () => {
    const app = new App({ context: contextWith() });
    const built = buildLeadCaptureApp(app, { siteSource: siteFixture() });
    expect(built.stack.stackName).toBe('LeadCapture-dev');
    expect(built.stack.region).toBe('us-east-1');
    expect(built.edgeStack).toBeUndefined();
  });

  it.each([
    {
      wrong: 'a stage not declared under "stages"',
      context: contextWith({ stage: 'staging' }),
      says: /stage "staging" is not declared under "stages".*"stages": \{ "staging"/,
    },
    {
      wrong: 'an operations address that is not an email address',
      context: contextWith({ deployment: { opsEmail: 'ops-at-clinic' } }),
      says: /deployment\.opsEmail must be an email address such as/,
    },
    {
      wrong: 'no operations address at all',
      context: { ...contextWith(), deployment: { region: 'us-east-1' } },
      says: /deployment\.opsEmail is missing: add it to "context" in cdk\.json/,
    },
    {
      wrong: 'a region that is not an AWS region',
      context: contextWith({ deployment: { region: 'Frankfurt' } }),
      says: /deployment\.region must be an AWS region such as "us-east-1"/,
    },
    {
      wrong: 'a custom domain without its hosted zone id (synth never looks zones up)',
      context: contextWith({
        site: {
          siteUrl: 'https://www.clinic.example.com',
          domainName: 'www.clinic.example.com',
          hostedZoneName: 'clinic.example.com',
        },
      }),
      says: /site\.hostedZoneId must be set together with site\.hostedZoneName/,
    },
    {
      wrong: 'a site URL that is not the custom domain',
      context: contextWith({
        site: {
          siteUrl: 'https://clinic.example.org',
          domainName: 'www.clinic.example.com',
          hostedZoneName: 'clinic.example.com',
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        },
      }),
      says: /site\.siteUrl must be "https:\/\/" followed by site\.domainName/,
    },
    {
      wrong: 'a log retention CloudWatch Logs does not offer',
      context: contextWith({ deployment: { logRetentionDays: 100 } }),
      says: /deployment\.logRetentionDays must be one of the periods CloudWatch Logs accepts: 1, 3, 5/,
    },
    {
      wrong: 'a WAF limit below the minimum WAF accepts',
      context: contextWith({ deployment: { limits: { wafRequestsPerIpPer5Minutes: 5 } } }),
      says: /deployment\.limits\.wafRequestsPerIpPer5Minutes must be a whole number from 10 to/,
    },
    {
      wrong: 'a callback country that is not a country',
      context: contextWith({ leads: { callbackCountries: ['US', 'XX'] } }),
      says: /leads\.callbackCountries must list two-letter country codes such as "US" or "CA"/,
    },
    {
      wrong: 'no callback country',
      context: contextWith({ leads: { callbackCountries: [] } }),
      says: /leads\.callbackCountries must list at least one country/,
    },
    {
      wrong: 'a number type libphonenumber does not know',
      context: contextWith({ leads: { callbackNumberTypes: ['MOBILE', 'CHEAP'] } }),
      says: /leads\.callbackNumberTypes must list types among FIXED_LINE, MOBILE/,
    },
    {
      wrong: 'no lead recipients',
      context: contextWith({ leads: { recipients: [] } }),
      says: /leads\.recipients must list at least one address that receives new leads/,
    },
  ])('refuses $wrong, naming the setting and what to put there', ({ context, says }) => {
    const error = refusal(context);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Invalid configuration:/);
    expect((error as Error).message).toMatch(says);
  });

  it('refuses to build without the built site, and says which command builds it', () => {
    const app = new App({ context: contextWith() });
    const empty = mkdtempSync(join(tmpdir(), 'no-site-'));
    expect(() => buildLeadCaptureApp(app, { siteSource: empty })).toThrow(SiteBuildMissingError);
    expect(() =>
      buildLeadCaptureApp(new App({ context: contextWith() }), { siteSource: empty }),
    ).toThrow(/Run `npm run build` first/);
  });

  it('stops `cdk synth` with the message alone (no stack trace) and a failing exit code', () => {
    // The CDK CLI hands the app its context in CDK_CONTEXT_JSON; this is what it would pass.
    const context = contextWith({ deployment: { region: 'moon-base-1' } });
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/app.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: tmpdir() },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid configuration:');
    expect(run.stderr).toContain('deployment.region must be an AWS region such as "us-east-1"');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
