/**
 * Starts DynamoDB Local and prints its endpoint, then waits to be killed: the process whose
 * death tests/integration/emulator-orphans.test.ts watches DynamoDB Local survive or not.
 */
import { startDynamoDbLocal } from '../../infra/local/emulators';
import { freePort } from '../../infra/local/ports';

const dynamo = await startDynamoDbLocal({ port: await freePort() });
process.stdout.write(`${dynamo.endpoint}\n`);
setInterval(() => undefined, 60_000);
