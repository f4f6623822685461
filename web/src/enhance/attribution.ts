/**
 * Where the visitor came from: `utm_*` and `gclid` from the landing URL, the referring site and
 * the landing path, captured on arrival and kept for the visit (session storage, gone when the
 * tab closes), so a request sent after reading the whole page still credits the advert.
 * Values are sent as found: the API caps their length and strips what does not belong.
 */
// Types only from the schema: this runs on arrival, and the schema (with valibot) loads later.
import { URL_ATTRIBUTION_FIELDS } from '../../../functions/contract/attribution-fields';
import type { Attribution } from '../../../functions/contract/lead-schema';

/** Where the visit's attribution is kept. */
export const ATTRIBUTION_STORAGE_KEY = 'clinic.attribution';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function stored(store: Store | undefined): Attribution | undefined {
  try {
    const value: unknown = JSON.parse(store?.getItem(ATTRIBUTION_STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  } catch {
    // Storage can be blocked or hold junk; attribution is a nicety, never a reason to fail.
    return undefined;
  }
}

/** The referring page's address when it is another site (moving within this site is not a source). */
function externalReferrer(referrer: string, origin: string): string | undefined {
  if (referrer === '') return undefined;
  try {
    return new URL(referrer).origin === origin ? undefined : referrer;
  } catch {
    return undefined;
  }
}

/**
 * The visit's attribution. A URL with campaign parameters starts a new record (the latest
 * advert clicked gets the credit); otherwise the record of this visit is kept as it was.
 */
export function captureAttribution(
  url: URL,
  referrer: string,
  store: Store | undefined,
): Attribution {
  const fromUrl: Attribution = {};
  for (const field of URL_ATTRIBUTION_FIELDS) {
    const value = url.searchParams.get(field)?.trim();
    if (value) fromUrl[field] = value;
  }
  const previous = stored(store);
  if (previous !== undefined && Object.keys(fromUrl).length === 0) return previous;
  const visit: Attribution = { ...fromUrl, landingPath: url.pathname };
  const source = externalReferrer(referrer, url.origin);
  if (source !== undefined) visit.referrer = source;
  try {
    store?.setItem(ATTRIBUTION_STORAGE_KEY, JSON.stringify(visit));
  } catch {
    // Private modes may refuse storage: the values still go with a request sent on this page.
  }
  return visit;
}

/** Puts the visit's attribution in a form's hidden fields, so even a plain post carries it. */
export function fillAttribution(form: HTMLFormElement, attribution: Attribution): void {
  for (const [name, value] of Object.entries(attribution)) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement && field.type === 'hidden' && value) field.value = value;
  }
}
