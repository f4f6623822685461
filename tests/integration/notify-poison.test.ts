/**
 * A poison record (a lead item whose shape makes the notify core fail it every time) ends in
 * the dead-letter store after the declared, bounded retries, and does not hold back the leads
 * around it: all of them are emailed.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryDeadLetterStore, type StreamPoller } from '../../infra/local/stream-poller';
import type { LeadItem } from '../../functions/lib/lead-item';
import { useLocalAws } from '../support/local-aws';
import { makeLead } from '../support/lead-fixtures';
import {
  DECLARED_TRIGGER,
  emailsAbout,
  loadNotifyHandler,
  readStoredLead,
  startNotifyPoller,
  storeLead,
} from './notify-harness';

describe('A poison lead record', () => {
  const aws = useLocalAws();
  const deadLetter = memoryDeadLetterStore();
  let poller: StreamPoller;
  let recipient: string;
  let restoreEnvironment: () => void;
  /** How many times the poison record was handed to the function. */
  const deliveries = new Map<string, number>();

  beforeAll(async () => {
    const loaded = await loadNotifyHandler(aws());
    recipient = loaded.recipient;
    restoreEnvironment = loaded.restoreEnvironment;
    const invoke = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      for (const record of event.Records) {
        const id = String(record.dynamodb?.NewImage?.id?.S);
        deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      }
      return loaded.handler(event);
    };
    poller = startNotifyPoller(aws(), { invoke, deadLetter });
  });

  afterAll(async () => {
    await poller.stop();
    restoreEnvironment();
  });

  it('goes to the dead-letter store after the bounded retries while the others are all emailed', async () => {
    const before = [makeLead(), makeLead()];
    // A lead with no name and an unknown kind: the core cannot render it and fails the record.
    const poison = { ...makeLead(), kind: 'bogus', name: undefined } as unknown as LeadItem;
    const after = [makeLead(), makeLead()];
    for (const lead of [...before, poison, ...after]) await storeLead(aws(), lead);
    await poller.idle();

    for (const lead of [...before, ...after]) {
      const { clinic, patient } = await emailsAbout(aws(), lead, recipient);
      expect(clinic).toHaveLength(1);
      expect(patient).toHaveLength(1);
      expect((await readStoredLead(aws(), lead)).notification.clinic.status).toBe('sent');
    }
    // The first delivery and every declared retry, then no more.
    expect(deliveries.get(poison.id)).toBe(DECLARED_TRIGGER.retryAttempts + 1);
    expect(deadLetter.entries).toHaveLength(1);
    expect(deadLetter.entries[0]).toMatchObject({
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: DECLARED_TRIGGER.retryAttempts + 1,
        functionArn: expect.stringMatching(/:function:notify-lead$/),
      },
      DDBStreamBatchInfo: { streamArn: aws().streamArn },
    });
    // The poison lead keeps its pending state, so it can be found and handled by a person.
    expect((await readStoredLead(aws(), poison)).notification.clinic).toEqual({
      status: 'pending',
    });
  });
});
