/**
 * The local server of the production build (`WEB_MODE=dist npm start`) sends the headers it is
 * given on every response, asks for them again on each request when given a function (so a
 * rebuild's new CSP hashes apply), and serves a file rebuilt since its last request.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStaticServer, type RunningStaticServer } from '../../../infra/local/static-server';
import { CSP_HASHES_FILE } from '../../../infra/site/csp-hashes';
import { siteSecurityHeaders } from '../../../infra/site/security-headers';

const HASH_A = `sha256-${'A'.repeat(43)}=`;
const HASH_B = `sha256-${'B'.repeat(43)}=`;

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'static-site-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>first</title>');
  writeFileSync(join(dir, CSP_HASHES_FILE), JSON.stringify({ styleHashes: [HASH_A] }));
  return dir;
}

let server: RunningStaticServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('Local server of the built site', () => {
  it('sends the CloudFront security headers, CSP included, on pages and assets', async () => {
    const dir = site();
    server = await startStaticServer({
      root: dir,
      port: 0,
      headers: () => siteSecurityHeaders(dir),
    });
    for (const path of ['/', '/no-such-page']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`style-src 'self' '${HASH_A}'`);
      expect(response.headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('follows a rebuild without a restart: new pages, new style hashes', async () => {
    const dir = site();
    server = await startStaticServer({
      root: dir,
      port: 0,
      headers: () => siteSecurityHeaders(dir),
    });
    const before = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    // fetch undoes the compression; the server keeps a compressed copy per file.
    expect(await before.text()).toContain('first');

    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>second build</title>');
    writeFileSync(join(dir, CSP_HASHES_FILE), JSON.stringify({ styleHashes: [HASH_B] }));
    // The same second on a coarse clock: move the stamp so the change is seen whatever the clock.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'index.html'), later, later);

    const after = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(await after.text()).toContain('second build');
    const csp = after.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(HASH_B);
    expect(csp).not.toContain(HASH_A);
  });
});
