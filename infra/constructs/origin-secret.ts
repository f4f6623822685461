import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/http';
import { acknowledge } from '../nag';

/** Length of the generated value: letters and digits, about 380 bits. */
export const ORIGIN_SECRET_LENGTH = 64;

/**
 * The header CloudFront adds to every request it sends to the API, and the value the API's
 * functions compare it with.
 */
export interface OriginVerification {
  /** Name of the header (lower case). */
  readonly headerName: string;
  /**
   * The secret value as a CloudFormation dynamic reference
   * (`{{resolve:secretsmanager:...}}`): CloudFormation resolves it while it deploys, so the
   * value is in neither the repository nor the synthesised template.
   */
  readonly headerValue: string;
}

/** Props of {@link OriginSecret}. */
export interface OriginSecretProps {
  /**
   * Customer-managed key that encrypts the secret in Secrets Manager. Nothing decrypts it at
   * run time: only CloudFormation reads it, while it deploys.
   */
  readonly encryptionKey: kms.IKey;
}

/**
 * The shared secret that proves a request to the API came through the site's CloudFront
 * distribution: a value Secrets Manager generates at the first deploy, which CloudFront sends
 * as a custom origin header, the API stage's web ACL admits (origin-firewall.ts) and the API's
 * functions compare again, from their environment.
 *
 * Not rotated, and never edited in place: CloudFormation reads the value only when it updates a
 * resource that refers to it, so a value changed in Secrets Manager would reach the functions,
 * the web ACL and the distribution at different deploys. See the acknowledgement below, and the
 * README for how to replace it.
 */
export class OriginSecret extends Construct {
  public readonly secret: secretsmanager.Secret;
  /** What CloudFront sends and the functions check. */
  public readonly verification: OriginVerification;

  constructor(scope: Construct, id: string, props: OriginSecretProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `Origin header value CloudFront sends to the lead API of ${Stack.of(this).stackName}`,
      encryptionKey: props.encryptionKey,
      generateSecretString: {
        passwordLength: ORIGIN_SECRET_LENGTH,
        // Letters and digits only: a header value that needs no escaping anywhere.
        excludePunctuation: true,
        includeSpace: false,
      },
      // Nothing to keep: a new stack generates a new value for its new distribution.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.verification = {
      headerName: ORIGIN_VERIFY_HEADER,
      headerValue: this.secret.secretValue.unsafeUnwrap(),
    };

    acknowledge(
      this.secret,
      'The value is not a credential to any AWS API or to data: it only tells the lead API that a request came through CloudFront, and it is delivered by deploys (CloudFormation resolves it into the distribution, the web ACL of the API and the functions). A rotation Lambda would change the stored value without redeploying any of them, and every lead could be refused once only some of them picked it up; it is changed by replacing the secret in a deploy (see the README section on the API direct address).',
      'AwsSolutions-SMG4',
      'HIPAA.Security-SecretsManagerRotationEnabled',
    );
  }
}
