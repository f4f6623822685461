/**
 * Signed links from the clinic email to a lead's status page.
 *
 * A link is `<site>/api/leads/status?lead=<id>&t=<expiry>.<signature>&a=<action>`: the signature
 * is HMAC-SHA256, under a key generated at deploy, of the lead id and the expiry. Changing the
 * lead, the expiry or a single character of the signature makes it fail; the action is not
 * signed because the page only offers it, and nothing changes before a person presses the
 * page's button (a POST). The key is never in the repository or a template: Secrets Manager
 * holds it in AWS, `.data/` on the local stack.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { StatusAction } from './lead-status';

/** The path the status page is served at (an http route of the lead-status function). */
export const STATUS_PAGE_PATH = '/api/leads/status';

/** Environment variable naming where the key is: `file:<path>` or a Secrets Manager secret ARN. */
export const STATUS_LINK_KEY_VARIABLE = 'STATUS_LINK_KEY';

/** Shortest key accepted, in bytes (the deployed one is 64 generated letters and digits). */
const MIN_KEY_BYTES = 32;

/** Why a link was refused. Each gets its own page, none changes anything. */
export type LinkProblem = 'malformed' | 'bad-signature' | 'expired';

export type LinkCheck =
  | { readonly ok: true; readonly leadId: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly problem: LinkProblem };

const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signature(key: Uint8Array, leadId: string, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', key)
    .update(`lead-status:v1:${leadId}:${expiresAtSeconds}`, 'utf8')
    .digest();
}

/** The token for `leadId`, good until `expiresAt`. */
export function signStatusToken(key: Uint8Array, leadId: string, expiresAt: Date): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  return `${seconds}.${signature(key, leadId, seconds).toString('base64url')}`;
}

/**
 * Checks a token against the lead it names, in constant time for the signature. The expiry is
 * checked only once the signature holds, so an expired link is reported as expired only when it
 * was really ours.
 */
export function verifyStatusToken(
  key: Uint8Array,
  leadId: string | undefined,
  token: string | undefined,
  now: Date,
): LinkCheck {
  if (leadId === undefined || token === undefined || !LEAD_ID.test(leadId)) {
    return { ok: false, problem: 'malformed' };
  }
  const match = TOKEN.exec(token);
  if (match === null) return { ok: false, problem: 'malformed' };
  const seconds = Number(match[1]);
  const sent = Buffer.from(match[2] ?? '', 'base64url');
  const expected = signature(key, leadId, seconds);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    return { ok: false, problem: 'bad-signature' };
  }
  const expiresAt = new Date(seconds * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, leadId, expiresAt };
}

/** The full link for one action on one lead. */
export function statusLink(
  baseUrl: string,
  leadId: string,
  token: string,
  action?: StatusAction,
): string {
  const query = new URLSearchParams({ lead: leadId, t: token });
  if (action !== undefined) query.set('a', action);
  return `${baseUrl.replace(/\/$/, '')}${STATUS_PAGE_PATH}?${query.toString()}`;
}

/** Reads a secret's value by id (the Secrets Manager call lives in the handler that injects it). */
export type SecretReader = (secretId: string) => Promise<string>;

/**
 * A loader of the link key (or another generated key, named by `what`) from `source` (`file:<path>` locally, a Secrets Manager ARN in AWS),
 * read once and kept for the life of the process. A key too short fails loudly.
 */
export function linkKeyLoader(
  source: string,
  readSecret: SecretReader,
  what = 'status-link key',
): () => Promise<Buffer> {
  let loading: Promise<Buffer> | undefined;
  const load = async (): Promise<Buffer> => {
    const raw = source.startsWith('file:')
      ? (await readFile(source.slice('file:'.length), 'utf8')).trim()
      : await readSecret(source);
    const key = Buffer.from(raw, 'utf8');
    if (key.length < MIN_KEY_BYTES) {
      throw new RangeError(`The ${what} must be at least ${MIN_KEY_BYTES} bytes`);
    }
    return key;
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // a failed read (a brief outage) is tried again next time
      throw error;
    });
    return loading;
  };
}
