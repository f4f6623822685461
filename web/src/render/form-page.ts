/**
 * Renders the request form as a whole page with errors shown: the answer to a form posted
 * without JavaScript that did not pass validation. Runs inside the submit function.
 */
import type { FieldErrors, LeadKind } from '../../../functions/lib/lead-schema';

export interface FormPageInput {
  readonly kind: LeadKind;
  /** What the patient typed, put back in the fields. */
  readonly values: Readonly<Record<string, string>>;
  /** Field name to message. */
  readonly fields?: FieldErrors;
  /** A problem that is not about one field (rate limited, server trouble). */
  readonly problem?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A complete HTML document with the form, its values and its errors. */
export function renderFormPage(
  input: FormPageInput,
  clinic: { name: string; phone: string },
): string {
  const errors = Object.entries(input.fields ?? {})
    .map(
      ([field, message]) => `<li><a href="#${escapeHtml(field)}">${escapeHtml(message)}</a></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Please check your request – ${escapeHtml(clinic.name)}</title></head><body><main><h1>Please check your request</h1>${input.problem ? `<p>${escapeHtml(input.problem)}</p>` : ''}<ul>${errors}</ul><p>Or call us on ${escapeHtml(clinic.phone)}.</p></main></body></html>`;
}
