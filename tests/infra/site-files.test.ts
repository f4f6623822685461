import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  invalidationPaths,
  listSiteFiles,
  MAX_INVALIDATION_PATHS,
  SiteBuildMissingError,
} from '../../infra/site/site-files';
import { FIXTURE_FILES, siteFixture } from './support/app';

describe('Site files: what a deploy uploads and invalidates', () => {
  it('lists every file of the build with forward slashes, sorted', () => {
    expect(listSiteFiles(siteFixture())).toEqual([...FIXTURE_FILES].sort());
  });

  it('refuses a folder without index.html and says to build the site first', () => {
    const empty = mkdtempSync(join(tmpdir(), 'empty-site-'));
    expect(() => listSiteFiles(empty)).toThrow(SiteBuildMissingError);
    expect(() => listSiteFiles(empty)).toThrow(/npm run build/);
  });

  it('invalidates the files whose names stay the same, never the hashed assets', () => {
    expect(
      invalidationPaths(['assets/a-1234abcd.js', 'index.html', 'thank-you/index.html']),
    ).toEqual(['/index.html', '/thank-you/index.html']);
  });

  it('falls back to one wildcard path when a build changes many fixed names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'big-site-'));
    writeFileSync(join(dir, 'index.html'), '');
    for (let i = 0; i <= MAX_INVALIDATION_PATHS; i++) {
      mkdirSync(join(dir, `page-${i}`));
      writeFileSync(join(dir, `page-${i}`, 'index.html'), '');
    }
    expect(invalidationPaths(listSiteFiles(dir))).toEqual(['/*']);
  });
});
