import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLeadCaptureApp } from '../../infra/build';
import { API_FORWARDED_HEADERS } from '../../infra/constructs/site';
import { CSP_HASHES_FILE, cspHash, cspHashesJson } from '../../infra/site/csp-hashes';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { contentSecurityPolicy, securityHeaders } from '../../infra/site/security-headers';
import { CAMPAIGN_TABLE_FILE } from '../../infra/site/viewer-function-code';
import { IMMUTABLE_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL } from '../../infra/site/site-files';
import {
  contextWith,
  resourcesOf,
  siteFixture,
  synthesize,
  type Synthesized,
  type TemplateJson,
} from './support/app';

/** AWS managed cache policies (ids are fixed by CloudFront). */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** The headers a CloudFront response headers policy adds, as a browser receives them. */
function headersOf(config: TemplateJson): Record<string, string> {
  const security = config.SecurityHeadersConfig;
  const headers: Record<string, string> = {};
  for (const value of Object.values(security) as { Override: boolean }[]) {
    expect(value.Override, 'every security header overrides the origin').toBe(true);
  }
  headers['content-security-policy'] = security.ContentSecurityPolicy.ContentSecurityPolicy;
  const hsts = security.StrictTransportSecurity;
  headers['strict-transport-security'] = [
    `max-age=${hsts.AccessControlMaxAgeSec}`,
    ...(hsts.IncludeSubdomains ? ['includeSubDomains'] : []),
    ...(hsts.Preload ? ['preload'] : []),
  ].join('; ');
  // CloudFront's content-type options setting has one value: present, it sends `nosniff`.
  if (security.ContentTypeOptions !== undefined) headers['x-content-type-options'] = 'nosniff';
  headers['x-frame-options'] = security.FrameOptions.FrameOption;
  headers['referrer-policy'] = security.ReferrerPolicy.ReferrerPolicy;
  headers['x-xss-protection'] = security.XSSProtection.Protection ? '1; mode=block' : '0';
  for (const custom of config.CustomHeadersConfig.Items) {
    headers[String(custom.Header).toLowerCase()] = custom.Value;
  }
  return headers;
}

