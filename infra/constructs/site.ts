import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CSP_HASHES_FILE } from '../site/csp-hashes';
import { responseHeadersBehaviors } from '../site/response-headers-policy';
import { siteSecurityHeaders } from '../site/security-headers';
import {
  HASHED_ASSETS_PREFIX,
  IMMUTABLE_CACHE_CONTROL,
  listSiteFiles,
  REVALIDATE_CACHE_CONTROL,
} from '../site/site-files';
import {
  CAMPAIGN_TABLE_FILE,
  readCampaignTable,
  viewerFunctionCode,
} from '../site/viewer-function-code';
import { acknowledge, guardRule } from '../nag';
import type { EncryptedLogs } from './encrypted-logs';
import type { OriginVerification } from './origin-secret';
import { PageInvalidations } from './page-invalidations';

/**
 * Request headers CloudFront forwards to the API from the viewer: the ones the submit function
 * reads. Not the Host header: API Gateway routes on its own host name. The origin header
 * ({@link SiteProps.apiOriginVerification}) is not among them: CloudFront adds it itself.
 */
export const API_FORWARDED_HEADERS = [
  'content-type',
  'idempotency-key',
  'user-agent',
  'referer',
  'cloudfront-viewer-address',
] as const;

/** Query parameters the API reads: the status link's lead id, token and action. */
const API_FORWARDED_QUERY = ['lead', 't', 'a'] as const;

/** The longest Content-Security-Policy a CloudFront response headers policy accepts. */
const MAX_CSP_LENGTH = 1783;

/** Props of {@link Site}. */
export interface SiteProps {
  /**
   * Directory of the built site (web/dist); it must hold index.html. Its csp-hashes.json, when
   * present, lists the inline `<style>` elements the Content-Security-Policy allows; without it
   * no inline style is allowed. Its campaign-table.json (written by the build from
   * web/content/campaigns.ts) gives the campaigns the viewer function routes. Both files are read
   * here and never uploaded.
   */
  readonly source: string;
  /** Host name of the API origin, served under `/api/*`. */
  readonly apiOriginDomainName: string;
  /**
   * The header CloudFront adds to every request to the API (the Api construct's
   * `originVerification`). CloudFront replaces any copy of it a viewer sends. Its value must be
   * a deploy-time reference (a token such as a Secrets Manager dynamic reference), never a
   * literal, which would put the secret in the template.
   */
  readonly apiOriginVerification: OriginVerification;
  /** ARN of the WAF web ACL (scope CLOUDFRONT) that guards the distribution. */
  readonly webAclArn: string;
  /** Encrypted log groups (for the deploy function's logs). */
  readonly logs: EncryptedLogs;
  /** Days CloudFront and S3 access logs are kept (deployment.logRetentionDays). */
  readonly logRetentionDays: number;
  /**
   * Keep the buckets when the stack is deleted (stages.<stage>.retainData).
   * @default false (the buckets and their objects are deleted with the stack)
   */
  readonly retainData?: boolean;
  /**
   * Custom domain: its certificate (us-east-1) and the zone that gets the alias records.
   * @default - the distribution is reached at its *.cloudfront.net name
   */
  readonly domain?:
    | {
        readonly domainName: string;
        readonly certificate: acm.ICertificate;
        readonly hostedZone: route53.IHostedZone;
      }
    | undefined;
  /**
   * Folder of content-hashed files in the build, cached for a year as immutable.
   * @default "assets/" (Vite's build.assetsDir)
   */
  readonly hashedAssetsPrefix?: string;
  /**
   * Page shown, with status 404, for a path that matches no file.
   * @default "/404.html" when the build has it, otherwise CloudFront's plain 404
   */
  readonly notFoundPage?: string;
}

/**
 * The site: a private bucket read by CloudFront through Origin Access Control, with the API
 * under `/api/*` of the same distribution (so no CORS), one response headers policy for both,
 * the WAF web ACL, TLS 1.2 (2021 ciphers) with a custom domain, compression, access logs,
 * and a deploy that uploads the build and invalidates only the pages whose content changed.
 */
