import { describe, expect, it } from 'vitest';
import { EmailRejectedError } from '../../../functions/lib/email/ses-sender';
import {
  ForbiddenError,
  IdempotencyConflictError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../functions/lib/errors';
import { decodeBody, errorToJson, sourceIp } from '../../../functions/lib/http';
import { formEvent, jsonEvent, leadsEvent } from '../../support/api-events';

describe('Module: http', () => {
  describe('sourceIp', () => {
    it.each([
      ['203.0.113.9:443', '203.0.113.9'],
      ['[2001:db8::1]:51000', '2001:db8::1'],
      ['2001:db8::1', '2001:db8::1'],
    ])(
      'reads the viewer address from CloudFront-Viewer-Address %s when the request came through CloudFront',
      (header, expected) => {
        const event = leadsEvent({ headers: { 'cloudfront-viewer-address': header } });
        expect(sourceIp(event, { trustViewerAddress: true })).toBe(expected);
      },
    );

    it('falls back to the connection address without CloudFront', () => {
      expect(sourceIp(leadsEvent({ sourceIp: '192.0.2.5' }), { trustViewerAddress: true })).toBe(
        '192.0.2.5',
      );
    });

    it('ignores a CloudFront-Viewer-Address header unless told the request came through CloudFront', () => {
      const event = leadsEvent({
        sourceIp: '192.0.2.5',
        headers: { 'cloudfront-viewer-address': '203.0.113.9:443' },
      });
      expect(sourceIp(event)).toBe('192.0.2.5');
      expect(sourceIp(event, { trustViewerAddress: false })).toBe('192.0.2.5');
    });
  });

  describe('decodeBody', () => {
    it.each(['gzip', 'br', 'deflate', 'GZIP', 'identity, gzip'])(
      'refuses a body with Content-Encoding %s with a 415 that says to send it uncompressed',
      (coding) => {
        const event = leadsEvent({
          contentType: 'application/json',
          body: '{"name":"Ann"}',
          headers: { 'content-encoding': coding },
        });
        let thrown: unknown;
        try {
          decodeBody(event);
        } catch (error) {
          thrown = error;
        }
        const response = errorToJson(thrown, 'req-1');
        expect(response.statusCode).toBe(415);
        expect(JSON.parse(response.body as string)).toEqual({
          error: 'unsupported_media_type',
          message:
            'Send the form uncompressed: the API does not accept a Content-Encoding such as gzip',
        });
      },
    );

    it('reads a body whose Content-Encoding is identity', () => {
      const event = leadsEvent({
        contentType: 'application/json',
        body: '{"name":"Ann"}',
        headers: { 'content-encoding': 'identity' },
      });
      expect(decodeBody(event).fields).toEqual({ name: 'Ann' });
    });

    it.each([
      [
        'JSON with bytes that are not UTF-8',
        'application/json',
        Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      ],
      [
        'a form with bytes that are not UTF-8',
        'application/x-www-form-urlencoded',
        Buffer.from([0x6e, 0x3d, 0xc3, 0x28]),
      ],
      [
        'a form with a percent-escape that is not UTF-8',
        'application/x-www-form-urlencoded',
        Buffer.from('name=Ann%FFLee'),
      ],
      [
        'JSON spelling half a surrogate pair',
        'application/json',
        Buffer.from('{"name":"Ann\\ud800"}'),
      ],
    ])('refuses %s with a 400 instead of storing U+FFFD', (_what, contentType, bytes) => {
      const event = leadsEvent({ contentType, body: bytes.toString('base64') });
      event.isBase64Encoded = true;
      expect(() => decodeBody(event)).toThrow(ValidationError);
      try {
        decodeBody(event);
      } catch (error) {
        expect((error as ValidationError).status).toBe(400);
        expect((error as ValidationError).fields).toEqual({
          body: 'The request body is not valid UTF-8 text.',
        });
      }
    });

    it('refuses a body in another declared charset with a 415', () => {
      const event = leadsEvent({
        contentType: 'application/x-www-form-urlencoded; charset=iso-8859-1',
        body: 'name=Ann',
      });
      const response = errorToJson(
        (() => {
          try {
            decodeBody(event);
          } catch (error) {
            return error;
          }
        })(),
        'req-1',
      );
      expect(response.statusCode).toBe(415);
      expect(JSON.parse(response.body as string)).toMatchObject({
        message: 'Send the form as UTF-8 text (charset=utf-8)',
      });
    });

    it('decodes JSON and URL-encoded forms into fields', () => {
      expect(decodeBody(jsonEvent({ name: 'Ann' }))).toEqual({
        format: 'json',
        fields: { name: 'Ann' },
      });
      expect(decodeBody(formEvent({ name: 'Ann', consent: 'on' }))).toEqual({
        format: 'form',
        fields: { name: 'Ann', consent: 'on' },
      });
    });

    it('keeps the first value of a form field sent twice', () => {
      const event = leadsEvent({
        contentType: 'application/x-www-form-urlencoded',
        body: 'name=Ann&name=Bcc%3A%20x',
      });
      expect(decodeBody(event).fields).toEqual({ name: 'Ann' });
    });
  });

  describe('errorToJson', () => {
    it('gives validation errors their fields', () => {
      const response = errorToJson(new ValidationError({ name: 'Enter your name.' }), 'req-1');
      expect(response.statusCode).toBe(422);
      expect(JSON.parse(String(response.body))).toEqual({
        error: 'validation',
        fields: { name: 'Enter your name.' },
      });
    });

    it('adds Retry-After to rate-limit and unavailable answers, and Allow to 405', () => {
      expect(errorToJson(new RateLimitedError(42), 'r').headers['retry-after']).toBe('42');
      expect(errorToJson(new ServiceUnavailableError('busy', 2), 'r').headers['retry-after']).toBe(
        '2',
      );
      expect(errorToJson(new MethodNotAllowedError(['POST']), 'r').headers.allow).toBe('POST');
    });

    // The wire codes are the API's contract (README, "The API"): literals here, never derived.
    it.each([
      ['a refused field', new ValidationError({ name: 'Enter your name.' }), 422, 'validation'],
      ['a body that is not a form', new ValidationError({ body: 'x' }, 400), 400, 'validation'],
      ['a request from outside the site', new ForbiddenError('x'), 403, 'forbidden'],
      ['another method', new MethodNotAllowedError(['POST']), 405, 'method_not_allowed'],
      ['a reused key', new IdempotencyConflictError('x'), 409, 'idempotency_conflict'],
      ['a large body', new PayloadTooLargeError('x'), 413, 'payload_too_large'],
      ['another type', new UnsupportedMediaTypeError('x'), 415, 'unsupported_media_type'],
      ['too many requests', new RateLimitedError(42), 429, 'rate_limited'],
      ['a busy dependency', new ServiceUnavailableError('busy', 2), 503, 'unavailable'],
    ])('answers %s with status %i and code %s', (_case, error, status, code) => {
      const response = errorToJson(error, 'req-1');
      expect(response.statusCode).toBe(status);
      expect(JSON.parse(String(response.body))).toMatchObject({ error: code });
    });

    it('keeps the wire code when an error class is renamed', () => {
      // A subclass under another class name and `name` stands in for a rename.
      class RequestBodyTooBigError extends PayloadTooLargeError {
        override readonly name = 'RequestBodyTooBigError' as 'PayloadTooLargeError';
      }
      class TooManyTriesError extends RateLimitedError {
        override readonly name = 'TooManyTriesError' as 'RateLimitedError';
      }
      expect(JSON.parse(String(errorToJson(new RequestBodyTooBigError('x'), 'r').body))).toEqual({
        error: 'payload_too_large',
        message: 'Your request is too long. Please shorten your message and send it again.',
      });
      expect(JSON.parse(String(errorToJson(new TooManyTriesError(60), 'r').body))).toEqual({
        error: 'rate_limited',
        message:
          'We have received several requests from your connection in a short time. Please try again in about 1 minute.',
        retryAfterSeconds: 60,
      });
    });

    it.each([
      [30, 'about 1 minute'],
      [60, 'about 1 minute'],
      [61, 'about 2 minutes'],
      [300, 'about 5 minutes'],
    ])('tells a client limited for %i s to try again in %s', (seconds, wait) => {
      const body = JSON.parse(String(errorToJson(new RateLimitedError(seconds), 'r').body));
      expect(body.message).toBe(
        `We have received several requests from your connection in a short time. Please try again in ${wait}.`,
      );
    });

    it('answers a failure of ours other than "busy" as a generic 500, whatever its class', () => {
      const response = errorToJson(new EmailRejectedError('SES said: bad@example.com'), 'req-7');
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(String(response.body))).toEqual({
        error: 'server_error',
        message:
          'Something went wrong on our side and your request was not saved. Your details are still here: please try again.',
        requestId: 'req-7',
      });
    });

    it('turns an unknown error into a generic 500 that reveals nothing', () => {
      const secret = new Error(
        'ResourceNotFoundException: table leads-prod at /var/task/index.mjs:1:2',
      );
      const response = errorToJson(secret, 'req-9');
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(String(response.body))).toEqual({
        error: 'server_error',
        message: expect.any(String),
        requestId: 'req-9',
      });
      expect(response.body).not.toContain('leads-prod');
    });
  });
});
