import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import { submitFunction } from '../../infra/manifest';
import { BUNDLE_FILE, bundleFunction } from '../../infra/bundling';
import { phoneCountriesOf } from '../../infra/phone-metadata';
import { resourcesOf, synthesize, type Synthesized } from './support/app';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Construct: Api (dev stage, cdk.json defaults)', () => {
  let synth: Synthesized;
  let submitId: string;
  beforeAll(() => {
    synth = synthesize();
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function').filter(([, fn]) =>
      JSON.stringify(fn).includes(submitFunction.entry),
    );
    expect(functions).toHaveLength(1);
    submitId = functions[0]![0];
  });

  it('serves the route the manifest declares, through the submit function, payload 2.0', () => {
    if (submitFunction.trigger.type !== 'http') throw new Error('submit must be an http route');
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: `${submitFunction.trigger.method} ${submitFunction.trigger.path}`,
      AuthorizationType: 'NONE',
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [submitId, 'Arn'] },
    });
  });

  it('throttles the stage to the configured rate and burst', () => {
    const { limits } = synth.config.deployment;
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: limits.apiRatePerSecond,
        ThrottlingBurstLimit: limits.apiBurst,
      },
    });
  });

  it('writes access logs, without headers or bodies, to an encrypted log group with retention', () => {
    const [stageId] = Object.keys(synth.template.findResources('AWS::ApiGatewayV2::Stage'));
    const resources = synth.template.toJSON().Resources;
    const settings = resources[stageId!].Properties.AccessLogSettings;
    const logGroupId = settings.DestinationArn['Fn::GetAtt'][0] as string;
    const format = JSON.parse(settings.Format as string) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format).join(' ')).not.toMatch(/header|body|querystring/i);
    const logGroup = resources[logGroupId];
    expect(logGroup.Properties).toMatchObject({
      RetentionInDays: synth.config.deployment.logRetentionDays,
      KmsKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
    });
  });

  it('runs the submit function on Node.js 24 (arm64) with the manifest settings', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: submitFunction.memoryMb,
      Timeout: submitFunction.timeoutSeconds,
      // None by default (deployment.reserveConcurrency): tests/infra/first-deploy.test.ts.
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('gives the submit function the environment its declaration builds, plus the origin secret', () => {
    const expected = submitFunction.environment(synth.config, {
      tableName: 'TABLE',
      campaigns: { main: ['control'], spring: ['a', 'b'] },
    });
    const fn = synth.template.toJSON().Resources[submitId];
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    // The campaigns of the site fixture's build, which leads are checked against.
    expect(variables.CAMPAIGNS).toBe('{"main":["control"],"spring":["a","b"]}');
    // The one variable the manifest leaves out: the Api adds it (tests/infra/origin-secret.test.ts).
    expect(Object.keys(variables).sort()).toEqual(
      [...Object.keys(expected), ORIGIN_VERIFY_SECRET_VARIABLE].sort(),
    );
    for (const [name, value] of Object.entries(expected)) {
      if (name === 'TABLE_NAME') expect(variables[name]).toEqual({ Ref: expect.any(String) });
      else expect(variables[name]).toBe(value);
    }
  });

  it('ships exactly the bundle infra/bundling.ts makes (what bench:cold measures)', () => {
    const fn = synth.template.toJSON().Resources[submitId];
    const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    const shipped = readFileSync(join(synth.outdir, `asset.${assetHash}`, BUNDLE_FILE));
    // The configuration's served countries, as the CDK app and bench:cold pass them.
    const rebuilt = bundleFunction(submitFunction, mkdtempSync(join(tmpdir(), 'bundle-')), {
      phoneCountries: phoneCountriesOf(synth.config),
    });
    expect(sha256(readFileSync(rebuilt.file))).toBe(sha256(shipped));
  });
});
