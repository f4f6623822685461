/**
 * deployment.provisionedConcurrency: off by default; when set, API Gateway invokes a `live`
 * alias of the submit function with that many environments kept initialised.
 */
import { describe, expect, it } from 'vitest';
import { resourcesOf, synthesize } from './support/app';

describe('Provisioned concurrency of the submit function', () => {
  it('is off by default: no alias, the API invokes the function itself', () => {
    const { template } = synthesize();
    expect(resourcesOf(template, 'AWS::Lambda::Alias')).toEqual([]);
  });

  it('when set, keeps that many environments of a live alias warm and routes the API to it', () => {
    const { template } = synthesize({ deployment: { provisionedConcurrency: 2 } });
    const aliases = resourcesOf(template, 'AWS::Lambda::Alias');
    expect(aliases).toHaveLength(1);
    const [aliasId, alias] = aliases[0]!;
    expect(alias.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    expect(JSON.stringify(integrations)).toContain(aliasId);
  });
});