describe('Construct: Site (dev stage, cdk.json defaults)', () => {
  let synth: Synthesized;
  let resources: TemplateJson;
  let distribution: TemplateJson;
  let siteBucketId: string;
  let logBucketId: string;
  const behavior = (pattern: string) =>
    distribution.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);
  beforeAll(() => {
    synth = synthesize();
    resources = synth.template.toJSON().Resources;
    distribution = resourcesOf(synth.template, 'AWS::CloudFront::Distribution')[0]![1]
      .Properties as TemplateJson;
    distribution = distribution.DistributionConfig;
    const buckets = resourcesOf(synth.template, 'AWS::S3::Bucket');
    logBucketId = buckets.find(([, b]) => JSON.stringify(b).includes('BucketOwnerPreferred'))![0];
    siteBucketId = buckets.find(([id]) => id !== logBucketId)![0];
  });

  describe('bucket', () => {
    it('is private: every public access block on, no website endpoint', () => {
      for (const id of [siteBucketId, logBucketId]) {
        expect(resources[id].Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(resources[id].Properties.WebsiteConfiguration).toBeUndefined();
      }
    });

    it('lets only this distribution read it (Origin Access Control), and only over TLS', () => {
      const [, policy] = resourcesOf(synth.template, 'AWS::S3::BucketPolicy').find(
        ([, p]) =>
          JSON.stringify((p.Properties as TemplateJson).Bucket) === `{"Ref":"${siteBucketId}"}`,
      )!;
      const statements = (policy.Properties as TemplateJson).PolicyDocument.Statement;
      const reads = statements.filter(
        (s: TemplateJson) => s.Effect === 'Allow' && JSON.stringify(s.Action).includes('GetObject'),
      );
      expect(reads).toHaveLength(1);
      expect(reads[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(JSON.stringify(reads[0].Condition)).toContain(':distribution/');
      expect(
        statements.some(
          (s: TemplateJson) =>
            s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      ).toBe(true);
      synth.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: {
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        },
      });
      const s3Origin = distribution.Origins.find((o: TemplateJson) => o.S3OriginConfig);
      expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
      expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    });

    it('logs its access to the private log bucket', () => {
      expect(resources[siteBucketId].Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logBucketId },
        LogFilePrefix: 's3/',
      });
    });
  });

  describe('distribution', () => {
    it('redirects to HTTPS, compresses, and caches pages with the managed optimized policy', () => {
      expect(distribution.DefaultCacheBehavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
        CachePolicyId: CACHING_OPTIMIZED,
        AllowedMethods: ['GET', 'HEAD'],
      });
      expect(distribution.HttpVersion).toBe('http2and3');
    });

    it('serves the API under /api/* uncached, accepting POST, over HTTPS to API Gateway', () => {
      expect(behavior('/api/*')).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST']),
        Compress: true,
      });
      const apiOrigin = distribution.Origins.find(
        (o: TemplateJson) => o.Id === behavior('/api/*').TargetOriginId,
      );
      expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.us-east-1.');
      expect(apiOrigin.CustomOriginConfig).toEqual({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      });
    });

    it('forwards to the API exactly the headers and status-link parameters it reads, never Host', () => {
      const policyId = behavior('/api/*').OriginRequestPolicyId.Ref as string;
      const config = resources[policyId].Properties.OriginRequestPolicyConfig;
      expect(config.HeadersConfig.HeaderBehavior).toBe('whitelist');
      expect([...config.HeadersConfig.Headers].sort()).toEqual([...API_FORWARDED_HEADERS].sort());
      expect(config.HeadersConfig.Headers).not.toContain('host');
      expect(config.QueryStringsConfig.QueryStringBehavior).toBe('whitelist');
      expect([...config.QueryStringsConfig.QueryStrings].sort()).toEqual(['a', 'lead', 't']);
      expect(config.CookiesConfig.CookieBehavior).toBe('none');
    });

    it('adds the same security headers to pages and API answers', () => {
      const policyRef = distribution.DefaultCacheBehavior.ResponseHeadersPolicyId;
      expect(behavior('/api/*').ResponseHeadersPolicyId).toEqual(policyRef);
      const config = resources[policyRef.Ref].Properties.ResponseHeadersPolicyConfig;
      expect(headersOf(config)).toEqual(securityHeaders([]));
    });

    it('sends exactly this Content-Security-Policy for a build without a hash file (no inline style)', () => {
      const csp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
      expect(contentSecurityPolicy([])).toBe(csp);
      synth.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            ContentSecurityPolicy: {
              ContentSecurityPolicy: csp,
              Override: true,
            },
            StrictTransportSecurity: {
              AccessControlMaxAgeSec: 31_536_000,
              IncludeSubdomains: true,
              Override: true,
            },
          }),
        }),
      });
    });

    it('runs one viewer function on the request and the response of every page, campaign paths included', () => {
      const functions = resourcesOf(synth.template, 'AWS::CloudFront::Function');
      expect(functions).toHaveLength(1);
      const [[id]] = functions as [[string, TemplateJson]];
      expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [id, 'FunctionARN'] } },
        { EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': [id, 'FunctionARN'] } },
      ]);
      // No other behaviour can take a campaign path ("/spring/", "/") away from it.
      const patterns = (distribution.CacheBehaviors as TemplateJson[]).map((b) => b.PathPattern);
      expect(patterns).toEqual(['/api/*']);
    });

    it('deploys the file the local stack runs, after the campaign table of the build', () => {
      const [[, fn]] = resourcesOf(synth.template, 'AWS::CloudFront::Function') as [
        [string, TemplateJson],
      ];
      const code = String(fn.Properties.FunctionCode);
      // The repository's file with only comments and spacing removed.
      const file = transformSync(readFileSync('infra/site/viewer-function.js', 'utf8'), {
        minifyWhitespace: true,
        legalComments: 'none',
      }).code;
      expect(file).toContain('async function handler(');
      expect(code.endsWith(file)).toBe(true);
      const declaration = code.slice(0, code.length - file.length);
      expect(declaration).toBe(
        'var CAMPAIGN_TABLE = {"cookieDays":30,"cookiePrefix":"variant-","previewParam":"preview","campaigns":[' +
          '{"id":"main","path":"/","variants":[{"id":"control","weight":100}],"fallback":"/"},' +
          '{"id":"spring","path":"/spring/","variants":[{"id":"a","weight":50},{"id":"b","weight":50}],"fallback":"/"}]};\n',
      );
      expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    });

    it('answers a missing page with the site 404 page and status 404', () => {
      expect(distribution.CustomErrorResponses).toEqual([
        {
          ErrorCode: 404,
          ResponseCode: 404,
          ResponsePagePath: '/404.html',
          ErrorCachingMinTTL: 60,
        },
      ]);
    });

    it('writes access logs to the log bucket, which expires them after the retention period', () => {
      expect(distribution.Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [logBucketId, 'RegionalDomainName'] },
        Prefix: 'cloudfront/',
      });
      expect(resources[logBucketId].Properties.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({
          ExpirationInDays: synth.config.deployment.logRetentionDays,
          Status: 'Enabled',
        }),
      ]);
    });

    it('uses the default certificate without a custom domain (TLSv1.2_2021 needs one)', () => {
      expect(synth.config.site.domainName).toBeUndefined();
      expect(distribution.ViewerCertificate).toBeUndefined();
      expect(distribution.Aliases).toBeUndefined();
    });
  });

  describe('WAF', () => {
    let webAclId: string;
    let rules: TemplateJson[];
    beforeAll(() => {
      // The other, regional, web ACL guards the API stage (tests/infra/api-origin-firewall.test.ts).
      const [[id, acl]] = resourcesOf(synth.template, 'AWS::WAFv2::WebACL').filter(
        ([, webAcl]) => (webAcl as TemplateJson).Properties.Scope === 'CLOUDFRONT',
      ) as [[string, TemplateJson]];
      webAclId = id;
      rules = acl.Properties.Rules;
    });

    it('guards the distribution with a CloudFront-scope web ACL', () => {
      expect(distribution.WebACLId).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
      expect(resources[webAclId].Properties).toMatchObject({
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
      });
    });

    it('blocks an address over the configured number of /api/* requests per 5 minutes with a 429', () => {
      const rate = rules.find((r) => r.Statement.RateBasedStatement);
      expect(rate!.Statement.RateBasedStatement).toEqual({
        Limit: synth.config.deployment.limits.wafRequestsPerIpPer5Minutes,
        EvaluationWindowSec: 300,
        AggregateKeyType: 'IP',
        ScopeDownStatement: {
          ByteMatchStatement: {
            FieldToMatch: { UriPath: {} },
            PositionalConstraint: 'STARTS_WITH',
            SearchString: '/api/',
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      });
      expect(rate!.Action.Block.CustomResponse).toMatchObject({
        ResponseCode: 429,
        ResponseHeaders: [{ Name: 'retry-after', Value: '300' }],
      });
    });

    it('applies the AWS managed common rule set', () => {
      const managed = rules.find((r) => r.Statement.ManagedRuleGroupStatement);
      expect(managed!.Statement.ManagedRuleGroupStatement).toMatchObject({
        VendorName: 'AWS',
        Name: 'AWSManagedRulesCommonRuleSet',
      });
      expect(managed!.OverrideAction).toEqual({ None: {} });
    });

    it('logs blocked and counted requests to an encrypted aws-waf-logs-* log group', () => {
      synth.template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        ResourceArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
        LoggingFilter: Match.objectLike({ DefaultBehavior: 'DROP' }),
      });
      synth.template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
        KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        RetentionInDays: synth.config.deployment.logRetentionDays,
      });
    });
  });

  describe('deploy', () => {
    const deployments = () => resourcesOf(synth.template, 'Custom::CDKBucketDeployment');

    it('uploads hashed assets as immutable for a year, and never prunes them', () => {
      const assets = deployments().find(([id]) => id.includes('DeployAssets'))![1];
      expect(assets.Properties).toMatchObject({
        Include: ['assets/*'],
        Exclude: ['*'],
        Prune: false,
        SystemMetadata: { 'cache-control': IMMUTABLE_CACHE_CONTROL },
      });
      expect((assets.Properties as TemplateJson).DistributionPaths).toBeUndefined();
    });

    it('uploads every other file as no-cache, invalidating nothing wholesale', () => {
      const pages = deployments().find(([id]) => id.includes('DeployPages'))![1];
      expect(pages.Properties).toMatchObject({
        Exclude: ['assets/*', CSP_HASHES_FILE, CAMPAIGN_TABLE_FILE],
        Prune: true,
        SystemMetadata: { 'cache-control': REVALIDATE_CACHE_CONTROL },
      });
      expect((pages.Properties as TemplateJson).DistributionPaths).toBeUndefined();
    });

    it('has one invalidation per page, after the upload, never for hashed assets or artefacts', () => {
      const invalidations = resourcesOf(synth.template, 'Custom::PageInvalidation');
      const paths = invalidations.map(
        ([, r]) =>
          /"Items":\["([^"]+)"\]/.exec(
            JSON.stringify((r as TemplateJson).Properties.Create).replace(/\\"/g, '"'),
          )?.[1],
      );
      expect(paths.sort()).toEqual([
        '/404.html',
        '/index.html',
        '/privacy/index.html',
        '/robots.txt',
        '/styles/site.css',
        '/thank-you/index.html',
      ]);
      const pagesId = deployments().find(([id]) => id.includes('DeployPages'))![0];
      for (const [, invalidation] of invalidations) {
        expect(invalidation.DependsOn).toEqual(expect.arrayContaining([pagesId]));
      }
    });
  });
});

