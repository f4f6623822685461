/**
 * Enhances a prerendered request form: checks it with the API's own rules before sending,
 * shows errors beside the fields and in a summary that takes focus, sends JSON with one
 * idempotency key per form fill, ignores clicks while a request is under way, and offers a
 * retry (with the same key) when the network or the server fails. Without this script the
 * same form posts natively and the API answers with a page.
 */
import {
  loosePhone,
  PREFERRED_TIME_LABELS,
  validateLead,
  type FieldErrors,
  type LeadKind,
  type PreferredTime,
} from '../../../functions/contract/lead-schema';
import { waitInMinutes } from '../../../functions/contract/form-copy';
import { newIdempotencyKey } from './idempotency';
import { sendLead, type SendOutcome } from './send-lead';

const FIELD_ORDER = ['name', 'phone', 'email', 'preferredTime', 'message', 'consent'];

type Control = HTMLInputElement | HTMLTextAreaElement;

/** What the page script drives: sending the form the enhanced way. */
export interface EnhancedForm {
  /** Checks and sends the form; does nothing while a request is under way. */
  readonly send: () => Promise<void>;
}

/**
 * Wires one form; see the file comment. The page script owns the submit event (it must catch
 * a submit that comes before this module has loaded) and calls {@link EnhancedForm.send}.
 */
