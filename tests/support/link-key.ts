/** A status-link key for tests: written to a fresh temporary file, as the local stack keeps it. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureLocalLinkKey } from '../../infra/local/link-key';

export interface TestLinkKey {
  /** The `STATUS_LINK_KEY` value: `file:<path>`. */
  readonly source: string;
  /** The key's bytes, to sign or check tokens in a test. */
  readonly key: Buffer;
}

export function testLinkKey(): TestLinkKey {
  const source = ensureLocalLinkKey(mkdtempSync(`${tmpdir()}/link-key-`));
  const key = Buffer.from(readFileSync(source.slice('file:'.length), 'utf8').trim(), 'utf8');
  return { source, key };
}
