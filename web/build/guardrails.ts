/**
 * The checks every build runs before it writes a page (and so every `npm run synth` and
 * `npm run deploy`): the copy rules (web/build/copy-rules.ts) over every content file, and the
 * contrast of the theme's colours (web/build/contrast.ts). One failed check stops the build
 * with a list of every problem, each naming the file, the field and the words or colours.
 *
 * A new content file under web/content/ is added to {@link CONTENT_SOURCES}.
 */
import type { Plugin } from 'vite';
import * as formCopy from '../../functions/contract/form-copy';
import * as clinic from '../content/clinic';
import * as site from '../content/site';
import type { Theme } from '../content/types';
import { copyViolations, describeCopyViolation, type ContentSource } from './copy-rules';
import { themeViolations } from './contrast';

/** The content files whose words are published, as a person would open them. */
const CONTENT_SOURCES: readonly ContentSource[] = [
  { file: 'web/content/site.ts', exports: site },
  { file: 'web/content/clinic.ts', exports: clinic },
  { file: 'functions/contract/form-copy.ts', exports: formCopy },
];

/** Every problem with the content and theme, one line each; empty when the build may go on. */
export function contentProblems(
  sources: readonly ContentSource[] = CONTENT_SOURCES,
  theme: Theme = site.THEME,
): string[] {
  return [...copyViolations(sources).map(describeCopyViolation), ...themeViolations(theme)];
}

/** Raised by the build when the content breaks a rule. */
class ContentRuleError extends Error {
  override readonly name = 'ContentRuleError';
}

/** The message for a list of problems. */
function contentRuleMessage(problems: readonly string[]): string {
  return `The page's content breaks ${problems.length === 1 ? 'a rule' : `${problems.length} rules`} (see README, "What the build checks"):\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

/** Runs the checks at the start of `vite build`. */
export function guardrails(check: () => string[] = () => contentProblems()): Plugin {
  return {
    name: 'backcare:guardrails',
    apply: 'build',
    buildStart() {
      const problems = check();
      if (problems.length > 0) throw new ContentRuleError(contentRuleMessage(problems));
    },
  };
}
