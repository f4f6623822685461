import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coarseSource,
  dropReasonOfHeaders,
  parseEventBody,
} from '../../../functions/events/event-filter';
import { memoryRateLimiter } from '../../../functions/events/rate-limiter';

const headers = (values: Record<string, string>) => (name: string) => values[name];
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('Screening events', () => {
  it.each([
    [
      'Googlebot',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'bot',
    ],
    ['Bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bot'],
    ['Slack previews', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'bot'],
    ['WhatsApp previews', 'WhatsApp/2.23.20.0', 'bot'],
    [
      'Lighthouse',
      'Mozilla/5.0 (Linux; Android 11) Chrome/131.0 Mobile Safari/537.36 Chrome-Lighthouse',
      'bot',
    ],
    ['curl', 'curl/8.5.0', 'bot'],
    ['a phone browser', CHROME, undefined],
  ])('%s is %s', (_name, agent, expected) => {
    expect(dropReasonOfHeaders(headers({ 'user-agent': agent }))).toBe(expected);
  });

  it('drops prefetches and prerenders nobody has seen yet', () => {
    expect(dropReasonOfHeaders(headers({ 'user-agent': CHROME, 'sec-purpose': 'prefetch' }))).toBe(
      'preview',
    );
    expect(dropReasonOfHeaders(headers({ 'user-agent': CHROME, purpose: 'prefetch' }))).toBe(
      'preview',
    );
  });

  it.each([
    ['https://www.willowlane-acupuncture.example.com/sciatica/?preview=b', 'preview'],
    // An empty preview parameter is an ordinary visit, as the edge function treats it.
    ['https://www.willowlane-acupuncture.example.com/sciatica/?utm_source=x&preview=', undefined],
    ['https://www.willowlane-acupuncture.example.com/sciatica/?utm_source=previews', undefined],
    ['https://www.willowlane-acupuncture.example.com/preview/', undefined],
    ['not an address', undefined],
  ])('sent from %s: %s', (referer, expected) => {
    expect(dropReasonOfHeaders(headers({ 'user-agent': CHROME, referer }))).toBe(expected);
  });

  it('reads an event and its optional text fields', () => {
    expect(parseEventBody('{"event":"view","campaign":"spring","source":""}')).toEqual({
      ok: true,
      body: { event: 'view', campaign: 'spring' },
    });
    expect(parseEventBody('{"event":"view","campaign":7}')).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(parseEventBody('{"event":"click"}')).toEqual({ ok: false, reason: 'unknown-event' });
    expect(parseEventBody('null')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('Coarse source', () => {
  it.each([
    [undefined, '(none)'],
    ['  ', '(none)'],
    ['Google', 'google'],
    ['demo-search', 'demo-search'],
    ['news_letter.2026', 'news_letter.2026'],
    ['jane@example.com', 'other'],
    ['3125550134', 'other'],
    ['Cj0KCQiA12345xyz', 'other'],
    ['x'.repeat(33), 'other'],
    ['two words', 'other'],
  ])('%s is counted as %s', (value, expected) => {
    expect(coarseSource(value)).toBe(expected);
  });

  it('never lets through an address, a long number or more than 32 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        const coarse = coarseSource(value);
        return !coarse.includes('@') && !/\d{5}/.test(coarse) && coarse.length <= 32;
      }),
      { numRuns: 5000 },
    );
  });
});

describe('In-memory rate limit', () => {
  it('lets a client through up to the limit in a minute, then says how long to wait', () => {
    const limiter = memoryRateLimiter({ maxPerWindow: 3 });
    const at = new Date('2026-11-30T10:00:15Z');
    expect([1, 2, 3].map(() => limiter.take('192.0.2.1', at))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(limiter.take('192.0.2.1', at)).toBe(45);
    expect(limiter.take('192.0.2.2', at)).toBeUndefined();
    expect(limiter.take('192.0.2.1', new Date('2026-11-30T10:01:00Z'))).toBeUndefined();
  });
});
