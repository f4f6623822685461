/**
 * The one table of the security headers of every response the site's CloudFront distribution
 * sends, pages and API alike ({@link securityHeaders}). The policy allows the build's own inline
 * `<style>` elements by hash, so the table is a function of those hashes. The distribution's
 * response headers policy is built from it (response-headers-policy.ts reads each value into
 * CloudFront's typed form), and the local static server, the browser tests and `bench:web` send
 * it as it is, for the build they serve ({@link siteSecurityHeaders}): the site is proven to run
 * under the policy it ships with, and the two cannot drift apart.
 */
import { normaliseStyleHashes, readScriptHashes, readStyleHashes } from './csp-hashes';

/**
 * The Content-Security-Policy directives before any style hash is added. The site is prerendered
 * HTML with a little same-origin JavaScript and CSS, so everything is denied by default and only
 * `'self'` is allowed back where the site uses it (no font, manifest, frame or media source is
 * allowed at all):
 * - no `'unsafe-inline'` or `'unsafe-eval'` anywhere (JSON-LD `<script type="application/ld+json">`
 *   blocks are data, never executed, so they need no allowance);
 * - `script-src 'self'`, plus the hash of the build's one inline script, the few bytes that
 *   fetch the landing page's script once the page has been shown (web/build/script-priority.ts);
 * - `style-src 'self'`, plus the hash of each inline `<style>` element of the build (see
 *   {@link cspDirectives}): the page's CSS comes in its HTML, saving a round trip before the
 *   first paint, and only that exact text may apply;
 * - `img-src 'self' data:`: the site's pictures, and the favicon drawn into each page as a
 *   `data:` URL (functions/contract/layout.ts), so that no request for it is in flight while the
 *   page first paints (an image can run no script, so `data:` here opens nothing to injection);
 * - `connect-src 'self'`: the form posts to `/api/leads` on the same origin;
 * - `form-action 'self'`: the no-JavaScript form posts to the same origin, and its 303 answer
 *   redirects there too;
 * - `frame-ancestors 'none'`: no other site may frame the page (clickjacking);
 * - `base-uri 'none'` and `object-src 'none'`: the two escapes a strict policy must close.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * The directives with the given inline style and script hashes (`sha256-…`, as the build writes
 * them) added to `style-src` and `script-src` (sorted, so the header is the same for the same
 * build); every other directive is {@link CSP_DIRECTIVES} unchanged.
 */
export function cspDirectives(
  styleHashes: readonly string[],
  scriptHashes: readonly string[] = [],
): Readonly<Record<string, readonly string[]>> {
  const quoted = (hashes: readonly string[]) => normaliseStyleHashes(hashes).map((h) => `'${h}'`);
  return {
    ...CSP_DIRECTIVES,
    'script-src': [...(CSP_DIRECTIVES['script-src'] ?? []), ...quoted(scriptHashes)],
    'style-src': [...(CSP_DIRECTIVES['style-src'] ?? []), ...quoted(styleHashes)],
  };
}

/** The Content-Security-Policy header value for a build with these inline hashes. */
export function contentSecurityPolicy(
  styleHashes: readonly string[],
  scriptHashes: readonly string[] = [],
): string {
  return Object.entries(cspDirectives(styleHashes, scriptHashes))
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/** One year: the value browsers and the HSTS preload list expect. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Strict-Transport-Security: HTTPS only, for a year, for the domain and its subdomains. */
const STRICT_TRANSPORT_SECURITY = `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`;

/**
 * Referrer-Policy. `same-origin` is the strictest value that still lets the page's own requests
 * carry their referrer (the API records it for attribution): other sites a patient follows a
 * link to never learn that they came from a back-pain page, which is itself health information.
 */
const REFERRER_POLICY = 'same-origin';

/** Powerful browser features the page never uses, switched off for it and anything it embeds. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

/** Cross-Origin-Opener-Policy: a window the page opens cannot script it back. */
const CROSS_ORIGIN_OPENER_POLICY = 'same-origin';

/** The security headers by lower-case name; the CSP is always among them. */
export type SecurityHeaders = Readonly<Record<string, string>> & {
  readonly 'content-security-policy': string;
};

/**
 * Every security header, by lower-case name, exactly as CloudFront adds it to each response of
 * a build with these inline style and script hashes. `x-xss-protection: 0` turns off the legacy filter of
 * old browsers, which could itself be abused; the CSP is the protection. A header added here is
 * sent by both CloudFront and the local server; one CloudFront cannot express stops the synth.
 */
export function securityHeaders(
  styleHashes: readonly string[],
  scriptHashes: readonly string[] = [],
): SecurityHeaders {
  return {
    'content-security-policy': contentSecurityPolicy(styleHashes, scriptHashes),
    'strict-transport-security': STRICT_TRANSPORT_SECURITY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': REFERRER_POLICY,
    'x-xss-protection': '0',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': CROSS_ORIGIN_OPENER_POLICY,
  };
}

/** The security headers CloudFront sends with the build in `siteDir` (its hash file read). */
export function siteSecurityHeaders(siteDir: string): SecurityHeaders {
  return securityHeaders(readStyleHashes(siteDir), readScriptHashes(siteDir));
}
