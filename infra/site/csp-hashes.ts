/**
 * The hashes of the inline `<style>` elements the build puts in its pages, and of its one inline
 * module script (the loader that fetches the landing page's script once the page has been shown:
 * web/build/script-priority.ts), which the Content-Security-Policy allows one by one
 * (`style-src 'self' 'sha256-…'`, `script-src 'self' 'sha256-…'`) instead of allowing inline
 * styles or scripts at all. The build writes them to {@link CSP_HASHES_FILE} in its output; the CDK
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
  /** Hash sources of every inline `<script>` the pages run, sorted, no duplicates. */
  readonly scriptHashes: readonly string[];
}

/**
 * The hash source of an inline element's text, as a browser computes it for the CSP: SHA-256 of
 * the UTF-8 bytes of exactly the text between the tags (whitespace included), base64-encoded.
 */
export function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The hash file's text for sets of hashes (sorted and deduplicated, so builds compare equal). */
export function cspHashesJson(
  styleHashes: Iterable<string>,
  scriptHashes: Iterable<string> = [],
): string {
  const hashes: CspHashes = {
    styleHashes: normaliseStyleHashes([...styleHashes]),
    scriptHashes: normaliseStyleHashes([...scriptHashes]),
  };
  return `${JSON.stringify(hashes, null, 2)}\n`;
}

/** Raised for a hash file, or a hash, that is not what the build writes. */
class CspHashesFileError extends Error {
  override readonly name = 'CspHashesFileError';
}

/**
 * The hash file's text read back (`path` names it in errors): both lists, checked and sorted.
 * A file of an older build without `scriptHashes` allows no inline script.
 */
export function readHashesJson(text: string, path: string): CspHashes {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CspHashesFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const file = parsed as Partial<Record<keyof CspHashes, unknown>> | null;
  const list = (key: keyof CspHashes, fallback?: readonly string[]): string[] => {
    const hashes = Array.isArray(parsed) ? undefined : (file?.[key] ?? fallback);
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string')) {
      throw new CspHashesFileError(`${path}: expected { "${key}": ["sha256-…"] }`);
    }
    return normaliseStyleHashes(hashes);
  };
  return { styleHashes: list('styleHashes'), scriptHashes: list('scriptHashes', []) };
}

/** The hash file of the build in `siteDir`; no inline element allowed without one. */
function readHashes(siteDir: string): CspHashes {
  const path = join(siteDir, CSP_HASHES_FILE);
  if (!existsSync(path)) return { styleHashes: [], scriptHashes: [] };
  return readHashesJson(readFileSync(path, 'utf8'), path);
}

/**
 * The style hashes of the build in `siteDir`. A build without the file has no inline style, so
 * none is allowed. Anything in the file that is not a SHA-256 hash source is refused, since it
 * would go straight into the policy.
 */
export function readStyleHashes(siteDir: string): readonly string[] {
  return readHashes(siteDir).styleHashes;
}

/**
 * The inline script hashes of the build in `siteDir`, checked like the style hashes; none for a
 * build without the file or without the list.
 */
export function readScriptHashes(siteDir: string): readonly string[] {
  return readHashes(siteDir).scriptHashes;
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
