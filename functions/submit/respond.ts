/**
 * Answers for `POST /api/leads`, in the form the client can use: JSON for the enhanced form,
 * a redirect or an HTML page for the plain HTML form (JavaScript off).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { FORM_COPY, PROBLEM_TEXT, rateLimitedText } from '../contract/form-copy';
import { fill } from '../contract/html';
import { renderFormPage } from '../contract/form-page';
import { ForbiddenError, RateLimitedError, ValidationError } from '../lib/errors';
import {
  errorHeaders,
  errorStatus,
  errorToJson,
  header,
  htmlResponse,
  jsonResponse,
  type HttpResponse,
} from '../lib/http';
import { LEAD_KINDS, type BodyFormat, type LeadKind } from '../contract/lead-schema';
import type { SubmitResult } from './submit-lead';

export interface ClinicContact {
  readonly name: string;
  readonly phone: string;
}

/** 201 for a new lead, 200 for a replay; 303 to the thank-you page for the plain form. */
export function successResponse(result: SubmitResult, format: BodyFormat): HttpResponse {
  if (format === 'form') {
    const location = `/thank-you/?ref=${encodeURIComponent(result.id)}&kind=${result.kind}`;
    return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
  }
  return jsonResponse(result.created ? 201 : 200, {
    id: result.id,
    kind: result.kind,
    status: 'received',
  });
}

/** Whether the client is a browser posting the plain form (or otherwise asking for a page). */
function wantsHtml(event: APIGatewayProxyEventV2, format: BodyFormat | undefined): boolean {
  if (format !== undefined) return format === 'form';
  const contentType = header(event, 'content-type') ?? '';
  if (contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return true;
  const accept = header(event, 'accept') ?? '';
  return accept.includes('text/html') && !contentType.toLowerCase().includes('json');
}

/** The answer to a refused or failed request. */
export function failureResponse(
  error: unknown,
  context: {
    readonly event: APIGatewayProxyEventV2;
    readonly format: BodyFormat | undefined;
    readonly fields: Readonly<Record<string, unknown>> | undefined;
    readonly requestId: string;
    readonly clinic: ClinicContact;
  },
): HttpResponse {
  // A request refused at the origin check never came from the site's pages: no page for it.
  if (error instanceof ForbiddenError || !wantsHtml(context.event, context.format)) {
    return errorToJson(error, context.requestId);
  }
  const status = errorStatus(error);
  const values = textValues(context.fields);
  const kind: LeadKind = LEAD_KINDS.find((k) => k === values.kind) ?? 'callback';
  const page =
    error instanceof ValidationError
      ? renderFormPage({ kind, values, fields: error.fields }, context.clinic)
      : renderFormPage(
          {
            kind,
            values,
            problem:
              error instanceof RateLimitedError
                ? rateLimitedText(error.retryAfterSeconds)
                : status >= 500
                  ? `${PROBLEM_TEXT[status] ?? PROBLEM_TEXT[500]} ${fill(FORM_COPY.problems.reference, { ref: context.requestId })}`
                  : (PROBLEM_TEXT[status] ?? PROBLEM_TEXT[400]),
          },
          context.clinic,
        );
  return htmlResponse(status >= 500 && status !== 503 ? 500 : status, page, errorHeaders(error));
}

/** The text values a person typed, to put back in the form (never the honeypot). */
function textValues(fields: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (typeof value === 'string' && key !== 'website') values[key] = value;
  }
  return values;
}
