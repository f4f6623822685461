import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CSP_HASHES_FILE,
  cspHash,
  cspHashesJson,
  readScriptHashes,
  readStyleHashes,
} from '../../infra/site/csp-hashes';

/** A build directory, with a hash file of this text when given. */
const buildDir = (hashFile?: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'csp-hashes-'));
  if (hashFile !== undefined) writeFileSync(join(dir, CSP_HASHES_FILE), hashFile);
  return dir;
};

describe('CSP hashes: the hash of an inline element', () => {
  it("is the CSP specification's sha256 of the element's text", () => {
    // The worked example of the CSP specification: <script>alert('Hello, world.');</script>
    expect(cspHash("alert('Hello, world.');")).toBe(
      'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=',
    );
  });

  it('covers the exact text: a space or a newline more is another hash', () => {
    expect(cspHash('body{margin:0}')).not.toBe(cspHash(' body{margin:0}'));
    expect(cspHash('body{margin:0}')).not.toBe(cspHash('body{margin:0}\n'));
  });

  it('hashes the UTF-8 bytes of text beyond ASCII, as browsers do', () => {
    const bytes = Buffer.from([
      ...Buffer.from('q::before{content:"'),
      0xe2,
      0x80,
      0x9c,
      0x22,
      0x7d,
    ]);
    const expected = createHash('sha256').update(bytes).digest('base64');
    expect(cspHash('q::before{content:"\u201c"}')).toBe(`sha256-${expected}`);
  });
});

describe('CSP hashes: the build artefact', () => {
  const a = cspHash('a{}');
  const b = cspHash('b{}');

  it('is read back as written, sorted and without duplicates', () => {
    const [first, second] = [a, b].sort() as [string, string];
    const dir = buildDir(cspHashesJson([second, first, second]));
    expect(readStyleHashes(dir)).toEqual([first, second]);
  });

  it('keeps the inline script hashes apart from the style hashes', () => {
    const dir = buildDir(cspHashesJson([a], [b, b]));
    expect(readStyleHashes(dir)).toEqual([a]);
    expect(readScriptHashes(dir)).toEqual([b]);
  });

  it('means no inline script for a file without script hashes, or no file', () => {
    expect(readScriptHashes(buildDir(`{ "styleHashes": ["${a}"] }`))).toEqual([]);
    expect(readScriptHashes(buildDir())).toEqual([]);
  });

  it('refuses a script hash that is not a SHA-256 hash source', () => {
    const text = `{ "styleHashes": [], "scriptHashes": ["'unsafe-inline'"] }`;
    expect(() => readScriptHashes(buildDir(text))).toThrow(/Not a SHA-256/);
  });

  it('means no inline style when the build has no hash file', () => {
    expect(readStyleHashes(buildDir())).toEqual([]);
  });

  it('means no inline style when it lists none', () => {
    expect(readStyleHashes(buildDir(cspHashesJson([])))).toEqual([]);
  });

  it.each([
    ['text that is not JSON', '{ "styleHashes": [', /is not JSON/],
    ['another shape', '["sha256-x"]', /expected \{ "styleHashes"/],
    ['a keyword instead of a hash', '{ "styleHashes": ["\'unsafe-inline\'"] }', /Not a SHA-256/],
    ['a weaker hash', '{ "styleHashes": ["sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0="] }', /Not a SHA-256/],
  ])('is refused when it holds %s', (_what, text, message) => {
    expect(() => readStyleHashes(buildDir(text))).toThrow(message);
  });
});
