/**
 * The campaign settings a marketer edits: the shipped demo, and each mistake stopping the build
 * with a message that names its setting.
 */
import { describe, expect, it } from 'vitest';
import { buildCampaigns, CampaignConfigError } from '../../../web/build/campaigns';
import type { CampaignSettings, CampaignsSettings } from '../../../web/content/campaign-types';
import { CAMPAIGNS } from '../../../web/content/campaigns';
import { LANDING } from '../../../web/content/site';

const PUBLIC = 'web/public';
const MAIN: CampaignSettings = { id: 'main', path: '/' };
const SPRING: CampaignSettings = {
  id: 'spring',
  path: '/spring/',
  changes: { hero: { headline: 'Spring headline' }, sections: ['faq', 'suits', 'visit'] },
  attribution: { utm_source: 'radio' },
  variants: [
    { id: 'a', weight: 60 },
    { id: 'b', weight: 40, changes: { hero: { lead: 'Variant lead' } } },
  ],
};

const build = (campaigns: readonly CampaignSettings[], variantCookieDays = 30) =>
  buildCampaigns({ variantCookieDays, campaigns }, LANDING, PUBLIC);

/** The build's error message for these settings. */
function problemsOf(campaigns: readonly CampaignSettings[], cookieDays = 30): string {
  try {
    build(campaigns, cookieDays);
  } catch (error) {
    expect(error).toBeInstanceOf(CampaignConfigError);
    return (error as Error).message;
  }
  throw new Error('The build accepted the settings');
}

