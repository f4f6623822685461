/**
 * What a deploy of the built site uploads, worked out from the build output (each changed page
 * is then invalidated by infra/constructs/page-invalidations.ts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Where Vite writes content-hashed files (its `build.assetsDir`). */
export const HASHED_ASSETS_PREFIX = 'assets/';

/** Cache-Control of content-hashed files: a changed file has a new name, so never revalidate. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Cache-Control of every other file (HTML, robots.txt, the stable stylesheet the API's error
 * page links to): browsers revalidate on each use, so a deploy shows at once.
 */
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

/** Raised when the site has not been built; the message says what to run. */
export class SiteBuildMissingError extends Error {
  override readonly name = 'SiteBuildMissingError';
}

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listSiteFiles(dir: string): string[] {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new SiteBuildMissingError(
      `The built site is missing: ${join(dir, 'index.html')} does not exist. Run \`npm run build\` first (\`npm run synth\` and \`npm run deploy\` do).`,
    );
  }
  const files: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}
