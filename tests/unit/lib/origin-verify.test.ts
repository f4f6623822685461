import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../functions/lib/env';
import { ForbiddenError } from '../../../functions/lib/errors';
import {
  errorToJson,
  ORIGIN_VERIFY_HEADER,
  ORIGIN_VERIFY_SECRET_MIN_LENGTH,
  ORIGIN_VERIFY_SECRET_VARIABLE,
  readOriginSecret,
  verifyOrigin,
} from '../../../functions/lib/http';
import { failureResponse } from '../../../functions/submit/respond';
import { formEvent, leadsEvent } from '../../support/api-events';

const SECRET = 'Q7f2kLm9Xw4Rz8Tp1Vb6Nc3Hs5Jd0Ga2Ye7Ui4Oq9Wr1Et6Sy3Dx8Cv5Bn0Mk2Lz';

/** The error `act` throws (failing the test when it throws none). */
function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** A request carrying the origin header, spelt as given. */
const withOriginHeader = (value: string, name: string = ORIGIN_VERIFY_HEADER) =>
  leadsEvent({ headers: { [name]: value } });

describe('Module: http (origin check)', () => {
  describe('readOriginSecret', () => {
    it('turns the check off only when the variable is absent', () => {
      expect(readOriginSecret({})).toBeUndefined();
    });

    it('reads the value when it is set', () => {
      expect(readOriginSecret({ [ORIGIN_VERIFY_SECRET_VARIABLE]: SECRET })).toBe(SECRET);
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['short', 'x'.repeat(ORIGIN_VERIFY_SECRET_MIN_LENGTH - 1)],
    ])('fails the cold start on a set but %s value, naming the variable', (_label, value) => {
      const read = () => readOriginSecret({ [ORIGIN_VERIFY_SECRET_VARIABLE]: value });
      expect(read).toThrow(EnvironmentError);
      expect(read).toThrow(ORIGIN_VERIFY_SECRET_VARIABLE);
    });

    it('never quotes a refused value in its message', () => {
      const short = 'k3Y9'.repeat(7);
      const { message } = thrownBy(() =>
        readOriginSecret({ [ORIGIN_VERIFY_SECRET_VARIABLE]: short }),
      );
      expect(message).toContain(ORIGIN_VERIFY_SECRET_VARIABLE);
      expect(message).not.toContain('k3Y9');
    });
  });

  describe('verifyOrigin', () => {
    it('lets every request through when no secret is configured (local stack, tests)', () => {
      expect(() => verifyOrigin(leadsEvent(), undefined)).not.toThrow();
      expect(() => verifyOrigin(withOriginHeader('anything'), undefined)).not.toThrow();
    });

    it('refuses a request without the origin header', () => {
      expect(() => verifyOrigin(leadsEvent(), SECRET)).toThrow(ForbiddenError);
    });

    it.each([
      ['empty', ''],
      ['a prefix of the secret', SECRET.slice(0, -1)],
      ['the secret and more', `${SECRET}x`],
      ['the secret in another case', SECRET.toLowerCase()],
      ['the secret with spaces around it', ` ${SECRET} `],
      ['the secret twice, as a repeated header arrives', `${SECRET},${SECRET}`],
    ])('refuses a request whose origin header is %s', (_label, value: string) => {
      expect(() => verifyOrigin(withOriginHeader(value), SECRET)).toThrow(ForbiddenError);
    });

    it('refuses every value but the secret', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 100 }), (value) => {
          fc.pre(value !== SECRET);
          expect(() => verifyOrigin(withOriginHeader(value), SECRET)).toThrow(ForbiddenError);
        }),
      );
    });

    it('lets through a request that carries the secret, whatever the header name case', () => {
      expect(() => verifyOrigin(withOriginHeader(SECRET), SECRET)).not.toThrow();
      expect(() => verifyOrigin(withOriginHeader(SECRET, 'X-Origin-Verify'), SECRET)).not.toThrow();
    });

    it('keeps the secret and the sent value out of the error it throws', () => {
      const error = thrownBy(() => verifyOrigin(withOriginHeader('wrong-value'), SECRET));
      expect(error).toBeInstanceOf(ForbiddenError);
      const text = `${error.message} ${error.stack ?? ''}`;
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('wrong-value');
    });
  });

  describe('the refusal', () => {
    it('answers 403 {"error":"forbidden"} and nothing more', () => {
      const response = errorToJson(new ForbiddenError('not through CloudFront'), 'req-1');
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(String(response.body))).toEqual({ error: 'forbidden' });
    });

    it('answers in JSON even to a plain form post: no page for a caller that skipped the site', () => {
      const event = formEvent(
        { name: 'Ann Lee' },
        { headers: { [ORIGIN_VERIFY_HEADER]: 'guess' } },
      );
      const response = failureResponse(new ForbiddenError('not through CloudFront'), {
        event,
        format: undefined,
        fields: undefined,
        requestId: 'req-2',
        clinic: { name: 'Clinic', phone: '+13125550134' },
      });
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(String(response.body))).toEqual({ error: 'forbidden' });
      expect(JSON.stringify(response)).not.toContain('guess');
    });
  });
});
