/**
 * A throw-away copy of the sources the site build reads (web/, the functions' shared code,
 * infra/, cdk.json), with the repository's node_modules linked in, so a test can edit the
 * content and run the real `npm run build` on it without touching the working tree.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../../..');
const COPIED = ['web', 'functions', 'infra', 'cdk.json', 'package.json', 'tsconfig.json'];

export interface SiteCopy {
  readonly dir: string;
  /** Replaces `from` (which must be there) with `to` in a file of the copy. */
  readonly edit: (file: string, from: string, to: string) => void;
  /** Runs `npm run build` in the copy. */
  readonly build: () => { readonly status: number | null; readonly output: string };
  readonly read: (file: string) => Buffer;
}

export function copySite(): SiteCopy {
  const dir = mkdtempSync(join(tmpdir(), 'site-build-'));
  for (const entry of COPIED) {
    cpSync(join(REPO, entry), join(dir, entry), {
      recursive: true,
      filter: (source) => !/(^|\/)(dist|node_modules)(\/|$)/.test(relative(REPO, source)),
    });
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    dir,
    edit: (file, from, to) => {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
      writeFileSync(path, text.replace(from, to));
    },
    build: () => {
      const result = spawnSync('npm', ['run', 'build', '--silent'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        timeout: 170_000,
      });
      return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
    },
    read: (file) => readFileSync(join(dir, file)),
  };
}
