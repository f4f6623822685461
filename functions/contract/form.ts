/**
 * The two request forms (a callback, a question) as HTML. One renderer serves the prerendered
 * landing page and the submit function's error page, so the markup a patient sees after a
 * refused request is the markup they filled in, with their values kept and the errors shown.
 *
 * Labels, hints and messages come from the lead schema the API validates with; the consent
 * wording comes from the disclosure whose version the API stores with the lead.
 */
import { CONSENT_DISCLOSURE } from './consent';
import {
  ATTRIBUTION_FIELDS,
  FIELD_TEXT,
  PREFERRED_TIME_LABELS,
  PREFERRED_TIMES,
  type FieldErrors,
  type LeadKind,
  type PreferredTime,
} from './lead-schema';
import { FORM_COPY } from './form-copy';
import { phoneLink } from './layout';
import { fillHtml, markup, raw, type SafeHtml } from './html';

/** The API endpoint both the plain form and the enhanced form send to. */
const LEADS_ENDPOINT = '/api/leads';

/** The fields each form shows, in order; the API accepts more, the page asks only these. */
const FORM_FIELDS = {
  callback: ['name', 'phone', 'preferredTime', 'message', 'consent'],
  contact: ['name', 'email', 'message'],
} as const satisfies Record<LeadKind, readonly string[]>;

type TextField = 'name' | 'phone' | 'email' | 'message';

export interface LeadFormOptions {
  readonly kind: LeadKind;
  readonly clinic: { readonly name: string; readonly phone: string };
  /** Values to put back in the fields (after a refused plain-form request). */
  readonly values?: Readonly<Record<string, string>>;
  /** Field name to message; shown beside each field and in the summary. */
  readonly errors?: FieldErrors;
  /** A problem that is not about one field. */
  readonly problem?: string;
  /** Attribution defaults for the hidden fields (the campaign id from configuration). */
  readonly hidden?: Readonly<Record<string, string>>;
  /** The summary (or the problem) takes focus on load: for the error page, where no script runs. */
  readonly autofocus?: boolean;
  /** Level of the form's title: 3 when a section heading already introduces it. */
  readonly headingLevel?: 2 | 3;
  /** The callback times to offer (from the opening hours); every time the API takes otherwise. */
  readonly preferredTimes?: readonly { readonly value: PreferredTime; readonly label: string }[];
  /** Said under "Best time to call", e.g. the clinic's time zone. */
  readonly preferredTimeHint?: string;
  /** How soon the clinic calls back ("within one working day"), for the success panel. */
  readonly within?: string;
}

/** The id of a field's control: the summary links to it. */
function fieldId(kind: LeadKind, field: string): string {
  return `${kind}-${field}`;
}

const isOptional = (kind: LeadKind, field: TextField): boolean =>
  kind === 'callback' ? field === 'message' : false;

function errorText(id: string, message: string | undefined): SafeHtml | false {
  return (
    message !== undefined &&
    markup`<p class="field-error" id="${id}-error"><span class="visually-hidden">Error: </span>${message}</p>`
  );
}

function describedBy(id: string, hint: boolean, error: boolean): SafeHtml | false {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return ids !== '' && markup` aria-describedby="${ids}"`;
}

function textField(options: LeadFormOptions, field: TextField): SafeHtml {
  const { kind } = options;
  const id = fieldId(kind, field);
  // The callback form's note asks for what helps to reach the patient, never for symptoms.
  const note = field === 'message' ? FORM_COPY[kind].note : undefined;
  const text = { ...FIELD_TEXT[field], ...note };
  const hint = field === 'name' && kind === 'contact' ? undefined : text.hint;
  const value = options.values?.[field] ?? '';
  const message = options.errors?.[field];
  const optional = isOptional(kind, field);
  const common = markup`id="${id}" name="${field}"${!optional && raw(' required')}${describedBy(id, hint !== undefined, message !== undefined)}${message !== undefined && raw(' aria-invalid="true"')}`;
  const control =
    field === 'message'
      ? markup`<textarea ${common} rows="${kind === 'callback' ? 3 : 5}">${value}</textarea>`
      : markup`<input ${common} type="${field === 'phone' ? 'tel' : field === 'email' ? 'email' : 'text'}" autocomplete="${text.autocomplete}"${field !== 'name' && raw(' spellcheck="false"')} value="${value}">`;
  return markup`<div class="field${message !== undefined && ' has-error'}" data-field="${field}">
<label for="${id}">${text.label}${optional && markup` <span class="optional">${FORM_COPY.optional}</span>`}</label>
${hint !== undefined && markup`<p class="hint" id="${id}-hint">${hint}</p>`}
${errorText(id, message)}
${control}
</div>`;
}

