/**
 * The AWS regions the stack can run in, and why the others cannot host it.
 *
 * The stack needs, in its own region: SES (API v2, configuration sets with a TLS policy), REST
 * APIs in API Gateway with a regional AWS WAF web ACL, DynamoDB streams, and an S3 bucket that CloudFront can write its
 * standard logs to. CloudFront does not deliver standard logs to buckets in the regions an
 * account must opt in to, so those are refused even where SES exists. The list is the regions
 * enabled by default in the commercial partition; each has SES, API Gateway, AWS WAF and CloudFront log
 * delivery (AWS General Reference, "Amazon Simple Email Service endpoints and quotas";
 * CloudFront Developer Guide, "Configure standard logging (legacy)").
 */

/** Regions enabled by default in every account, with every service the stack uses. */
const SUPPORTED_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
] as const;

/** Regions an account must opt in to: CloudFront cannot write its logs to a bucket there. */
const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

/** Why the stack cannot be deployed to `region`, or undefined when it can. */
export function regionProblem(region: string): string | undefined {
  if ((SUPPORTED_REGIONS as readonly string[]).includes(region)) return undefined;
  const choose = `choose one of ${SUPPORTED_REGIONS.join(', ')}`;
  if (region.includes('-gov-')) {
    return `"${region}" is an AWS GovCloud region, where CloudFront (the site and the WAF in front of the API) does not exist; ${choose}`;
  }
  if ((OPT_IN_REGIONS as readonly string[]).includes(region)) {
    return `"${region}" is a region accounts must opt in to, and CloudFront cannot deliver its access logs to a bucket there (nor can every service of the stack be relied on); ${choose}`;
  }
  return `"${region}" is not a region known to offer every service the stack needs (SES with configuration sets, API Gateway with AWS WAF, CloudFront log delivery); ${choose}`;
}
