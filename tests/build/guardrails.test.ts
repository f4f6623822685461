/**
 * `npm run build` (and so every synth and deploy) refuses content that overclaims or a theme
 * colour that is hard to read, naming the file, the field and the words; and it redraws the
 * link-preview image whenever the headline it shows changes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySite } from './support/site-copy';

const HEADLINE = 'Gentle, drug-free care for back pain that will not let go';

describe('Checks in npm run build', () => {
  it('refuses an overclaiming headline, naming the file, the field and the words', () => {
    const site = copySite();
    site.edit(
      'web/content/site.ts',
      `headline: '${HEADLINE}'`,
      `headline: 'Acupuncture that cures back pain, guaranteed'`,
    );
    const { status, output } = site.build();
    expect(status).not.toBe(0);
    expect(output).toContain('web/content/site.ts: LANDING.hero.headline: "cures"');
    expect(output).toContain('web/content/site.ts: LANDING.hero.headline: "guaranteed"');
    expect(existsSync(join(site.dir, 'web/dist/index.html'))).toBe(false);
  });

  it('refuses a statistic in a review of the clinic profile', () => {
    const site = copySite();
    site.edit(
      'web/content/clinic.ts',
      "'After months of sitting crooked",
      "'9 out of 10 patients feel better. After months of sitting crooked",
    );
    const { status, output } = site.build();
    expect(status).not.toBe(0);
    expect(output).toContain('web/content/clinic.ts: CLINIC.reviews.items[0].quote: "9 out of 10"');
  });

  it('refuses a theme colour too weak to read, naming the colours and the contrast', () => {
    const site = copySite();
    site.edit('web/content/site.ts', "brand: '#2b6a5e'", "brand: '#8fc1b5'");
    const { status, output } = site.build();
    expect(status).not.toBe(0);
    // (1 + 0.05) / (0.473 + 0.05): #8fc1b5's relative luminance is 0.473.
    expect(output).toContain(
      'web/content/site.ts: THEME.brand (#8fc1b5) on THEME.surface (#ffffff): contrast 2.01:1, needs at least 4.5:1',
    );
    expect(output).toContain('white on THEME.brand (#8fc1b5)');
  });

  it('redraws the link-preview image when the headline changes, and only then', () => {
    const site = copySite();
    const first = site.build();
    expect(first.status, first.output).toBe(0);
    const before = site.read('web/dist/og-image.png');

    site.edit(
      'web/content/site.ts',
      `headline: '${HEADLINE}'`,
      "headline: 'Calm, careful acupuncture for a sore back'",
    );
    const second = site.build();
    expect(second.status, second.output).toBe(0);
    const after = site.read('web/dist/og-image.png');
    expect(after.equals(before)).toBe(false);

    // The same words draw the same image: the change above is the headline's, nothing else.
    const third = site.build();
    expect(third.status, third.output).toBe(0);
    expect(site.read('web/dist/og-image.png').equals(after)).toBe(true);
  });
});
