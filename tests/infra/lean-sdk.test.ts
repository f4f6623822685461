/**
 * The lean copies of the SDK clients (infra/lean-sdk.ts): computed schema keys written as their
 * strings, and the shipped bundles carrying only the shapes the functions send.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundling';
import { plainSchemaKeys } from '../../infra/lean-sdk';
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
});
