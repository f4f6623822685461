/**
 * The webhook's signature: HMAC-SHA256, under a secret generated at deploy, of
 * `<timestamp>.<body>` (the Unix time in seconds when it was sent, a dot, the exact bytes of the
 * body). It travels in one header, `X-Lead-Signature: t=<timestamp>,v1=<hex signature>`. A
 * receiver recomputes it over the raw body, compares in constant time and refuses a timestamp
 * more than five minutes from its clock, so a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the timestamp and the signature. */
export const SIGNATURE_HEADER = 'X-Lead-Signature';
/** The header carrying the delivery's id (the lead reference): a receiver may drop repeats by it. */
export const DELIVERY_HEADER = 'X-Lead-Delivery';
/** How far a timestamp may be from the receiver's clock, in seconds. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

function hmac(secret: Uint8Array, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The `X-Lead-Signature` value for `body` sent at `timestamp` (Unix seconds). */
export function signatureHeader(secret: Uint8Array, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** Why a webhook was refused, or `ok`. */
export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'bad-signature' | 'stale';

/** Checks a received webhook as a receiver should (the local receiver does exactly this). */
export function checkSignature(
  secret: Uint8Array,
  header: string | undefined,
  body: string,
  now: Date,
): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (match === null) return 'malformed';
  const timestamp = Number(match[1]);
  const sent = Buffer.from(match[2] ?? '', 'hex');
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(sent, expected)) return 'bad-signature';
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  return 'ok';
}
