/**
 * Repeat requests on the local stack: the real notify handler, DynamoDB Local's stream and the
 * `byContact` index. A second request from the same number within the window gets an
 * "Asked before" note in the clinic email; another number, or an older request, does not.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryDeadLetterStore, type StreamPoller } from '../../infra/local/stream-poller';
import { readCdkContext } from '../../infra/config/load-config';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { makeLead } from '../support/lead-fixtures';
import { useLocalAws } from '../support/local-aws';
import { testLinkKey } from '../support/link-key';
import {
  emailsAbout,
  loadNotifyHandler,
  startNotifyPoller,
  storeLead,
  type NotifyHandler,
} from './notify-harness';

/** `followUp.repeatWindowDays` is not set in cdk.json: the documented default applies. */
const WINDOW_DAYS = 90;

describe('Repeat requests on the local stack', () => {
  const aws = useLocalAws();
  const deadLetter = memoryDeadLetterStore();
  let poller: StreamPoller;
  let handler: NotifyHandler;
  let recipient: string;
  let restoreEnvironment: () => void;
  let linkKey: Buffer;

  beforeAll(async () => {
    const key = testLinkKey();
    linkKey = key.key;
    ({ handler, recipient, restoreEnvironment } = await loadNotifyHandler(aws(), {
      linkKeySource: key.source,
    }));
    poller = startNotifyPoller(aws(), { invoke: handler, deadLetter });
  });

  afterAll(async () => {
    await poller.stop();
    restoreEnvironment();
  });

  const clinicText = async (lead: LeadItem): Promise<string> => {
    const { clinic } = await emailsAbout(aws(), lead, recipient);
    expect(clinic).toHaveLength(1);
    return clinic[0]?.body.text ?? '';
  };

  const markContacted = (lead: LeadItem) =>
    aws().db.send(
      new UpdateCommand({
        TableName: aws().tableName,
        Key: leadKey(lead.id),
        UpdateExpression: 'SET #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'contacted' },
      }),
    );

  it('notes the earlier request, its reference and status, when the same phone asks again', async () => {
    expect(readCdkContext().followUp).toBeUndefined();
    const first = makeLead({ phone: '+13125550101', createdAt: '2026-03-02T15:00:00.000Z' });
    await storeLead(aws(), first);
    await poller.idle();
    expect(await clinicText(first)).not.toContain('Asked before');
    await markContacted(first);

    const second = makeLead({ phone: '+13125550101', createdAt: '2026-03-05T16:30:00.000Z' });
    await storeLead(aws(), second);
    await poller.idle();
    const { clinic } = await emailsAbout(aws(), second, recipient);
    expect(clinic[0]?.body.text).toContain(
      `Asked before: 3 days ago, ref ${first.id}, status contacted`,
    );
    expect(clinic[0]?.body.html).toContain(`3 days ago, ref ${first.id}, status contacted`);
  });

  it('notes a request from the same email address, whatever its letter case', async () => {
    const first = makeLead({
      phone: '+13125550102',
      email: 'Repeat.Patient@Example.com',
      createdAt: '2026-04-01T15:00:00.000Z',
    });
    await storeLead(aws(), first);
    await poller.idle();
    const second = makeLead({
      phone: '+13125550103',
      email: 'repeat.patient@example.com',
      createdAt: '2026-04-01T20:00:00.000Z',
    });
    await storeLead(aws(), second);
    await poller.idle();
    expect(await clinicText(second)).toContain(
      `Asked before: 5 hours ago, ref ${first.id}, status new`,
    );
  });

  it('adds no note when another phone number asks', async () => {
    const first = makeLead({ phone: '+13125550104', createdAt: '2026-05-04T15:00:00.000Z' });
    const other = makeLead({ phone: '+13125550105', createdAt: '2026-05-05T15:00:00.000Z' });
    await storeLead(aws(), first);
    await poller.idle();
    await storeLead(aws(), other);
    await poller.idle();
    expect(await clinicText(other)).not.toContain('Asked before');
  });

  it('adds no note when the earlier request is older than the window', async () => {
    const old = makeLead({ phone: '+13125550106', createdAt: '2026-01-01T15:00:00.000Z' });
    const dayAfterWindow = new Date(
      Date.parse(old.createdAt) + (WINDOW_DAYS + 1) * 24 * 60 * 60 * 1000,
    ).toISOString();
    const later = makeLead({ phone: '+13125550106', createdAt: dayAfterWindow });
    await storeLead(aws(), old);
    await poller.idle();
    await storeLead(aws(), later);
    await poller.idle();
    expect(await clinicText(later)).not.toContain('Asked before');
  });

  it('keeps no phone number or email address in the index, only a keyed hash', async () => {
    const lead = makeLead({ phone: '+13125550107', email: 'index.check@example.com' });
    await storeLead(aws(), lead);
    await poller.idle();

    // The hash as an independent receiver of the key would compute it (RFC 5869 HKDF, then
    // HMAC-SHA256 of "phone:<E.164>").
    const contactKey = Buffer.from(
      hkdfSync('sha256', linkKey, Buffer.alloc(0), 'lead-contact-key:v1', 32),
    );
    const phoneHash = createHmac('sha256', contactKey)
      .update('phone:+13125550107')
      .digest('base64url');
    const output = await aws().db.send(
      new QueryCommand({
        TableName: aws().tableName,
        IndexName: 'byContact',
        KeyConditionExpression: 'contactKey = :hash',
        ExpressionAttributeValues: { ':hash': phoneHash },
      }),
    );
    expect(output.Items).toHaveLength(1);
    const item = output.Items?.[0] ?? {};
    expect(item.pk).toBe(`LEAD#${lead.id}`);
    expect(Object.keys(item).sort()).toEqual(['contactKey', 'contactSort', 'pk', 'sk']);
    const text = JSON.stringify(item);
    for (const value of ['+13125550107', '3125550107', 'index.check@example.com', lead.name]) {
      expect(text).not.toContain(value);
    }
  });
});
