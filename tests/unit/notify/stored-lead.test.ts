/**
 * Which stream records are new leads, and what a stored lead must hold before any email is
 * written from it.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { insertedLeadId, parseStoredLead } from '../../../functions/notify/stored-lead';
import { failureDetails, statusActions } from '../../../functions/notify/notify-leads';
import { verifyStatusToken } from '../../../functions/lib/status-link';
import { makeConfig, makeLead, TEST_LINK_KEY } from '../../support/lead-fixtures';

const ID = '6b1f3c2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';

/** A stream record of an inserted item, with the keys and image given (no `dynamodb` if null). */
function record(
  image: Record<string, { S: string }> | undefined,
  keys?: Record<string, { S: string }>,
): DynamoDBRecord {
  return {
    eventName: 'INSERT',
    dynamodb: {
      ...(keys !== undefined && { Keys: keys }),
      ...(image !== undefined && { NewImage: image }),
    },
  };
}

describe('A new lead in the stream', () => {
  it('is read from the record keys', () => {
    const keys = { pk: { S: `LEAD#${ID}` }, sk: { S: 'LEAD' } };
    expect(insertedLeadId(record({ entity: { S: 'lead' } }, keys))).toBe(ID);
  });

  it('is read from the image when the record carries no keys', () => {
    expect(insertedLeadId(record({ entity: { S: 'lead' }, pk: { S: `LEAD#${ID}` } }))).toBe(ID);
  });

  it('is read from the image when the record keys lack the partition key', () => {
    const image = { entity: { S: 'lead' }, pk: { S: `LEAD#${ID}` } };
    expect(insertedLeadId(record(image, { sk: { S: 'LEAD' } }))).toBe(ID);
  });

  it('is not a record without data, without an image or of another entity', () => {
    expect(insertedLeadId({ eventName: 'INSERT' })).toBeUndefined();
    expect(insertedLeadId(record(undefined))).toBeUndefined();
    expect(insertedLeadId(record({ pk: { S: `LEAD#${ID}` } }))).toBeUndefined();
    expect(
      insertedLeadId(record({ entity: { S: 'spam' }, pk: { S: `SPAM#${ID}` } })),
    ).toBeUndefined();
  });

  it.each([
    ['no key at all', {}],
    ['a key of another entity', { pk: { S: `SPAM#${ID}` } }],
    ['a key with no id', { pk: { S: 'LEAD#' } }],
  ])('fails loudly on a lead record with %s', (_what, key) => {
    const bad = record({ entity: { S: 'lead' }, ...key });
    expect(() => insertedLeadId(bad)).toThrow(
      expect.objectContaining({
        name: 'MalformedLeadError',
        message: 'A lead record has no LEAD#<id> key',
      }) as Error,
    );
  });
});

describe('A stored lead', () => {
  it('is accepted as stored when whole', () => {
    const lead = makeLead({ id: ID });
    expect(parseStoredLead(lead as unknown as Record<string, unknown>, ID)).toMatchObject({
      id: ID,
      name: 'Ann Lee',
      notification: { clinic: { status: 'pending' }, patient: { status: 'pending' } },
    });
  });

  it('is refused naming each field at fault once, and never its value', () => {
    const lead = { ...makeLead({ id: ID }), name: '', kind: 'order', createdAt: 'soon' };
    expect(() => parseStoredLead(lead, ID)).toThrow(
      expect.objectContaining({
        name: 'MalformedLeadError',
        message: 'The stored lead is malformed at: kind, name, createdAt',
      }) as Error,
    );
  });

  it('is refused when it is not an object at all', () => {
    expect(() => parseStoredLead(null as unknown as Record<string, unknown>, ID)).toThrow(
      'The stored lead is malformed at: (item)',
    );
  });

  it('is refused when its id is not the id of its key', () => {
    const lead = makeLead({ id: ID }) as unknown as Record<string, unknown>;
    expect(() => parseStoredLead(lead, 'e2a4c6b8-1d3f-4a5b-8c7d-9e0f1a2b3c4d')).toThrow(
      expect.objectContaining({
        name: 'MalformedLeadError',
        message: 'The stored lead id does not match its key',
      }) as Error,
    );
  });
});

describe('The clinic email’s status links', () => {
  it('are signed to expire statusLinks.days (30) after now', async () => {
    const now = new Date('2026-03-03T15:15:05.000Z');
    const { links } = await statusActions(ID, {
      config: makeConfig(),
      now: () => now,
      linkKey: () => Promise.resolve(TEST_LINK_KEY),
    } as unknown as Parameters<typeof statusActions>[1]);
    expect(links.map((link) => link.text)).toEqual([
      'Called – no answer',
      'Reached',
      'Booked',
      'Close…',
    ]);
    for (const link of links) {
      const token = new URL(link.href).searchParams.get('t') ?? '';
      expect(token.startsWith('1775142905.'), token).toBe(true);
      expect(verifyStatusToken(TEST_LINK_KEY, ID, token, now)).toEqual({
        ok: true,
        leadId: ID,
        expiresAt: new Date('2026-04-02T15:15:05.000Z'),
      });
    }
  });
});

describe('A failure as logged', () => {
  it('names the error and its cause', () => {
    const error = new Error('send failed', { cause: new TypeError('fetch failed') });
    expect(failureDetails(error)).toStrictEqual({ error: 'Error', cause: 'TypeError' });
  });

  it('names only the error when it has no cause, or is not an Error', () => {
    expect(failureDetails(new RangeError('x'))).toStrictEqual({ error: 'RangeError' });
    expect(failureDetails('a string')).toStrictEqual({ error: 'string' });
    expect(failureDetails({ cause: new Error('x') })).toStrictEqual({ error: 'object' });
  });
});
