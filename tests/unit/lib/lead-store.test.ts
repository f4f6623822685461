/**
 * The submit path's table writes, against a recording client: what each sends, how a failed
 * condition reads, and how DynamoDB's failures become the app's errors.
 */
import { describe, expect, it } from 'vitest';
import { DynamoDbError, type TableClient } from '../../../functions/lib/dynamodb-json';
import { ServiceUnavailableError } from '../../../functions/lib/errors';
import type { LeadItem } from '../../../functions/lib/lead-item';
import { putLead, putSpam, takeRateToken } from '../../../functions/lib/lead-store';

/** A client that records each call and answers from a list. */
function recording(...answers: Array<unknown>) {
  const calls: Array<[string, unknown]> = [];
  const client: TableClient = {
    send: (operation, input) => {
      calls.push([operation, input]);
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? {});
    },
  };
  return { calls, client };
}

const failedCondition = (item?: Record<string, unknown>) =>
  new DynamoDbError(
    'ConditionalCheckFailedException',
    'The conditional request failed',
    400,
    item as never,
  );
const throttled = () =>
  new DynamoDbError('ProvisionedThroughputExceededException', 'Rate of requests exceeds', 400);

const LEAD = {
  pk: 'LEAD#0b7c',
  sk: 'LEAD',
  entity: 'lead',
  id: '0b7c',
  kind: 'callback',
  name: 'Ann Lee',
  phone: '+13125550188',
  status: 'new',
  createdAt: '2026-11-30T15:00:00.000Z',
  expiresAt: 1_796_000_000,
  gsi1pk: 'MONTH#2026-11',
  gsi1sk: '2026-11-30T15:00:00.000Z#0b7c',
  via: 'json',
  payloadHash: 'aa11',
  consent: { disclosureVersion: '2026-11-01', at: '2026-11-30T15:00:00.000Z' },
  notification: { clinic: { status: 'pending' }, patient: { status: 'not-applicable' } },
} as unknown as LeadItem;

describe('putLead', () => {
  it('writes the lead once, only where no item is, asking for the stored one if there is', async () => {
    const { calls, client } = recording({});
    await expect(putLead(client, 'leads', LEAD)).resolves.toEqual({ created: true });
    expect(calls).toEqual([
      [
        'PutItem',
        {
          TableName: 'leads',
          Item: {
            pk: { S: 'LEAD#0b7c' },
            sk: { S: 'LEAD' },
            entity: { S: 'lead' },
            id: { S: '0b7c' },
            kind: { S: 'callback' },
            name: { S: 'Ann Lee' },
            phone: { S: '+13125550188' },
            status: { S: 'new' },
            createdAt: { S: '2026-11-30T15:00:00.000Z' },
            expiresAt: { N: '1796000000' },
            gsi1pk: { S: 'MONTH#2026-11' },
            gsi1sk: { S: '2026-11-30T15:00:00.000Z#0b7c' },
            via: { S: 'json' },
            payloadHash: { S: 'aa11' },
            consent: {
              M: {
                disclosureVersion: { S: '2026-11-01' },
                at: { S: '2026-11-30T15:00:00.000Z' },
              },
            },
            notification: {
              M: {
                clinic: { M: { status: { S: 'pending' } } },
                patient: { M: { status: { S: 'not-applicable' } } },
              },
            },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      ],
    ]);
  });

  it('reports the lead already stored under the id (a replay), writing nothing', async () => {
    const { client } = recording(
      failedCondition({
        id: { S: 'stored-id' },
        kind: { S: 'contact' },
        payloadHash: { S: 'bb22' },
      }),
    );
    await expect(putLead(client, 'leads', LEAD)).resolves.toEqual({
      created: false,
      existing: { id: 'stored-id', kind: 'contact', payloadHash: 'bb22' },
    });
  });

  it('falls back to the new lead’s id and kind, and no hash, when the answer holds no item', async () => {
    const { client } = recording(failedCondition());
    await expect(putLead(client, 'leads', LEAD)).resolves.toEqual({
      created: false,
      existing: { id: '0b7c', kind: 'callback', payloadHash: '' },
    });
  });

  it('reads only text attributes from the stored item', async () => {
    const { client } = recording(
      failedCondition({ id: { N: '7' }, kind: { BOOL: true }, payloadHash: { NULL: true } }),
    );
    await expect(putLead(client, 'leads', LEAD)).resolves.toEqual({
      created: false,
      existing: { id: '0b7c', kind: 'callback', payloadHash: '' },
    });
  });

  it('turns throttling into a retryable error naming the table, never DynamoDB’s message', async () => {
    const { client } = recording(throttled());
    const failure = await putLead(client, 'leads', LEAD).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect(failure).toMatchObject({
      message: 'The leads table is unavailable (ProvisionedThroughputExceededException)',
      retryAfterSeconds: 2,
    });
  });

  it('passes on a failure retrying will not fix', async () => {
    const invalid = new DynamoDbError('ValidationException', 'Item too large', 400);
    const { client } = recording(invalid);
    await expect(putLead(client, 'leads', LEAD)).rejects.toBe(invalid);
  });
});

describe('putSpam', () => {
  const spam = {
    id: 'f00d',
    createdAt: '2026-11-30T15:00:00.000Z',
    expiresAt: 1_765_000_000,
    fields: { name: 'Bot', website: 'http://spam.example' },
  };

  it('keeps the submission as a spam item, unconditionally', async () => {
    const { calls, client } = recording({});
    await putSpam(client, 'leads', spam);
    expect(calls).toEqual([
      [
        'PutItem',
        {
          TableName: 'leads',
          Item: {
            pk: { S: 'SPAM#f00d' },
            sk: { S: 'SPAM' },
            entity: { S: 'spam' },
            id: { S: 'f00d' },
            createdAt: { S: '2026-11-30T15:00:00.000Z' },
            expiresAt: { N: '1765000000' },
            fields: { M: { name: { S: 'Bot' }, website: { S: 'http://spam.example' } } },
          },
        },
      ],
    ]);
  });

  it('turns throttling into a retryable error, and passes on any other failure', async () => {
    await expect(putSpam(recording(throttled()).client, 'leads', spam)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    const invalid = new DynamoDbError('ValidationException', 'bad', 400);
    await expect(putSpam(recording(invalid).client, 'leads', spam)).rejects.toBe(invalid);
  });
});

describe('takeRateToken', () => {
  const options = { client: 'fp', windowStart: 1_764_514_800, windowSeconds: 600, max: 10 };

  it('counts the request in its window, only below the limit, expiring with the window', async () => {
    const { calls, client } = recording({});
    await expect(takeRateToken(client, 'leads', options)).resolves.toBe(true);
    expect(calls).toEqual([
      [
        'UpdateItem',
        {
          TableName: 'leads',
          Key: { pk: { S: 'RATE#fp' }, sk: { S: '1764514800' } },
          UpdateExpression: 'ADD #count :one SET #entity = :entity, #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: {
            '#count': 'count',
            '#entity': 'entity',
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':max': { N: '10' },
            ':entity': { S: 'rate' },
            ':expiresAt': { N: '1764515400' },
          },
        },
      ],
    ]);
  });

  it('says no, having written nothing, when the window is full', async () => {
    await expect(
      takeRateToken(recording(failedCondition()).client, 'leads', options),
    ).resolves.toBe(false);
  });

  it('turns throttling into a retryable error', async () => {
    await expect(
      takeRateToken(recording(throttled()).client, 'leads', options),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
