/**
 * SES unreachable while leads arrive, then back: every lead is emailed exactly once. The real
 * handler's SES client talks to the emulator through a TCP proxy the test takes down and
 * brings back, so SES is truly unreachable (connection refused), not mocked.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports';
import { memoryDeadLetterStore, type StreamPoller } from '../../infra/local/stream-poller';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventually, useLocalAws } from '../support/local-aws';
import { makeLead } from '../support/lead-fixtures';
import {
  emailsAbout,
  loadNotifyHandler,
  readStoredLead,
  startNotifyPoller,
  storeLead,
} from './notify-harness';

/** A TCP proxy to `target` on 127.0.0.1:`port` that can be taken down and brought back. */
function switchableProxy(port: number, target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const up = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server === undefined) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  return { url: `http://127.0.0.1:${port}`, up, down };
}

describe('Lead notifications through an SES outage', () => {
  const aws = useLocalAws();
  const deadLetter = memoryDeadLetterStore();
  let proxy: ReturnType<typeof switchableProxy>;
  let poller: StreamPoller;
  let recipient: string;
  let restoreEnvironment: () => void;
  const responses: DynamoDBBatchResponse[] = [];

  beforeAll(async () => {
    proxy = switchableProxy(await freePort(), new URL(aws().sesUrl));
    await proxy.up();
    const loaded = await loadNotifyHandler(aws(), { sesUrl: proxy.url });
    recipient = loaded.recipient;
    restoreEnvironment = loaded.restoreEnvironment;
    const invoke = async (event: DynamoDBStreamEvent) => {
      const response = await loaded.handler(event);
      responses.push(response);
      return response;
    };
    // Retries back off up to 2 s: the declared 5 retries give SES several seconds to return.
    poller = startNotifyPoller(aws(), {
      invoke,
      deadLetter,
      retryBackoff: { initialMs: 250, maxMs: 2_000 },
    });
  });

  afterAll(async () => {
    await poller.stop();
    await proxy.down();
    restoreEnvironment();
  });

  it('emails every lead exactly once when SES comes back, and loses none', async () => {
    await proxy.down();
    const leads = Array.from({ length: 5 }, (_, i) => makeLead({ name: `Patient ${i}` }));
    for (const lead of leads.slice(0, 3)) await storeLead(aws(), lead);
    // The poller tries, fails and backs off while more leads arrive.
    await eventually(
      async () => responses.filter((r) => r.batchItemFailures.length > 0).length,
      (failedBatches) => failedBatches >= 1,
    );
    for (const lead of leads.slice(3)) await storeLead(aws(), lead);
    await eventually(
      async () => responses.filter((r) => r.batchItemFailures.length > 0).length,
      (failedBatches) => failedBatches >= 2,
    );
    for (const lead of leads) {
      expect((await readStoredLead(aws(), lead)).notification.clinic).toEqual({
        status: 'pending',
      });
    }

    await proxy.up();
    await poller.idle();

    for (const lead of leads) {
      const { clinic, patient } = await emailsAbout(aws(), lead, recipient);
      expect(clinic).toHaveLength(1);
      expect(patient).toHaveLength(1);
      const stored = await readStoredLead(aws(), lead);
      expect(stored.notification.clinic.status).toBe('sent');
      expect(stored.notification.patient.status).toBe('sent');
    }
    expect(deadLetter.entries).toEqual([]);
  });
});
