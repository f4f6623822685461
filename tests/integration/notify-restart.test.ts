/**
 * The local stack restarts: the poller resumes from its checkpoint file, so the leads it
 * already handled are neither handed to the function again nor emailed twice, and the leads
 * written while it was down are all emailed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryDeadLetterStore } from '../../infra/local/stream-poller';
import { useLocalAws } from '../support/local-aws';
import { makeLead } from '../support/lead-fixtures';
import {
  emailsAbout,
  loadNotifyHandler,
  startNotifyPoller,
  storeLead,
  type NotifyHandler,
} from './notify-harness';

describe('Lead notifications across a restart of the poller', () => {
  const aws = useLocalAws();
  let handler: NotifyHandler;
  let recipient: string;
  let directory: string;
  let restoreEnvironment: () => void;

  beforeAll(async () => {
    ({ handler, recipient, restoreEnvironment } = await loadNotifyHandler(aws()));
    directory = mkdtempSync(join(tmpdir(), 'notify-restart-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
    restoreEnvironment();
  });

  it('resumes from its checkpoint without re-sending', async () => {
    const checkpointFile = join(directory, 'stream-checkpoints.json');
    const delivered = (seen: string[]) => async (event: DynamoDBStreamEvent) => {
      seen.push(...event.Records.map((r) => String(r.dynamodb?.NewImage?.id?.S)));
      return handler(event);
    };

    const seenBefore: string[] = [];
    const first = startNotifyPoller(aws(), {
      invoke: delivered(seenBefore),
      deadLetter: memoryDeadLetterStore(),
      checkpointFile,
    });
    const early = [makeLead(), makeLead()];
    for (const lead of early) await storeLead(aws(), lead);
    await first.idle();
    await first.stop();

    const late = [makeLead(), makeLead()];
    for (const lead of late) await storeLead(aws(), lead);

    const seenAfter: string[] = [];
    const second = startNotifyPoller(aws(), {
      invoke: delivered(seenAfter),
      deadLetter: memoryDeadLetterStore(),
      checkpointFile,
    });
    await second.idle();
    await second.stop();

    expect(seenBefore).toEqual(early.map((l) => l.id));
    expect(seenAfter).toEqual(late.map((l) => l.id));
    for (const lead of [...early, ...late]) {
      const { clinic, patient } = await emailsAbout(aws(), lead, recipient);
      expect(clinic).toHaveLength(1);
      expect(patient).toHaveLength(1);
    }
  });
});