export class Site extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The deploy of the pages (HTML and other files whose names do not change). */
  public readonly pagesDeployment: s3deploy.BucketDeployment;
  /** The invalidation of each page whose content a deploy changed. */
  public readonly invalidations: PageInvalidations;
  /** The deploy of the content-hashed assets. */
  public readonly assetsDeployment: s3deploy.BucketDeployment;
  /** The address of the site. */
  public readonly url: string;
  /** The CloudFront Function on every page request and response: campaigns and clean URLs. */
  public readonly viewerFunction: cloudfront.Function;
  /** The Content-Security-Policy the distribution sends, with the build's style hashes. */
  public readonly contentSecurityPolicy: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const buildArtefacts = [CSP_HASHES_FILE, CAMPAIGN_TABLE_FILE];
    const files = listSiteFiles(props.source).filter((file) => !buildArtefacts.includes(file));
    // The one table of security headers, for the build's inline hashes: the local server sends
    // the same record (infra/site/security-headers.ts).
    const headers = siteSecurityHeaders(props.source);
    this.contentSecurityPolicy = headers['content-security-policy'];
    if (this.contentSecurityPolicy.length > MAX_CSP_LENGTH) {
      throw new Error(
        `Site: the Content-Security-Policy is ${this.contentSecurityPolicy.length} characters, over CloudFront's limit of ${MAX_CSP_LENGTH}; the build has too many distinct inline styles`,
      );
    }
    validateOriginVerification(props.apiOriginVerification);
    const hashedPrefix = props.hashedAssetsPrefix ?? HASHED_ASSETS_PREFIX;
    const retain = props.retainData ?? false;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Access logs hold visitors' addresses: kept private, encrypted, and only for the
    // configured period. CloudFront's standard logs are delivered with an object ACL, which
    // this bucket accepts from the log delivery service only (it owns what it stores).
    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      lifecycleRules: [
        {
          expiration: Duration.days(props.logRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy,
      autoDeleteObjects: !retain,
    });

    // aws-cdk-lib's Bucket is not assignable to its own IBucket under exactOptionalPropertyTypes
    // (its getters are typed `T | undefined` against optional members): one cast, named here.
    const logBucket = this.logBucket as s3.IBucket;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versions let a bad deploy be rolled back; old ones expire after a month.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
      autoDeleteObjects: !retain,
    });

    const siteBucket = this.bucket as s3.IBucket;

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers of the site and the API (infra/site/security-headers.ts)',
      ...responseHeadersBehaviors(headers),
    });

    const apiRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'ApiRequestPolicy', {
      comment: 'Headers the lead API reads; never the Host header',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_FORWARDED_HEADERS),
      // Only the status link's own parameters (functions/lib/status-link.ts); nothing else.
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.allowList(
        ...API_FORWARDED_QUERY,
      ),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    // One function on both viewer events of the pages: campaign variants and clean URLs
    // (infra/site/viewer-function.js, the file the local stack runs too).
    this.viewerFunction = new cloudfront.Function(this, 'ViewerFunction', {
      comment: 'Campaign variants at their paths; clean URLs to the files of the build',
      code: cloudfront.FunctionCode.fromInline(viewerFunctionCode(readCampaignTable(props.source))),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const notFoundPage =
      props.notFoundPage ?? (existsSync(join(props.source, '404.html')) ? '/404.html' : undefined);

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Landing site and lead API',
      defaultBehavior: {
        // LIST lets a missing page answer 404 (and the not-found page) instead of S3's 403.
        origin: origins.S3BucketOrigin.withOriginAccessControl(siteBucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [
          {
            function: this.viewerFunction,
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          },
          {
            function: this.viewerFunction,
            eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE,
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(props.apiOriginDomainName, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            customHeaders: {
              [props.apiOriginVerification.headerName]: props.apiOriginVerification.headerValue,
            },
          }),
          // A redirect would turn a form POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: apiRequestPolicy,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
      defaultRootObject: 'index.html',
      ...(notFoundPage !== undefined && {
        errorResponses: [
          {
            httpStatus: 404,
            responseHttpStatus: 404,
            responsePagePath: notFoundPage,
            ttl: Duration.minutes(1),
          },
        ],
      }),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.domain && {
        domainNames: [props.domain.domainName],
        certificate: props.domain.certificate,
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        sslSupportMethod: cloudfront.SSLMethod.SNI,
      }),
    });

    if (props.domain) {
      const target = route53.RecordTarget.fromAlias(
        new targets.CloudFrontTarget(this.distribution),
      );
      const records = {
        zone: props.domain.hostedZone,
        recordName: props.domain.domainName,
        target,
      };
      new route53.ARecord(this, 'AliasA', records);
      new route53.AaaaRecord(this, 'AliasAaaa', records);
    }
    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;

    // The deploy function's own role and log group, instead of the managed basic execution
    // policy (every log group of the account) and a log group kept forever.
    const deployRole = new iam.Role(this, 'DeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the built site and invalidates changed paths',
    });
    const deployLogs = props.logs.logGroup(this, 'DeployLogs');
    deployLogs.grantWrite(deployRole);
    const build = s3deploy.Source.asset(props.source);
    const common = {
      sources: [build],
      destinationBucket: siteBucket,
      role: deployRole,
      logGroup: deployLogs,
      memoryLimit: 512,
      // The keys are not used, and listing every file can overflow CloudFormation's 4 KB
      // custom resource response on a bigger site.
      outputObjectKeys: false,
    };
    // Hashed assets first, and never pruned: a page still cached somewhere keeps its assets.
    this.assetsDeployment = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      ...common,
      exclude: ['*'],
      include: [`${hashedPrefix}*`],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
    });
    // Then the pages, which name the new assets; only they are invalidated.
    this.pagesDeployment = new s3deploy.BucketDeployment(this, 'DeployPages', {
      ...common,
      // The hash file and the campaign table are build artefacts read above, not pages.
      exclude: [`${hashedPrefix}*`, ...buildArtefacts],
      prune: true,
      cacheControl: [s3deploy.CacheControl.fromString(REVALIDATE_CACHE_CONTROL)],
    });
    this.pagesDeployment.node.addDependency(this.assetsDeployment);
    // Both deployments run on one shared handler function, which carries the AWS CLI layer of
    // the first; the second deployment's identical layer is attached to nothing. Dropped, so
    // the stack publishes one layer version, not two copies of the same 30 MB.
    if (!this.pagesDeployment.node.tryRemoveChild('AwsCliLayer')) {
      throw new Error('Site: the pages deployment no longer makes its own AWS CLI layer');
    }
    // Then each page whose content changed, and only those, leaves CloudFront's cache.
    this.invalidations = new PageInvalidations(this, 'Invalidations', {
      distribution: this.distribution,
      source: props.source,
      files: files.filter((file) => !file.startsWith(hashedPrefix)),
      upload: this.pagesDeployment,
      logs: props.logs,
    });

    this.acknowledgeFindings(props);
  }

  /** The findings this design accepts, each with its reason. */
  private acknowledgeFindings(props: SiteProps): void {
    acknowledge(
      this,
      'The bucket replicates nothing on purpose: the site is rebuilt from the repository by every deploy, and the access logs are a record kept for a fixed period, not data to keep twice.',
      'HIPAA.Security-S3BucketReplicationEnabled',
    );
    acknowledge(
      this,
      'No object is ever locked: the site bucket is rewritten and pruned by every deploy (old versions expire after 30 days) and the log bucket expires logs after the retention period, both of which Object Lock would forbid.',
      guardRule('s3_bucket_object_lock_enabled_check'),
    );
    acknowledge(
      this,
      'Nothing reacts to new objects: pages arrive only through the deploy (which invalidates CloudFront itself) and logs are read only when someone investigates, so event notifications would have no consumer.',
      guardRule('s3_event_notifications_enabled_check'),
    );
    acknowledge(
      this.bucket,
      'The site bucket holds only the public pages, scripts and styles anyone can download; no patient data is ever stored in it. SSE-S3 encrypts it at rest without a KMS call on every CloudFront fetch.',
      'HIPAA.Security-S3DefaultEncryptionKMS',
      guardRule('s3_bucket_default_encryption_kms_check'),
    );
    acknowledge(
      this.logBucket,
      'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3 (SSE-KMS is not supported for that target), so the log bucket uses SSE-S3; it is private, TLS-only, and expires logs after the retention period.',
      'HIPAA.Security-S3DefaultEncryptionKMS',
      guardRule('s3_bucket_default_encryption_kms_check'),
    );
    acknowledge(
      this.logBucket,
      'This is the access-log bucket itself; logging its own access would log into itself.',
      'AwsSolutions-S1',
      guardRule('s3_bucket_logging_enabled_check'),
    );
    acknowledge(
      this.distribution,
      'A clinic site is public information; patients travel and use VPNs, so blocking countries would turn real patients away while the WAF rate rule and rule set already stop abuse.',
      'AwsSolutions-CFR1',
    );
    acknowledge(
      this.distribution,
      'There is no second copy of the site or the API to fail over to: one bucket in one region holds the pages, and a lead must be written to the one table. An origin group would also refuse the POST the API needs (origin failover serves GET, HEAD and OPTIONS only).',
      guardRule('cloudfront_origin_failover_enabled_check'),
    );
    acknowledge(
      this.distribution,
      'LIST only turns a missing object into a 404 (instead of a 403); no listing is ever served: defaultRootObject is set and the viewer function maps every directory path to its index.html before the origin sees it.',
      'Annotation::@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
    );
    if (!props.domain) {
      acknowledge(
        this.distribution,
        'Without a custom domain the distribution uses the shared *.cloudfront.net certificate, whose minimum TLS version CloudFront fixes and cannot be raised. Set site.domainName (with its hosted zone) for TLSv1.2_2021; a production stage must, unless it opts out with stages.<stage>.allowCloudFrontDomain.',
        'AwsSolutions-CFR4',
        guardRule('cloudfront_custom_ssl_certificate_check'),
        guardRule('cloudfront_sni_enabled_check'),
        guardRule('cloudfront_security_policy_check'),
      );
    }

    // The deploy function is CDK's BucketDeployment handler: its code, runtime and grants
    // belong to aws-cdk-lib, and it runs only during a deploy, on the site bucket.
    const deployReason =
      'CDK BucketDeployment handler, run by CloudFormation only during a deploy: it copies the built site from the CDK asset bucket into the site bucket (s3 read/write grants CDK generates on those two buckets) and creates a CloudFront invalidation (which has no resource-level permission).';
    acknowledge(
      this.node.findChild('DeployRole'),
      deployReason,
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      `AwsSolutions-IAM5[Resource::${cdkAssetObjectsArn(Stack.of(this))}]`,
      `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      'AwsSolutions-IAM5[Resource::*]',
      'HIPAA.Security-IAMNoInlinePolicy',
    );
    for (const handler of Stack.of(this).node.children) {
      if (!handler.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      acknowledge(
        handler,
        `${deployReason} Its runtime is the one aws-cdk-lib ships it with; it is never invoked by anything but CloudFormation, one deploy at a time, so it needs no VPC, dead-letter queue, reserved concurrency or tracing.`,
        'AwsSolutions-L1',
        'Serverless-LambdaLatestVersion',
        'HIPAA.Security-LambdaDLQ',
        'Serverless-LambdaDLQ',
        'HIPAA.Security-LambdaInsideVPC',
        'HIPAA.Security-LambdaConcurrency',
        'Serverless-LambdaTracing',
        guardRule('lambda_inside_vpc_check'),
      );
    }
  }
}

/** Refuses an origin header that would leak its value or collide with a forwarded header. */
function validateOriginVerification(verification: OriginVerification): void {
  const name = verification.headerName.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(name) || name !== verification.headerName) {
    throw new Error(
      `Site: apiOriginVerification.headerName must be a lower-case header name, got "${verification.headerName}"`,
    );
  }
  if ((API_FORWARDED_HEADERS as readonly string[]).includes(name)) {
    throw new Error(
      `Site: apiOriginVerification.headerName "${name}" is a header forwarded from the viewer (API_FORWARDED_HEADERS); choose a name of its own`,
    );
  }
  if (!Token.isUnresolved(verification.headerValue)) {
    throw new Error(
      'Site: apiOriginVerification.headerValue must be a deploy-time reference (e.g. a Secrets Manager secret value), not a literal that would be written into the template',
    );
  }
}

/**
 * The CDK asset bucket's objects, as cdk-nag prints the ARN in a finding (unresolved values
 * as `<AWS::...>`), for the default bootstrap (or the `@aws-cdk/core:bootstrapQualifier`).
 */
function cdkAssetObjectsArn(stack: Stack): string {
  const shown = (value: string, token: string) =>
    Token.isUnresolved(value) ? `<${token}>` : value;
  const qualifier =
    (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `arn:${shown(stack.partition, 'AWS::Partition')}:s3:::cdk-${qualifier}-assets-${shown(stack.account, 'AWS::AccountId')}-${shown(stack.region, 'AWS::Region')}/*`;
}
