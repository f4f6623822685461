/**
 * Attribution is captured on arrival and kept for the visit: campaign parameters from the
 * landing URL, the referring site and the landing path, surviving a walk around the site.
 */
import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_STORAGE_KEY, captureAttribution } from '../../../web/src/enhance/attribution';

function memoryStore() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

const site = 'https://www.clinic.example';

describe('captureAttribution', () => {
  it('takes utm_* and gclid from the URL, the referring site and the landing path', () => {
    const store = memoryStore();
    const visit = captureAttribution(
      new URL(
        `${site}/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=back%20pain&utm_content=a&gclid=G1&other=x`,
      ),
      'https://www.google.com/',
      store,
    );
    expect(visit).toEqual({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
      utm_term: 'back pain',
      utm_content: 'a',
      gclid: 'G1',
      referrer: 'https://www.google.com/',
      landingPath: '/',
    });
    expect(JSON.parse(store.data.get(ATTRIBUTION_STORAGE_KEY) ?? '{}')).toEqual(visit);
  });

  it('keeps the first record of the visit when the patient moves around the site', () => {
    const store = memoryStore();
    const first = captureAttribution(new URL(`${site}/?utm_source=news`), '', store);
    const later = captureAttribution(new URL(`${site}/privacy/`), `${site}/`, store);
    expect(later).toEqual(first);
  });

  it('starts a new record when a later link carries campaign parameters', () => {
    const store = memoryStore();
    captureAttribution(new URL(`${site}/?utm_source=news`), '', store);
    const later = captureAttribution(new URL(`${site}/?utm_source=mail`), '', store);
    expect(later).toEqual({ utm_source: 'mail', landingPath: '/' });
  });

  it('does not count moving within the site as a referrer', () => {
    const visit = captureAttribution(new URL(`${site}/`), `${site}/privacy/`, memoryStore());
    expect(visit).toEqual({ landingPath: '/' });
  });

  it('works when storage is blocked or holds something unreadable', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(captureAttribution(new URL(`${site}/?gclid=1`), '', blocked)).toEqual({
      gclid: '1',
      landingPath: '/',
    });
    const junk = memoryStore();
    junk.setItem(ATTRIBUTION_STORAGE_KEY, '{not json');
    expect(captureAttribution(new URL(`${site}/`), '', junk)).toEqual({ landingPath: '/' });
    expect(captureAttribution(new URL(`${site}/`), 'not a url', undefined)).toEqual({
      landingPath: '/',
    });
  });
});
