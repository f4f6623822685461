/**
 * The landing page's script. On arrival it does only what cannot wait: it captures the visit's
 * attribution into the forms' hidden fields and takes charge of their submit event. The form
 * logic (validation with the API's schema, sending, errors, retries) is a separate module,
 * fetched as soon as a patient reaches a form, so it never delays the first paint nor adds work
 * while the page settles. A submit that comes first waits for it; if it cannot load, the form posts the
 * plain way, which the API answers with a page.
 */
import { watchActionBar } from './enhance/action-bar';
import { captureAttribution, fillAttribution } from './enhance/attribution';
import { startFunnelBeacons } from './enhance/beacon';
import type { EnhancedForm } from './enhance/lead-form';
import { wakeApi } from './enhance/wake-api';

let store: Storage | undefined;
try {
  store = sessionStorage;
} catch {
  // Storage blocked: attribution still goes with a request sent from this page.
}
const attribution = captureAttribution(new URL(location.href), document.referrer, store);
const forms = Array.from(document.querySelectorAll<HTMLFormElement>('form[data-lead-form]'));
const enhanced = new Map<HTMLFormElement, Promise<EnhancedForm>>();

function enhance(form: HTMLFormElement): Promise<EnhancedForm> {
  let controller = enhanced.get(form);
  if (controller === undefined) {
    controller = import('./enhance/lead-form').then((module) => module.enhanceForm(form));
    enhanced.set(form, controller);
  }
  return controller;
}

for (const form of forms) {
  fillAttribution(form, attribution);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    enhance(form).then(
      (controller) => controller.send(),
      // The module did not load (offline, blocked): send the form the plain way.
      () => form.submit(),
    );
  });
  // Fetched as a patient reaches the form (a pointer over it, a field focused): long before the
  // name and number are typed, and never while the page is still settling.
  const warm = () => void enhance(form).catch(() => undefined);
  form.addEventListener('focusin', warm, { once: true });
  form.addEventListener('pointerenter', warm, { once: true });
  form.addEventListener('touchstart', warm, { once: true, passive: true });
  // This script is fetched once the page is shown, or by a visitor's first focus: that focus
  // may already be in the form.
  if (form.contains(document.activeElement)) warm();
  // The visitor has started: wake the submit function while they type.
  form.addEventListener('input', () => wakeApi(form), { once: true });
}

const whenIdle = (task: () => void) =>
  typeof requestIdleCallback === 'function'
    ? requestIdleCallback(task, { timeout: 2000 })
    : setTimeout(task, 200);
const countVisit = () =>
  startFunnelBeacons({
    url: new URL(location.href),
    forms,
    store,
    ...(attribution.utm_source !== undefined && { source: attribution.utm_source }),
    ...(attribution.utm_medium !== undefined && { medium: attribution.utm_medium }),
    send: (path, body) => navigator.sendBeacon(path, body),
    automated: navigator.webdriver,
  });
const startCounting = () =>
  whenIdle(() => {
    // A prerendered page counts once it is shown, not when the browser guessed it might be.
    if ((document as { prerendering?: boolean }).prerendering === true) {
      document.addEventListener('prerenderingchange', countVisit, { once: true });
    } else countVisit();
  });
if (document.readyState === 'complete') startCounting();
else addEventListener('load', startCounting, { once: true });

watchActionBar();
