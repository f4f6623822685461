/**
 * Lambda adapter for `POST /api/events` (API Gateway HTTP API, payload 2.0): the page's
 * first-party beacons. Answers 204 whether the event was counted or dropped (a visitor's page
 * never sees an error for a beacon), 429 to a flood, 405 to other methods. Logs say what was
 * counted or why not, never who sent it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient } from '../lib/dynamo';
import { requireEnv, requireIntEnv, requireTimeZoneEnv } from '../lib/env';
import { MethodNotAllowedError } from '../lib/errors';
import { parseFunnelCampaigns } from '../lib/funnel/campaigns';
import { errorToJson, header, readOriginSecret, sourceIp, verifyOrigin } from '../lib/http';
import { createLogger, logFailure } from '../lib/logger';
import { countEvent, type CountEventDeps } from './count-event';
import { memoryRateLimiter } from './rate-limiter';

const logger = createLogger('count-event');
const originSecret = readOriginSecret();
const deps: CountEventDeps = {
  db: createDocumentClient(),
  tableName: requireEnv('TABLE_NAME'),
  campaigns: parseFunnelCampaigns(requireEnv('FUNNEL_CAMPAIGNS')),
  timeZone: requireTimeZoneEnv('CLINIC_TIME_ZONE'),
  limiter: memoryRateLimiter({ maxPerWindow: requireIntEnv('EVENTS_PER_MINUTE', 1, 10_000) }),
  now: () => new Date(),
};

export const handler = async (
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.resetKeys();
  logger.appendKeys({ requestId: event.requestContext.requestId });
  try {
    verifyOrigin(event, originSecret);
    if (event.requestContext.http.method.toUpperCase() !== 'POST') {
      throw new MethodNotAllowedError(['POST']);
    }
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const result = await countEvent(
      {
        body,
        header: (name) => header(event, name),
        clientAddress: sourceIp(event, { trustViewerAddress: originSecret !== undefined }),
      },
      deps,
    );
    if (result.counted) {
      const { campaign, variant, event: name } = result.counter;
      logger.info('Event counted', { event: name, campaign, variant });
    } else {
      logger.info('Event dropped', { reason: result.reason });
    }
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  } catch (error) {
    logFailure(logger, error);
    return errorToJson(error, event.requestContext.requestId);
  }
};
