/** The copy rules name the file, the field and the words of every claim the page must not make. */
import { describe, expect, it } from 'vitest';
import { contentProblems } from '../../../web/build/guardrails';
import { copyViolations, describeCopyViolation } from '../../../web/build/copy-rules';
import { THEME } from '../../../web/content/site';

const lines = (exports: Record<string, unknown>) =>
  copyViolations([{ file: 'web/content/x.ts', exports }]).map(describeCopyViolation);

describe('Copy rules', () => {
  it.each([
    ['Acupuncture cures sciatica', 'cures'],
    ['Relief guaranteed', 'guaranteed'],
    ['A miracle for your back', 'miracle'],
    ['Clinically proven care', 'Clinically proven'],
    ['Permanent relief', 'Permanent'],
    ['Completely painless needles', 'painless'],
    ['Risk-free first visit', 'Risk-free'],
    ['87% of patients improve', '87%'],
    ['Helps 90 percent of people', '90 percent'],
    ['9 out of 10 patients', '9 out of 10'],
    ['1 in 3 people', '1 in 3'],
    ['Studies show it works', 'Studies show'],
    ['Research has proven that', 'Research has proven'],
  ])('refuses "%s", quoting "%s"', (text, words) => {
    const found = lines({ LANDING: { hero: { headline: text } } });
    const line = new RegExp(`^web/content/x\\.ts: LANDING\\.hero\\.headline: "${words}" \\(`);
    expect(
      found.filter((l) => line.test(l)),
      found.join('\n'),
    ).toHaveLength(1);
  });

  it('names the position of a field in a list', () => {
    expect(
      lines({
        CLINIC: { reviews: { items: [{ quote: 'Kind staff' }, { quote: 'It cured me' }] } },
      }),
    ).toEqual([
      'web/content/x.ts: CLINIC.reviews.items[1].quote: "cured" (acupuncture may help; it is never said to cure)',
    ]);
  });

  it.each([
    'Acupuncture may help ease the pain',
    'Many patients report better sleep',
    'A session takes about 30 to 60 minutes',
    'First visit: $120',
    'Bus 4 stops at Willow and 2nd',
    'Securely done',
  ])('lets modest, factual copy through: "%s"', (text) => {
    expect(lines({ LANDING: { text } })).toEqual([]);
  });

  it('reads no rule into a link or a date', () => {
    expect(
      lines({
        CLINIC: {
          reviews: { items: [{ sourceUrl: 'https://x.test/100%-cure', date: '2026-01-01' }] },
        },
      }),
    ).toEqual([]);
  });

  it('finds no problem in the content and theme the site ships with', () => {
    expect(contentProblems()).toEqual([]);
  });

  it('reports each weak pairing of the theme, white on the buttons included', () => {
    const problems = contentProblems([], { ...THEME, muted: '#9aa5a3' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^web\/content\/site\.ts: THEME\.muted \(#9aa5a3\) on THEME\.surface \(#ffffff\): contrast \d\.\d\d:1, needs at least 4\.5:1$/,
    );
    expect(contentProblems([], { ...THEME, brand: 'teal' })).toEqual([
      'web/content/site.ts: THEME.brand: "teal" must be a colour written as #rrggbb',
    ]);
  });
});
