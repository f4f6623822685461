/**
 * The security headers of every response the site's CloudFront distribution sends, pages and
 * API alike. The distribution's response headers policy is built from these constants, and the
 * local static server and the browser tests send exactly {@link SECURITY_HEADERS}, so the site
 * is proven to run under the policy it ships with.
 */

/**
 * The Content-Security-Policy directives. The site is prerendered HTML with a little same-origin
 * JavaScript and CSS, so everything is denied by default and only `'self'` is allowed back:
 * - no `'unsafe-inline'` or `'unsafe-eval'` anywhere (JSON-LD `<script type="application/ld+json">`
 *   blocks are data, never executed, so they need no allowance);
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
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/** The Content-Security-Policy header value. */
export const CONTENT_SECURITY_POLICY: string = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** One year: the value browsers and the HSTS preload list expect. */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Strict-Transport-Security: HTTPS only, for a year, for the domain and its subdomains. */
export const STRICT_TRANSPORT_SECURITY = `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`;

/**
 * Referrer-Policy. `same-origin` is the strictest value that still lets the page's own requests
 * carry their referrer (the API records it for attribution): other sites a patient follows a
 * link to never learn that they came from a back-pain page, which is itself health information.
 */
export const REFERRER_POLICY = 'same-origin';

/** Powerful browser features the page never uses, switched off for it and anything it embeds. */
export const PERMISSIONS_POLICY = [
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
export const CROSS_ORIGIN_OPENER_POLICY = 'same-origin';

/**
 * Every security header, by lower-case name, exactly as CloudFront adds it to each response.
 * `x-xss-protection: 0` turns off the legacy filter of old browsers, which could itself be
 * abused; the CSP is the protection.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': STRICT_TRANSPORT_SECURITY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': REFERRER_POLICY,
  'x-xss-protection': '0',
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': CROSS_ORIGIN_OPENER_POLICY,
};
