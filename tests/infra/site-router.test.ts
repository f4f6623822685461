import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SITE_ROUTER_SOURCE } from '../../infra/site/router';

interface RouterRequest {
  uri: string;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
}

type RouterResult =
  RouterRequest | { statusCode: number; headers: Record<string, { value: string }> };

/** Runs the exact source CloudFront runs, on a viewer-request event. */
async function route(uri: string, querystring: RouterRequest['querystring'] = {}) {
  const handler = runInNewContext(`${SITE_ROUTER_SOURCE}; handler`) as (event: {
    request: RouterRequest;
  }) => Promise<RouterResult>;
  return handler({ request: { uri, querystring } });
}

describe('Site router (CloudFront Function, viewer request)', () => {
  it.each([
    ['/', '/index.html'],
    ['/thank-you/', '/thank-you/index.html'],
    ['/privacy/', '/privacy/index.html'],
  ])('serves %s from %s', async (uri, object) => {
    expect(await route(uri)).toMatchObject({ uri: object });
  });

  it.each(['/assets/index-Dx3kP0aQ.js', '/styles/site.css', '/robots.txt', '/404.html'])(
    'passes the file %s through unchanged',
    async (uri) => {
      expect(await route(uri)).toMatchObject({ uri });
    },
  );

  it('redirects a page path without its slash, keeping the campaign query string', async () => {
    const result = await route('/thank-you', {
      ref: { value: 'a1b2' },
      utm_source: { value: 'google', multiValue: [{ value: 'google' }, { value: 'ads' }] },
      flag: { value: '' },
    });
    expect(result).toMatchObject({
      statusCode: 301,
      headers: {
        location: { value: '/thank-you/?ref=a1b2&utm_source=google&utm_source=ads&flag' },
      },
    });
  });

  it('redirects without a question mark when there is no query string', async () => {
    expect(await route('/privacy')).toMatchObject({
      statusCode: 301,
      headers: { location: { value: '/privacy/' } },
    });
  });
});
