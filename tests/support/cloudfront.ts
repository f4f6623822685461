/** Standing in for CloudFront in tests and benchmarks (no test runner needed). */
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/http';

/**
 * An origin secret for tests that stand in for CloudFront: with it in the handler's
 * environment and {@link ORIGIN_VERIFY_HEADER} on each request, the handler trusts the
 * `CloudFront-Viewer-Address` header, as it does behind the real distribution.
 */
export const TEST_ORIGIN_SECRET = 'test-origin-secret-0123456789abcdefghijklmnopqrstuvwxyz';

/** The headers CloudFront adds to a request it forwards from `viewer` ("ip:port"). */
export const cloudFrontHeaders = (viewer: string): Record<string, string> => ({
  [ORIGIN_VERIFY_HEADER]: TEST_ORIGIN_SECRET,
  'cloudfront-viewer-address': viewer,
});
