/**
 * The site's CloudFront Function, run as the local stack runs it (the repository's file with a
 * campaign table before it, in an isolated context): variants by weight, sticky cookies, bots
 * and previews, dates, and the clean-URL routing of every other path.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { CampaignTable } from '../../../functions/contract/campaigns';
import {
  loadViewerFunction,
  runViewerFunction,
  type EdgeRuntimeOptions,
} from '../../../infra/local/edge-runtime';
import { viewerFunctionCode } from '../../../infra/site/viewer-function-code';

const DAY = 86_400_000;
const NOW = Date.UTC(2027, 2, 15);

const TABLE: CampaignTable = {
  cookieDays: 30,
  campaigns: [
    { id: 'main', path: '/', variants: [{ id: 'control', weight: 100 }], fallback: '/' },
    {
      id: 'spring',
      path: '/sciatica/',
      variants: [
        { id: 'a', weight: 70 },
        { id: 'b', weight: 20 },
        { id: 'c', weight: 10 },
      ],
      fallback: '/',
    },
    {
      id: 'over',
      path: '/old-offer/',
      variants: [{ id: 'control', weight: 100 }],
      ends: NOW - DAY,
      fallback: '/sciatica/',
    },
    {
      id: 'soon',
      path: '/next/',
      variants: [{ id: 'control', weight: 100 }],
      starts: NOW + DAY,
      fallback: '/',
    },
  ],
};

/** A deterministic source of draws in [0, 1): mulberry32. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return {
    url,
    method: 'GET',
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', ...headers },
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
}

function edge(options: EdgeRuntimeOptions = {}) {
  const handler = loadViewerFunction(viewerFunctionCode(TABLE), { now: () => NOW, ...options });
  return (url: string, headers?: Record<string, string>) =>
    runViewerFunction(handler, request(url, headers));
}

describe('Viewer function: campaign variants', () => {
  it('splits new visitors by weight, within statistical bounds, over 20,000 seeded draws', async () => {
    const run = edge({ random: seeded(20_27) });
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const outcome = await run('/sciatica/');
      const variant = /^variant-spring=([a-z]+);/.exec(String(outcome.headers['set-cookie']))?.[1];
      counts[variant ?? 'none'] = (counts[variant ?? 'none'] ?? 0) + 1;
    }
    // Each share within 4 standard deviations of its binomial expectation.
    for (const [id, share] of [
      ['a', 0.7],
      ['b', 0.2],
      ['c', 0.1],
    ] as const) {
      const sd = Math.sqrt(draws * share * (1 - share));
      expect(Math.abs((counts[id] ?? 0) - draws * share)).toBeLessThan(4 * sd);
    }
    expect(counts.none).toBeUndefined();
  });

  it('serves the drawn variant at the same URL and keeps it in a cookie holding only the variant', async () => {
    const run = edge({ random: () => 0.75 });
    const outcome = await run('/sciatica/?utm_source=ads');
    expect(outcome.response).toBeUndefined();
    expect(outcome.uri).toBe('/sciatica/index.b.html');
    expect(outcome.headers['set-cookie']).toEqual([
      'variant-spring=b; Path=/sciatica/; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax',
    ]);
    expect(outcome.headers['cache-control']).toBe('private, no-cache');
  });

  it('serves the control page from the path itself', async () => {
    const outcome = await edge({ random: () => 0.1 })('/sciatica/');
    expect(outcome.uri).toBe('/sciatica/index.html');
  });

  it('keeps a returning visitor on their variant whatever the next draw, and sets no new cookie', async () => {
    const run = edge({ random: () => 0.01 });
    for (const variant of ['b', 'c']) {
      const outcome = await run('/sciatica/', { cookie: `other=1; variant-spring=${variant}` });
      expect(outcome.uri).toBe(`/sciatica/index.${variant}.html`);
      expect(outcome.headers['set-cookie']).toBeUndefined();
    }
  });

  it.each(['zz', '', 'b%00', 'a,b', '../../etc', 'B'])(
    'treats the unknown cookie value "%s" as a new visitor',
    async (value) => {
      const outcome = await edge({ random: () => 0.95 })('/sciatica/', {
        cookie: `variant-spring=${value}`,
      });
      expect(outcome.uri).toBe('/sciatica/index.c.html');
      expect(outcome.headers['set-cookie']).toEqual([
        'variant-spring=c; Path=/sciatica/; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax',
      ]);
    },
  );

  it.each([
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Twitterbot/1.0',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'WhatsApp/2.23.20.0',
    'TelegramBot (like TwitterBot)',
    'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  ])('gives the crawler or link preview "%s" the control and no cookie', async (agent) => {
    const outcome = await edge({ random: () => 0.99 })('/sciatica/?preview=c', {
      'user-agent': agent,
      cookie: 'variant-spring=b',
    });
    expect(outcome.uri).toBe('/sciatica/index.html');
    expect(outcome.headers['set-cookie']).toBeUndefined();
  });

  it('shows a previewed variant without a cookie, marked as a preview and kept out of caches', async () => {
    const outcome = await edge({ random: () => 0.01 })('/sciatica/?preview=c', {
      cookie: 'variant-spring=a',
    });
    expect(outcome.uri).toBe('/sciatica/index.c.html');
    expect(outcome.headers['set-cookie']).toBeUndefined();
    expect(outcome.headers['cache-control']).toBe('private, no-store');
    expect(outcome.headers['x-robots-tag']).toBe('noindex');
  });

  it('previews the control for a variant the campaign does not have', async () => {
    const outcome = await edge()('/sciatica/?preview=nope');
    expect(outcome.uri).toBe('/sciatica/index.html');
    expect(outcome.headers['x-robots-tag']).toBe('noindex');
  });

  it('ignores the response markers when a viewer sends them', async () => {
    const outcome = await edge({ random: () => 0.01 })('/privacy/', {
      'x-campaign-set-variant': 'spring c',
      'x-campaign-preview': 'c',
    });
    expect(outcome.headers).toEqual({});
  });

  it('sets no cookie on a campaign with one variant', async () => {
    const outcome = await edge()('/');
    expect(outcome.uri).toBe('/index.html');
    expect(outcome.headers['set-cookie']).toBeUndefined();
  });

  it('sends an ended campaign to its fallback, keeping the query string', async () => {
    const outcome = await edge()('/old-offer/?utm_source=ads&gclid=x1');
    expect(outcome.response).toEqual({
      status: 302,
      headers: { location: '/sciatica/?utm_source=ads&gclid=x1', 'cache-control': 'no-store' },
    });
  });

  it('sends a campaign that has not started to its fallback', async () => {
    expect((await edge()('/next/')).response?.headers.location).toBe('/');
    const started = await edge({ now: () => NOW + 2 * DAY })('/next/');
    expect(started.response).toBeUndefined();
    expect(started.uri).toBe('/next/index.html');
  });
});

describe('Viewer function: clean URLs', () => {
  it.each([
    ['/thank-you/', '/thank-you/index.html'],
    ['/privacy/', '/privacy/index.html'],
  ])('serves %s from %s', async (uri, object) => {
    expect((await edge()(uri)).uri).toBe(object);
  });

  it.each(['/assets/index-Dx3kP0aQ.js', '/styles/site.css', '/robots.txt', '/404.html'])(
    'passes the file %s through unchanged',
    async (uri) => {
      expect((await edge()(uri)).uri).toBe(uri);
    },
  );

  it('redirects a page path without its slash, keeping every query value', async () => {
    const outcome = await edge()('/thank-you?ref=a1b2&utm_source=google&utm_source=ads&flag');
    expect(outcome.response).toEqual({
      status: 301,
      headers: {
        location: '/thank-you/?ref=a1b2&utm_source=google&utm_source=ads&flag',
        'cache-control': 'public, max-age=3600',
      },
    });
  });

  it('redirects without a question mark when there is no query string', async () => {
    expect((await edge()('/sciatica')).response?.headers.location).toBe('/sciatica/');
  });
});
