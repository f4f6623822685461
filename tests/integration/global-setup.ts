/**
 * Starts the real emulators once for the whole integration project: DynamoDB Local (in memory)
 * and the SES emulator, each on a free loopback port. Tests reach them with `inject(...)`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSesLocal } from '../../infra/local/emulators';
import { freePort } from '../../infra/local/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const ses = await startSesLocal({ port: await freePort() });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('sesUrl', ses.url);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop()]);
  };
}