function preferredTimeField(options: LeadFormOptions): SafeHtml {
  const id = fieldId(options.kind, 'preferredTime');
  const chosen = options.values?.preferredTime ?? 'anytime';
  const message = options.errors?.preferredTime;
  const hint = options.preferredTimeHint;
  const choices =
    options.preferredTimes ??
    PREFERRED_TIMES.map((value) => ({ value, label: PREFERRED_TIME_LABELS[value] }));
  return markup`<fieldset class="field${message !== undefined && ' has-error'}" data-field="preferredTime"${describedBy(id, hint !== undefined, message !== undefined)}>
<legend>${FIELD_TEXT.preferredTime.label}</legend>
${hint !== undefined && markup`<p class="hint" id="${id}-hint">${hint}</p>`}
${errorText(id, message)}
<div class="choices">
${choices.map(({ value, label }, i) => {
  const optionId = i === 0 ? id : `${id}-${value}`;
  return markup`<div class="choice"><input type="radio" id="${optionId}" name="preferredTime" value="${value}"${value === chosen && raw(' checked')}><label for="${optionId}">${label}</label></div>`;
})}
</div>
</fieldset>`;
}

function consentField(options: LeadFormOptions): SafeHtml {
  const id = fieldId(options.kind, 'consent');
  const message = options.errors?.consent;
  // The plain form's checkbox sends "on"; that is the only value the API reads as consent.
  const checked = options.values?.consent === 'on';
  return markup`<div class="field consent${message !== undefined && ' has-error'}" data-field="consent">
${errorText(id, message)}
<div class="check"><input type="checkbox" id="${id}" name="consent" value="on"${checked && raw(' checked')}${describedBy(id, false, message !== undefined)}${message !== undefined && raw(' aria-invalid="true"')}><label for="${id}">${CONSENT_DISCLOSURE.text(options.clinic.name)}</label></div>
</div>`;
}

function errorSummary(options: LeadFormOptions): SafeHtml {
  const { kind } = options;
  const entries = Object.entries(options.errors ?? {}).filter(([field]) =>
    (FORM_FIELDS[kind] as readonly string[]).includes(field),
  );
  // Errors about fields this form does not show (a malformed key, say) cannot be linked.
  const unlinked = Object.entries(options.errors ?? {}).filter(
    ([field]) => !(FORM_FIELDS[kind] as readonly string[]).includes(field),
  );
  return markup`<div class="error-summary" id="${kind}-summary" tabindex="-1"${entries.length + unlinked.length === 0 && raw(' hidden')}${options.autofocus === true && entries.length + unlinked.length > 0 && raw(' autofocus')}>
<div role="alert">
<h3 class="error-summary-title">${FORM_COPY.errorSummaryTitle}</h3>
<ul>${entries.map(([field, message]) => markup`<li><a href="#${fieldId(kind, field)}">${message}</a></li>`)}${unlinked.map(([, message]) => markup`<li>${message}</li>`)}</ul>
</div>
</div>`;
}

