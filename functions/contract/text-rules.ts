/**
 * How text from a person is measured and checked, the same way in the page, the API and the
 * emails. Plain ECMAScript: it imports nothing of ours and needs neither Node nor the DOM.
 *
 * Lengths count Unicode code points: "José" is 4, an emoji such as 😀 is 1 (JavaScript's
 * `length` says 2), a flag or a family emoji is as many as it is made of. Code points count the
 * same in every browser and runtime, where grapheme clusters depend on the Unicode tables of
 * each engine's version, and they bound what is stored.
 */

/** The number of characters (code points) in `text`. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** `text` cut to at most `max` characters, never in the middle of one. */
export function cutCharacters(text: string, max: number): string {
  return countCharacters(text) <= max ? text : Array.from(text).slice(0, max).join('');
}

// Something a reader can see: not white space, not a default-ignorable character (zero-width
// joiners, Hangul fillers, variation selectors...), not a control or format character, not a
// lone combining mark, not the blank braille pattern that passes for a space.
const VISIBLE =
  /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Cs}\p{M}\p{Z}\u2800]/u;

/** Whether `text` has at least one character a person can see. */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** Half of a UTF-16 surrogate pair on its own: text that no UTF-8 encoding can carry. */
export const LONE_SURROGATE = /\p{Cs}/u;

// RFC 2047: =?charset?B|Q?encoded-text?=
const ENCODED_WORD = /=\?([^?\s]*)\?([bq])\?([^?\s]*)\?=/gi;

/**
 * Text for an email header in which nothing reads as an RFC 2047 encoded word: a mail client
 * would decode `=?UTF-8?B?4oCu?=` into a right-to-left override, or any other character the
 * rules refuse. A space after the `=` leaves the words readable and no longer decodable.
 */
export function defuseEncodedWords(text: string): string {
  return text.replace(ENCODED_WORD, '= ?$1?$2?$3?=');
}
