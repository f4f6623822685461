/**
 * `POST /api/events` over real HTTP on the local runtime and DynamoDB Local: what is counted,
 * what is dropped without an error, the flood limit, and that nothing stored or logged could
 * identify the visitor.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import { eventsFunction, type FunctionDeclaration, type HttpTrigger } from '../../infra/manifest';
import {
  startHttpRuntime,
  type HttpHandler,
  type RunningHttpRuntime,
} from '../../infra/local/http-runtime';
import { loadHandler, MAIN_CAMPAIGN, TEST_ORIGIN_SECRET } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

const CAMPAIGN = MAIN_CAMPAIGN;
const VISITOR_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('POST /api/events (local runtime, DynamoDB Local)', () => {
  const aws = useLocalAws();
  let api: RunningHttpRuntime;
  const logLines: string[] = [];
  let viewer = 0;

  beforeAll(async () => {
    // The handler's own log lines, at the level it runs with in AWS, to read them below.
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
      const text = String(chunk);
      if (text.includes('"service":"count-event"')) {
        logLines.push(text);
        return true;
      }
      return write(chunk, ...(rest as []));
    });
    // As deployed: the handler trusts the viewer address only from requests CloudFront signed.
    process.env[ORIGIN_VERIFY_SECRET_VARIABLE] = TEST_ORIGIN_SECRET;
    const { handler } = await loadHandler<{ handler: HttpHandler }>(eventsFunction, aws());
    api = await startHttpRuntime({
      port: 0,
      routes: [
        { declaration: eventsFunction as FunctionDeclaration & { trigger: HttpTrigger }, handler },
      ],
    });
  });
  afterAll(async () => {
    delete process.env[ORIGIN_VERIFY_SECRET_VARIABLE];
    await api.stop();
    vi.restoreAllMocks();
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  /** One beacon, from its own viewer address unless told, as CloudFront forwards it. */
  const beacon = (
    body: string,
    headers: Record<string, string> = {},
    address = `198.51.100.${(viewer++ % 250) + 1}`,
  ) =>
    fetch(`${api.url}/api/events`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'user-agent': VISITOR_AGENT,
        'cloudfront-viewer-address': `${address}:443`,
        [ORIGIN_VERIFY_HEADER]: TEST_ORIGIN_SECRET,
        ...headers,
      },
      body,
    });

  const event = (fields: Record<string, unknown>) => JSON.stringify(fields);

  async function allItems(): Promise<Record<string, unknown>[]> {
    const { Items } = await aws().db.send(
      new ScanCommand({ TableName: aws().tableName, ConsistentRead: true }),
    );
    return Items ?? [];
  }

  async function countOf(sk: string): Promise<number | undefined> {
    const item = (await allItems()).find((i) => i.sk === sk);
    return item === undefined ? undefined : Number(item.count);
  }

  it('adds one to the day counter of its campaign, variant, event and source', async () => {
    const body = event({ event: 'view', campaign: CAMPAIGN, source: 'Demo-Search', medium: 'cpc' });
    expect((await beacon(body)).status).toBe(204);
    expect((await beacon(body)).status).toBe(204);
    expect(await countOf(`${CAMPAIGN}#control#view#demo-search#cpc`)).toBe(2);
    const item = (await allItems()).find(
      (i) => i.sk === `${CAMPAIGN}#control#view#demo-search#cpc`,
    );
    expect(item).toMatchObject({ entity: 'funnel-count', campaign: CAMPAIGN, variant: 'control' });
    expect(String(item?.pk)).toMatch(/^FUNNEL#\d{4}-\d{2}-\d{2}$/);
  });

  it('counts a form start apart from views, and an unknown campaign as "unknown"', async () => {
    await beacon(event({ event: 'form-start', campaign: CAMPAIGN }));
    await beacon(event({ event: 'view', campaign: 'someone-elses', variant: 'x' }));
    expect(await countOf(`${CAMPAIGN}#control#form-start#(none)#(none)`)).toBe(1);
    expect(await countOf('unknown#unknown#view#(none)#(none)')).toBe(1);
  });

  it('never keeps a source that could name someone: it is counted as "other"', async () => {
    await beacon(
      event({
        event: 'view',
        campaign: CAMPAIGN,
        source: 'jane.doe@example.com',
        medium: '3125550134',
      }),
    );
    expect(await countOf(`${CAMPAIGN}#control#view#other#other`)).toBe(1);
  });

  it.each([
    [
      'a search crawler',
      { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    ],
    ['a link preview', { 'user-agent': 'facebookexternalhit/1.1' }],
    [
      'headless automation',
      { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36' },
    ],
    ['no user agent at all', { 'user-agent': '' }],
    ['a prefetch', { 'sec-purpose': 'prefetch;prerender' }],
    ['a campaign preview page', { referer: 'http://127.0.0.1:5173/sciatica/?preview=b' }],
  ])('drops %s with a 204 and counts nothing', async (_what, headers) => {
    const before = (await allItems()).length;
    const response = await beacon(
      event({ event: 'view', campaign: CAMPAIGN, source: 'drop-me' }),
      headers,
    );
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await allItems()).length).toBe(before);
  });

  it.each([
    ['a body that is not JSON', 'view please'],
    ['a JSON array', '["view"]'],
    ['an unknown event', event({ event: 'purchase', campaign: CAMPAIGN })],
    ['a campaign that is not text', event({ event: 'view', campaign: { $ne: 1 } })],
    ['an over-long variant', event({ event: 'view', campaign: CAMPAIGN, variant: 'v'.repeat(41) })],
    ['an oversized body', event({ event: 'view', campaign: CAMPAIGN, pad: 'x'.repeat(2048) })],
    ['an empty body', ''],
  ])('drops %s with a 204 and counts nothing', async (_what, body) => {
    const before = await allItems();
    const response = await beacon(body);
    expect(response.status).toBe(204);
    expect(await allItems()).toEqual(before);
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(`${api.url}/api/events`, {
      headers: { 'user-agent': VISITOR_AGENT, [ORIGIN_VERIFY_HEADER]: TEST_ORIGIN_SECRET },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('limits a flood from one address to 30 events a minute and counts no more', async () => {
    // The limit counts per clock minute: start the flood early in one, so it all falls inside.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const body = event({ event: 'view', campaign: CAMPAIGN, source: 'flood' });
    const responses: Response[] = [];
    for (let i = 0; i < 40; i++) responses.push(await beacon(body, {}, '203.0.113.77'));
    expect(responses.map((r) => r.status)).toEqual([
      ...Array<number>(30).fill(204),
      ...Array<number>(10).fill(429),
    ]);
    expect(Number(responses[39]?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await countOf(`${CAMPAIGN}#control#view#flood#(none)`)).toBe(30);
    // Another visitor is not held back by the flood.
    expect((await beacon(body, {}, '203.0.113.78')).status).toBe(204);
  });

  it('stores and logs nothing that could identify a visitor', async () => {
    const items = await allItems();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'campaign',
          'count',
          'day',
          'entity',
          'event',
          'expiresAt',
          'medium',
          'pk',
          'sk',
          'source',
          'variant',
        ].sort(),
      );
    }
    const stored = JSON.stringify(items);
    const logged = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(20);
    for (const text of [stored, logged]) {
      expect(text).not.toMatch(/198\.51\.100\.|203\.0\.113\.|127\.0\.0\.1|::1/);
      expect(text).not.toMatch(/Mozilla|iPhone|Safari|Googlebot|HeadlessChrome/);
      expect(text).not.toMatch(/jane\.doe|example\.com|3125550134/);
    }
    for (const line of logLines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry).sort()).toEqual(
        expect.arrayContaining(['level', 'message', 'requestId', 'service', 'timestamp']),
      );
      const extra = Object.keys(entry).filter(
        (k) =>
          ![
            'level',
            'message',
            'requestId',
            'service',
            'timestamp',
            'sampling_rate',
            'xray_trace_id',
          ].includes(k),
      );
      expect(
        extra.every((k) => ['event', 'campaign', 'variant', 'reason', 'status'].includes(k)),
      ).toBe(true);
    }
  });
});
