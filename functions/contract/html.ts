/**
 * A tiny HTML builder: a tagged template (`markup`) that escapes every interpolated value unless it is
 * already {@link SafeHtml}. Pages are built from it so nothing a patient typed (or a marketer
 * wrote) can break out of its place in the markup.
 */

/** Markup that is already escaped and may be inserted as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template accepts: text (escaped), markup, lists of either, or nothing. */
export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  // false and null render nothing, so `${cond && markup`...`}` reads naturally.
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** Builds markup; each `${value}` is escaped unless it is {@link SafeHtml}. */
export function markup(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return new SafeHtml(out);
}

/** Markup that needs no escaping because it comes from this code, not from data. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** Fills `{name}` placeholders in copy; the result is plain text, to be escaped as usual. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/**
 * Fills placeholders with markup (e.g. a `tel:` link inside a sentence): the template's own
 * text is escaped, the inserted values are already markup.
 */
export function fillHtml(template: string, values: Readonly<Record<string, SafeHtml>>): SafeHtml {
  const parts = template.split(/\{(\w+)\}/);
  return new SafeHtml(
    parts
      .map((part, i) => (i % 2 === 1 ? (values[part]?.value ?? `{${part}}`) : escapeHtml(part)))
      .join(''),
  );
}
