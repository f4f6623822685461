/**
 * Lambda adapter for `POST /api/leads` (API Gateway HTTP API, payload 2.0): refuses a request
 * that did not come through CloudFront, decodes the request, calls the core, maps errors to the
 * answer. Environment is read once, at cold start.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { parseKnownCampaigns } from '../contract/campaigns';
import { createTableClient } from '../lib/dynamodb-json';
import { requireEnv, requireIntEnv } from '../lib/env';
import {
  decodeBody,
  header,
  readOriginSecret,
  sourceIp,
  verifyOrigin,
  type DecodedBody,
} from '../lib/http';
import { createLogger, logFailure } from '../lib/logger';
import { e164Normaliser, parseNumberTypes } from '../lib/phone';
import { failureResponse, successResponse } from './respond';
import { submitLead, type SubmitDeps } from './submit-lead';
import { isWarmUp, rehearseSubmission, WarmUpLimiter, warmUpResponse } from './warm-up';

const logger = createLogger('submit-lead');
// Set by the CDK app in every deployment; absent in the local stack and tests (check off).
const originSecret = readOriginSecret();
const clinic = { name: requireEnv('CLINIC_NAME'), phone: requireEnv('CLINIC_PHONE') };
const warmUps = new WarmUpLimiter();
/** Whether this execution environment has rehearsed a submission (its first warm-up does). */
let rehearsed = false;
const deps: SubmitDeps = {
  db: createTableClient(),
  tableName: requireEnv('TABLE_NAME'),
  normalisePhone: e164Normaliser(requireEnv('DEFAULT_COUNTRY'), {
    countries: requireEnv('CALLBACK_COUNTRIES').split(','),
    numberTypes: parseNumberTypes(requireEnv('CALLBACK_NUMBER_TYPES')),
  }),
  now: () => new Date(),
  config: {
    retentionDays: requireIntEnv('RETENTION_DAYS', 1, 3650),
    spamRetentionDays: requireIntEnv('SPAM_RETENTION_DAYS', 1, 90),
    rateLimit: {
      maxPerWindow: requireIntEnv('RATE_LIMIT_MAX', 1, 10_000),
      windowSeconds: requireIntEnv('RATE_LIMIT_WINDOW_SECONDS', 10, 86_400),
    },
    consentVersion: requireEnv('CONSENT_VERSION'),
    campaigns: parseKnownCampaigns(requireEnv('CAMPAIGNS')),
  },
};

export const handler = async (
  event: APIGatewayProxyEventV2,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const requestId = event.requestContext.requestId;
  logger.resetKeys();
  // Cold start, function name and the function's request id on every line, as notify does.
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys({ requestId });
  let body: DecodedBody | undefined;
  try {
    // First, before the body is read or the table is touched.
    verifyOrigin(event, originSecret);
    // The page's warm-up: answered from memory, never stored, counted or logged as a request.
    if (isWarmUp(event)) {
      const retryAfter = warmUps.take(sourceIp(event), Date.now());
      if (retryAfter === 0 && !rehearsed) {
        rehearsed = true;
        await rehearseSubmission(deps, clinic.phone);
      }
      return warmUpResponse(retryAfter);
    }
    body = decodeBody(event);
    const result = await submitLead(
      {
        fields: body.fields,
        via: body.format,
        idempotencyKeyHeader: header(event, 'idempotency-key'),
        // CloudFront's viewer address only when the origin check proved CloudFront sent it.
        sourceIp: sourceIp(event, { trustViewerAddress: originSecret !== undefined }),
        userAgent: header(event, 'user-agent') ?? '',
        referer: header(event, 'referer'),
      },
      deps,
    );
    logger.info(result.spam ? 'Spam kept' : result.created ? 'Lead stored' : 'Replay answered', {
      leadId: result.id,
      kind: result.kind,
      via: body.format,
    });
    return successResponse(result, body.format);
  } catch (error) {
    logFailure(logger, error);
    return failureResponse(error, {
      event,
      format: body?.format,
      fields: body?.fields,
      requestId,
      clinic,
    });
  }
};
