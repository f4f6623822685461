/** The request the benchmarks submit. */
import { randomUUID } from 'node:crypto';

/** A callback request from bench patient `i`, with a fresh idempotency key each time. */
export function benchCallback(i: number): Record<string, unknown> {
  return {
    kind: 'callback',
    name: `Bench Patient ${i}`,
    phone: '(312) 555-0188',
    preferredTime: 'morning',
    consent: true,
    website: '',
    idempotencyKey: randomUUID(),
  };
}
