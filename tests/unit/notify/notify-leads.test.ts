import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type GetCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { notifyLeads, type NotifyLogger } from '../../../functions/notify/notify-leads';
import type { LeadItem } from '../../../functions/lib/lead-item';
import {
  insertRecord,
  makeConfig,
  makeLead,
  personalValues,
  TEST_LINK_KEY,
} from '../../support/lead-fixtures';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ses = new SESv2Client({ region: 'us-east-1' });
const dbMock = mockClient(DynamoDBDocumentClient);
const sesMock = mockClient(SESv2Client);

/** A table of leads behind the mocked document client, honouring the update's condition. */
let table: Map<string, Record<string, unknown>>;

function store(...leads: LeadItem[]): void {
  for (const lead of leads)
    table.set(lead.pk, structuredClone(lead) as unknown as Record<string, unknown>);
}

function stored(lead: LeadItem) {
  return table.get(lead.pk) as unknown as LeadItem | undefined;
}

function logger() {
  const lines: unknown[][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push([level, ...args]);
  const log = {
    debug: vi.fn(record('debug')),
    info: vi.fn(record('info')),
    warn: vi.fn(record('warn')),
    error: vi.fn(record('error')),
  };
  return { log: log as unknown as NotifyLogger, lines };
}

function deps(log: NotifyLogger = logger().log) {
  return {
    db,
    ses,
    tableName: 'leads',
    config: makeConfig(),
    now: () => new Date('2026-03-03T15:15:05.000Z'),
    logger: log,
    linkKey: () => Promise.resolve(TEST_LINK_KEY),
  };
}

const event = (...records: DynamoDBRecord[]) => ({ Records: records });
const sent = () => sesMock.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber;

describe('Function: notifyLeads', () => {
  let messageCount: number;

  beforeEach(() => {
    table = new Map();
    messageCount = 0;
    dbMock.on(GetCommand).callsFake((input: GetCommandInput) => {
      const item = table.get(String(input.Key?.pk));
      return { Item: item === undefined ? undefined : structuredClone(item) };
    });
    dbMock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const item = table.get(String(input.Key?.pk)) as
        { notification: Record<string, { status: string }> } | undefined;
      const which = String(input.ExpressionAttributeNames?.['#which']);
      if (item === undefined || item.notification[which]?.status !== 'pending') {
        throw new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });
      }
      item.notification[which] = input.ExpressionAttributeValues?.[':state'] as { status: string };
      return {};
    });
    sesMock.on(SendEmailCommand).callsFake(() => ({ MessageId: `msg-${++messageCount}` }));
    // The repeat-request check (tests/integration/repeat-requests.test.ts): nobody asked before.
    dbMock.on(PutCommand).resolves({});
    dbMock.on(QueryCommand).resolves({ Items: [] });
  });

  afterEach(() => {
    dbMock.reset();
    sesMock.reset();
  });

  it('emails the clinic and confirms to the patient, then records both as sent', async () => {
    const lead = makeLead();
    store(lead);
    const response = await notifyLeads(event(insertRecord(lead)), deps());
    expect(response).toEqual({ batchItemFailures: [] });
    const [clinic, patient] = sent() as SendEmailCommandInput[];
    expect(clinic?.Destination?.ToAddresses).toEqual(['frontdesk@willowlane.example.com']);
    expect(clinic?.ReplyToAddresses).toEqual([lead.email]);
    expect(patient?.Destination?.ToAddresses).toEqual([lead.email]);
    expect(stored(lead)?.notification).toEqual({
      clinic: { status: 'sent', messageId: 'msg-1', at: '2026-03-03T15:15:05.000Z' },
      patient: { status: 'sent', messageId: 'msg-2', at: '2026-03-03T15:15:05.000Z' },
    });
  });

  it('sends through the configured SES configuration set, when there is one', async () => {
    const lead = makeLead();
    store(lead);
    const config = makeConfig({ configurationSetName: 'lead-mail' });
    await notifyLeads(event(insertRecord(lead)), { ...deps(), config });
    expect(sent().map((input) => input.ConfigurationSetName)).toEqual(['lead-mail', 'lead-mail']);
  });

  it('logs what became of each record: each email of a lead, other records, failures', async () => {
    const fresh = makeLead();
    const done = makeLead({
      notification: {
        clinic: { status: 'sent', messageId: 'old-1', at: '2026-03-03T15:15:01.000Z' },
        patient: { status: 'not-applicable' },
      },
    });
    const gone = makeLead();
    const broken = makeLead({ kind: 'order' as LeadItem['kind'] });
    store(fresh, done, broken);
    const records = [fresh, done, gone].map((lead) => insertRecord(lead));
    const update = insertRecord(fresh, 'MODIFY');
    const failing = insertRecord(broken);
    const { log, lines } = logger();
    await notifyLeads(event(...records, update, failing), deps(log));
    const [first, second, third] = records.map(sequenceOf);
    expect(lines).toEqual([
      [
        'info',
        'Lead notified',
        { leadId: fresh.id, sequenceNumber: first, clinic: 'sent', patient: 'sent' },
      ],
      [
        'info',
        'Lead notified',
        {
          leadId: done.id,
          sequenceNumber: second,
          clinic: 'already-sent',
          patient: 'not-applicable',
        },
      ],
      [
        'info',
        'Lead notified',
        { leadId: gone.id, sequenceNumber: third, clinic: 'lead-gone', patient: 'lead-gone' },
      ],
      [
        'debug',
        'Stream record is not a new lead',
        { sequenceNumber: sequenceOf(update), eventName: 'MODIFY' },
      ],
      [
        'error',
        'Lead notification failed; the record will be retried',
        { leadId: broken.id, sequenceNumber: sequenceOf(failing), error: 'MalformedLeadError' },
      ],
    ]);
  });

  it('skips, with a warning by event id, a record that has no sequence number', async () => {
    const lead = makeLead();
    store(lead);
    const record = insertRecord(lead);
    const bare = { ...record, dynamodb: { ...record.dynamodb, SequenceNumber: undefined } };
    const { log, lines } = logger();
    const response = await notifyLeads(event(bare), deps(log));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sent()).toEqual([]);
    expect(lines).toContainEqual([
      'warn',
      'Stream record without a sequence number skipped',
      { eventID: record.eventID },
    ]);
  });

  it('skips, with a warning by event id, a record that carries no stream data at all', async () => {
    const { log, lines } = logger();
    const response = await notifyLeads(
      event({ eventID: 'event-without-data', eventName: 'INSERT' }),
      deps(log),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(dbMock.calls()).toHaveLength(0);
    expect(lines).toEqual([
      [
        'warn',
        'Stream record without a sequence number skipped',
        { eventID: 'event-without-data' },
      ],
    ]);
  });

  it('tells the clinic when the same person asked before, and how long ago', async () => {
    const earlier = makeLead({ createdAt: '2026-03-01T12:00:00.000Z', status: 'contacted' });
    const lead = makeLead({ createdAt: '2026-03-03T15:15:00.000Z' });
    store(earlier, lead);
    // The contact index finds the earlier lead by the same phone number and address.
    dbMock.on(QueryCommand).resolves({ Items: [{ pk: earlier.pk, sk: 'CONTACT#phone' }] });
    await notifyLeads(event(insertRecord(lead)), deps());
    const [clinic] = sent() as SendEmailCommandInput[];
    expect(clinic?.Content?.Simple?.Body?.Text?.Data?.split('\n').slice(0, 2)).toEqual([
      'Call by: today at 9:30 AM',
      `Asked before: 2 days ago, ref ${earlier.id}, status contacted`,
    ]);
  });

  it('says nothing of an earlier request when nobody asked before', async () => {
    const lead = makeLead();
    store(lead);
    await notifyLeads(event(insertRecord(lead)), deps());
    const [clinic] = sent() as SendEmailCommandInput[];
    expect(clinic?.Content?.Simple?.Body?.Text?.Data).not.toContain('Asked before');
  });

  it('gives the lead’s contact items the lead’s expiry, and none that is not epoch seconds', async () => {
    const lead = makeLead({ expiresAt: 1_900_000_000 });
    const odd = makeLead({ expiresAt: '1900000000' as unknown as number });
    store(lead, odd);
    await notifyLeads(event(insertRecord(lead), insertRecord(odd)), deps());
    const contactItems = dbMock.commandCalls(PutCommand).map((c) => c.args[0].input.Item);
    expect(contactItems.map((item) => [item?.pk, item?.sk, item?.expiresAt])).toEqual([
      [lead.pk, 'CONTACT#phone', 1_900_000_000],
      [lead.pk, 'CONTACT#email', 1_900_000_000],
      [odd.pk, 'CONTACT#phone', undefined],
      [odd.pk, 'CONTACT#email', undefined],
    ]);
  });

  it.each([
    ['during opening hours (Tuesday 09:15 CST)', '2026-03-03T15:15:00.000Z', 'today at 9:30 AM'],
    ['after closing (Tuesday 19:00 CST)', '2026-03-04T01:00:00.000Z', 'tomorrow at 8:15 AM'],
    ['on a Saturday afternoon', '2026-03-07T20:00:00.000Z', 'Monday at 8:15 AM'],
  ])(
    'tells the clinic and the patient the call-by time of a request made %s',
    async (_case, createdAt, phrase) => {
      const lead = makeLead({ createdAt });
      store(lead);
      await notifyLeads(event(insertRecord(lead)), deps());
      const [clinic, patient] = sent() as SendEmailCommandInput[];
      const clinicText = clinic?.Content?.Simple?.Body?.Text?.Data ?? '';
      // First line of the clinic email: the call-by time.
      expect(clinicText.split('\n')[0]).toBe(`Call by: ${phrase}`);
      expect(patient?.Content?.Simple?.Body?.Text?.Data).toContain(
        `We aim to call you by ${phrase}, within our opening hours.`,
      );
    },
  );

  it('shows the clinic the phone as stored for the desk and keeps E.164 in the tel: link', async () => {
    const lead = makeLead({ phone: '+13125550199', phoneDisplay: '(312) 555-0199' });
    store(lead);
    await notifyLeads(event(insertRecord(lead)), deps());
    const [clinic] = sent() as SendEmailCommandInput[];
    expect(clinic?.Content?.Simple?.Body?.Text?.Data).toContain('Phone: (312) 555-0199\n');
    expect(clinic?.Content?.Simple?.Body?.Html?.Data).toContain(
      '<a href="tel:+13125550199">(312) 555-0199</a>',
    );
  });

  it('shows the E.164 number of a lead stored before the desk format was kept', async () => {
    const lead = makeLead({ phone: '+13125550199' });
    store(lead);
    await notifyLeads(event(insertRecord(lead)), deps());
    const [clinic] = sent() as SendEmailCommandInput[];
    expect(clinic?.Content?.Simple?.Body?.Text?.Data).toContain('Phone: +13125550199\n');
  });

  it('reads the lead with a consistent read before each email', async () => {
    const lead = makeLead();
    store(lead);
    await notifyLeads(event(insertRecord(lead)), deps());
    const reads = dbMock.commandCalls(GetCommand).map((c) => c.args[0].input);
    expect(reads).toHaveLength(2);
    for (const read of reads) expect(read.ConsistentRead).toBe(true);
  });

  it('emails only the clinic when the patient gave no email address', async () => {
    const lead = makeLead({
      email: undefined,
      notification: { clinic: { status: 'pending' }, patient: { status: 'not-applicable' } },
    });
    store(lead);
    await notifyLeads(event(insertRecord(lead)), deps());
    expect(sent()).toHaveLength(1);
    expect(sent()[0]?.ReplyToAddresses).toBeUndefined();
    expect(stored(lead)?.notification.patient).toEqual({ status: 'not-applicable' });
  });

  it.each([
    ['a spam item', { pk: 'SPAM#1', sk: 'SPAM', entity: 'spam' }, 'INSERT'],
    ['a rate-limit counter', { pk: 'RATE#abc', sk: '1772550900', entity: 'rate' }, 'INSERT'],
    ['an update of a lead', { pk: 'LEAD#1', sk: 'LEAD', entity: 'lead' }, 'MODIFY'],
    ['a removed lead', { pk: 'LEAD#1', sk: 'LEAD', entity: 'lead' }, 'REMOVE'],
  ] as const)('sends nothing for %s', async (_what, item, eventName) => {
    const response = await notifyLeads(event(insertRecord(item, eventName)), deps());
    expect(response.batchItemFailures).toEqual([]);
    expect(dbMock.calls()).toHaveLength(0);
    expect(sent()).toHaveLength(0);
  });

  it('skips emails already recorded as sent', async () => {
    const lead = makeLead({
      notification: {
        clinic: { status: 'sent', messageId: 'old-1', at: '2026-03-03T15:15:01.000Z' },
        patient: { status: 'sent', messageId: 'old-2', at: '2026-03-03T15:15:01.000Z' },
      },
    });
    store(lead);
    const response = await notifyLeads(event(insertRecord(lead)), deps());
    expect(response.batchItemFailures).toEqual([]);
    expect(sent()).toHaveLength(0);
  });

  it('sends only the confirmation when a retry finds the clinic email already sent', async () => {
    const lead = makeLead({
      notification: {
        clinic: { status: 'sent', messageId: 'old-1', at: '2026-03-03T15:15:01.000Z' },
        patient: { status: 'pending' },
      },
    });
    store(lead);
    await notifyLeads(event(insertRecord(lead)), deps());
    expect(sent().map((input) => input.Destination?.ToAddresses)).toEqual([[lead.email]]);
  });

  it('sends nothing twice when the same record is delivered again', async () => {
    const lead = makeLead();
    store(lead);
    const record = insertRecord(lead);
    await notifyLeads(event(record), deps());
    await notifyLeads(event(record), deps());
    expect(sent()).toHaveLength(2);
  });

  it('skips a lead that no longer exists, without failing the record', async () => {
    const gone = makeLead();
    const response = await notifyLeads(event(insertRecord(gone)), deps());
    expect(response.batchItemFailures).toEqual([]);
    expect(sent()).toHaveLength(0);
    // Read once: with the lead gone there is no confirmation to look up.
    expect(dbMock.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('reports only the record of a malformed lead as failed and carries on with the others', async () => {
    const before = makeLead();
    const malformed = { ...makeLead(), name: undefined, kind: 'bogus' } as unknown as LeadItem;
    const after = makeLead();
    store(before, malformed, after);
    const records = [insertRecord(before), insertRecord(malformed), insertRecord(after)];
    const response = await notifyLeads(event(...records), deps());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[1]!) }]);
    expect(stored(before)?.notification.clinic.status).toBe('sent');
    expect(stored(after)?.notification.clinic.status).toBe('sent');
  });

  it('fails the record and the rest of the batch fast when SES throttles', async () => {
    const leads = [makeLead(), makeLead(), makeLead()];
    store(...leads);
    let calls = 0;
    sesMock.on(SendEmailCommand).callsFake(() => {
      calls += 1;
      // The first lead's two emails go out; then SES pushes back.
      if (calls > 2) {
        throw new TooManyRequestsException({
          message: 'Maximum sending rate exceeded',
          $metadata: {},
        });
      }
      return { MessageId: `msg-${calls}` };
    });
    const records = leads.map((lead) => insertRecord(lead));
    const response = await notifyLeads(event(...records), deps());
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: sequenceOf(records[1]!) },
      { itemIdentifier: sequenceOf(records[2]!) },
    ]);
    expect(calls).toBe(3);
    expect(stored(leads[1]!)?.notification.clinic).toEqual({ status: 'pending' });
  });

  it('fails the record when SES times out, leaving the email pending for the retry', async () => {
    const lead = makeLead();
    store(lead);
    sesMock
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' }));
    const record = insertRecord(lead);
    const response = await notifyLeads(event(record), deps());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(record) }]);
    expect(stored(lead)?.notification.clinic).toEqual({ status: 'pending' });
  });

  it('fails only the record whose email SES rejects, and carries on', async () => {
    const rejected = makeLead();
    const fine = makeLead();
    store(rejected, fine);
    sesMock
      .on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'rejected', $metadata: {} }))
      .callsFake(() => ({ MessageId: `msg-${++messageCount}` }));
    const records = [insertRecord(rejected), insertRecord(fine)];
    const response = await notifyLeads(event(...records), deps());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[0]!) }]);
    expect(stored(fine)?.notification.clinic.status).toBe('sent');
  });

  it('fails the record when the table throttles the read', async () => {
    const lead = makeLead();
    store(lead);
    dbMock.on(GetCommand).rejects(
      Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
        name: 'ProvisionedThroughputExceededException',
      }),
    );
    const record = insertRecord(lead);
    const response = await notifyLeads(event(record), deps());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(record) }]);
    expect(sent()).toHaveLength(0);
  });

  it('does not fail when another delivery recorded the email first, but says so in the log', async () => {
    const lead = makeLead({ email: undefined });
    store(lead);
    dbMock
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'condition', $metadata: {} }));
    const { log } = logger();
    const response = await notifyLeads(event(insertRecord(lead)), deps(log));
    expect(response.batchItemFailures).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(
      'Email sent but its state was already recorded elsewhere',
      expect.objectContaining({ leadId: lead.id }),
    );
  });

  it('records the confirmation as not applicable when the stored address is unusable', async () => {
    const lead = makeLead({ email: 'ann@example.com\r\nBcc: victim@example.com' });
    store(lead);
    const record = insertRecord(lead);
    const { log, lines } = logger();
    await notifyLeads(event(record), deps(log));
    expect(sent()).toHaveLength(1);
    expect(sent()[0]?.ReplyToAddresses).toBeUndefined();
    expect(stored(lead)?.notification.patient).toEqual({ status: 'not-applicable' });
    expect(lines).toEqual([
      ['warn', 'No usable patient address; confirmation not sent', { leadId: lead.id }],
      [
        'info',
        'Lead notified',
        {
          leadId: lead.id,
          sequenceNumber: sequenceOf(record),
          clinic: 'sent',
          patient: 'not-applicable',
        },
      ],
    ]);
  });

  it('logs lead ids and outcomes but no name, phone, email or message', async () => {
    const ok = makeLead();
    const failing = makeLead({ name: 'Zoë Quill-Hartmann', message: 'My lower back since May' });
    const malformed = { ...makeLead({ name: 'Mal Formed' }), kind: 'bogus' } as unknown as LeadItem;
    store(ok, failing, malformed);
    sesMock.on(SendEmailCommand).callsFake((input: SendEmailCommandInput) => {
      if (input.ReplyToAddresses?.[0] === failing.email) {
        throw new MessageRejected({ message: `Rejected ${failing.email}`, $metadata: {} });
      }
      return { MessageId: `msg-${++messageCount}` };
    });
    const { log, lines } = logger();
    await notifyLeads(
      event(insertRecord(ok), insertRecord(failing), insertRecord(malformed)),
      deps(log),
    );
    const output = JSON.stringify(lines);
    expect(output).toContain(ok.id);
    expect(output).toContain(failing.id);
    for (const value of [...personalValues(ok), ...personalValues(failing), 'Mal Formed']) {
      expect(output).not.toContain(value);
    }
  });
});
