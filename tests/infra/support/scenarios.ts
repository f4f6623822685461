/**
 * The stage set-ups the outside checkers (cfn-lint, cfn-guard) run on: each deploys a
 * different set of resources, so together they cover every template the app can produce.
 */
import { PROD_WITH_DOMAIN } from './app';

/** One stage set-up: its context overrides. */
export interface Scenario {
  readonly name: string;
  readonly context: Record<string, unknown>;
}

const ZONE = PROD_WITH_DOMAIN.site.hostedZoneName;

/** cdk.json as it is: the dev stage in us-east-1, no domain. */
export const DEV: Scenario = { name: 'dev (no domain, us-east-1)', context: {} };

/** Production with its domain, all in us-east-1 (one stack). */
export const PROD_US_EAST_1: Scenario = {
  name: 'prod with a domain in us-east-1',
  context: {
    ...PROD_WITH_DOMAIN,
    deployment: { ...PROD_WITH_DOMAIN.deployment, region: 'us-east-1' },
  },
};

/** Production in eu-west-1, with the us-east-1 edge stack (WAF, certificate). */
export const PROD_WITH_EDGE: Scenario = {
  name: 'prod with a domain in eu-west-1 and the us-east-1 edge stack',
  context: PROD_WITH_DOMAIN,
};

/** The sender's domain is a sub-domain of the hosted zone; reserved concurrency is on. */
export const SENDER_IN_SUBDOMAIN: Scenario = {
  name: 'prod with the sender in a sub-domain of the zone, concurrency reserved',
  context: {
    ...PROD_WITH_DOMAIN,
    deployment: {
      ...PROD_WITH_DOMAIN.deployment,
      region: 'eu-central-1',
      reserveConcurrency: true,
    },
    leads: {
      ...PROD_WITH_DOMAIN.leads,
      sender: { email: `no-reply@notify.${ZONE}`, name: 'Birch Street Acupuncture' },
    },
  },
};

export const SCENARIOS: readonly Scenario[] = [
  DEV,
  PROD_US_EAST_1,
  PROD_WITH_EDGE,
  SENDER_IN_SUBDOMAIN,
];
