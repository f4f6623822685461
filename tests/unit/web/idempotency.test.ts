/** The key of one form fill: a UUID v4 the API accepts, from either source of randomness. */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newIdempotencyKey } from '../../../web/src/enhance/idempotency';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newIdempotencyKey', () => {
  it('makes a fresh UUID v4 each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(UUID_V4);
  });

  it('makes a UUID v4 from random bytes where randomUUID is missing', () => {
    const older = {
      getRandomValues: (array: Uint8Array) => webcrypto.getRandomValues(array),
    } as unknown as Crypto;
    for (let i = 0; i < 50; i += 1) expect(newIdempotencyKey(older)).toMatch(UUID_V4);
  });
});
