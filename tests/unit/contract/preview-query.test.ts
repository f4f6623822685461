import { describe, expect, it } from 'vitest';
import { isPreviewQuery } from '../../../functions/contract/funnel-events';

// The page (no beacons), the events endpoint (drops events from such a page) and the lead's
// attribution (marked preview) read a preview link the same way the edge function does.
describe('A campaign preview link', () => {
  it.each([
    ['?preview=b', true],
    ['?utm_source=ads&preview=control', true],
    ['?preview=', false],
    ['?preview', false],
    ['?utm_source=previews', false],
    ['', false],
  ])('%s is a preview: %s', (query, expected) => {
    expect(isPreviewQuery(new URLSearchParams(query))).toBe(expected);
  });
});
