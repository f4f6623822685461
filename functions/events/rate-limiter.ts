/**
 * A per-client limit on events, held in the function's memory only. Events must leave nothing
 * that could identify a visitor, so the limiter keeps no record in the table: it counts, per
 * minute, under an HMAC of the client address with a key made at cold start and never stored,
 * and forgets everything each minute.
 *
 * It bounds what one client can add through one function instance. Across instances the WAF
 * rate rule in front of `/api/*` (per address, every 5 minutes), the API stage throttle and the
 * function's reserved concurrency bound the rest.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface RateLimiterOptions {
  /** Events one client may send per window. */
  readonly maxPerWindow: number;
  /** @default 60 */
  readonly windowSeconds?: number;
  /**
   * Most clients tracked at once; past it the window starts over (a flood of addresses is the
   * WAF's to stop).
   * @default 10000
   */
  readonly maxClients?: number;
}

export interface RateLimiter {
  /** Counts one event of `client` at `now`: `undefined` if allowed, else seconds to wait. */
  take(client: string, now: Date): number | undefined;
}

export function memoryRateLimiter(options: RateLimiterOptions): RateLimiter {
  const windowMs = (options.windowSeconds ?? 60) * 1000;
  const maxClients = options.maxClients ?? 10_000;
  const key = randomBytes(32);
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    take(client, now) {
      const start = now.getTime() - (now.getTime() % windowMs);
      if (start !== windowStart || counts.size >= maxClients) {
        windowStart = start;
        counts = new Map();
      }
      const id = createHmac('sha256', key).update(client).digest('base64url');
      const count = (counts.get(id) ?? 0) + 1;
      if (count > options.maxPerWindow) {
        return Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000));
      }
      counts.set(id, count);
      return undefined;
    },
  };
}
