/**
 * The warm-up: `GET /api/leads?warm`, sent once by the page when a visitor starts filling a form,
 * so the Lambda cold start happens while the patient types rather than after they press send.
 *
 * The first warm-up of an execution environment also rehearses a submission
 * ({@link rehearseSubmission}): the whole submit path runs once on a sample request against a
 * table client that answers from memory, so the code a first submission meets for the first
 * time (validation, the item's marshalling, request signing, built-ins Node.js loads on first
 * use) has run before the patient presses send.
 *
 * It is answered from memory: no table read or write, no lead, no log line per request. Its
 * limit is kept in the execution environment's memory too (a table counter would cost the very
 * write it exists to avoid): at most {@link WARM_UPS_PER_CLIENT} per client per window, and
 * {@link WARM_UPS_PER_INSTANCE} over all clients per window; over it the answer is a polite 429.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createTableClient } from '../lib/dynamodb-json';
import { jsonResponse, type HttpResponse } from '../lib/http';
import { submitLead, type SubmitDeps } from './submit-lead';

/** Warm-ups one client may send per window (one per page view is what the page sends). */
const WARM_UPS_PER_CLIENT = 5;
/** Warm-ups one execution environment answers per window, over all clients. */
const WARM_UPS_PER_INSTANCE = 300;
/** Length of the window, in seconds. */
const WARM_UP_WINDOW_SECONDS = 600;
/** Clients remembered per window; beyond it the window's per-client counts start over. */
const MAX_CLIENTS = 5_000;

/** Whether the request is the page's warm-up: a GET whose query names `warm`. */
export function isWarmUp(event: APIGatewayProxyEventV2): boolean {
  return (
    event.requestContext.http.method.toUpperCase() === 'GET' &&
    new URLSearchParams(event.rawQueryString ?? '').has('warm')
  );
}

/** Counts warm-ups per client and in all, per fixed window, in memory. */
export class WarmUpLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private total = 0;
  private readonly perClient = new Map<string, number>();

  /** Seconds until the client may warm up again, or 0 when this warm-up is allowed (and counted). */
  take(client: string, nowMs: number): number {
    const windowMs = WARM_UP_WINDOW_SECONDS * 1000;
    if (nowMs - this.windowStart >= windowMs || this.perClient.size >= MAX_CLIENTS) {
      this.windowStart = nowMs - (nowMs % windowMs);
      this.total = 0;
      this.perClient.clear();
    }
    const count = this.perClient.get(client) ?? 0;
    if (count >= WARM_UPS_PER_CLIENT || this.total >= WARM_UPS_PER_INSTANCE) {
      return Math.max(1, Math.ceil((this.windowStart + windowMs - nowMs) / 1000));
    }
    this.perClient.set(client, count + 1);
    this.total++;
    return 0;
  }
}

/** 204 when allowed; 429 with Retry-After and a plain explanation when over the limit. */
export function warmUpResponse(retryAfterSeconds: number): HttpResponse {
  if (retryAfterSeconds === 0) {
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
  }
  return jsonResponse(
    429,
    {
      error: 'TooManyWarmUps',
      message: `Thank you, the form is ready. Please wait ${retryAfterSeconds} seconds before asking again.`,
    },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** The sample a rehearsal submits: a callback as the page sends it, to `phone`. */
const rehearsalRequest = (phone: string) =>
  ({
    fields: { kind: 'callback', name: 'Rehearsal', phone, preferredTime: 'morning', consent: true },
    via: 'json',
    sourceIp: '192.0.2.1',
    userAgent: 'warm-up rehearsal',
  }) as const;

/** DynamoDB's answer to a write that asked for nothing back, made up in memory. */
const emptyAnswer = () => Promise.resolve({ statusCode: 200, body: '{}' });

/**
 * Runs `submitLead` once with `deps`, on a callback request to `phone` (the clinic's own number,
 * which the phone rules accept wherever the clinic is), but with a table client whose requests
 * never leave the process (its transport answers every request with an empty success). Nothing is stored, counted
 * or sent. Resolves to whether the rehearsal ran to its end; a failure is not thrown, since the
 * rehearsal only warms.
 */
export async function rehearseSubmission(deps: SubmitDeps, phone: string): Promise<boolean> {
  try {
    // Signs each request as the real client does, then answers it from memory.
    const db = createTableClient({ transport: emptyAnswer });
    const result = await submitLead(rehearsalRequest(phone), { ...deps, db });
    return result.created;
  } catch {
    return false;
  }
}
