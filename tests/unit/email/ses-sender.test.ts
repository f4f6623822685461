import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../functions/lib/errors';
import { EmailRejectedError, sendEmail } from '../../../functions/lib/email/ses-sender';
import type { RenderedEmail } from '../../../functions/lib/email/types';

const email: RenderedEmail = {
  subject: 'Callback request: Ann Lee, morning',
  text: 'text body',
  html: '<p>html body</p>',
  to: ['frontdesk@clinic.example.com'],
  replyTo: ['ann@example.com'],
  purpose: 'clinic-notification',
};
const sender = { email: 'no-reply@clinic.example.com', name: 'Willow Lane Acupuncture' };

describe('SES sender', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  it('sends both bodies, the recipients, Reply-To and the sender, and returns the message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const id = await sendEmail(new SESv2Client({}), email, { sender });
    expect(id).toBe('m-1');
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: '"Willow Lane Acupuncture" <no-reply@clinic.example.com>',
      Destination: { ToAddresses: ['frontdesk@clinic.example.com'] },
      ReplyToAddresses: ['ann@example.com'],
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: 'text body' }, Html: { Data: '<p>html body</p>' } },
        },
      },
      EmailTags: [{ Name: 'purpose', Value: 'clinic-notification' }],
    });
    expect(input?.ConfigurationSetName).toBeUndefined();
  });

  it('sends no Reply-To when there is none, and uses the configuration set when there is one', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await sendEmail(
      new SESv2Client({}),
      { ...email, replyTo: [] },
      {
        sender,
        configurationSetName: 'leads',
      },
    );
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ReplyToAddresses).toBeUndefined();
    expect(input?.ConfigurationSetName).toBe('leads');
  });

  it('reports throttling as a retryable unavailability', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const sending = sendEmail(new SESv2Client({}), email, { sender });
    await expect(sending).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('reports a timeout as a retryable unavailability', async () => {
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    ses.on(SendEmailCommand).rejects(timeout);
    await expect(sendEmail(new SESv2Client({}), email, { sender })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('reports SES being unreachable as a retryable unavailability', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    ses.on(SendEmailCommand).rejects(refused);
    await expect(sendEmail(new SESv2Client({}), email, { sender })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('reports a rejected message as not worth retrying, without SES’s text (it can quote addresses)', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified: ann@example.com',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await sendEmail(new SESv2Client({}), email, { sender }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailRejectedError);
    expect((error as Error).message).toBe('SES refused the email (MessageRejected)');
  });
});
