/**
 * Wakes the submit function while the visitor types, so the submission itself meets a warm
 * function: one `GET <form action>?warm` per page view, at the first input in any form. It is
 * low priority, carries no cookies and nothing of the visitor's, stores and counts nothing on the
 * server, and its answer (or failure) is ignored: the page behaves the same without it.
 */
let sent = false;

/** Sends the warm-up for `form`'s endpoint, once per page view. */
export function wakeApi(form: HTMLFormElement): void {
  if (sent || typeof fetch !== 'function') return;
  sent = true;
  const url = new URL(form.action, location.href);
  url.searchParams.set('warm', '');
  const init: RequestInit & { priority?: 'low' } = {
    method: 'GET',
    credentials: 'omit',
    cache: 'no-store',
    keepalive: true,
    priority: 'low',
  };
  fetch(url, init).catch(() => undefined);
}
