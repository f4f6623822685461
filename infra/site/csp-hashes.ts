/**
 * The hashes of the inline `<style>` elements the build puts in its pages, which the
 * Content-Security-Policy allows one by one (`style-src 'self' 'sha256-…'`) instead of allowing
 * inline styles at all. The build writes them to {@link CSP_HASHES_FILE} in its output; the CDK
 * site construct, the local server and the benchmark read them from the build they serve, so the
 * policy always matches the pages it is sent with.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the hash file in the build directory. A build artefact: never uploaded. */
export const CSP_HASHES_FILE = 'csp-hashes.json';

/** A CSP hash source without its quotes: `sha256-` and the base64 digest (44 characters). */
const HASH_SOURCE = /^sha256-[A-Za-z0-9+/]{43}=$/;

/** The content of {@link CSP_HASHES_FILE}. */
export interface CspHashes {
  /** Hash sources of every inline `<style>` element of the pages, sorted, no duplicates. */
  readonly styleHashes: readonly string[];
}

/**
 * The hash source of an inline element's text, as a browser computes it for the CSP: SHA-256 of
 * the UTF-8 bytes of exactly the text between the tags (whitespace included), base64-encoded.
 */
export function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The hash file's text for a set of hashes (sorted and deduplicated, so builds compare equal). */
export function cspHashesJson(styleHashes: Iterable<string>): string {
  const hashes: CspHashes = { styleHashes: normaliseStyleHashes([...styleHashes]) };
  return `${JSON.stringify(hashes, null, 2)}\n`;
}

/** Raised for a hash file, or a hash, that is not what the build writes. */
class CspHashesFileError extends Error {
  override readonly name = 'CspHashesFileError';
}

/**
 * The style hashes of the build in `siteDir`. A build without the file has no inline style, so
 * none is allowed. Anything in the file that is not a SHA-256 hash source is refused, since it
 * would go straight into the policy.
 */
export function readStyleHashes(siteDir: string): readonly string[] {
  const path = join(siteDir, CSP_HASHES_FILE);
  if (!existsSync(path)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CspHashesFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const hashes = (parsed as Partial<CspHashes> | null)?.styleHashes;
  if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string')) {
    throw new CspHashesFileError(`${path}: expected { "styleHashes": ["sha256-…"] }`);
  }
  return normaliseStyleHashes(hashes);
}

/**
 * The hashes sorted and deduplicated; anything that is not a SHA-256 hash source (which would
 * widen the policy, or break it) is refused.
 */
export function normaliseStyleHashes(hashes: readonly string[]): string[] {
  for (const hash of hashes) {
    if (!HASH_SOURCE.test(hash)) {
      throw new CspHashesFileError(`Not a SHA-256 CSP hash source: ${JSON.stringify(hash)}`);
    }
  }
  return [...new Set(hashes)].sort();
}
