/**
 * `npm start`: the whole product on this machine. Prints the addresses a person needs and
 * stops every child process on Ctrl-C.
 */
import { parseWholeNumber } from '../../functions/lib/env';
import { ConfigError } from '../config/config';
import { JavaMissingError } from './emulators';
import { PortBusyError } from './ports';
import { digestFunction } from '../manifest';
import { scheduledEveryMs } from './scheduled-function';
import { DEFAULT_PORTS, PORT_VARIABLES, startLocalStack } from './stack';

/** Who the digest goes to (the SES emulator's inbox), or why it is not sent. */
function digestRecipients(recipients: readonly string[]): string {
  return recipients.length === 0
    ? 'nobody (set marketing.digestRecipients to receive it)'
    : recipients.join(', ');
}

function port(name: keyof typeof DEFAULT_PORTS): number {
  const raw = process.env[PORT_VARIABLES[name]];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[name];
  const value = parseWholeNumber(raw, 1, 65535);
  if (value === undefined) {
    console.error(`${PORT_VARIABLES[name]} must be a port number from 1 to 65535, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  console.log(
    'Starting the local stack (DynamoDB Local, SES emulator, API, stream pollers, webhook receiver, site)…',
  );
  const stack = await startLocalStack({
    ports: {
      dynamodb: port('dynamodb'),
      ses: port('ses'),
      api: port('api'),
      web: port('web'),
      webhook: port('webhook'),
    },
    web: process.env.WEB_MODE === 'dist' ? 'dist' : 'dev',
  });
  const webUrl = stack.webUrl ?? '';
  console.log(`
  ${stack.config.clinic.name}: local stack is up (data kept in .data/)

  Site            ${webUrl}/
  Lead API        ${webUrl}/api/leads   (also direct: ${stack.apiUrl}/api/leads)
  Status pages    ${webUrl}/api/leads/status   (opened from the action links in the clinic email)
  Link key        .data/status-link-key   (signs those links; made on first start)
  Follow-up       every ${stack.config.followUp.everyMinutes} min (reminders for leads not called by their call-by time; re-sends pending emails)
  Weekly digest   checked every ${scheduledEveryMs(digestFunction, stack.config) / 60_000} min; last week's funnel on Mondays from 08:00 clinic time to ${digestRecipients(stack.config.marketing.digestRecipients)}
  Email inbox     ${stack.sesUrl}/   (every email the clinic and patients would get)
  Webhooks        ${stack.webhookUrl}/   (every lead webhook, its signature checked; ${stack.config.alerts.webhook?.url ?? ''})
  Webhook secret  .data/webhook-secret   (signs the webhooks; made on first start)
  DynamoDB Local  ${stack.dynamodbEndpoint}   (table: ${stack.tableName})
  Dead letters    .data/dead-letters.jsonl, .data/webhook-dead-letters.jsonl

  Try it:
    curl -i ${webUrl}/api/leads -H 'content-type: application/json' \\
      -d '{"kind":"callback","name":"Ann Lee","phone":"312 555 0188","preferredTime":"morning","consent":true}'

  Press Ctrl-C to stop.
`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (
    error instanceof PortBusyError ||
    error instanceof JavaMissingError ||
    error instanceof ConfigError
  ) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
