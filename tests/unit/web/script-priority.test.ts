/** The built pages fetch their module scripts at low priority, so the first paint never waits on one. */
import { describe, expect, it } from 'vitest';
import { lowPriorityScripts } from '../../../web/build/script-priority';

describe('Build: script priority', () => {
  it('fetches external module scripts at low priority', () => {
    expect(
      lowPriorityScripts('<script type="module" crossorigin src="/assets/i.js"></script>'),
    ).toBe('<script type="module" crossorigin src="/assets/i.js" fetchpriority="low"></script>');
  });

  it('leaves data blocks, inline scripts and a priority already set alone', () => {
    const html = [
      '<script type="application/ld+json">{}</script>',
      '<script type="module" fetchpriority="high" src="/a.js"></script>',
    ].join('');
    expect(lowPriorityScripts(html)).toBe(html);
  });
});
