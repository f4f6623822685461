/**
 * Renders the request form as a whole page with errors shown: the answer to a form posted
 * without JavaScript that did not pass validation. Runs inside the submit function, so it is
 * pure string work: no Node or DOM APIs, every value escaped, the stylesheet at a stable path
 * (the function cannot know the build's hashed file names), no inline style or script.
 */
import type { FieldErrors, LeadKind } from './lead-schema';
import { renderLeadForm } from './form';
import { FORM_PAGE_TEXT } from './form-copy';
import { markup } from './html';
import { renderDocument, STABLE_STYLESHEET } from './layout';

export interface FormPageInput {
  readonly kind: LeadKind;
  /** What the patient typed, put back in the fields. */
  readonly values: Readonly<Record<string, string>>;
  /** Field name to message. */
  readonly fields?: FieldErrors;
  /** A problem that is not about one field (rate limited, server trouble). */
  readonly problem?: string | undefined;
}

/** A complete HTML document with the form, its values and its errors. */
export function renderFormPage(
  input: FormPageInput,
  clinic: { name: string; phone: string },
): string {
  const heading = input.problem === undefined ? FORM_PAGE_TEXT.invalid : FORM_PAGE_TEXT.problem;
  const main = markup`<div class="wrap narrow page-form">
<h1>${heading}</h1>
${renderLeadForm({
  kind: input.kind,
  clinic,
  values: input.values,
  ...(input.fields !== undefined && { errors: input.fields }),
  ...(input.problem !== undefined && { problem: input.problem }),
  autofocus: true,
})}
<p class="back-link"><a href="/">${FORM_PAGE_TEXT.back}</a></p>
</div>`;
  return renderDocument({
    title: `${heading} – ${clinic.name}`,
    head: markup`<meta name="robots" content="noindex">`,
    stylesheet: STABLE_STYLESHEET,
    clinic,
    main,
  });
}
