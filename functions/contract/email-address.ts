/**
 * The one email-address rule. The form (in the browser), the API, the emails (To, Reply-To,
 * From) and the configuration check addresses with {@link checkEmailAddress}, so an address
 * one of them takes is an address every other one takes, and one a mail system can deliver.
 *
 * What is accepted, and why (also in the README, "Email addresses"):
 * - Local part (before the @): RFC 5322's dot-atom, i.e. ASCII letters and digits and
 *   ! # $ % & ' * + - / = ? ^ _ ` { | } ~, in runs separated by single dots; at most 64
 *   characters (RFC 5321). Quoted local parts ("john doe"@…) and non-ASCII local parts
 *   (RFC 6531) are refused: Amazon SES delivers neither, and no one at a clinic would use one.
 *   A local part that reads as an RFC 2047 encoded word (`=?utf-8?b?…?=`) is refused too: a
 *   lenient mail client could decode it inside Reply-To.
 * - Domain: a host name of at least two labels. Each label is letters, digits and hyphens (not
 *   first or last), in ASCII or in any script (an internationalised domain, IDNA), or the
 *   Punycode form of one (`xn--…`). Internationalised labels are lower-cased, NFC-normalised
 *   and converted to Punycode for the mail headers (a right-to-left label must not mix in
 *   left-to-right letters); each label is at most 63 characters and the
 *   whole domain at most 253 in that ASCII form (RFC 1035). Address literals (`user@[192.0.2.1]`)
 *   and a top-level label that is not two or more letters (or an `xn--` label) are refused: no
 *   patient has such an address.
 * - The whole address in its ASCII form is at most 254 characters (RFC 5321's path limit).
 *
 * Plain ECMAScript: it imports nothing of ours and needs neither Node nor the DOM.
 */
import { punycodeEncode } from './punycode';

/** Limits of an address, counted in characters of its ASCII form (they are octets on the wire). */
const EMAIL_ADDRESS_LIMITS = {
  address: 254,
  localPart: 64,
  domain: 253,
  label: 63,
} as const;

/** Why an address was refused; each has its own message in the lead schema. */
export type EmailAddressProblem =
  'format' | 'localPartCharacters' | 'localPartTooLong' | 'domain' | 'labelTooLong' | 'tooLong';

export type EmailAddressCheck =
  | {
      readonly ok: true;
      /** The address as kept: the local part as given, the domain lower-cased (Unicode kept). */
      readonly address: string;
      /** The form for mail headers and SES: the domain in Punycode where it is not ASCII. */
      readonly ascii: string;
    }
  | { readonly ok: false; readonly problem: EmailAddressProblem };

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const ENCODED_WORD = /=\?[^?]*\?[bq]\?[^?]*\?=/i;
const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const UNICODE_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const PUNYCODE_LABEL = /^xn--[a-z0-9-]*[a-z0-9]$/;
// Right-to-left scripts. IDNA's bidi rule keeps a label from mixing directions; here, more
// simply, a label with right-to-left letters starts with one and has no left-to-right letter.
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RTL_LABEL =
  /^[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}][\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{M}\p{N}-]*$/u;
// Top-level domains are letters (two or more), or the Punycode form of an internationalised one.
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/;
// IDNA treats these full stops as label separators, as a browser's address bar does.
const IDEOGRAPHIC_STOPS = /[\u3002\uFF0E\uFF61]/g;

/**
 * Checks an address (already trimmed) and returns it in the forms it is kept and sent in, or
 * the reason it is refused.
 */
export function checkEmailAddress(raw: string): EmailAddressCheck {
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return refuse('format');
  const local = raw.slice(0, at);
  const domainInput = raw.slice(at + 1);
  if (local.includes('@') || /\s/.test(raw)) return refuse('format');
  if (!DOT_ATOM.test(local) || ENCODED_WORD.test(local)) return refuse('localPartCharacters');
  if (local.length > EMAIL_ADDRESS_LIMITS.localPart) return refuse('localPartTooLong');

  const domain = domainInput.normalize('NFC').toLowerCase().replace(IDEOGRAPHIC_STOPS, '.');
  const labels = domain.split('.');
  if (labels.length < 2) return refuse('domain');
  const asciiLabels: string[] = [];
  for (const label of labels) {
    const ascii = asciiLabel(label);
    if (ascii === undefined) return refuse('domain');
    if (ascii.length > EMAIL_ADDRESS_LIMITS.label) return refuse('labelTooLong');
    asciiLabels.push(ascii);
  }
  if (!TOP_LEVEL.test(asciiLabels[asciiLabels.length - 1] ?? '')) return refuse('domain');
  const asciiDomain = asciiLabels.join('.');
  if (asciiDomain.length > EMAIL_ADDRESS_LIMITS.domain) return refuse('tooLong');
  const ascii = `${local}@${asciiDomain}`;
  if (ascii.length > EMAIL_ADDRESS_LIMITS.address) return refuse('tooLong');
  return { ok: true, address: `${local}@${domain}`, ascii };
}

/** The ASCII form of one label, or `undefined` when it cannot be part of a host name. */
function asciiLabel(label: string): string | undefined {
  if (ASCII_LABEL.test(label)) {
    // "ab--" labels are reserved for encodings; Punycode's "xn--" is the one in use.
    return label.slice(2, 4) !== '--' || PUNYCODE_LABEL.test(label) ? label : undefined;
  }
  if (!UNICODE_LABEL.test(label) || label.slice(2, 4) === '--') return undefined;
  if (RTL.test(label) && !RTL_LABEL.test(label)) return undefined;
  return `xn--${punycodeEncode(label)}`;
}

const refuse = (problem: EmailAddressProblem): EmailAddressCheck => ({ ok: false, problem });
