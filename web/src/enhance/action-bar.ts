/**
 * The action bar fixed to the bottom of small screens steps aside while the hero's own buttons
 * or a form are on screen: it would repeat them, or cover the button a patient is about to press.
 */
export function watchActionBar(doc: Document = document): void {
  const bar = doc.querySelector<HTMLElement>('[data-action-bar]');
  if (!bar || typeof IntersectionObserver === 'undefined') return;
  const onScreen = new Set<Element>();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) onScreen.add(entry.target);
      else onScreen.delete(entry.target);
    }
    bar.classList.toggle('is-away', onScreen.size > 0);
  });
  for (const target of doc.querySelectorAll('.hero .actions, .form-card')) observer.observe(target);
}
