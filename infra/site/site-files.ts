/**
 * What a deploy of the built site uploads and invalidates, worked out from the build output.
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

/**
 * Above this many changed paths a deploy invalidates `/*` instead: one wildcard costs the same
 * as one path, and CloudFront bills invalidation paths past the first 1,000 a month.
 */
export const MAX_INVALIDATION_PATHS = 50;

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

/**
 * The paths a deploy invalidates: every file that keeps its name from build to build. Hashed
 * assets are never invalidated (a changed one has a new name). The site router makes each
 * object's own path its cache key, so these paths are exactly what viewers can have cached.
 */
export function invalidationPaths(
  files: readonly string[],
  hashedPrefix: string = HASHED_ASSETS_PREFIX,
): string[] {
  const paths = files.filter((file) => !file.startsWith(hashedPrefix)).map((file) => `/${file}`);
  return paths.length > MAX_INVALIDATION_PATHS ? ['/*'] : paths;
}
