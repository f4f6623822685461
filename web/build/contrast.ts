/**
 * The theme's colours must stay readable: each colour that is text somewhere on the page keeps a
 * contrast of at least 4.5:1 (WCAG 2 AA for body text) against every background it sits on.
 * Checked on every build, so a new palette cannot make the page hard to read.
 */
import type { Theme } from '../content/types';

/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

type Colour = keyof Theme | 'white';

/** Text colour on background colour, for every pairing the stylesheet uses. */
const TEXT_ON_BACKGROUND: readonly (readonly [Colour, Colour])[] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['text', 'tint'],
  ['text', 'warningTint'],
  ['muted', 'surface'],
  ['muted', 'background'],
  ['muted', 'tint'],
  ['brand', 'surface'],
  ['brand', 'background'],
  ['brand', 'tint'],
  ['brandDark', 'surface'],
  ['brandDark', 'background'],
  ['brandDark', 'tint'],
  ['error', 'surface'],
  ['error', 'warningTint'],
  ['white', 'brand'],
  ['white', 'brandDark'],
];

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function relativeLuminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 to 21. */
function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (hi + 0.05) / (lo + 0.05);
}

/** What is wrong with the theme, one sentence each, naming the file and the fields. */
export function themeViolations(theme: Theme, file = 'web/content/site.ts'): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(theme) as [keyof Theme, string][]) {
    if (!/^#[0-9a-f]{6}$/i.test(value)) {
      problems.push(`${file}: THEME.${key}: "${value}" must be a colour written as #rrggbb`);
    }
  }
  if (problems.length > 0) return problems;
  const colour = (name: Colour) => (name === 'white' ? '#ffffff' : theme[name]);
  const label = (name: Colour) => (name === 'white' ? 'white' : `THEME.${name} (${theme[name]})`);
  for (const [fg, bg] of TEXT_ON_BACKGROUND) {
    const ratio = contrastRatio(colour(fg), colour(bg));
    if (ratio < MIN_CONTRAST) {
      problems.push(
        `${file}: ${label(fg)} on ${label(bg)}: contrast ${ratio.toFixed(2)}:1, needs at least ${MIN_CONTRAST}:1`,
      );
    }
  }
  return problems;
}
