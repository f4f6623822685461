/**
 * The site's CloudFront Function within what CloudFront Functions accept: 10 KB of code, the
 * cloudfront-js-2.0 runtime (no modules, timers, network or dynamic code), and the same code
 * for CDK and the local stack.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CampaignTable } from '../../functions/contract/campaigns';
import { loadViewerFunction } from '../../infra/local/edge-runtime';
import { CampaignTableError, viewerFunctionCode } from '../../infra/site/viewer-function-code';
import { buildCampaigns } from '../../web/build/campaigns';
import { CAMPAIGNS } from '../../web/content/campaigns';
import { LANDING } from '../../web/content/site';

/** CloudFront Functions' quota on function size (bytes). */
const CLOUDFRONT_FUNCTION_LIMIT = 10_240;

/** A table of `count` campaigns with three variants each, beside the main page. */
function tableOf(count: number): CampaignTable {
  return {
    cookieDays: 30,
    campaigns: [
      { id: 'main', path: '/', variants: [{ id: 'control', weight: 100 }], fallback: '/' },
      ...Array.from({ length: count }, (_, i) => ({
        id: `spring-offer-${i}`,
        path: `/spring-offer-${i}/`,
        variants: [
          { id: 'a', weight: 34 },
          { id: 'b', weight: 33 },
          { id: 'c', weight: 33 },
        ],
        starts: Date.UTC(2027, 0, 1),
        ends: Date.UTC(2027, 5, 1),
        fallback: '/',
      })),
    ],
  };
}

describe('Viewer function: CloudFront Functions limits', () => {
  it('fits in 10 KB with the shipped campaigns, and with 25 campaigns of three variants', () => {
    const shipped = buildCampaigns(CAMPAIGNS, LANDING, 'web/public').table;
    expect(Buffer.byteLength(viewerFunctionCode(shipped))).toBeLessThanOrEqual(
      CLOUDFRONT_FUNCTION_LIMIT,
    );
    expect(Buffer.byteLength(viewerFunctionCode(tableOf(25)))).toBeLessThanOrEqual(
      CLOUDFRONT_FUNCTION_LIMIT,
    );
  });

  it('refuses, at synth, a table that would make the code too large, saying what to do', () => {
    expect(() => viewerFunctionCode(tableOf(60))).toThrow(CampaignTableError);
    expect(() => viewerFunctionCode(tableOf(60))).toThrow(
      /over CloudFront Functions' limit of 10240: end and remove old campaigns/,
    );
  });

  it('uses nothing the cloudfront-js-2.0 runtime lacks: no modules, timers, network or dynamic code', () => {
    const source = readFileSync('infra/site/viewer-function.js', 'utf8');
    for (const forbidden of [
      /\brequire\s*\(/,
      /^\s*import\b/m,
      /^\s*export\b/m,
      /\beval\s*\(/,
      /\bnew\s+Function\b/,
      /\bset(Timeout|Interval|Immediate)\b/,
      /\bfetch\s*\(/,
      /\bprocess\./,
      /\bBuffer\b/,
      /\bconsole\./,
    ]) {
      expect(source).not.toMatch(forbidden);
    }
    expect(source).toMatch(/^async function handler\(event\) \{$/m);
  });

  it('runs in a bare context with no Node globals, on both viewer events', async () => {
    const handler = loadViewerFunction(viewerFunctionCode(tableOf(1)), {
      now: () => Date.UTC(2027, 1, 1),
    });
    const request = {
      method: 'GET',
      uri: '/spring-offer-0/',
      querystring: {},
      headers: {},
      cookies: {},
    };
    const forwarded = await handler({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '192.0.2.1' },
      request,
    });
    expect(forwarded).toMatchObject({ uri: expect.stringMatching(/^\/spring-offer-0\/index\./) });
    const response = await handler({
      version: '1.0',
      context: { eventType: 'viewer-response' },
      viewer: { ip: '192.0.2.1' },
      request: forwarded as typeof request,
      response: { statusCode: 200, headers: {}, cookies: {} },
    });
    expect(response).toMatchObject({
      statusCode: 200,
      cookies: { 'variant-spring-offer-0': { value: expect.stringMatching(/^[abc]$/) } },
    });
  });
});
