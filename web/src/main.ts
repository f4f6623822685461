/**
 * The landing page's only script: it captures the visit's attribution and enhances the request
 * forms. The page is complete without it; see enhance/lead-form.ts.
 */
import { watchActionBar } from './enhance/action-bar';
import { captureAttribution } from './enhance/attribution';
import { enhanceForm } from './enhance/lead-form';

let store: Storage | undefined;
try {
  store = sessionStorage;
} catch {
  // Storage blocked: attribution still goes with a request sent from this page.
}
const attribution = captureAttribution(new URL(location.href), document.referrer, store);
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-lead-form]')) {
  enhanceForm(form, attribution);
}
watchActionBar();
