/**
 * Lambda adapter for `/api/leads/status` (API Gateway HTTP API, payload 2.0): the page a status
 * link from the clinic email opens (GET) and its buttons (POST). Environment is read and clients
 * made once, at cold start; the link key is read from its store on first use and kept.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient } from '../lib/dynamo';
import { requireEnv, requireTimeZoneEnv } from '../lib/env';
import { AppError } from '../lib/errors';
import { decodeBody, htmlResponse, readOriginSecret, verifyOrigin } from '../lib/http';
import { createLogger, logFailure } from '../lib/logger';
import { RESPONSE_TIME_METRICS } from '../lib/metric-names';
import { parseOpeningHours } from '../lib/opening-hours';
import { secretReader } from '../lib/secrets';
import { linkKeyLoader, STATUS_LINK_KEY_VARIABLE } from '../lib/status-link';
import { handleStatusRequest, type StatusDeps } from './change-status';
import { renderRefusalPage } from './page';

const logger = createLogger('lead-status');
// Embedded metric format: the numbers reach CloudWatch through the log, with no API call.
const metrics = new Metrics({ serviceName: 'lead-status' });
const originSecret = readOriginSecret();
const clinicTimeZone = requireTimeZoneEnv('CLINIC_TIME_ZONE');
const deps: StatusDeps = {
  db: createDocumentClient(),
  tableName: requireEnv('TABLE_NAME'),
  now: () => new Date(),
  linkKey: linkKeyLoader(
    requireEnv(STATUS_LINK_KEY_VARIABLE),
    secretReader(new SecretsManagerClient({ maxAttempts: 2 })),
  ),
  page: { clinicName: requireEnv('CLINIC_NAME'), timeZone: clinicTimeZone },
  hours: parseOpeningHours(requireEnv('CLINIC_HOURS'), clinicTimeZone),
  metrics: {
    record: (times) => {
      if (times.minutesToFirstAttempt !== undefined) {
        metrics.addMetric(
          RESPONSE_TIME_METRICS.firstAttempt,
          MetricUnit.Count,
          times.minutesToFirstAttempt,
        );
      }
      if (times.minutesToFirstContact !== undefined) {
        metrics.addMetric(
          RESPONSE_TIME_METRICS.firstContact,
          MetricUnit.Count,
          times.minutesToFirstContact,
        );
      }
      if (times.minutesToFirstAttempt !== undefined || times.minutesToFirstContact !== undefined) {
        metrics.publishStoredMetrics();
      }
    },
  },
};

export const handler = async (
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const requestId = event.requestContext.requestId;
  logger.resetKeys();
  logger.appendKeys({ requestId });
  const method = event.requestContext.http.method;
  try {
    verifyOrigin(event, originSecret);
    const answer = await handleStatusRequest(
      {
        method,
        query: event.queryStringParameters ?? {},
        ...(method.toUpperCase() === 'POST' && { form: decodeBody(event).fields }),
      },
      deps,
    );
    logger.info('Status link answered', {
      outcome: answer.outcome,
      leadId: answer.leadId,
      to: answer.to,
    });
    return htmlResponse(answer.statusCode, answer.html, { 'x-robots-tag': 'noindex' });
  } catch (error) {
    logFailure(logger, error);
    if (error instanceof AppError && error.status < 500) {
      return htmlResponse(error.status, renderRefusalPage('bad-request', deps.page));
    }
    return htmlResponse(500, renderRefusalPage('server-error', deps.page, requestId));
  }
};
