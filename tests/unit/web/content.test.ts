/**
 * Guards on what a marketer edits: the theme stays readable, and the health copy keeps the
 * house rules (modest claims, the disclaimer and the red flags present).
 */
import { describe, expect, it } from 'vitest';
import * as content from '../../../web/content/site';
import { FORM_COPY } from '../../../functions/contract/form-copy';
import { LANDING, THEME } from '../../../web/content/site';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Every piece of text in the content files (the page's and the forms'), for the wording rules. */
function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allText);
  return [];
}

describe('Theme', () => {
  it('is made of #rrggbb colours', () => {
    for (const colour of Object.values(THEME)) expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
  });

  // Each pair is text on the background it sits on somewhere on the page.
  it.each([
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
    ['brandDark', 'tint'],
    ['error', 'surface'],
    ['error', 'warningTint'],
  ] as const)('keeps %s on %s at 4.5:1 or more', (fg, bg) => {
    expect(contrast(THEME[fg], THEME[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps white text on the buttons and the footer at 4.5:1 or more', () => {
    expect(contrast('#ffffff', THEME.brand)).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#ffffff', THEME.brandDark)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('Health copy', () => {
  const words = allText([content, FORM_COPY]).join('\n');

  it.each([
    /\bcures?\b/i,
    /\bguarantee/i,
    /\b100 ?%/,
    /\bmiracle/i,
    /\bproven\b/i,
    /\bpermanent(ly)?\b/i,
  ])('never promises what no one can (%s)', (pattern) => {
    expect(words).not.toMatch(pattern);
  });

  it('quotes no statistic', () => {
    expect(words).not.toMatch(/\d+ ?(%|percent|out of \d+)/i);
  });

  it('sends the red flags to 911 or an emergency department, and names them', () => {
    expect(LANDING.redFlags.intro).toMatch(/call 911 or go to the nearest emergency department/i);
    const flags = LANDING.redFlags.flags.join(' ');
    for (const flag of ['bladder or bowel', 'numbness in the groin', 'weakness', 'fever', 'fall']) {
      expect(flags).toContain(flag);
    }
  });

  it('names the signs that need a doctor before acupuncture', () => {
    const flags = LANDING.redFlags.doctorFlags.join(' ');
    for (const flag of ['cancer', 'weight loss', 'at night or at rest']) {
      expect(flags).toContain(flag);
    }
  });

  it('asks for nothing medical in the callback note', () => {
    expect(FORM_COPY.callback.note?.label).toBe('Anything we should know to reach you?');
    expect(FORM_COPY.callback.note?.hint).toMatch(/leave out health details/);
  });

  it('carries the disclaimer: not medical advice, results vary, see a doctor', () => {
    expect(LANDING.disclaimer).toMatch(/not medical advice/);
    expect(LANDING.disclaimer).toMatch(/results vary/i);
    expect(LANDING.disclaimer).toMatch(/see a doctor/i);
  });

  it('keeps the placeholders the page fills in', () => {
    expect(FORM_COPY.callback.successTitle).toContain('{name}');
    expect(FORM_COPY.problems.rateLimited).toContain('{minutes}');
    expect(FORM_COPY.problems.callInstead).toContain('{phone}');
    expect(LANDING.hero.callAction).toContain('{phone}');
  });
});
