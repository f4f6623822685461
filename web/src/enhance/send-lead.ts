/**
 * Sends a lead to the API and turns every possible answer into one outcome the form can show.
 * No DOM here, so each answer can be tested with a stand-in `fetch`.
 */
import type { FieldErrors, LeadKind } from '../../../functions/contract/lead-schema';

export type SendOutcome =
  | { readonly type: 'received'; readonly id: string; readonly kind: LeadKind }
  | { readonly type: 'invalid'; readonly fields: FieldErrors }
  /** The key was used before with other details. */
  | { readonly type: 'conflict' }
  | { readonly type: 'rateLimited'; readonly retryAfterSeconds: number }
  /** Refused for a reason the patient cannot fix (too large, wrong type). */
  | { readonly type: 'rejected' }
  /** The server failed: retrying with the same key is safe. */
  | { readonly type: 'server' }
  /** No answer (offline, timed out): the lead may or may not be stored, so retry with the same key. */
  | { readonly type: 'network' };

/** How long to wait for an answer before offering a retry. */
const SEND_TIMEOUT_MS = 20_000;

async function json(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Posts the payload as JSON with its idempotency key and classifies the answer. */
export async function sendLead(
  endpoint: string,
  payload: Readonly<Record<string, unknown>>,
  idempotencyKey: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({ ...payload, idempotencyKey }),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { type: 'network' };
  }
  const { status } = response;
  const body = await json(response);
  if (status === 200 || status === 201) {
    const { id, kind } = body;
    if (typeof id === 'string' && (kind === 'callback' || kind === 'contact')) {
      return { type: 'received', id, kind };
    }
    // A success we cannot read (a proxy's page, say): the same key makes a retry safe.
    return { type: 'server' };
  }
  if (status === 400 || status === 422) {
    const fields = body.fields;
    if (typeof fields === 'object' && fields !== null && Object.keys(fields).length > 0) {
      return { type: 'invalid', fields: fields as FieldErrors };
    }
    return { type: 'rejected' };
  }
  if (status === 409) return { type: 'conflict' };
  if (status === 429) {
    const header = Number(response.headers.get('retry-after'));
    const fromBody = Number(body.retryAfterSeconds);
    const seconds = Number.isFinite(header) && header > 0 ? header : fromBody;
    return {
      type: 'rateLimited',
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 60,
    };
  }
  if (status >= 500) return { type: 'server' };
  return { type: 'rejected' };
}
