import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLeadCaptureApp } from '../../infra/build';
import { nagPacks } from '../../infra/nag';
import { contextWith, siteFixture, synthesize, type Synthesized } from './support/app';

/** Every acknowledgement recorded in the construct tree: rule id, reason, where. */
function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id,
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

describe('cdk-nag on the whole app (dev stage, as `cdk synth` runs it)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({}, { cloudFormationValidation: true });
  });

  it('leaves no finding of the AwsSolutions, HIPAA Security or Serverless packs unacknowledged', () => {
    const packs = nagPacks(synth.app);
    expect(packs.map((pack) => pack.readPackName).sort()).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
      'Serverless',
    ]);
    for (const pack of packs) {
      const findings = pack
        .validateScope(synth.app)
        .violations.map(
          (v) =>
            `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`,
        );
      expect(findings, `${pack.readPackName} findings (warnings included)`).toEqual([]);
    }
  });

  it('writes a synth report without any violation from any plugin', () => {
    const report = JSON.parse(
      readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: { pluginName: string; violations?: unknown[] }[] };
    for (const plugin of report.pluginReports) {
      expect(plugin.violations ?? [], plugin.pluginName).toEqual([]);
    }
  });

  it('gives every acknowledgement its reason, in words', () => {
    const all = acknowledgements(synth.app);
    expect(all.length).toBeGreaterThan(10);
    for (const { id, reason, path } of all) {
      expect(reason.split(' ').length, `reason of ${id} at ${path}`).toBeGreaterThanOrEqual(12);
    }
  });

  it('stops the synth when a resource breaks a rule nobody acknowledged', () => {
    const app = new App({ context: contextWith(), builtinCloudFormationValidation: false });
    const { stack } = buildLeadCaptureApp(app, { siteSource: siteFixture() });
    new sqs.Queue(stack, 'CarelessQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4[\s\S]*CarelessQueue/);
  });
});
