import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import {
  responseHeadersBehaviors,
  UnsupportedSecurityHeaderError,
} from '../../infra/site/response-headers-policy';

describe('Function: responseHeadersBehaviors', () => {
  it('puts each header CloudFront knows in its typed form, overriding the origin', () => {
    const { securityHeadersBehavior, customHeadersBehavior } = responseHeadersBehaviors({
      'content-security-policy': "default-src 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'x-xss-protection': '0',
    });
    expect(securityHeadersBehavior).toEqual({
      contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'", override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(31_536_000),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN,
        override: true,
      },
      xssProtection: { protection: false, override: true },
    });
    expect(customHeadersBehavior.customHeaders).toEqual([]);
  });

  it('reads the other forms of the typed headers', () => {
    const { securityHeadersBehavior } = responseHeadersBehaviors({
      'strict-transport-security': 'max-age=600; preload',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'x-xss-protection': '1; mode=block',
    });
    expect(securityHeadersBehavior).toEqual({
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(600),
        includeSubdomains: false,
        preload: true,
        override: true,
      },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.SAMEORIGIN, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER,
        override: true,
      },
      xssProtection: { protection: true, modeBlock: true, override: true },
    });
  });

  it('sends any other header as a custom header, as it is', () => {
    const { securityHeadersBehavior, customHeadersBehavior } = responseHeadersBehaviors({
      'permissions-policy': 'camera=()',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(securityHeadersBehavior).toEqual({});
    expect(customHeadersBehavior.customHeaders).toEqual([
      { header: 'permissions-policy', value: 'camera=()', override: true },
      { header: 'cross-origin-opener-policy', value: 'same-origin', override: true },
    ]);
  });

  it.each([
    ['strict-transport-security', 'max-age=1y'],
    ['strict-transport-security', 'max-age=600; includesubdomains'],
    ['x-content-type-options', 'sniff'],
    ['x-frame-options', 'ALLOW-FROM https://example.com'],
    ['referrer-policy', 'same-origin, no-referrer'],
    ['x-xss-protection', '1; report=/x'],
  ])('refuses %s: %s, which CloudFront cannot send', (header, value) => {
    expect(() => responseHeadersBehaviors({ [header]: value })).toThrow(
      UnsupportedSecurityHeaderError,
    );
    expect(() => responseHeadersBehaviors({ [header]: value })).toThrow(
      `Security header ${header}: "${value}" cannot be sent by CloudFront`,
    );
  });
});
