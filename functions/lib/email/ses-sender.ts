/**
 * The one place that calls SES. It sends a rendered email and translates SES's errors into the
 * app's own: a transient failure (throttling, a timeout, SES unreachable) becomes a
 * `ServiceUnavailableError` the caller retries later; anything else becomes an
 * `EmailRejectedError`. Neither carries SES's message text, which can quote addresses.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { errorName, isTransientAwsError } from '../aws-errors';
import { AppError, SERVER_ERROR_CODE, ServiceUnavailableError } from '../errors';
import { formatMailbox } from './escape';
import type { EmailSettings, RenderedEmail } from './types';

/** SES refused the message for a reason retrying will not fix (rejected, paused, unverified). */
export class EmailRejectedError extends AppError {
  override readonly name = 'EmailRejectedError';
  /** A failure on our side: the API would answer it as any other server error. */
  readonly errorType = SERVER_ERROR_CODE;
  readonly status = 502;
}

/** Options of one send that come from the deployment rather than from the email. */
export interface SendOptions {
  readonly sender: EmailSettings['sender'];
  /** SES configuration set (event publishing, suppression), when the deployment has one. */
  readonly configurationSetName?: string;
}

/** Seconds after which a transient SES failure is worth retrying. */
const RETRY_AFTER_SECONDS = 5;

/** Sends `email` and returns SES's message id. */
export async function sendEmail(
  ses: SESv2Client,
  email: RenderedEmail,
  options: SendOptions,
): Promise<string> {
  const command = new SendEmailCommand({
    FromEmailAddress: formatMailbox(options.sender.name, options.sender.email),
    Destination: { ToAddresses: [...email.to] },
    ...(email.replyTo.length > 0 && { ReplyToAddresses: [...email.replyTo] }),
    Content: {
      Simple: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: {
          Text: { Data: email.text, Charset: 'UTF-8' },
          Html: { Data: email.html, Charset: 'UTF-8' },
        },
      },
    },
    EmailTags: [{ Name: 'purpose', Value: email.purpose }],
    ...(options.configurationSetName !== undefined && {
      ConfigurationSetName: options.configurationSetName,
    }),
  });
  let messageId: string | undefined;
  try {
    messageId = (await ses.send(command)).MessageId;
  } catch (error) {
    const name = errorName(error);
    if (isTransientAwsError(error)) {
      throw new ServiceUnavailableError(`SES is unavailable (${name})`, RETRY_AFTER_SECONDS, {
        cause: error,
      });
    }
    throw new EmailRejectedError(`SES refused the email (${name})`, { cause: error });
  }
  if (messageId === undefined || messageId === '') {
    throw new EmailRejectedError('SES answered without a message id');
  }
  return messageId;
}
