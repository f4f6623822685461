import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEmailAddress } from '../../../functions/contract/email-address';
import { punycodeEncode } from '../../../functions/contract/punycode';

describe('Module: the email address rule', () => {
  describe('accepts what RFC 5322 allows in a local part and what IDNA allows in a domain', () => {
    it.each([
      ["o'brien@example.com", "o'brien@example.com"],
      ['first.last+tag@example.com', 'first.last+tag@example.com'],
      ["!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com"],
      ['user@sub.example.co.uk', 'user@sub.example.co.uk'],
      ['Ann@Example.COM', 'Ann@example.com'],
      ['ann@münchen.de', 'ann@xn--mnchen-3ya.de'],
      ['ann@xn--mnchen-3ya.de', 'ann@xn--mnchen-3ya.de'],
      ['ann@bücher.example', 'ann@xn--bcher-kva.example'],
      ['ann@例え.テスト', 'ann@xn--r8jz45g.xn--zckzah'],
      ['ann@пример.рф', 'ann@xn--e1afmkfd.xn--p1ai'],
      ['ann@مثال.إختبار', 'ann@xn--mgbh0fb.xn--kgbechtv'],
      [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
      [`ann@${'a'.repeat(63)}.com`, `ann@${'a'.repeat(63)}.com`],
    ])('%s (sent as %s)', (address, ascii) => {
      const check = checkEmailAddress(address);
      expect(check).toEqual({ ok: true, address: expect.any(String), ascii });
    });

    it('keeps the local part as typed and the domain lower-cased, in its own script', () => {
      expect(checkEmailAddress('Ann.Lee@MÜNCHEN.de')).toEqual({
        ok: true,
        address: 'Ann.Lee@münchen.de',
        ascii: 'Ann.Lee@xn--mnchen-3ya.de',
      });
    });
  });

  describe('refuses what no mail system delivers, with the reason', () => {
    it.each([
      ['plainaddress', 'format'],
      ['@example.com', 'format'],
      ['ann@', 'format'],
      ['ann@@example.com', 'format'],
      ['ann lee@example.com', 'format'],
      ['.ann@example.com', 'localPartCharacters'],
      ['ann.@example.com', 'localPartCharacters'],
      ['ann..lee@example.com', 'localPartCharacters'],
      ['"ann"@example.com', 'localPartCharacters'],
      ['ann@aمثال.com', 'domain'],
      ['anné@example.com', 'localPartCharacters'],
      ['ann<x>@example.com', 'localPartCharacters'],
      ['=?utf-8?b?4oCu?=@example.com', 'localPartCharacters'],
      [`${'a'.repeat(65)}@example.com`, 'localPartTooLong'],
      [`ann@${'a'.repeat(64)}.com`, 'labelTooLong'],
      [`ann@${'ü'.repeat(60)}.com`, 'labelTooLong'],
      ['ann@localhost', 'domain'],
      ['ann@example..com', 'domain'],
      ['ann@-example.com', 'domain'],
      ['ann@example-.com', 'domain'],
      ['ann@exa_mple.com', 'domain'],
      ['ann@example.com.', 'domain'],
      ['ann@[192.0.2.1]', 'domain'],
      ['ann@192.0.2.1', 'domain'],
      ['ann@ab--cd.com', 'domain'],
      ['ann@exa mple.com', 'format'],
      [`ann@${Array(5).fill('a'.repeat(60)).join('.')}.com`, 'tooLong'],
      [`${'a'.repeat(64)}@${Array(3).fill('b'.repeat(60)).join('.')}.example.com`, 'tooLong'],
    ])('%s: %s', (address, problem) => {
      expect(checkEmailAddress(address)).toEqual({ ok: false, problem });
    });
  });

  describe('Punycode', () => {
    it.each([
      ['münchen', 'mnchen-3ya'],
      ['bücher', 'bcher-kva'],
      ['例え', 'r8jz45g'],
      ['пример', 'e1afmkfd'],
    ])('encodes %s as %s (RFC 3492)', (label, encoded) => {
      expect(punycodeEncode(label)).toBe(encoded);
    });

    it('agrees with Node’s own IDNA conversion for any left-to-right domain the rule accepts', () => {
      const label = fc
        .array(fc.constantFrom(...'abcxyz019-äöüßéñçøåæ日本語한국어пршλόγος'.split('')), {
          minLength: 1,
          maxLength: 12,
        })
        .map((chars) => chars.join(''));
      fc.assert(
        fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), (labels) => {
          const domain = `${labels.join('.')}.example`;
          const check = checkEmailAddress(`ann@${domain}`);
          if (!check.ok) return;
          expect(check.ascii).toBe(`ann@${domainToASCII(domain)}`);
        }),
        { numRuns: 500 },
      );
    });
  });
});
