/**
 * The funnel's two adapters: the deployed campaign list as the funnel counts under it, and a
 * stored lead (as the submit and lead-status functions write it) as the funnel reads it.
 */
import { describe, expect, it } from 'vitest';
import { funnelCampaigns } from '../../../functions/lib/funnel/campaigns';
import { campaignFields, funnelLeadOf, wasReached } from '../../../functions/lib/funnel/lead-view';

const KNOWN = { main: ['control'], spring: ['a', 'b'] };

describe('funnelCampaigns', () => {
  it("keeps the deployed table's campaigns and variants, control first", () => {
    expect(funnelCampaigns(KNOWN)).toEqual({ main: ['control'], spring: ['a', 'b'] });
  });

  it('gives a campaign listed without variants its control, and knows none without a table', () => {
    expect(funnelCampaigns({ old: [] })).toEqual({ old: ['control'] });
    expect(funnelCampaigns(undefined)).toEqual({});
  });
});

describe('funnelLeadOf', () => {
  const stored = {
    pk: 'LEAD#l1',
    sk: 'LEAD',
    entity: 'lead',
    id: 'l1',
    kind: 'callback',
    createdAt: '2026-11-03T15:00:00.000Z',
    status: 'booked',
    attribution: { campaign: 'spring', variant: 'b', utm_source: 'demo-search' },
    attempts: 1,
    firstAttemptAt: '2026-11-03T15:10:00.000Z',
    firstContactAt: '2026-11-03T15:40:00.000Z',
    statusHistory: [
      { at: '2026-11-03T15:10:00.000Z', from: 'new', to: 'attempted', via: 'email-link' },
      { at: '2026-11-03T15:40:00.000Z', from: 'attempted', to: 'contacted', via: 'email-link' },
      { at: '2026-11-04T09:00:00.000Z', from: 'contacted', to: 'booked', via: 'email-link' },
    ],
  };

  it("reads the campaign and variant from the lead's attribution and its lifecycle times", () => {
    expect(funnelLeadOf(stored, KNOWN)).toEqual({
      id: 'l1',
      kind: 'callback',
      createdAt: '2026-11-03T15:00:00.000Z',
      campaign: 'spring',
      variant: 'b',
      status: 'booked',
      firstAttemptAt: '2026-11-03T15:10:00.000Z',
      firstContactAt: '2026-11-03T15:40:00.000Z',
      bookedAt: '2026-11-04T09:00:00.000Z',
    });
  });

  it('counts a lead whose attribution names no variant under the campaign control', () => {
    const lead = funnelLeadOf({ ...stored, attribution: { campaign: 'spring' } }, KNOWN);
    expect(lead).toMatchObject({ campaign: 'spring', variant: 'a' });
  });

  it('counts a lead without attribution, or with a malformed id, as unknown', () => {
    const { attribution: _, ...bare } = stored;
    expect(funnelLeadOf(bare, KNOWN)).toMatchObject({ campaign: 'unknown' });
    const odd = funnelLeadOf(
      { ...stored, attribution: { campaign: 'Spring!', variant: 'b' } },
      KNOWN,
    );
    expect(odd).toMatchObject({ campaign: 'unknown', variant: 'b' });
  });

  it('reads a new lead as not reached, and an unrecognised status as new', () => {
    const fresh = funnelLeadOf(
      { id: 'l2', kind: 'contact', createdAt: '2026-11-03T15:00:00.000Z', status: 'new' },
      KNOWN,
    );
    expect(fresh).toMatchObject({ kind: 'contact', status: 'new' });
    expect(fresh.firstContactAt).toBeUndefined();
    expect(wasReached(fresh)).toBe(false);
    expect(funnelLeadOf({ ...stored, status: 'archived' }, KNOWN).status).toBe('new');
  });

  it('marks a lead sent from a campaign preview link, and no other', () => {
    const previewed = funnelLeadOf(
      { ...stored, attribution: { campaign: 'spring', variant: 'b', preview: 'b' } },
      KNOWN,
    );
    expect(previewed).toMatchObject({ campaign: 'spring', variant: 'b', preview: true });
    expect(funnelLeadOf(stored, KNOWN).preview).toBeUndefined();
    const blank = { campaign: 'spring', variant: 'b', preview: '' };
    expect(funnelLeadOf({ ...stored, attribution: blank }, KNOWN).preview).toBeUndefined();
  });

  it('writes campaign and variant where the submit function stores them', () => {
    expect(campaignFields('spring', 'b', { utm_source: 'demo-search' })).toEqual({
      attribution: { utm_source: 'demo-search', campaign: 'spring', variant: 'b' },
    });
  });
});
