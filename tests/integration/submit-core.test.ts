/**
 * The submit core on DynamoDB Local, called directly with a fixed clock: the ids it derives, the
 * expiry times it stores, the rate limit's wait, idempotent replays and what a spam item keeps.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  IdempotencyConflictError,
  RateLimitedError,
  ValidationError,
} from '../../functions/lib/errors';
import { leadKey, spamKey } from '../../functions/lib/lead-item';
import { e164Normaliser } from '../../functions/lib/phone';
import {
  submitLead,
  type SubmitDeps,
  type SubmitRequest,
} from '../../functions/submit/submit-lead';
import { callback, contact } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

/** 2026-03-02T10:00:45Z (1,772,445,645 s): 45 seconds into a one-minute rate window. */
const NOW = new Date('2026-03-02T10:00:45Z');
const KEY = '3f2b8c1e-9a4d-4e7b-b5c6-0d1e2f3a4b5c';
/** The lead id for KEY: version-8 UUID of SHA-256("lead-idempotency:" + KEY), by `sha256sum`. */
const KEY_ID = '01251aeb-dc22-820d-aeb7-a6279210f298';

describe('Submit core (DynamoDB Local, fixed clock)', () => {
  const aws = useLocalAws();
  const deps = (maxPerWindow = 100): SubmitDeps => ({
    db: aws().table,
    tableName: aws().tableName,
    normalisePhone: e164Normaliser('US'),
    now: () => NOW,
    config: {
      retentionDays: 365,
      spamRetentionDays: 7,
      rateLimit: { maxPerWindow, windowSeconds: 60 },
      consentVersion: '2026-01',
      campaigns: {},
    },
  });
  /** A request from a client address no other test uses, so the rate limit never bites. */
  const request = (fields: Record<string, unknown>, extra: Partial<SubmitRequest> = {}) => ({
    fields,
    via: 'json' as const,
    sourceIp: `198.51.100.7-${randomUUID()}`,
    userAgent: 'Mozilla/5.0',
    ...extra,
  });
  const read = async (key: Record<string, string>) =>
    (
      await aws().db.send(
        new GetCommand({ TableName: aws().tableName, Key: key, ConsistentRead: true }),
      )
    ).Item;

  describe('a caught bot (honeypot filled)', () => {
    const spam = (fields: Record<string, unknown> = {}) =>
      request(callback({ website: 'https://spam.example', ...fields }));

    it('answers as a new lead of the kind it claimed, and of kind callback when unknown', async () => {
      expect(await submitLead(request(contact({ website: 'x' })), deps())).toEqual({
        id: expect.any(String),
        kind: 'contact',
        created: true,
        spam: true,
      });
      expect((await submitLead(spam({ kind: 'order' }), deps())).kind).toBe('callback');
    });

    it('keeps the spam for spamRetentionDays (7 days after now)', async () => {
      const { id } = await submitLead(spam(), deps());
      expect(await read(spamKey(id))).toMatchObject({
        createdAt: '2026-03-02T10:00:45.000Z',
        expiresAt: 1_773_050_445,
      });
    });

    it('keeps at most 40 fields of a bot that posts many', async () => {
      const many = Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`f${String(i).padStart(2, '0')}`, 'v']),
      );
      const { id } = await submitLead(request({ website: 'x', ...many }), deps());
      const fields = (await read(spamKey(id)))?.fields as Record<string, string>;
      expect(Object.keys(fields)).toHaveLength(40);
      expect(fields).toMatchObject({ website: 'x', f00: 'v', f38: 'v' });
      expect(fields).not.toHaveProperty('f39');
    });

    it('derives the id of a well-formed idempotency key, whatever its case and spaces', async () => {
      expect((await submitLead(spam({ idempotencyKey: KEY }), deps())).id).toBe(KEY_ID);
      const shouted = ` ${KEY.toUpperCase()} `;
      expect((await submitLead(spam({ idempotencyKey: shouted }), deps())).id).toBe(KEY_ID);
    });

    it.each([
      ['text before it', `x${KEY}`],
      ['text after it', `${KEY}0`],
      ['a short first group', '3-9a4d-4e7b-b5c6-0d1e2f3a4b5c'],
      ['a short second group', '3f2b8c1e-9-4e7b-b5c6-0d1e2f3a4b5c'],
      ['a short third group', '3f2b8c1e-9a4d-4-b5c6-0d1e2f3a4b5c'],
      ['a short fourth group', '3f2b8c1e-9a4d-4e7b-b-0d1e2f3a4b5c'],
      ['a short last group', '3f2b8c1e-9a4d-4e7b-b5c6-0'],
      ['no hex digits in the first group', 'zzzzzzzz-9a4d-4e7b-b5c6-0d1e2f3a4b5c'],
      ['no hex digits in the second group', '3f2b8c1e-zzzz-4e7b-b5c6-0d1e2f3a4b5c'],
      ['no hex digits in the third group', '3f2b8c1e-9a4d-zzzz-b5c6-0d1e2f3a4b5c'],
      ['no hex digits in the fourth group', '3f2b8c1e-9a4d-4e7b-zzzz-0d1e2f3a4b5c'],
      ['no hex digits in the last group', '3f2b8c1e-9a4d-4e7b-b5c6-zzzzzzzzzzzz'],
    ])('gives a fresh id each time for a key with %s', async (_what, key) => {
      const first = await submitLead(spam({ idempotencyKey: key }), deps());
      const second = await submitLead(spam({ idempotencyKey: key }), deps());
      expect(first.id).not.toBe(second.id);
    });
  });

  describe('a lead', () => {
    it('stores a new lead, kept for retentionDays, with no empty attribution', async () => {
      const result = await submitLead(request(callback()), deps());
      expect(result).toEqual({
        id: expect.any(String),
        kind: 'callback',
        created: true,
        spam: false,
      });
      const item = await read(leadKey(result.id));
      expect(item).toMatchObject({
        createdAt: '2026-03-02T10:00:45.000Z',
        expiresAt: 1_803_981_645,
      });
      expect(item).not.toHaveProperty('attribution');
    });

    it('keeps the first 512 characters of the browser name as consent evidence', async () => {
      const { id } = await submitLead(request(callback(), { userAgent: 'A'.repeat(600) }), deps());
      const item = await read(leadKey(id));
      expect((item?.consent as { userAgent: string }).userAgent).toBe('A'.repeat(512));
    });

    it('answers a replay with the first id, created false', async () => {
      const key = randomUUID();
      const first = await submitLead(request(contact({ idempotencyKey: key })), deps());
      expect(await submitLead(request(contact({ idempotencyKey: key })), deps())).toEqual({
        id: first.id,
        kind: 'contact',
        created: false,
        spam: false,
      });
    });

    it.each([
      ['phone', callback({ phone: '(312) 555-0188' }), { phone: '(312) 555-0199' }],
      ['extension', callback({ phone: '312 555 0188 ext. 12' }), { phone: '312 555 0188 ext. 13' }],
      ['email', contact(), { email: 'someone.else@example.com' }],
      ['preferred time', callback({ preferredTime: 'morning' }), { preferredTime: 'evening' }],
      ['message', contact(), { message: 'Another question entirely.' }],
    ])(
      'refuses a replay whose %s differs, keeping the first lead',
      async (_what, first, change) => {
        const idempotencyKey = randomUUID();
        await submitLead(request({ ...first, idempotencyKey }), deps());
        const replay = submitLead(request({ ...first, ...change, idempotencyKey }), deps());
        await expect(replay).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(replay).rejects.toThrow(
          'This idempotency key was already used for a request with different details',
        );
      },
    );
  });

  describe('the Idempotency-Key header', () => {
    it('is the key when the body has none, and an empty header is no key', async () => {
      const key = randomUUID();
      const byHeader = await submitLead(request(callback(), { idempotencyKeyHeader: key }), deps());
      const byBody = await submitLead(request(callback({ idempotencyKey: key })), deps());
      expect(byBody).toMatchObject({ id: byHeader.id, created: false });
      const a = await submitLead(request(callback(), { idempotencyKeyHeader: '' }), deps());
      const b = await submitLead(request(callback(), { idempotencyKeyHeader: '' }), deps());
      expect(b.id).not.toBe(a.id);
    });

    it('may differ from the body field only in case', async () => {
      const key = randomUUID();
      const result = await submitLead(
        request(callback({ idempotencyKey: key.toUpperCase() }), { idempotencyKeyHeader: key }),
        deps(),
      );
      expect(result.created).toBe(true);
    });

    it('is the key when the body field is empty', async () => {
      const key = randomUUID();
      const first = await submitLead(
        request(callback({ idempotencyKey: '' }), { idempotencyKeyHeader: key }),
        deps(),
      );
      const replay = await submitLead(request(callback(), { idempotencyKeyHeader: key }), deps());
      expect(replay).toMatchObject({ id: first.id, created: false });
    });

    it('refuses a body field that is not text next to it, with a 400', async () => {
      const attempt = submitLead(
        request(callback({ idempotencyKey: 12345 }), { idempotencyKeyHeader: randomUUID() }),
        deps(),
      );
      await expect(attempt).rejects.toMatchObject({ name: 'ValidationError', status: 400 });
    });

    it('refuses a body field that names another key, with a 400', async () => {
      const attempt = submitLead(
        request(callback({ idempotencyKey: randomUUID() }), { idempotencyKeyHeader: randomUUID() }),
        deps(),
      );
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({
        status: 400,
        fields: {
          idempotencyKey: 'The Idempotency-Key header and the idempotencyKey field differ.',
        },
      });
    });
  });

  it('tells a client over the limit to wait until the window ends (15 s of 60 left)', async () => {
    const sourceIp = `203.0.113.9-${randomUUID()}`;
    await submitLead(request(callback(), { sourceIp }), deps(1));
    const attempt = submitLead(request(callback(), { sourceIp }), deps(1));
    await expect(attempt).rejects.toBeInstanceOf(RateLimitedError);
    await expect(attempt).rejects.toMatchObject({ retryAfterSeconds: 15 });
  });
});
