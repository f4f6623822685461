import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../functions/contract/html';
import {
  UnsafeHeaderValueError,
  formatMailbox,
  inlineText,
  isSafeAddress,
} from '../../../functions/lib/email/escape';

// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Strings built to break out of HTML or a header: markup, quotes, CR/LF, controls, emoji. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(
      fc.constantFrom(
        '<script>alert(1)</script>',
        '"><img src=x onerror=alert(1)>',
        "' onmouseover='x",
        '&amp;',
        '\r\nBcc: victim@example.com',
        '\nSubject: hi',
        '\u0000',
        '\u0085',
        '\u2028',
        '\u202E',
        '😀👨‍👩‍👧',
        'Zoë Ødegård',
        '李小龍',
        'مرحبا',
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => parts.join('')),
);

describe('Email escaping', () => {
  describe('escapeHtml', () => {
    it.each([
      ['<b>', '&lt;b&gt;'],
      ['a & b', 'a &amp; b'],
      ['"quoted"', '&quot;quoted&quot;'],
      ["O'Brien", 'O&#39;Brien'],
      ['plain', 'plain'],
    ])('escapes %j as %j', (input, expected) => {
      expect(escapeHtml(input)).toBe(expected);
    });

    it('leaves no character that can open a tag, an entity or end an attribute', () => {
      fc.assert(
        fc.property(hostile, (value) => {
          expect(escapeHtml(value)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|#39);)/);
        }),
      );
    });
  });

  describe('inlineText (header values)', () => {
    it('turns line breaks and control characters into single spaces', () => {
      expect(inlineText('Ann\r\nBcc: x@example.com', 100)).toBe('Ann Bcc: x@example.com');
      expect(inlineText('A\u0000B\u202EC\u2028D', 100)).toBe('A B C D');
    });

    it('cuts long values and marks the cut', () => {
      expect(inlineText('abcdefghij', 5)).toBe('abcd…');
      expect(inlineText('abcde', 5)).toBe('abcde');
      expect(inlineText('  Ann \t\t  Lee  ', 100)).toBe('Ann Lee');
    });

    it('never lets a line break or control character through, whatever the input', () => {
      fc.assert(
        fc.property(hostile, fc.integer({ min: 1, max: 80 }), (value, max) => {
          const result = inlineText(value, max);
          expect(result).not.toMatch(CONTROL_OR_BREAK);
          expect(Array.from(result).length).toBeLessThanOrEqual(max);
        }),
      );
    });
  });

  it('names its refusal for the logs', () => {
    expect(new UnsafeHeaderValueError('x').name).toBe('UnsafeHeaderValueError');
  });

  describe('isSafeAddress', () => {
    it.each([
      ['ann@example.com', true],
      ['ann.lee+back@mail.example.co.uk', true],
      ["o'brien@example.com", true],
      ['ann@example.com\r\nBcc: victim@example.com', false],
      ['Ann <ann@example.com>', false],
      ['ann@example.com, eve@example.com', false],
      ['ann@@example.com', false],
      ['ann@localhost', false],
      ['"ann"@example.com', false],
      ['', false],
      [`${'a'.repeat(65)}@example.com`, false],
      [`${'a'.repeat(64)}@example.com`, true],
      // 254 characters, the longest address SMTP allows, and one more.
      [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`, true],
      [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`, false],
    ])('%j is safe: %s', (address, expected) => {
      expect(isSafeAddress(address)).toBe(expected);
    });
  });

  describe('formatMailbox', () => {
    it('quotes an ASCII display name', () => {
      expect(formatMailbox('Willow "Lane" Clinic', 'no-reply@example.com')).toBe(
        '"Willow \\"Lane\\" Clinic" <no-reply@example.com>',
      );
    });

    it('encodes a non-ASCII display name as RFC 2047 words that decode back to it', () => {
      const name = 'Clínica Acupuntura São João ' + '針'.repeat(30);
      const mailbox = formatMailbox(name, 'no-reply@example.com');
      const words = mailbox.replace(/ <no-reply@example\.com>$/, '').split(' ');
      for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
      const decoded = words
        .map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)?.[1] ?? '', 'base64'))
        .map((b) => b.toString('utf8'))
        .join('');
      expect(decoded).toBe(inlineText(name, 100));
    });

    it('refuses an address that could carry a header', () => {
      expect(() => formatMailbox('Clinic', 'a@example.com\r\nBcc: b@example.com')).toThrow(
        UnsafeHeaderValueError,
      );
    });

    it('names the sender address setting when it refuses one', () => {
      expect(() => formatMailbox('Clinic', 'not an address')).toThrow(
        'The sender address is not a plain email address',
      );
    });

    it('is the bare address when the display name is empty once cleaned', () => {
      expect(formatMailbox('', 'no-reply@example.com')).toBe('no-reply@example.com');
      expect(formatMailbox(' \r\n\u202E ', 'no-reply@example.com')).toBe('no-reply@example.com');
    });

    it('fills each encoded word up to 45 bytes exactly, and starts a new one after', () => {
      // "a" and 22 "é" are 1 + 44 = 45 bytes: one full word; the "b" starts the next.
      expect(formatMailbox(`a${'é'.repeat(22)}b`, 'no-reply@example.com')).toBe(
        '=?UTF-8?B?YcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOp?= =?UTF-8?B?Yg==?= <no-reply@example.com>',
      );
      expect(formatMailbox('é', 'no-reply@example.com')).toBe(
        '=?UTF-8?B?w6k=?= <no-reply@example.com>',
      );
    });

    it('never produces a line break or control character, whatever the display name', () => {
      fc.assert(
        fc.property(hostile, (name) => {
          expect(formatMailbox(name, 'no-reply@example.com')).not.toMatch(CONTROL_OR_BREAK);
        }),
      );
    });
  });
});
