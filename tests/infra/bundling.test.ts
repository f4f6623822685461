import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/manifest';
import { bundleFunction, esbuildOptions, NODE_MAJOR } from '../../infra/bundling';
import { LAMBDA_RUNTIME } from '../../infra/constructs/lead-function';

describe('Bundling of the functions', () => {
  it('targets the Node.js version of the Lambda runtime', () => {
    expect(LAMBDA_RUNTIME.name).toBe(`nodejs${NODE_MAJOR}.x`);
    expect(NODE_MAJOR).toBeGreaterThanOrEqual(22);
    for (const fn of FUNCTIONS) expect(esbuildOptions(fn, '/out').target).toBe(`node${NODE_MAJOR}`);
  });

  it('makes minified ESM with a CommonJS require for the dependencies that still call it', () => {
    for (const fn of FUNCTIONS) {
      const options = esbuildOptions(fn, '/out');
      expect(options).toMatchObject({
        format: 'esm',
        minify: true,
        bundle: true,
        platform: 'node',
      });
      expect(options.outfile).toMatch(/index\.mjs$/);
      expect(options.banner?.js).toContain('createRequire');
    }
  });

  it.each(FUNCTIONS.map((fn) => [fn.name, fn] as const))(
    'bundles the AWS SDK into %s instead of loading the runtime copy',
    (_name, fn) => {
      expect(esbuildOptions(fn, '/out').external).toEqual([]);
      const bundle = bundleFunction(fn, mkdtempSync(join(tmpdir(), 'bundle-')));
      const code = readFileSync(bundle.file, 'utf8');
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(Object.keys(bundle.metafile.inputs).some((i) => i.includes('@aws-sdk/'))).toBe(true);
      expect(bundle.bytes).toBe(Buffer.byteLength(code));
    },
  );

  it.each(FUNCTIONS.map((fn) => [fn.name, fn] as const))(
    'gives %s only Lambda’s own credentials (the environment), none of the default chain',
    (_name, fn) => {
      const inputs = Object.keys(
        bundleFunction(fn, mkdtempSync(join(tmpdir(), 'bundle-'))).metafile.inputs,
      );
      expect(inputs.some((i) => i.includes('@aws-sdk/credential-provider-env/'))).toBe(true);
      const others = inputs.filter((i) =>
        /@aws-sdk\/(credential-provider-(?!env\/)[\w-]+|nested-clients|token-providers)\/|@smithy\/credential-provider-imds\//.test(
          i,
        ),
      );
      expect(others).toEqual([]);
    },
  );

  it('leaves the SDK out only in the variant the cold-start benchmark compares', () => {
    const [fn] = FUNCTIONS;
    expect(esbuildOptions(fn, '/out', { externalSdk: true }).external).toEqual(['@aws-sdk/*']);
  });

  it('produces a module that exports the handler', async () => {
    const fn = FUNCTIONS.find((f) => f.name === 'submit-lead')!;
    const bundle = bundleFunction(fn, mkdtempSync(join(tmpdir(), 'bundle-')));
    const env = fn.environment((await import('../../infra/config/load-config')).loadConfig(), {
      tableName: 'leads-test',
    });
    const saved = { ...process.env };
    Object.assign(process.env, env, { AWS_REGION: 'us-east-1' });
    const module = (await import(pathToFileURL(bundle.file).href).finally(() => {
      process.env = saved;
    })) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });
});
