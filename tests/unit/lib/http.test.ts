import { describe, expect, it } from 'vitest';
import {
  ServiceUnavailableError,
  MethodNotAllowedError,
  RateLimitedError,
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
