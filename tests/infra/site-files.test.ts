import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSiteFiles, SiteBuildMissingError } from '../../infra/site/site-files';
import { CAMPAIGN_TABLE_FILE } from '../../infra/site/viewer-function-code';
import { FIXTURE_FILES, siteFixture } from './support/app';

describe('Site files: what a deploy uploads', () => {
  it('lists every file of the build with forward slashes, sorted', () => {
    expect(listSiteFiles(siteFixture())).toEqual([...FIXTURE_FILES, CAMPAIGN_TABLE_FILE].sort());
  });

  it('refuses a folder without index.html and says to build the site first', () => {
    const empty = mkdtempSync(join(tmpdir(), 'empty-site-'));
    expect(() => listSiteFiles(empty)).toThrow(SiteBuildMissingError);
    expect(() => listSiteFiles(empty)).toThrow(/npm run build/);
  });
});
