import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';
import { acknowledge } from '../nag';

/** Length of the generated key: letters and digits, about 380 bits. */
export const STATUS_LINK_KEY_LENGTH = 64;

/** Props of {@link StatusLinks}. */
export interface StatusLinksProps {
  /** Customer-managed key that encrypts the link key in Secrets Manager. */
  readonly encryptionKey: kms.IKey;
  /**
   * Keep the secret when the stack is deleted. Links already sent stop working without it.
   * @default false
   */
  readonly retainData?: boolean;
}

/**
 * The key that signs the status links in the clinic email (functions/lib/status-link.ts): a
 * value Secrets Manager generates at the first deploy. The functions that sign (notify) and
 * check (lead-status) links read it at run time with `secretsmanager:GetSecretValue` on this
 * secret alone; their environment holds only its ARN, so the value is in neither the repository,
 * the template nor a function's configuration.
 */
export class StatusLinks extends Construct {
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatusLinksProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Key', {
      description: `Signs the status links in the clinic emails of ${Stack.of(this).stackName}`,
      encryptionKey: props.encryptionKey,
      generateSecretString: {
        passwordLength: STATUS_LINK_KEY_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.secret,
      'Rotating the key would break every status link already sent in a clinic email before it expires (followUp.statusLinkDays). It is replaced by hand when exposed (README, Status links), which cuts off old links on purpose. It grants nothing but the change of a lead status, and each change is recorded in the lead history.',
      'AwsSolutions-SMG4',
      'HIPAA.Security-SecretsManagerRotationEnabled',
    );
  }

  /** Lets `fn` read the key and tells it where the key is (`STATUS_LINK_KEY`). */
  grantUse(fn: lambda.Function): void {
    this.secret.grantRead(fn);
    fn.addEnvironment(STATUS_LINK_KEY_VARIABLE, this.secret.secretArn);
  }
}
