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
import type { EnhancedForm } from './enhance/lead-form';

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
}

watchActionBar();