function problemBox(options: LeadFormOptions): SafeHtml {
  const { problems } = FORM_COPY;
  const phone = phoneLink(options.clinic.phone);
  // Every message a script may need is in the markup, so the words stay in the content file
  // and the script only chooses which one to show.
  return markup`<div class="form-problem" tabindex="-1" data-problem-box${options.problem === undefined && raw(' hidden')}${options.autofocus === true && options.problem !== undefined && raw(' autofocus')}>
<div role="alert">
${options.problem !== undefined && markup`<p>${options.problem}</p>`}
<p data-problem="network" hidden>${problems.network}</p>
<p data-problem="server" hidden>${problems.server}</p>
<p data-problem="rateLimited" hidden>${fillHtml(problems.rateLimited, { minutes: markup`<span data-slot="wait" data-one-minute="${problems.oneMinute}" data-some-minutes="${problems.someMinutes}"></span>` })}</p>
<p data-problem="rejected" hidden>${problems.rejected}</p>
<p>${fillHtml(problems.callInstead, { phone })}</p>
</div>
<button type="button" class="button button-secondary" data-retry hidden>${problems.retry}</button>
</div>`;
}

function hiddenFields(options: LeadFormOptions): SafeHtml {
  const names = [...ATTRIBUTION_FIELDS, 'idempotencyKey'];
  return markup`${names.map((name) => {
    const value = options.values?.[name] ?? options.hidden?.[name] ?? '';
    return markup`<input type="hidden" name="${name}" value="${value}">`;
  })}`;
}

function successPanel(options: LeadFormOptions): SafeHtml {
  const copy = FORM_COPY[options.kind];
  const slot = (name: string) => markup`<span data-slot="${name}"></span>`;
  // It replaces the form, so its heading takes the place of the form's own.
  const level = raw(String(options.headingLevel ?? 2));
  const phone = phoneLink(options.clinic.phone);
  const within = markup`${options.within ?? ''}`;
  // A step that promises a time is left out where no promise is given (the error page).
  const steps = copy.successSteps.filter(
    (s) => options.within !== undefined || !s.includes('{within}'),
  );
  return markup`<div class="form-success" id="${options.kind}-success" tabindex="-1" hidden>
<h${level} class="form-title">${fillHtml(copy.successTitle, { name: slot('name') })}</h${level}>
<p>${FORM_COPY.referenceLabel} <strong class="reference">${slot('ref')}</strong></p>
<ul class="steps-list">${steps.map((step) => markup`<li>${fillHtml(step, { time: slot('time'), phone, within })}</li>`)}</ul>
</div>`;
}

/**
 * A request form in its card, with its success panel beside it (shown by the script) and every
 * problem message it may need. Works as a plain HTML form without any script.
 */
export function renderLeadForm(options: LeadFormOptions): SafeHtml {
  const { kind } = options;
  const copy = FORM_COPY[kind];
  const level = raw(String(options.headingLevel ?? 2));
  const fields = FORM_FIELDS[kind].map((field) =>
    field === 'preferredTime'
      ? preferredTimeField(options)
      : field === 'consent'
        ? consentField(options)
        : textField(options, field),
  );
  return markup`<div class="form-card" id="${kind}">
<form class="lead-form" id="${kind}-form" action="${LEADS_ENDPOINT}" method="post" novalidate data-lead-form aria-labelledby="${kind}-title">
<h${level} class="form-title" id="${kind}-title">${copy.title}</h${level}>
<p class="form-intro">${copy.intro}</p>
${errorSummary(options)}
${problemBox(options)}
<input type="hidden" name="kind" value="${kind}">
${fields}
<div class="hp" aria-hidden="true"><label for="${kind}-website">Leave this field empty</label><input type="text" id="${kind}-website" name="website" tabindex="-1" autocomplete="off" value=""></div>
${hiddenFields(options)}
<button type="submit" class="button button-primary button-submit" data-sending="${copy.sending}"><span class="spinner" aria-hidden="true"></span><span data-label>${copy.submit}</span></button>
<p class="form-privacy"><a href="/privacy/">${FORM_COPY.privacyLink}</a></p>
<p class="visually-hidden" role="status" data-status></p>
</form>
${successPanel(options)}
</div>`;
}
