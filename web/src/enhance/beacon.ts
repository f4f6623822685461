/**
 * The page's first-party funnel events, sent with `navigator.sendBeacon` to the same origin:
 * one "view" per tab session and campaign, and one "form-start" when the visitor first types
 * in a form. Each carries the campaign and variant (from the form's hidden fields) and the
 * advert's utm_source / utm_medium, nothing else. Session storage remembers what this tab has
 * sent, so a reload or a second page of the same campaign is not counted again; when storage is
 * blocked nothing is sent, rather than counting every reload.
 *
 * Nothing is sent for a campaign preview link, from a browser that says automation drives it
 * (`navigator.webdriver`), nor while the page is only prerendered.
 */
import {
  FUNNEL_EVENTS_PATH,
  isPreviewQuery,
  FUNNEL_SENT_KEY_PREFIX,
  type FunnelEvent,
  type FunnelEventBody,
} from '../../../functions/contract/funnel-events';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export interface BeaconContext {
  readonly url: URL;
  readonly forms: readonly HTMLFormElement[];
  readonly store: Store | undefined;
  /** utm_source and utm_medium of the visit, when it had them. */
  readonly source?: string;
  readonly medium?: string;
  readonly send: (path: string, body: string) => boolean;
  /** `navigator.webdriver`: the browser says automation drives it. */
  readonly automated: boolean;
}

function hiddenValue(forms: readonly HTMLFormElement[], name: string): string | undefined {
  for (const form of forms) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement && field.value !== '') return field.value;
  }
  return undefined;
}

/** Sends `event` unless this tab already sent it for this campaign; true when sent now. */
function sendOnce(context: BeaconContext, event: FunnelEvent): boolean {
  const campaign = hiddenValue(context.forms, 'campaign');
  const key = `${FUNNEL_SENT_KEY_PREFIX}${event}.${campaign ?? ''}`;
  try {
    if (context.store === undefined || context.store.getItem(key) !== null) return false;
    context.store.setItem(key, '1');
  } catch {
    return false;
  }
  const variant = hiddenValue(context.forms, 'variant');
  const body: FunnelEventBody = {
    event,
    ...(campaign !== undefined && { campaign }),
    ...(variant !== undefined && { variant }),
    ...(context.source !== undefined && { source: context.source }),
    ...(context.medium !== undefined && { medium: context.medium }),
  };
  return context.send(FUNNEL_EVENTS_PATH, JSON.stringify(body));
}

/** Counts the view now, and the form start on the first input in any of the page's forms. */
export function startFunnelBeacons(context: BeaconContext): void {
  if (context.automated || isPreviewQuery(context.url.searchParams) || context.forms.length === 0) {
    return;
  }
  sendOnce(context, 'view');
  const started = () => {
    sendOnce(context, 'form-start');
    for (const form of context.forms) form.removeEventListener('input', started);
  };
  for (const form of context.forms) form.addEventListener('input', started);
}
