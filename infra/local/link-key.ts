/**
 * The status-link key of the local stack: 48 random bytes (base64url, 64 characters, like the
 * value Secrets Manager generates in AWS), made on first start and kept under the data
 * directory so links in emails keep working across restarts. Never in the repository.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** File name of the key inside the local data directory. */
export const LOCAL_LINK_KEY_FILE = 'status-link-key';

/** Makes the key file when missing; returns its `STATUS_LINK_KEY` value (`file:<path>`). */
export function ensureLocalLinkKey(dataDir: string): string {
  return ensureLocalKey(dataDir, LOCAL_LINK_KEY_FILE);
}

/**
 * Makes a generated key file (48 random bytes, base64url) named `fileName` in the data
 * directory when missing; returns where it is as `file:<path>`.
 */
export function ensureLocalKey(dataDir: string, fileName: string): string {
  const path = join(dataDir, fileName);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    // Readable by this user only; `wx` never overwrites a key another process just made.
    try {
      writeFileSync(path, `${randomBytes(48).toString('base64url')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return `file:${path}`;
}
