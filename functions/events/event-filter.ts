/**
 * What the events function drops before counting, and how it coarsens what it keeps. Pure:
 * it sees header values and the decoded body, and returns a verdict.
 */
import {
  FUNNEL_EVENTS,
  isPreviewQuery,
  type FunnelEvent,
  type FunnelEventBody,
} from '../contract/funnel-events';

/**
 * Crawlers, link-preview fetchers, monitoring and automation announce themselves in the user
 * agent. The user agent is read here to drop the event and is never stored or logged.
 */
const BOT_AGENT =
  /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|quora link|whatsapp|telegram|discord|skype|bitlybot|vkshare|pinterest|headless|phantomjs|selenium|puppeteer|playwright|lighthouse|pagespeed|gtmetrix|pingdom|uptime|monitor|curl\/|wget\/|python-|httpclient|okhttp|go-http-client|node-fetch|axios\/|java\//i;

/** Request headers that tell a prefetch or prerender nobody has looked at (yet). */
const PREVIEW_HEADERS = ['purpose', 'sec-purpose', 'x-purpose', 'x-moz'] as const;

export type DropReason = 'bot' | 'preview' | 'malformed' | 'oversized' | 'unknown-event';

export type Screened =
  | { readonly ok: true; readonly body: FunnelEventBody }
  | { readonly ok: false; readonly reason: DropReason };

/** Whether the request comes from a crawler, a preview or automation rather than a visitor. */
export function dropReasonOfHeaders(
  header: (name: string) => string | undefined,
): 'bot' | 'preview' | undefined {
  const agent = header('user-agent') ?? '';
  if (agent.trim() === '' || BOT_AGENT.test(agent)) return 'bot';
  for (const name of PREVIEW_HEADERS) {
    const value = header(name)?.toLowerCase() ?? '';
    if (/prefetch|preview|prerender/.test(value)) return 'preview';
  }
  // The page sends nothing from a campaign preview link; an older copy of it still might. Its
  // address arrives as the Referer (the site's policy is same-origin) and is read only here.
  if (isPreviewPage(header('referer'))) return 'preview';
  return undefined;
}

/** Whether an address is a campaign preview link (`?preview=<variant>`). */
function isPreviewPage(address: string | undefined): boolean {
  if (address === undefined || address === '') return false;
  try {
    return isPreviewQuery(new URL(address).searchParams);
  } catch {
    return false;
  }
}

const isEvent = (value: unknown): value is FunnelEvent =>
  typeof value === 'string' && (FUNNEL_EVENTS as readonly string[]).includes(value);

const optionalText = (value: unknown, max: number): string | undefined | null => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) return null;
  return value;
};

/** The body as an event, or why it is not one. */
export function parseEventBody(text: string): Screened {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'malformed' };
  }
  const fields = parsed as Record<string, unknown>;
  if (!isEvent(fields.event)) return { ok: false, reason: 'unknown-event' };
  const body: Record<string, string> = { event: fields.event };
  for (const [name, max] of [
    ['campaign', 40],
    ['variant', 40],
    ['source', 200],
    ['medium', 200],
  ] as const) {
    const value = optionalText(fields[name], max);
    if (value === null) return { ok: false, reason: 'malformed' };
    if (value !== undefined) body[name] = value;
  }
  return { ok: true, body: body as unknown as FunnelEventBody };
}

/** Counted when the advert link set no utm_source or utm_medium. */
const NO_SOURCE = '(none)';
/** Counted for a source or medium that could identify someone or is not a plain word. */
const OTHER_SOURCE = 'other';

/**
 * A utm_source or utm_medium reduced to a short plain word: lower case, letters, digits, dots,
 * dashes and underscores, at most 32 characters, with no run of five or more digits (an id, a
 * phone number, a click id). Anything else, an email address among them, is counted as
 * "other", so no counter name can carry a person's details.
 */
export function coarseSource(value: string | undefined): string {
  if (value === undefined) return NO_SOURCE;
  const word = value.trim().toLowerCase();
  if (word === '') return NO_SOURCE;
  if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(word) || /\d{5}/.test(word)) return OTHER_SOURCE;
  return word;
}
