/**
 * API Gateway HTTP API (payload 2.0) event fixtures, and a loader that imports a function's
 * real handler with the environment its declaration gives it, pointed at the emulators.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, vi } from 'vitest';
import { leadsEvent, type EventOptions } from './lead-event';
import type { AppConfig } from '../../infra/config/config';
import { loadConfig } from '../../infra/config/load-config';
import { localAwsEnvironment } from '../../infra/local/aws-clients';
import { submitFunction, type FunctionDeclaration } from '../../infra/manifest';
import { knownCampaigns } from '../../functions/contract/campaigns';
import { buildCampaigns } from '../../web/build/campaigns';
import { CAMPAIGNS } from '../../web/content/campaigns';
import { LANDING } from '../../web/content/site';

export { leadsEvent, type EventOptions } from './lead-event';

/** A JSON request event. */
export const jsonEvent = (body: unknown, options: EventOptions = {}) =>
  leadsEvent({ contentType: 'application/json', body: JSON.stringify(body), ...options });

/** A plain HTML form post event. */
export const formEvent = (fields: Record<string, string>, options: EventOptions = {}) =>
  leadsEvent({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
    ...options,
  });

/** The campaigns and variants of the site's content, as a deployment of it knows them. */
export const SITE_CAMPAIGNS = knownCampaigns(
  buildCampaigns(CAMPAIGNS, LANDING, 'web/public').table,
);

/** The campaign of the main page ("/"), the one a visit without a campaign path counts under. */
export const MAIN_CAMPAIGN = mainCampaign();

function mainCampaign(): string {
  const main = CAMPAIGNS.campaigns.find((campaign) => campaign.path === '/');
  if (main === undefined) throw new Error('web/content/campaigns.ts has no main page campaign');
  return main.id;
}

/**
 * Imports a fresh copy of a function's handler module with the environment its declaration
 * builds from `config`, so each test file gets its own cold start.
 */
export async function loadHandler<T>(
  declaration: FunctionDeclaration,
  resources: { tableName: string; dynamodbEndpoint: string; sesUrl: string },
  config: AppConfig = loadConfig(),
): Promise<T> {
  Object.assign(
    process.env,
    localAwsEnvironment(resources),
    declaration.environment(config, { campaigns: SITE_CAMPAIGNS, ...resources }),
  );
  vi.resetModules();
  return (await import(pathToFileURL(resolve(declaration.entry)).href)) as T;
}

/** A valid callback request. */
export const callback = (overrides: Record<string, unknown> = {}) => ({
  kind: 'callback',
  name: 'Ann Lee',
  phone: '(312) 555-0188',
  preferredTime: 'morning',
  consent: true,
  website: '',
  ...overrides,
});

/** A valid contact request. */
export const contact = (overrides: Record<string, unknown> = {}) => ({
  kind: 'contact',
  name: 'Bo Chen',
  email: 'bo.chen@example.com',
  message: 'Do you see patients on Saturdays?',
  website: '',
  ...overrides,
});

/** The submit handler's signature as tests call it. */
export type SubmitHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Cold-starts the real submit handler on the test file's table before its tests run.
 * Returns a function that invokes it.
 */
export function useSubmitHandler(
  aws: () => { tableName: string; dynamodbEndpoint: string; sesUrl: string },
): SubmitHandler {
  let handler: SubmitHandler | undefined;
  beforeAll(async () => {
    ({ handler } = await loadHandler<{ handler: SubmitHandler }>(submitFunction, aws()));
  });
  return (event) => {
    if (handler === undefined) throw new Error('the submit handler is used before beforeAll ran');
    return handler(event);
  };
}

export { cloudFrontHeaders, TEST_ORIGIN_SECRET } from './cloudfront';