describe('Construct: Site (a deploy after one page changed)', () => {
  /** Each page's invalidation, by path, for a build of the fixture with `change` applied. */
  const invalidationsFor = (change?: { file: string; text: string }) => {
    const source = siteFixture();
    if (change) writeFileSync(join(source, change.file), change.text);
    const app = new App({ context: contextWith(), builtinCloudFormationValidation: false });
    const { stack } = buildLeadCaptureApp(app, { siteSource: source });
    app.synth();
    return Object.fromEntries(
      resourcesOf(Template.fromStack(stack), 'Custom::PageInvalidation').map(([id, r]) => [
        id,
        JSON.stringify((r as TemplateJson).Properties.Update),
      ]),
    );
  };

  it('changes the invalidation of that page only, so CloudFormation invalidates it alone', () => {
    const before = invalidationsFor();
    const after = invalidationsFor({ file: 'privacy/index.html', text: '<!doctype html><p>new' });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
    expect(changed).toHaveLength(1);
    expect(after[changed[0] ?? '']).toContain('/privacy/index.html');
  });
});

describe('Construct: Site (a build whose pages carry inline styles)', () => {
  const styleHashes = [cspHash(':root{--brand:#2b6a5e}'), cspHash('body{margin:0}')].sort();
  let template: Template;
  let distributionPaths: string[];

  /** Synthesises the app for a built site with this hash file text. */
  const synthesizeWith = (hashFile: string) => {
    const source = siteFixture();
    writeFileSync(join(source, CSP_HASHES_FILE), hashFile);
    const app = new App({ context: contextWith(), builtinCloudFormationValidation: false });
    const { stack } = buildLeadCaptureApp(app, { siteSource: source });
    app.synth();
    return Template.fromStack(stack);
  };

  beforeAll(() => {
    template = synthesizeWith(cspHashesJson(styleHashes));
    const pages = resourcesOf(template, 'Custom::CDKBucketDeployment').find(([id]) =>
      id.includes('DeployPages'),
    )![1];
    distributionPaths = (pages.Properties as TemplateJson).DistributionPaths;
  });

  it("allows exactly the build's style hashes, every other directive unchanged", () => {
    const csp = `default-src 'none'; script-src 'self'; style-src 'self' '${styleHashes[0]}' '${styleHashes[1]}'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`;
    expect(contentSecurityPolicy(styleHashes)).toBe(csp);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true },
        }),
      }),
    });
  });

  it('sends every other security header as before', () => {
    const [[, policy]] = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy') as [
      [string, TemplateJson],
    ];
    expect(headersOf(policy.Properties.ResponseHeadersPolicyConfig)).toEqual(
      securityHeaders(styleHashes),
    );
  });

  it('neither uploads nor invalidates the hash file', () => {
    expect(distributionPaths).toBeUndefined();
    expect(JSON.stringify(template.findResources('Custom::PageInvalidation'))).not.toContain(
      CSP_HASHES_FILE,
    );
  });

  it('refuses a hash file that would put anything but a hash into the policy', () => {
    expect(() => synthesizeWith(JSON.stringify({ styleHashes: ["'unsafe-inline'"] }))).toThrow(
      /Not a SHA-256 CSP hash source/,
    );
    expect(() => synthesizeWith('{ "styleHashes": ')).toThrow(/is not JSON/);
  });
});
