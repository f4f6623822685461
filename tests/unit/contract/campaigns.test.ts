/**
 * A lead's campaign and variant are recorded only as the deployed configuration knows them.
 */
import { describe, expect, it } from 'vitest';
import {
  checkedCampaign,
  knownCampaigns,
  parseKnownCampaigns,
} from '../../../functions/contract/campaigns';

const KNOWN = { main: ['control'], spring: ['a', 'b'] };

describe('Checked campaign and variant', () => {
  it.each([
    ['spring', 'b', { campaign: 'spring', variant: 'b' }],
    ['main', 'control', { campaign: 'main', variant: 'control' }],
    ['spring', undefined, { campaign: 'spring' }],
    ['spring', 'control', { campaign: 'spring', variant: 'unknown' }],
    ['winter', 'a', { campaign: 'unknown', variant: 'unknown' }],
    ['winter', undefined, { campaign: 'unknown' }],
    ['constructor', undefined, { campaign: 'unknown' }],
    ['__proto__', 'a', { campaign: 'unknown', variant: 'unknown' }],
    [undefined, 'b', { variant: 'unknown' }],
    [undefined, undefined, {}],
    ['', '', {}],
  ])('records campaign %j with variant %j as %j', (campaign, variant, expected) => {
    expect(checkedCampaign(KNOWN, campaign, variant)).toEqual(expected);
  });

  it('reads the known campaigns from the deployed table', () => {
    expect(
      knownCampaigns({
        cookieDays: 30,
        campaigns: [
          { id: 'main', path: '/', variants: [{ id: 'control', weight: 100 }], fallback: '/' },
          {
            id: 'spring',
            path: '/spring/',
            variants: [
              { id: 'a', weight: 50 },
              { id: 'b', weight: 50 },
            ],
            fallback: '/',
          },
        ],
      }),
    ).toEqual(KNOWN);
  });

  it('reads the function setting, and refuses anything else at cold start', () => {
    expect(parseKnownCampaigns('{"spring":["a","b"]}')).toEqual({ spring: ['a', 'b'] });
    expect(() => parseKnownCampaigns('["spring"]')).toThrow(/CAMPAIGNS must be a JSON object/);
    expect(() => parseKnownCampaigns('{"spring":"a"}')).toThrow(/CAMPAIGNS must be a JSON object/);
    expect(() => parseKnownCampaigns('not json')).toThrow();
  });
});
