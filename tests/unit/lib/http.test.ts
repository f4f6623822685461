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
    ])('reads the viewer address from CloudFront-Viewer-Address %s', (header, expected) => {
      expect(sourceIp(leadsEvent({ headers: { 'cloudfront-viewer-address': header } }))).toBe(
        expected,
      );
    });

    it('falls back to the connection address without CloudFront', () => {
      expect(sourceIp(leadsEvent({ sourceIp: '192.0.2.5' }))).toBe('192.0.2.5');
    });
  });

  describe('decodeBody', () => {
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
