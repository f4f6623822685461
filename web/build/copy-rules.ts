/**
 * The house rules for what the page may say, checked on every build (and so on every synth and
 * deploy): no cure, guarantee or other promise no one can keep, no figure the page cannot back
 * (percentages, "9 out of 10"), and no appeal to studies it does not cite. A rule broken names
 * the file, the field and the words, so whoever edited the copy can find and fix it.
 *
 * These rules catch the words that must never be published; they cannot judge tone. Read the
 * page aloud before publishing.
 */

/** One content module: its path (as a person would open it) and its exports. */
export interface ContentSource {
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

export interface CopyViolation {
  readonly file: string;
  /** Export and path inside it, e.g. "LANDING.hero.headline" or "CLINIC.reviews.items[1].quote". */
  readonly field: string;
  /** The offending words as written. */
  readonly words: string;
  readonly rule: string;
}

interface Rule {
  readonly pattern: RegExp;
  readonly rule: string;
}

/** Each pattern is global so every occurrence is reported. */
const COPY_RULES: readonly Rule[] = [
  {
    pattern: /\b(cure[sd]?|curing|curative)\b/gi,
    rule: 'acupuncture may help; it is never said to cure',
  },
  {
    pattern: /\b(guarantee[sd]?|guaranteeing|promise[sd]? (?:relief|results))\b/gi,
    rule: 'no result can be guaranteed or promised',
  },
  {
    pattern:
      /\b(miracle|miraculous|proven|clinically proven|permanent(?:ly)?|risk[- ]free|painless)\b/gi,
    rule: 'a claim no one can back: say "may help" or "many patients report"',
  },
  {
    pattern: /\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)/gi,
    rule: 'a figure the page cannot back: quote no statistic',
  },
  {
    pattern: /\b\d+\s(?:out of|in)\s\d+\b/gi,
    rule: 'a figure the page cannot back: quote no statistic',
  },
  {
    pattern:
      /\b(?:studies|a study|research|trials?|scientists|doctors|experts|evidence)\s+(?:\w+\s+){0,2}(?:show|shows|showed|shown|prove|proves|proved|proven|found|finds|confirm|confirms|confirmed|agree|agrees|demonstrate|demonstrates)\b/gi,
    rule: 'an appeal to studies the page does not cite: say what patients report instead',
  },
];

/** Every string in a value, with the path that leads to it. */
function strings(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  }
  return [];
}

/**
 * Fields that are not copy: addresses, file names, dates. A source link such as
 * "https://…/100-percent" must not read as a statistic.
 */
const NOT_COPY = /\.(source|sourceUrl|date|asOf|aspect)$|^THEME\./;

/** Every rule broken in these content modules, in file and field order. */
export function copyViolations(sources: readonly ContentSource[]): CopyViolation[] {
  const found: CopyViolation[] = [];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source.exports)) {
      for (const { path, text } of strings(value, name)) {
        if (NOT_COPY.test(path)) continue;
        for (const { pattern, rule } of COPY_RULES) {
          for (const match of text.matchAll(pattern)) {
            found.push({ file: source.file, field: path, words: match[0], rule });
          }
        }
      }
    }
  }
  return found;
}

/** One line per violation: `web/content/site.ts: LANDING.hero.headline: "cure" (…)`. */
export function describeCopyViolation(v: CopyViolation): string {
  return `${v.file}: ${v.field}: "${v.words}" (${v.rule})`;
}
