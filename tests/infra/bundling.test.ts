import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import { loadConfig } from '../../infra/config/load-config';
import { eventsFunction, FUNCTIONS, type FunctionDeclaration } from '../../infra/manifest';
import { restEvent } from '../support/rest-event';
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

  /** Every function but submit-lead, which speaks to DynamoDB without the SDK. */
  const SDK_FUNCTIONS = FUNCTIONS.filter((fn) => fn.name !== 'submit-lead');

  it.each(SDK_FUNCTIONS.map((fn) => [fn.name, fn] as const))(
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

  it.each(SDK_FUNCTIONS.map((fn) => [fn.name, fn] as const))(
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

  it('bundles no AWS SDK into submit-lead: its own client, with Lambda’s credentials alone', () => {
    const fn = FUNCTIONS.find((f) => f.name === 'submit-lead')!;
    const bundle = bundleFunction(fn, mkdtempSync(join(tmpdir(), 'bundle-')));
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter((i) => /@aws-sdk\/|lean-sdk/.test(i))).toEqual([]);
    expect(inputs).toContain('functions/lib/dynamodb-json.ts');
    const code = readFileSync(bundle.file, 'utf8');
    expect(code).toContain('AWS_SECRET_ACCESS_KEY');
    // None of the default chain's other sources: shared files, the container and instance
    // metadata endpoints, web identity, SSO, a credential process.
    for (const source of [
      '.aws/credentials',
      'AWS_CONTAINER_CREDENTIALS',
      '169.254.169.254',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'sso_start_url',
      'credential_process',
    ]) {
      expect(code).not.toContain(source);
    }
  });

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

  describe('the functions behind the API, as the REST API (payload 1.0) invokes them', () => {
    const SECRET = 'an-origin-secret-of-the-test-stage-0123456789';
    const served = FUNCTIONS.filter((fn) => fn.trigger.type === 'http');

    /** The shipped bundle's handler, cold-started with its declared environment. */
    async function bundledHandler(
      fn: FunctionDeclaration,
    ): Promise<(event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>> {
      const bundle = bundleFunction(fn, mkdtempSync(join(tmpdir(), 'bundle-')));
      const saved = { ...process.env };
      Object.assign(process.env, fn.environment(loadConfig(), { tableName: 'leads-test' }), {
        AWS_REGION: 'us-east-1',
        [ORIGIN_VERIFY_SECRET_VARIABLE]: SECRET,
        STATUS_LINK_KEY: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:link-key',
      });
      const module = (await import(pathToFileURL(bundle.file).href).finally(() => {
        process.env = saved;
      })) as { handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> };
      return module.handler;
    }

    it('serves three routes', () => {
      expect(served.map((fn) => fn.name).sort()).toEqual([
        'count-event',
        'lead-status',
        'submit-lead',
      ]);
    });

    it.each(served.map((fn) => [fn.name, fn] as const))(
      '%s refuses, with 403, a REST API request without the origin header',
      async (_name, fn) => {
        if (fn.trigger.type !== 'http') throw new Error('not served by the API');
        const handler = await bundledHandler(fn);
        const result = await handler(
          restEvent({
            method: 'POST',
            resource: fn.trigger.path,
            headers: { 'Content-Type': ['application/json'] },
            body: '{}',
          }),
        );
        expect(result.statusCode).toBe(403);
      },
    );

    it('reads the method and headers of a REST API request (count-event answers GET with 405)', async () => {
      const handler = await bundledHandler(eventsFunction);
      const result = await handler(
        restEvent({
          method: 'GET',
          resource: '/api/events',
          headers: { [ORIGIN_VERIFY_HEADER.toUpperCase()]: [SECRET] },
        }),
      );
      expect(result).toMatchObject({ statusCode: 405, headers: { allow: 'POST' } });
    });
  });
});
