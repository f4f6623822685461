import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/http';
import {
  PROD_WITH_DOMAIN,
  resourcesOf,
  synthesize,
  type Synthesized,
  type TemplateJson,
} from './support/app';

/** What CloudFormation resolves, while it deploys, to the current value of the secret. */
const dynamicReferenceTo = (secretId: string) => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
});

describe.each([
  ['dev stage, cdk.json defaults', {}],
  ['production stage with a custom domain in another region', PROD_WITH_DOMAIN],
])('The API direct address (%s)', (_label, overrides) => {
  let synth: Synthesized;
  let resources: TemplateJson;
  let secretId: string;
  let stageId: string;
  let webAcl: TemplateJson;
  let webAclId: string;
  beforeAll(() => {
    synth = synthesize(overrides);
    resources = synth.template.toJSON().Resources;
    secretId = resourcesOf(synth.template, 'AWS::SecretsManager::Secret').find(
      ([id]) => !id.startsWith('StatusLinks'),
    )![0];
    const stages = resourcesOf(synth.template, 'AWS::ApiGateway::Stage');
    expect(stages).toHaveLength(1);
    stageId = stages[0]![0];
    const regional = resourcesOf(synth.template, 'AWS::WAFv2::WebACL').filter(
      ([, acl]) => (acl as TemplateJson).Properties.Scope === 'REGIONAL',
    );
    expect(regional).toHaveLength(1);
    [webAclId, webAcl] = regional[0]! as [string, TemplateJson];
  });

  it('is a REST API with a regional endpoint: an HTTP API could take no WAF', () => {
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    synth.template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    synth.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('has a web ACL on its one stage that blocks every request by default', () => {
    expect(webAcl.Properties.DefaultAction).toEqual({
      Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'forbidden' } },
    });
    // The same answer the functions give a request without the header (functions/lib/http.ts).
    expect(webAcl.Properties.CustomResponseBodies).toEqual({
      forbidden: { ContentType: 'APPLICATION_JSON', Content: '{"error":"forbidden"}' },
    });
    const associations = resourcesOf(synth.template, 'AWS::WAFv2::WebACLAssociation');
    expect(associations).toHaveLength(1);
    const [, association] = associations[0]! as [string, TemplateJson];
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    // arn:<partition>:apigateway:<region>::/restapis/<api id>/stages/live
    const [restApiId] = resourcesOf(synth.template, 'AWS::ApiGateway::RestApi')[0]!;
    const [, parts] = association.Properties.ResourceArn['Fn::Join'] as [string, unknown[]];
    expect(parts.slice(1)).toEqual([{ Ref: restApiId }, '/stages/', { Ref: stageId }]);
    expect(String(parts[0])).toMatch(/^arn:aws:apigateway:[a-z0-9-]+::\/restapis\/$/);
  });

  it('allows only requests whose origin header is exactly the secret CloudFront sends', () => {
    expect(webAcl.Properties.Rules).toEqual([
      {
        Name: 'FromTheSite',
        Priority: 0,
        Action: { Allow: {} },
        Statement: {
          ByteMatchStatement: {
            FieldToMatch: { SingleHeader: { Name: ORIGIN_VERIFY_HEADER } },
            PositionalConstraint: 'EXACTLY',
            SearchString: dynamicReferenceTo(secretId),
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
        VisibilityConfig: {
          CloudWatchMetricsEnabled: true,
          MetricName: 'ApiFromTheSite',
          SampledRequestsEnabled: true,
        },
      },
    ]);
    const [[, distribution]] = resourcesOf(synth.template, 'AWS::CloudFront::Distribution') as [
      [string, TemplateJson],
    ];
    const headers = (distribution.Properties.DistributionConfig.Origins as TemplateJson[]).flatMap(
      (origin) => origin.OriginCustomHeaders ?? [],
    );
    expect(headers).toEqual([
      { HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: dynamicReferenceTo(secretId) },
    ]);
  });

  it('logs the requests it refuses, to an encrypted group, never the header value', () => {
    const [[, logging]] = resourcesOf(synth.template, 'AWS::WAFv2::LoggingConfiguration').filter(
      ([, config]) =>
        JSON.stringify((config as TemplateJson).Properties.ResourceArn).includes(webAclId),
    ) as [[string, TemplateJson]];
    expect(logging.Properties.RedactedFields).toContainEqual({
      SingleHeader: { Name: ORIGIN_VERIFY_HEADER },
    });
    expect(logging.Properties.LoggingFilter).toEqual({
      DefaultBehavior: 'DROP',
      Filters: [
        {
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [{ ActionCondition: { Action: 'BLOCK' } }],
        },
      ],
    });
    const groupName = `aws-waf-logs-${synth.stack.stackName}-api-origin`;
    const [[, group]] = resourcesOf(synth.template, 'AWS::Logs::LogGroup').filter(
      ([, g]) => (g as TemplateJson).Properties.LogGroupName === groupName,
    ) as [[string, TemplateJson]];
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    expect(group.Properties.RetentionInDays).toBe(synth.config.deployment.logRetentionDays);
  });

  it("is reached by CloudFront at the stage's path, so viewers keep /api/...", () => {
    const [[, distribution]] = resourcesOf(synth.template, 'AWS::CloudFront::Distribution') as [
      [string, TemplateJson],
    ];
    const config = distribution.Properties.DistributionConfig;
    const behavior = config.CacheBehaviors.find(
      (b: { PathPattern: string }) => b.PathPattern === '/api/*',
    );
    const origin = config.Origins.find((o: TemplateJson) => o.Id === behavior.TargetOriginId);
    expect(origin.OriginPath).toBe('/live');
    const [restApiId] = resourcesOf(synth.template, 'AWS::ApiGateway::RestApi')[0]!;
    expect(JSON.stringify(origin.DomainName)).toContain(JSON.stringify({ Ref: restApiId }));
    expect(resources[stageId].Properties.StageName).toBe('live');
  });
});
