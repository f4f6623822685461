/**
 * Time to first call and first contact, in opening minutes, on DynamoDB Local with a controlled
 * clock: kept on the lead and handed to the metrics once each, never again for a later change.
 */
import { describe, expect, it } from 'vitest';
import { handleStatusRequest, type StatusDeps } from '../../functions/lead-status/change-status';
import type { ResponseTimes } from '../../functions/lead-status/status-store';
import { signStatusToken } from '../../functions/lib/status-link';
import { useLocalAws } from '../support/local-aws';
import { makeConfig, makeLead } from '../support/lead-fixtures';
import { readStoredLead, storeLead } from './notify-harness';

const key = Buffer.from('r'.repeat(64));

describe('Response times', () => {
  const aws = useLocalAws();

  function deps(now: string, recorded: ResponseTimes[]): StatusDeps {
    return {
      db: aws().db,
      tableName: aws().tableName,
      now: () => new Date(now),
      linkKey: () => Promise.resolve(key),
      page: { clinicName: 'Willow Lane Acupuncture', timeZone: 'America/Chicago' },
      hours: makeConfig().followUp.hours,
      metrics: { record: (times) => recorded.push(times) },
      newChangeId: () => crypto.randomUUID(),
    };
  }

  async function press(leadId: string, action: string, now: string, recorded: ResponseTimes[]) {
    const t = signStatusToken(key, leadId, new Date('2030-01-01T00:00:00Z'));
    const answer = await handleStatusRequest(
      {
        method: 'POST',
        query: {},
        form: { lead: leadId, t, a: action, changeId: crypto.randomUUID(), version: '0' },
      },
      deps(now, recorded),
    );
    expect(answer.outcome).toBe('changed');
  }

  it('keeps the opening minutes to the first call and first contact, and reports each once', async () => {
    // Tuesday 17:50 CST; called Wednesday 08:02 (12 opening minutes), reached at 08:30 (40).
    const lead = makeLead({ createdAt: '2026-03-03T23:50:00.000Z' });
    await storeLead(aws(), lead);
    const recorded: ResponseTimes[] = [];
    await press(lead.id, 'attempted', '2026-03-04T14:02:00Z', recorded);
    await press(lead.id, 'attempted', '2026-03-04T14:10:00Z', recorded);
    await press(lead.id, 'contacted', '2026-03-04T14:30:00Z', recorded);
    await press(lead.id, 'booked', '2026-03-04T14:35:00Z', recorded);
    expect(recorded).toEqual([
      { minutesToFirstAttempt: 12 },
      {},
      { minutesToFirstContact: 40 },
      {},
    ]);
    const stored = await readStoredLead(aws(), lead);
    expect(stored).toMatchObject({ minutesToFirstAttempt: 12, minutesToFirstContact: 40 });
  });

  it('counts a first call that reaches the patient as both', async () => {
    // Saturday 12:55 CST; reached Monday 08:10 CDT: 5 minutes Saturday + 10 Monday.
    const lead = makeLead({ createdAt: '2026-03-07T18:55:00.000Z' });
    await storeLead(aws(), lead);
    const recorded: ResponseTimes[] = [];
    await press(lead.id, 'contacted', '2026-03-09T13:10:00Z', recorded);
    expect(recorded).toEqual([{ minutesToFirstAttempt: 15, minutesToFirstContact: 15 }]);
  });
});
