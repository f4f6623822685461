/**
 * What the page and the API agree on about funnel events: the address, the two events, the
 * body's fields and its size. Plain constants with no imports, so the page's first script can
 * read them without loading anything else.
 *
 * An event says only "a tab opened this campaign's page" or "a visitor began a form on it",
 * with the campaign, the variant and the advert's utm_source / utm_medium. Nothing in it names
 * or follows a person, and the API keeps nothing of the request but +1 on a daily counter.
 */

/** Where the page sends its events (same origin, with `navigator.sendBeacon`). */
export const FUNNEL_EVENTS_PATH = '/api/events';

/** The events a page sends: a view once per tab session and campaign; a form start on first input. */
export const FUNNEL_EVENTS = ['view', 'form-start'] as const;
export type FunnelEvent = (typeof FUNNEL_EVENTS)[number];

/** The body: one JSON object with these fields (strings), sent as text/plain or JSON. */
export interface FunnelEventBody {
  readonly event: FunnelEvent;
  readonly campaign?: string;
  readonly variant?: string;
  /** utm_source of the advert link, when it had one. */
  readonly source?: string;
  /** utm_medium of the advert link, when it had one. */
  readonly medium?: string;
}

/** Largest body the API reads: an event is about 120 bytes. */
export const MAX_FUNNEL_EVENT_BYTES = 1024;

/** Session-storage key prefix that marks an event as sent in this tab, per campaign. */
export const FUNNEL_SENT_KEY_PREFIX = 'clinic.funnel.';

/**
 * The query parameter that shows a chosen campaign variant without counting the visit
 * (the campaign preview link), at the edge as in the page and the API.
 */
export const FUNNEL_PREVIEW_PARAM = 'preview';

/**
 * Whether `params` (a page address's query) make it a campaign preview link: the parameter
 * names a variant. An empty `?preview=` is an ordinary visit everywhere: the edge function
 * chooses the variant as for anyone, the visit is counted and the lead is not marked.
 */
export function isPreviewQuery(params: { get(name: string): string | null }): boolean {
  return (params.get(FUNNEL_PREVIEW_PARAM) ?? '') !== '';
}
