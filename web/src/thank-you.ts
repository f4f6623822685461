/**
 * The thank-you page (the end of a request sent as a plain form) reads well without script.
 * When script runs, show the reference number from the address and keep only the sentence for
 * the kind of request that was sent.
 */
const params = new URLSearchParams(location.search);
const ref = params.get('ref');
const kind = params.get('kind');

if (ref !== null && /^[\w-]{1,64}$/.test(ref)) {
  const line = document.querySelector<HTMLElement>('[data-reference]');
  const slot = line?.querySelector('[data-slot="ref"]');
  if (line && slot) {
    slot.textContent = ref;
    line.hidden = false;
  }
}
if (kind === 'callback' || kind === 'contact') {
  for (const p of document.querySelectorAll<HTMLElement>('[data-kind]')) {
    p.hidden = p.dataset.kind !== kind;
  }
}
