/**
 * What a lead is stored with: its campaign and variant checked against the deployed campaigns,
 * and advert parameters a plain form could not carry taken from the page it was posted from.
 */
import { describe, expect, it } from 'vitest';
import { recordedAttribution } from '../../../functions/submit/attribution';

const KNOWN = { main: ['control'], spring: ['a', 'b'] };

describe('Recorded attribution', () => {
  it('keeps a known campaign and variant as sent', () => {
    expect(
      recordedAttribution(
        { campaign: 'spring', variant: 'b', landingPath: '/spring/' },
        undefined,
        KNOWN,
      ),
    ).toEqual({ campaign: 'spring', variant: 'b', landingPath: '/spring/' });
  });

  it('records an unknown campaign and variant as unknown, never as sent', () => {
    expect(recordedAttribution({ campaign: 'free-money', variant: 'z' }, undefined, KNOWN)).toEqual(
      { campaign: 'unknown', variant: 'unknown' },
    );
  });

  it('takes advert parameters the form lacks from the posting page address', () => {
    const referer =
      'https://www.clinic.example/spring/?utm_source=radio&utm_medium=audio&utm_campaign=march&gclid=G1&preview=b&other=x';
    expect(
      recordedAttribution(
        { campaign: 'spring', variant: 'b', utm_medium: 'print' },
        referer,
        KNOWN,
      ),
    ).toEqual({
      campaign: 'spring',
      variant: 'b',
      utm_source: 'radio',
      // What the form sent wins over the address.
      utm_medium: 'print',
      utm_campaign: 'march',
      gclid: 'G1',
      preview: 'b',
    });
  });

  it('lets the address win over the prerendered defaults of a plain form', () => {
    const referer = 'https://www.clinic.example/spring/?utm_source=radio';
    expect(
      recordedAttribution(
        { campaign: 'spring', variant: 'a', utm_source: 'default-source', utm_medium: 'cpc' },
        referer,
        KNOWN,
        'form',
      ),
    ).toEqual({ campaign: 'spring', variant: 'a', utm_source: 'radio', utm_medium: 'cpc' });
  });

  it('cleans values from the address as it cleans the form', () => {
    const referer = `https://www.clinic.example/?utm_source=${'x'.repeat(300)}&utm_term=a%0Db`;
    const recorded = recordedAttribution({}, referer, KNOWN);
    expect(recorded.utm_source).toHaveLength(200);
    expect(recorded.utm_term).toBe('a b');
  });

  it.each(['', 'not a url', '/relative?utm_source=x'])('ignores the address "%s"', (referer) => {
    expect(recordedAttribution({ landingPath: '/' }, referer, KNOWN)).toEqual({ landingPath: '/' });
  });
});
