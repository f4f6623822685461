/**
 * The events function in the stack: its route under /api (so CloudFront's /api/* behaviour and
 * WAF cover it), and a role that can only add to counters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from './support/rest-routes';
import { eventsFunction } from '../../infra/manifest';
import {
  actionsOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Synthesized,
} from './support/app';

describe('Funnel events in the stack (dev stage)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });

  it('routes /api/events to the events function', () => {
    expect(restRoutes(synth.template).map((route) => route.routeKey)).toContain('ANY /api/events');
    expect(eventsFunction.trigger).toMatchObject({ path: '/api/events' });
  });

  it('lets the function update counter items and nothing else in the table', () => {
    const statements = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, eventsFunction.entry),
    );
    const onTable = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(onTable).toHaveLength(1);
    expect(actionsOf(onTable[0]!)).toEqual(['dynamodb:UpdateItem']);
    expect(onTable[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FUNNEL#*'] },
    });
    const actions = statements.flatMap(actionsOf);
    expect(actions).not.toContain('ses:SendEmail');
  });
});