export function enhanceForm(form: HTMLFormElement): EnhancedForm {
  const $ = <T extends Element>(selector: string, scope: ParentNode = form) =>
    scope.querySelector<T>(selector);
  const input = (name: string) => form.elements.namedItem(name) as Control | null;
  const kind = (input('kind')?.value ?? 'callback') as LeadKind;
  const endpoint = form.getAttribute('action') ?? '/api/leads';
  const summary = $<HTMLElement>('.error-summary');
  const summaryList = summary && $<HTMLUListElement>('ul', summary);
  const problemBox = $<HTMLElement>('[data-problem-box]');
  const retry = $<HTMLButtonElement>('[data-retry]');
  const button = $<HTMLButtonElement>('button[type="submit"]');
  const label = button && $<HTMLElement>('[data-label]', button);
  const status = $<HTMLElement>('[data-status]');
  const success = form.parentElement && $<HTMLElement>('.form-success', form.parentElement);
  const idleLabel = label?.textContent ?? '';

  let key: string | undefined;
  let busy = false;

  const describe = (control: Element, id: string, on: boolean) => {
    const ids = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((x) => x && x !== id);
    if (on) ids.push(id);
    if (ids.length > 0) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  };

  const controlsOf = (container: Element) =>
    container.tagName === 'FIELDSET'
      ? [container]
      : Array.from(container.querySelectorAll('input, textarea'));

  const clearErrors = () => {
    for (const container of form.querySelectorAll('.has-error')) {
      container.classList.remove('has-error');
      const error = $('.field-error', container);
      if (error) {
        for (const control of controlsOf(container)) {
          describe(control, error.id, false);
          control.removeAttribute('aria-invalid');
        }
        error.remove();
      }
    }
    if (summary) summary.hidden = true;
  };

  const showErrors = (fields: FieldErrors) => {
    clearErrors();
    if (!summary || !summaryList) return;
    summaryList.replaceChildren();
    const names = Object.keys(fields).sort(
      (a, b) => (FIELD_ORDER.indexOf(a) + 1 || 99) - (FIELD_ORDER.indexOf(b) + 1 || 99),
    );
    for (const name of names) {
      const message = fields[name] ?? '';
      const container = $(`[data-field="${name}"]`);
      const item = document.createElement('li');
      if (container) {
        const id = `${kind}-${name}`;
        const error = document.createElement('p');
        error.className = 'field-error';
        error.id = `${id}-error`;
        const prefix = document.createElement('span');
        prefix.className = 'visually-hidden';
        prefix.textContent = 'Error: ';
        error.append(prefix, message);
        container.classList.add('has-error');
        container.insertBefore(error, $('input, textarea, .choices, .check', container));
        for (const control of controlsOf(container)) {
          describe(control, error.id, true);
          if (control.tagName !== 'FIELDSET') control.setAttribute('aria-invalid', 'true');
        }
        const link = document.createElement('a');
        link.href = `#${id}`;
        link.textContent = message;
        item.append(link);
      } else {
        item.textContent = message;
      }
      summaryList.append(item);
    }
    summary.hidden = false;
    summary.focus();
  };

  const showProblem = (outcome: SendOutcome) => {
    if (!problemBox) return;
    // A conflict cannot follow a fresh key; should it ever, it reads as a failure on our side.
    const type = outcome.type === 'conflict' ? 'server' : outcome.type;
    for (const p of problemBox.querySelectorAll<HTMLElement>('[data-problem]')) {
      p.hidden = p.dataset.problem !== type;
    }
    if (outcome.type === 'rateLimited') {
      const wait = $<HTMLElement>('[data-slot="wait"]', problemBox);
      if (wait) {
        wait.textContent = waitInMinutes(outcome.retryAfterSeconds, {
          oneMinute: wait.dataset.oneMinute ?? '',
          someMinutes: wait.dataset.someMinutes ?? '',
        });
      }
    }
    if (retry) retry.hidden = outcome.type === 'rejected';
    problemBox.hidden = false;
    problemBox.focus();
  };

  const setBusy = (on: boolean) => {
    busy = on;
    // A data attribute, not aria-busy: a busy region may keep its status message unspoken.
    form.toggleAttribute('data-busy', on);
    // aria-disabled, not disabled: the button keeps focus, and clicks are ignored below.
    button?.setAttribute('aria-disabled', String(on));
    if (label) label.textContent = on ? (button?.dataset.sending ?? idleLabel) : idleLabel;
    if (status) status.textContent = on ? (button?.dataset.sending ?? '') : '';
  };

  const showSuccess = (id: string, data: Record<string, unknown>) => {
    if (!success) return;
    const slots: Record<string, string> = {
      name: typeof data.name === 'string' ? data.name.trim() : '',
      ref: id,
      // The words of the chosen window as the form showed them (they follow the opening hours).
      time:
        form.querySelector(`input[name="preferredTime"]:checked + label`)?.textContent ??
        PREFERRED_TIME_LABELS[data.preferredTime as PreferredTime] ??
        '',
    };
    for (const slot of success.querySelectorAll<HTMLElement>('[data-slot]')) {
      slot.textContent = slots[slot.dataset.slot ?? ''] ?? '';
    }
    form.hidden = true;
    success.hidden = false;
    success.focus();
  };

  const collect = (): Record<string, unknown> => {
    const data: Record<string, unknown> = {};
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string') data[name] = value;
    }
    const consent = input('consent');
    if (consent instanceof HTMLInputElement) data.consent = consent.checked;
    return data;
  };

  const send = async () => {
    // A second click while a request is under way sends nothing new.
    if (busy) return;
    const data = collect();
    const check = validateLead(data, loosePhone);
    if (!check.ok) {
      showErrors(check.fields);
      return;
    }
    clearErrors();
    if (problemBox) problemBox.hidden = true;
    // One key per form fill: made on the first attempt and kept for every retry of it.
    key ??= newIdempotencyKey();
    setBusy(true);
    let outcome = await sendLead(endpoint, data, key);
    if (outcome.type === 'conflict') {
      // An earlier attempt got through with other details and the patient has since corrected
      // them: the corrected request is a new one, so it gets a new key.
      key = newIdempotencyKey();
      outcome = await sendLead(endpoint, data, key);
    }
    setBusy(false);
    if (outcome.type === 'received') showSuccess(outcome.id, data);
    else if (outcome.type === 'invalid') showErrors(outcome.fields);
    else showProblem(outcome);
  };

  retry?.addEventListener('click', () => void send());
  return { send };
}
