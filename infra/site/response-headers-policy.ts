/**
 * The distribution's response headers policy, built from the one table of security headers
 * (`securityHeaders()` in security-headers.ts) that the local static server sends as it is.
 * CloudFront takes the headers it knows (CSP, HSTS, nosniff, frame options, referrer policy, the
 * XSS filter) only in typed form and refuses them as custom headers, so each value is read back
 * into that form here; any other header goes out as a custom header. A value CloudFront cannot
 * express stops the synth with a message, instead of quietly sending something else.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';

/** The two behaviours of a `ResponseHeadersPolicy` that carry headers. */
export interface ResponseHeadersBehaviors {
  readonly securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior;
  readonly customHeadersBehavior: cloudfront.ResponseCustomHeadersBehavior;
}

/** A header value CloudFront's typed security headers cannot express. */
export class UnsupportedSecurityHeaderError extends Error {
  override readonly name = 'UnsupportedSecurityHeaderError';
}

const unsupported = (header: string, value: string, expected: string): never => {
  throw new UnsupportedSecurityHeaderError(
    `Security header ${header}: "${value}" cannot be sent by CloudFront; use ${expected}`,
  );
};

function strictTransportSecurity(value: string): cloudfront.ResponseHeadersStrictTransportSecurity {
  const parts = value.split(';').map((part) => part.trim());
  const maxAge = /^max-age=(\d+)$/.exec(parts[0] ?? '')?.[1];
  const flags = parts.slice(1);
  if (maxAge === undefined || flags.some((f) => f !== 'includeSubDomains' && f !== 'preload')) {
    return unsupported(
      'strict-transport-security',
      value,
      '"max-age=<seconds>" with "; includeSubDomains" and "; preload" as wanted',
    );
  }
  return {
    accessControlMaxAge: Duration.seconds(Number(maxAge)),
    includeSubdomains: flags.includes('includeSubDomains'),
    ...(flags.includes('preload') && { preload: true }),
    override: true,
  };
}

const FRAME_OPTIONS: Readonly<Record<string, cloudfront.HeadersFrameOption>> = {
  DENY: cloudfront.HeadersFrameOption.DENY,
  SAMEORIGIN: cloudfront.HeadersFrameOption.SAMEORIGIN,
};

const REFERRER_POLICIES: ReadonlySet<string> = new Set(
  Object.values(cloudfront.HeadersReferrerPolicy),
);

function xssProtection(value: string): cloudfront.ResponseHeadersXSSProtection {
  if (value === '0') return { protection: false, override: true };
  if (value === '1') return { protection: true, override: true };
  if (value === '1; mode=block') return { protection: true, modeBlock: true, override: true };
  return unsupported('x-xss-protection', value, '"0", "1" or "1; mode=block"');
}

/**
 * The security and custom header behaviours that make CloudFront send exactly `headers` (lower
 * case names, as `securityHeaders()` gives them), every one overriding what the origin sent.
 */
export function responseHeadersBehaviors(
  headers: Readonly<Record<string, string>>,
): ResponseHeadersBehaviors {
  const security: {
    -readonly [
      K in keyof cloudfront.ResponseSecurityHeadersBehavior
    ]: cloudfront.ResponseSecurityHeadersBehavior[K];
  } = {};
  const custom: cloudfront.ResponseCustomHeader[] = [];
  for (const [header, value] of Object.entries(headers)) {
    switch (header) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security':
        security.strictTransportSecurity = strictTransportSecurity(value);
        break;
      case 'x-content-type-options':
        if (value !== 'nosniff') unsupported(header, value, '"nosniff"');
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options':
        security.frameOptions = {
          frameOption: FRAME_OPTIONS[value] ?? unsupported(header, value, '"DENY" or "SAMEORIGIN"'),
          override: true,
        };
        break;
      case 'referrer-policy':
        if (!REFERRER_POLICIES.has(value)) {
          unsupported(header, value, `one of ${[...REFERRER_POLICIES].join(', ')}`);
        }
        security.referrerPolicy = {
          referrerPolicy: value as cloudfront.HeadersReferrerPolicy,
          override: true,
        };
        break;
      case 'x-xss-protection':
        security.xssProtection = xssProtection(value);
        break;
      default:
        custom.push({ header, value, override: true });
    }
  }
  return {
    securityHeadersBehavior: security,
    customHeadersBehavior: { customHeaders: custom },
  };
}
