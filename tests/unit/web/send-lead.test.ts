/**
 * How the browser reads each answer of `POST /api/leads`: every status the API can give ends
 * in one outcome the form knows how to show, and every request carries the form fill's key.
 */
import { describe, expect, it } from 'vitest';
import { sendLead } from '../../../web/src/enhance/send-lead';

const KEY = '7b0a4c52-3c2e-4e0b-9d3a-2f5b1c8e9a10';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

describe('sendLead', () => {
  it('posts JSON with the idempotency key in the header and the body', async () => {
    const { fetchImpl, calls } = answer(201, { id: 'abc', kind: 'callback', status: 'received' });
    await sendLead('/api/leads', { kind: 'callback', name: 'Ann' }, KEY, fetchImpl);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('/api/leads');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': KEY,
    });
    expect(JSON.parse(String(call?.init.body))).toEqual({
      kind: 'callback',
      name: 'Ann',
      idempotencyKey: KEY,
    });
  });

  it.each([
    [
      201,
      { id: 'abc', kind: 'callback', status: 'received' },
      { type: 'received', id: 'abc', kind: 'callback' },
    ],
    [
      200,
      { id: 'abc', kind: 'contact', status: 'received' },
      { type: 'received', id: 'abc', kind: 'contact' },
    ],
    [
      422,
      { error: 'validation', fields: { phone: 'Bad' } },
      { type: 'invalid', fields: { phone: 'Bad' } },
    ],
    [
      400,
      { error: 'validation', fields: { body: 'Bad JSON' } },
      { type: 'invalid', fields: { body: 'Bad JSON' } },
    ],
    [400, { error: 'validation' }, { type: 'rejected' }],
    [409, { error: 'idempotency_conflict' }, { type: 'conflict' }],
    [413, { error: 'payload_too_large' }, { type: 'rejected' }],
    [415, { error: 'unsupported_media_type' }, { type: 'rejected' }],
    [500, { error: 'server_error', requestId: 'r1' }, { type: 'server' }],
    [503, { error: 'server_error', requestId: 'r1' }, { type: 'server' }],
    [502, '<html>Bad gateway</html>', { type: 'server' }],
    [201, '<html>not json</html>', { type: 'server' }],
  ])('reads a %i answer as the right outcome', async (status, body, outcome) => {
    const { fetchImpl } = answer(status, body);
    expect(await sendLead('/api/leads', {}, KEY, fetchImpl)).toEqual(outcome);
  });

  it('takes the wait of a 429 from Retry-After, else from the body, else a minute', async () => {
    const header = answer(
      429,
      { error: 'rate_limited', retryAfterSeconds: 30 },
      { 'retry-after': '120' },
    );
    expect(await sendLead('/api/leads', {}, KEY, header.fetchImpl)).toEqual({
      type: 'rateLimited',
      retryAfterSeconds: 120,
    });
    const body = answer(429, { error: 'rate_limited', retryAfterSeconds: 30 });
    expect(await sendLead('/api/leads', {}, KEY, body.fetchImpl)).toEqual({
      type: 'rateLimited',
      retryAfterSeconds: 30,
    });
    const none = answer(429, {});
    expect(await sendLead('/api/leads', {}, KEY, none.fetchImpl)).toEqual({
      type: 'rateLimited',
      retryAfterSeconds: 60,
    });
  });

  it('reads a failed connection as a network problem', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await sendLead('/api/leads', {}, KEY, offline)).toEqual({ type: 'network' });
  });

  it('gives up waiting after the timeout and reports a network problem', async () => {
    const never = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as unknown as typeof fetch;
    expect(await sendLead('/api/leads', {}, KEY, never, 20)).toEqual({ type: 'network' });
  });
});
