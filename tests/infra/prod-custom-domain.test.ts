import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { nagPacks } from '../../infra/nag';
import { PROD_WITH_DOMAIN, resourcesOf, synthesize, type Synthesized } from './support/app';

const DOMAIN = PROD_WITH_DOMAIN.site.domainName;
const ZONE_ID = PROD_WITH_DOMAIN.site.hostedZoneId;

describe('A production stage with a custom domain, outside us-east-1', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(PROD_WITH_DOMAIN);
  });

  it('splits into the regional stack and a us-east-1 stack for what CloudFront reads there', () => {
    expect(synth.stack.stackName).toBe('LeadCapture-prod');
    expect(synth.stack.region).toBe('eu-west-1');
    expect(synth.edgeStack?.stackName).toBe('LeadCapture-prod-Edge');
    expect(synth.edgeStack?.region).toBe('us-east-1');
    synth.edgeTemplate!.resourceCountIs('AWS::WAFv2::WebACL', 1);
    synth.edgeTemplate!.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    // The regional stack keeps only the API stage's own, regional, web ACL.
    synth.template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    synth.template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('validates a us-east-1 certificate for the domain through the configured hosted zone', () => {
    synth.edgeTemplate!.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: DOMAIN,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: DOMAIN, HostedZoneId: ZONE_ID }],
    });
  });

  it('serves the domain over TLS 1.2 (2021 policy) with SNI, behind the web ACL', () => {
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [DOMAIN],
        ViewerCertificate: {
          AcmCertificateArn: Match.anyValue(),
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        WebACLId: Match.anyValue(),
      }),
    });
  });

  it('points the domain at the distribution with IPv4 and IPv6 alias records', () => {
    for (const type of ['A', 'AAAA']) {
      synth.template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${DOMAIN}.`,
        Type: type,
        HostedZoneId: ZONE_ID,
        AliasTarget: Match.objectLike({ HostedZoneId: Match.anyValue() }),
      });
    }
  });

  it('sends from a DKIM-signed domain identity with its own MAIL FROM domain', () => {
    const domain = synth.config.leads.sender.email.split('@')[1]!;
    synth.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: domain,
      MailFromAttributes: Match.objectLike({ MailFromDomain: `mail.${domain}` }),
    });
    const cnames = resourcesOf(synth.template, 'AWS::Route53::RecordSet').filter(
      ([, r]) => (r.Properties as { Type: string }).Type === 'CNAME',
    );
    expect(cnames).toHaveLength(3);
    synth.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: `mail.${domain}.`,
      Type: 'MX',
    });
  });

  it('retains the table (with deletion protection), its key, the logs and buckets on teardown', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    // Logs (and their key) are kept on update and delete but dropped when the first create
    // rolls back, so a retry does not collide with a retained log group of the same name.
    const expected = {
      'AWS::S3::Bucket': ['Retain'],
      'AWS::Logs::LogGroup': ['RetainExceptOnCreate'],
      'AWS::KMS::Key': ['Retain', 'RetainExceptOnCreate'],
    };
    for (const [type, policies] of Object.entries(expected)) {
      const resources = resourcesOf(synth.template, type);
      expect(resources.length).toBeGreaterThan(0);
      for (const [id, resource] of resources) {
        expect(policies, `${type} ${id}`).toContain(resource.DeletionPolicy);
      }
    }
    synth.template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({
        Description: 'Encrypts the leads (patient data) of LeadCapture-prod',
      }),
      DeletionPolicy: 'Retain',
    });
    synth.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('needs no TLS acknowledgement: the custom certificate meets the rule', () => {
    const acknowledged = synth.app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as object));
    expect(acknowledged.some((id) => id.includes('AwsSolutions-CFR4'))).toBe(false);
  });

  it('leaves no cdk-nag finding unacknowledged in either stack', () => {
    for (const pack of nagPacks(synth.app)) {
      const findings = pack
        .validateScope(synth.app)
        .violations.map(
          (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`,
        );
      expect(findings, pack.readPackName).toEqual([]);
    }
  });
});

describe('A custom domain in us-east-1', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({
      ...PROD_WITH_DOMAIN,
      deployment: { ...PROD_WITH_DOMAIN.deployment, region: 'us-east-1' },
    });
  });

  it('keeps everything in one stack, the certificate and web ACL included', () => {
    expect(synth.edgeStack).toBeUndefined();
    // The distribution's (CLOUDFRONT) and the API stage's (REGIONAL).
    synth.template.resourceCountIs('AWS::WAFv2::WebACL', 2);
    synth.template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    synth.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: DOMAIN,
    });
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
  });
});