describe('The shipped campaigns', () => {
  const built = buildCampaigns(CAMPAIGNS as CampaignsSettings, LANDING, PUBLIC);

  it('serve the main page and at least two demo campaigns, one with two variants', () => {
    const ids = built.table.campaigns.map((c) => c.id);
    expect(built.table.campaigns.find((c) => c.path === '/')).toBeDefined();
    const demos = built.table.campaigns.filter((c) => c.path !== '/');
    expect(demos.length).toBeGreaterThanOrEqual(2);
    for (const demo of demos) expect(demo.id).toMatch(/^demo-/);
    expect(demos.some((c) => c.variants.length === 2)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('make one page per campaign and variant', () => {
    const expected = built.table.campaigns.reduce((n, c) => n + c.variants.length, 0);
    expect(built.pages).toHaveLength(expected);
    expect(built.pages.map((p) => p.file)).toContain('index.html');
  });
});

describe('Campaign pages', () => {
  const built = build([MAIN, SPRING]);
  const page = (variant: string) =>
    built.pages.find((p) => p.campaign === 'spring' && p.variant === variant);

  it('write the control to the path and the other variants beside it', () => {
    expect(built.pages.map((p) => p.file)).toEqual([
      'index.html',
      'spring/index.html',
      'spring/index.b.html',
    ]);
  });

  it("apply the campaign's changes, then the variant's, to the main page's copy", () => {
    expect(page('a')?.page.copy.hero.headline).toBe('Spring headline');
    expect(page('a')?.page.copy.hero.lead).toBe(LANDING.hero.lead);
    expect(page('b')?.page.copy.hero.headline).toBe('Spring headline');
    expect(page('b')?.page.copy.hero.lead).toBe('Variant lead');
    expect(page('b')?.page.sections).toEqual(['faq', 'suits', 'visit']);
  });

  it('carry campaign, variant and default attribution for the forms', () => {
    expect(page('b')?.page.hidden).toEqual({
      campaign: 'spring',
      variant: 'b',
      utm_source: 'radio',
    });
  });

  it('list only the main page in search by default', () => {
    expect(built.pages.map((p) => p.page.index)).toEqual([true, false, false]);
  });

  it('list an indexed campaign with every variant, since all are served at its one URL', () => {
    const indexed = build([MAIN, { ...SPRING, index: true }]);
    expect(indexed.pages.map((p) => p.page.index)).toEqual([true, true, true]);
    expect(indexed.pages.map((p) => p.control)).toEqual([true, true, false]);
  });

  it('give a campaign without variants one control variant, with dates and fallback in the table', () => {
    const table = build([
      MAIN,
      { id: 'x', path: '/x/', starts: '2027-01-01', ends: '2027-02-01' },
    ]).table;
    expect(table.campaigns[1]).toEqual({
      id: 'x',
      path: '/x/',
      variants: [{ id: 'control', weight: 100 }],
      starts: Date.UTC(2027, 0, 1),
      ends: Date.UTC(2027, 1, 1),
      fallback: '/',
    });
  });
});

describe('Mistakes stop the build, naming the setting', () => {
  it.each<[string, readonly CampaignSettings[], string]>([
    [
      'an unknown section',
      [MAIN, { ...SPRING, changes: { sections: ['suits', 'gallery' as 'faq'] } }],
      'campaigns[1] (spring).changes.sections[1] "gallery" is not a section',
    ],
    [
      'a section listed twice',
      [MAIN, { ...SPRING, changes: { sections: ['suits', 'faq', 'faq'] } }],
      'campaigns[1] (spring).changes.sections[2] "faq" is listed twice',
    ],
    [
      'sections without the red flags',
      [MAIN, { ...SPRING, changes: { sections: ['faq'] } }],
      'campaigns[1] (spring).changes.sections must keep "suits"',
    ],
    [
      'a duplicate path',
      [MAIN, SPRING, { id: 'autumn', path: '/spring/' }],
      'campaigns[2] (autumn).path "/spring/" is also the path of campaigns[1]',
    ],
    [
      'a duplicate id',
      [MAIN, SPRING, { id: 'spring', path: '/autumn/' }],
      'campaigns[2] (spring).id is also the id of campaigns[1]',
    ],
    [
      'weights that do not add up',
      [
        MAIN,
        {
          ...SPRING,
          variants: [
            { id: 'a', weight: 60 },
            { id: 'b', weight: 30 },
          ],
        },
      ],
      'campaigns[1] (spring).variants: the weights add up to 90; they must add up to 100',
    ],
    [
      'a weight that is not a whole percentage',
      [
        MAIN,
        {
          ...SPRING,
          variants: [
            { id: 'a', weight: 99.5 },
            { id: 'b', weight: 0.5 },
          ],
        },
      ],
      'campaigns[1] (spring).variants[1].weight must be a whole percentage from 1 to 100, got 0.5',
    ],
    [
      'a variant id used twice',
      [
        MAIN,
        {
          ...SPRING,
          variants: [
            { id: 'a', weight: 50 },
            { id: 'a', weight: 50 },
          ],
        },
      ],
      'campaigns[1] (spring).variants[1].id "a" is listed twice',
    ],
    [
      'an overclaiming headline',
      [MAIN, { ...SPRING, changes: { hero: { headline: 'Guaranteed relief' } } }],
      'campaigns[1] (spring).changes.hero.headline says "Guarantee", which promises a result',
    ],
    [
      'a cure in a variant',
      [
        MAIN,
        {
          ...SPRING,
          variants: [
            { id: 'a', weight: 50 },
            { id: 'b', weight: 50, changes: { hero: { lead: 'We cure sciatica' } } },
          ],
        },
      ],
      'campaigns[1] (spring).variants[1].changes.hero.lead says "cure", which promises a cure',
    ],
    [
      'a figure in an FAQ answer',
      [
        MAIN,
        {
          ...SPRING,
          changes: { faq: [{ question: 'Does it work?', answer: '9 out of 10 say yes' }] },
        },
      ],
      'campaigns[1] (spring).changes.faq[0].answer says "9 out of 10"',
    ],
    [
      'a path that is not a folder',
      [MAIN, { id: 'x', path: '/Sciatica' }],
      'campaigns[1] (x).path "/Sciatica" must start and end with "/"',
    ],
    [
      'a path of the site itself',
      [MAIN, { id: 'x', path: '/privacy/' }],
      'campaigns[1] (x).path "/privacy/" belongs to the site itself',
    ],
    ['no main page', [SPRING], 'campaigns must include the main page: a campaign with path "/"'],
    [
      'a date that is not a day',
      [MAIN, { id: 'x', path: '/x/', ends: '2027-02-30' }],
      'campaigns[1] (x).ends "2027-02-30" must be a date such as "2027-03-31"',
    ],
    [
      'an end before the start',
      [MAIN, { id: 'x', path: '/x/', starts: '2027-03-01', ends: '2027-02-01' }],
      'campaigns[1] (x).ends must be after its starts',
    ],
    [
      'a main page that ends',
      [{ ...MAIN, ends: '2027-02-01' }],
      'campaigns[0] (main): the main page cannot start or end',
    ],
    [
      'a fallback that is no page',
      [MAIN, { id: 'x', path: '/x/', fallback: '/gone/' }],
      'campaigns[1] (x).fallback "/gone/" must be the path of another campaign',
    ],
    [
      'a link-preview image that is not there',
      [MAIN, { ...SPRING, changes: { shareImage: '/og-missing.png' } }],
      'campaigns[1] (spring).changes.shareImage "/og-missing.png" is not in web/public/',
    ],
    [
      'an id with capitals',
      [MAIN, { id: 'Spring', path: '/x/' }],
      'campaigns[1].id "Spring" must be 1-40 lower-case letters, digits or dashes',
    ],
  ])('%s', (_what, campaigns, message) => {
    const problems = problemsOf(campaigns);
    expect(problems).toContain('Invalid campaigns (web/content/campaigns.ts):');
    expect(problems).toContain(message);
  });

  it('a cookie lifetime out of range', () => {
    expect(problemsOf([MAIN], 0)).toContain(
      'variantCookieDays must be a whole number of days from 1 to 400',
    );
  });

  it('lists every problem at once', () => {
    const problems = problemsOf([
      MAIN,
      { id: 'x', path: '/x/', changes: { hero: { headline: 'A miracle' } }, ends: 'soon' },
    ]);
    expect(problems.split('\n  - ')).toHaveLength(3);
  });
});
