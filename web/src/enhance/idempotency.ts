/**
 * The idempotency key of one form fill: a random UUID v4, made once and sent with every retry,
 * so the API stores the request once however often it arrives.
 */

/** A fresh UUID v4 (crypto.randomUUID where the browser has it, else from random bytes). */
export function newIdempotencyKey(cryptoImpl: Crypto = crypto): string {
  if (typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID();
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
