/**
 * Making values safe for where they land in an email: HTML bodies, header values (Subject,
 * the From display name) and address lists (To, Reply-To). Every renderer goes through these,
 * so no value from a patient can add markup to an HTML body or a header to a message. HTML
 * text is escaped by the one `escapeHtml` the pages use too (functions/contract/html.ts).
 */
import { checkEmailAddress } from '../../contract/email-address';
import { defuseEncodedWords } from '../../contract/text-rules';
import { AppError, SERVER_ERROR_CODE } from '../errors';

/** An address or header value that cannot be used safely; the email is not sent with it. */
export class UnsafeHeaderValueError extends AppError {
  override readonly name = 'UnsafeHeaderValueError';
  /** A failure on our side: the API would answer it as any other server error. */
  readonly errorType = SERVER_ERROR_CODE;
  readonly status = 500;
}

// C0 and C1 controls (CR, LF, NEL among them), DEL, the Unicode line and paragraph separators,
// and the bidirectional overrides and isolates (which can make a name read backwards). Any of
// them in a header could end it, fold it or disguise it.
const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g;

/**
 * One line of plain text: unsafe characters become spaces, runs of white space become one,
 * and the result is cut to `maxLength` characters (marked with an ellipsis).
 */
export function inlineText(value: string, maxLength: number): string {
  const flat = value.replace(UNSAFE_IN_LINE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= maxLength ? flat : `${chars.slice(0, maxLength - 1).join('')}…`;
}

/**
 * A value for a header such as Subject: a single line with no control characters, in which
 * nothing a patient typed can pose as an RFC 2047 encoded word.
 */
export function headerValue(value: string, maxLength: number): string {
  return defuseEncodedWords(inlineText(value, maxLength));
}

/**
 * Whether `address` can go in To or Reply-To: the product's one address rule
 * (functions/contract/email-address.ts), which the form and the API apply too.
 */
export function isSafeAddress(address: string): boolean {
  return checkEmailAddress(address).ok;
}

/**
 * The form of `address` for a header (its domain in Punycode where it is internationalised),
 * or an {@link UnsafeHeaderValueError} naming the setting it came from.
 */
export function safeAddress(address: string, what: string): string {
  const check = checkEmailAddress(address);
  if (!check.ok) {
    throw new UnsafeHeaderValueError(`${what} is not a plain email address`);
  }
  return check.ascii;
}

/** Longest display name kept in a From header. */
const DISPLAY_NAME_MAX = 100;
/** Bytes of UTF-8 per RFC 2047 encoded word, so each word stays under 75 characters. */
const ENCODED_WORD_BYTES = 45;

/**
 * A mailbox for the From header: `"Display Name" <address>`. A display name outside printable
 * ASCII is sent as RFC 2047 encoded words, as SES requires.
 */
export function formatMailbox(displayName: string, address: string): string {
  const mailbox = safeAddress(address, 'The sender address');
  const display = headerValue(displayName, DISPLAY_NAME_MAX);
  if (display === '') return mailbox;
  if (/^[\x20-\x7E]*$/.test(display)) {
    return `"${display.replace(/["\\]/g, '\\$&')}" <${mailbox}>`;
  }
  return `${encodedWords(display)} <${mailbox}>`;
}

/** RFC 2047 "B" encoding, split on character boundaries into words of at most 75 characters. */
function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}
