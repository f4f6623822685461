import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  linkKeyLoader,
  signStatusToken,
  statusLink,
  verifyStatusToken,
} from '../../../functions/lib/status-link';

const key = Buffer.from('a'.repeat(64));
const otherKey = Buffer.from('b'.repeat(64));
const lead = '0f8e2d4c-1b3a-4c5d-8e7f-9a0b1c2d3e4f';
const otherLead = '1f8e2d4c-1b3a-4c5d-8e7f-9a0b1c2d3e4f';
const now = new Date('2026-03-03T15:00:00.000Z');
const later = new Date('2026-04-02T15:00:00.000Z');

describe('Status link tokens', () => {
  it('accepts its own token for its lead until it expires', () => {
    const token = signStatusToken(key, lead, later);
    expect(token).toMatch(/^1775142000\.[A-Za-z0-9_-]{43}$/);
    expect(verifyStatusToken(key, lead, token, now)).toEqual({
      ok: true,
      leadId: lead,
      expiresAt: later,
    });
  });

  it.each([
    [
      'another lead',
      () => verifyStatusToken(key, otherLead, signStatusToken(key, lead, later), now),
      'bad-signature',
    ],
    [
      'another key',
      () => verifyStatusToken(otherKey, lead, signStatusToken(key, lead, later), now),
      'bad-signature',
    ],
    [
      'a later expiry',
      () =>
        verifyStatusToken(
          key,
          lead,
          signStatusToken(key, lead, later).replace(/^\d+/, '1775142999'),
          now,
        ),
      'bad-signature',
    ],
    [
      'the expiry passed',
      () => verifyStatusToken(key, lead, signStatusToken(key, lead, later), later),
      'expired',
    ],
    ['no token', () => verifyStatusToken(key, lead, undefined, now), 'malformed'],
    [
      'a lead id that is not one',
      () => verifyStatusToken(key, 'LEAD#1', signStatusToken(key, lead, later), now),
      'malformed',
    ],
  ])('refuses a token for %s', (_case, check, problem) => {
    expect(check()).toEqual({ ok: false, problem });
  });

  it('refuses every other string as a token', () => {
    const real = signStatusToken(key, lead, later);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (token) => {
        fc.pre(token !== real);
        expect(verifyStatusToken(key, lead, token, now).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a token with any one signature character changed', () => {
    const real = signStatusToken(key, lead, later);
    const dot = real.indexOf('.');
    fc.assert(
      fc.property(
        fc.integer({ min: dot + 1, max: real.length - 2 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        (index, char) => {
          fc.pre(real[index] !== char);
          const changed = `${real.slice(0, index)}${char}${real.slice(index + 1)}`;
          expect(verifyStatusToken(key, lead, changed, now)).toEqual({
            ok: false,
            problem: 'bad-signature',
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('builds the link under the site, with the lead, token and action', () => {
    expect(statusLink('https://www.clinic.example/', lead, '1.abc', 'contacted')).toBe(
      `https://www.clinic.example/api/leads/status?lead=${lead}&t=1.abc&a=contacted`,
    );
  });

  it('reads the key once and refuses a short one', async () => {
    let reads = 0;
    const load = linkKeyLoader('arn:aws:secretsmanager:us-east-1:1:secret:k', async () => {
      reads += 1;
      return 'x'.repeat(64);
    });
    await load();
    await load();
    expect(reads).toBe(1);
    const short = linkKeyLoader('arn:x', async () => 'short');
    await expect(short()).rejects.toThrow('at least 32 bytes');
  });
});
