/**
 * The lean copies of the SDK clients (infra/lean-sdk.ts): computed schema keys written as their
 * strings, and the shipped bundles carrying only the shapes the functions send.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundling';
import { leanManifest, plainSchemaKeys } from '../../infra/lean-sdk';
import { notifyFunction } from '../../infra/manifest';

describe('Lean SDK clients', () => {
  it('writes computed keys that name string constants as those strings', () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'const _q = "say \\"hi\\"";',
      'export var Send$ = [9, n0, _S, { [_h]: ["POST", "/v2/email", 200] }, () => In$];',
      'export var Err$ = [-3, n0, _E, { [_e]: _c, [_q]: 400 }, [], []];',
    ].join('\n');
    expect(plainSchemaKeys(source).split('\n').slice(3)).toEqual([
      'export var Send$ = [9, n0, _S, { "http": ["POST", "/v2/email", 200] }, () => In$];',
      'export var Err$ = [-3, n0, _E, { "error": _c, "say \\"hi\\"": 400 }, [], []];',
    ]);
  });

  it('refuses a computed key that is not a string constant of the file', () => {
    expect(() => plainSchemaKeys('export var X$ = [3, n0, { [key]: 1 }];')).toThrow(
      'lean SDK: the computed key [key] is not a string constant of its file',
    );
  });

  it('leaves the SESv2 operations notify never sends out of its bundle', () => {
    const bundle = bundleFunction(notifyFunction, mkdtempSync(join(tmpdir(), 'bundle-')));
    const code = readFileSync(bundle.file, 'utf8');
    expect(code).toContain('/v2/email/outbound-emails');
    for (const unused of [
      'CreateContactListRequest',
      'PutAccountDetailsRequest',
      'GetDomainStatisticsReport',
    ]) {
      expect(code).not.toContain(unused);
    }
  });

  it('keeps of a client’s package.json only what resolving it and its user agent need', () => {
    const manifest = JSON.stringify({
      name: '@aws-sdk/client-example',
      version: '3.1.2',
      description: 'An example client',
      sideEffects: false,
      main: './dist-cjs/index.js',
      module: './dist-es/index.js',
      dependencies: { '@smithy/core': '^3.0.0' },
      scripts: { build: 'tsc' },
    });
    expect(JSON.parse(leanManifest(manifest))).toEqual({
      name: '@aws-sdk/client-example',
      version: '3.1.2',
      sideEffects: false,
      main: './dist-cjs/index.js',
      module: './dist-es/index.js',
    });
  });

  it('leaves the Secrets Manager operations notify never sends out of its bundle', () => {
    const bundle = bundleFunction(notifyFunction, mkdtempSync(join(tmpdir(), 'bundle-')));
    const code = readFileSync(bundle.file, 'utf8');
    expect(code).toContain('GetSecretValue');
    for (const unused of [
      'RotateSecretRequest',
      'PutResourcePolicyRequest',
      'ListSecretsRequest',
    ]) {
      expect(code).not.toContain(unused);
    }
  });

  it('leaves DynamoDB’s unused endpoint discovery (its cache and LRU library) out of the bundles', () => {
    const inputs = Object.keys(
      bundleFunction(notifyFunction, mkdtempSync(join(tmpdir(), 'bundle-'))).metafile.inputs,
    );
    expect(inputs.some((i) => i.includes('@aws-sdk/client-dynamodb'))).toBe(false);
    expect(inputs.some((i) => i.includes('dist-es/DynamoDBClient.js'))).toBe(true);
    expect(
      inputs.filter((i) =>
        /middleware-endpoint-discovery|endpoint-cache|mnemonist|obliterator/.test(i),
      ),
    ).toEqual([]);
  });
});
